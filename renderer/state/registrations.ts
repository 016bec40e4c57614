/**
 * Registrations as the renderer keeps and shows them: the list kept current by events, which browse rows are
 * ours, and the words and tones for states and health results. Pure.
 */
import type { InstanceView } from '../../shared/model/instance-view.js';
import type { HealthResultView, RegistrationState, RegistrationView } from '../../shared/registration.js';

/** Replaces the registration with the same id, or appends it. */
export function upsertRegistration(list: readonly RegistrationView[], view: RegistrationView): RegistrationView[] {
  const index = list.findIndex((item) => item.id === view.id);
  if (index === -1) return [...list, view];
  const next = list.slice();
  next[index] = view;
  return next;
}

export function removeRegistration(list: readonly RegistrationView[], id: string): RegistrationView[] {
  return list.filter((item) => item.id !== id);
}

/** A session id as one comparable text: no "0x", lower case, no leading zeros. */
export function normalizeOwner(owner: string): string {
  const hex = owner.trim().toLowerCase().replace(/^0x/, '').replace(/^0+(?=.)/, '');
  return hex;
}

/** States in which our session holds (or is about to hold) the node. */
const PUBLISHING: ReadonlySet<RegistrationState> = new Set(['registering', 'registered', 'unhealthy', 'draining', 'reconnecting']);

/**
 * After "Register anyway (override)", our data is written into a node another session still owns: the state
 * stays `conflict`, but the registration runs and `owner` is that session. A start that was refused has no owner.
 */
export function isOverriding(view: RegistrationView): boolean {
  return view.state === 'conflict' && view.owner !== null;
}

/** Whether the registration is running (writing its node): Stop applies, Start does not. */
export function isPublishing(view: RegistrationView): boolean {
  return PUBLISHING.has(view.state) || isOverriding(view);
}

function oursKey(path: string, owner: string): string {
  return `${path}\u0000${normalizeOwner(owner)}`;
}

/**
 * The nodes that are ours: each running registration's path with the session that owns it. A node at the same
 * path owned by another session (someone else's, or a node left by a previous run) is not ours.
 */
export function oursSet(registrations: readonly RegistrationView[] | null): ReadonlySet<string> {
  const set = new Set<string>();
  for (const view of registrations ?? []) {
    if (view.owner !== null && isPublishing(view)) set.add(oursKey(view.path, view.owner));
  }
  return set;
}

export function isOurs(set: ReadonlySet<string>, view: Pick<InstanceView, 'path' | 'owner'>): boolean {
  return set.size > 0 && set.has(oursKey(view.path, view.owner));
}

export type Tone = 'ok' | 'warn' | 'bad' | 'idle';

export const STATE_LABEL: Record<RegistrationState, string> = {
  stopped: 'stopped',
  registering: 'registering',
  registered: 'registered',
  unhealthy: 'unhealthy',
  draining: 'draining',
  reconnecting: 'reconnecting',
  conflict: 'conflict',
};

export function stateTone(state: RegistrationState): Tone {
  switch (state) {
    case 'registered':
      return 'ok';
    case 'registering':
    case 'draining':
    case 'reconnecting':
      return 'warn';
    case 'unhealthy':
    case 'conflict':
      return 'bad';
    case 'stopped':
      return 'idle';
  }
}

/** What the state means for clients, in one line. */
export function stateExplanation(view: RegistrationView): string {
  switch (view.state) {
    case 'stopped':
      return 'Not published: finders do not see it.';
    case 'registering':
      return 'Writing the node…';
    case 'registered':
      return 'Published healthy: finders route to it.';
    case 'unhealthy':
      return 'Published unhealthy: its health check fails, so finders skip it.';
    case 'draining':
      return 'Drained: published unhealthy on purpose so clients move away.';
    case 'reconnecting':
      return 'The ZooKeeper connection dropped; the node comes back when the session does.';
    case 'conflict':
      return isOverriding(view) ? 'Overriding: our data is written into a node another session owns.' : 'Another live session owns this node: nothing was written.';
  }
}

/** "healthy · 3 ms": the verdict and latency of a result. */
export function healthVerdict(result: HealthResultView): string {
  return `${result.healthy ? 'healthy' : 'unhealthy'} · ${Math.round(result.latencyMs)} ms`;
}

/** "healthy · 3 ms · GET http://… -> 200" / "unhealthy · 1002 ms · timed out". */
export function healthSummary(result: HealthResultView | null): string {
  if (!result) return 'no check yet';
  const latency = `${Math.round(result.latencyMs)} ms`;
  return [result.healthy ? 'healthy' : 'unhealthy', latency, result.detail].filter((part) => part !== '').join(' · ');
}

/** The newest `count` results, oldest first, padded at the front with nulls so the row has a fixed width. */
export function historyTicks(history: readonly HealthResultView[], count = 20): (HealthResultView | null)[] {
  const recent = history.slice(-count);
  return [...Array.from({ length: count - recent.length }, () => null), ...recent];
}

/** Registrations in a stable order: by namespace, service, then host:port. */
export function sortRegistrations(list: readonly RegistrationView[]): RegistrationView[] {
  const key = (view: RegistrationView) => `${view.spec.namespace}\u0000${view.spec.serviceName}\u0000${view.spec.host}\u0000${String(view.spec.port).padStart(5, '0')}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id < b.id ? -1 : 1));
}
