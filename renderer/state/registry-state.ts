/**
 * The renderer's model of one followed namespace: a snapshot, then `registry.frame`s applied in place.
 * Pure functions (no DOM, no React) so they can be unit tested and run once per frame.
 *
 * Instances live in a Map keyed by znode name (host:port) per service. Applying a frame copies only the
 * services it touches, so unchanged services keep their identity and their memoized rows.
 */
import type { HeartbeatPatch, LogEntry, NamespaceSnapshot, RegistryFrame, ServiceSummary } from '../../shared/contract.js';
import { instanceStatus, withHeartbeat, type InstanceStatus, type InstanceView } from '../../shared/model/instance-view.js';

/** Why a row is marked: it appeared, its status changed, or something other than the heartbeat changed. */
export type ChangeKind = 'added' | 'health' | 'data';

export interface RowChange {
  /** Local receipt time (renderer clock), so marks fade on the renderer's own clock. */
  at: number;
  kind: ChangeKind;
  /** Increases with every mark, so the UI can restart the highlight animation. */
  seq: number;
}

export interface ServiceState {
  name: string;
  /** The host's summary (its counts are a fallback; the UI recounts with a live clock). */
  summary: ServiceSummary;
  instances: ReadonlyMap<string, InstanceView>;
  changes: ReadonlyMap<string, RowChange>;
}

export interface NamespaceState {
  connectionId: string;
  namespace: string;
  /** Host time of the snapshot or of the last applied frame. */
  at: number;
  services: ReadonlyMap<string, ServiceState>;
  /** Oldest first, capped at LOG_LIMIT. */
  log: readonly LogEntry[];
  /** Increases with every mark in any service. */
  seq: number;
  /** How many frames were applied since the snapshot. */
  frames: number;
}

export const LOG_LIMIT = 2000;

const EMPTY_COUNTS = { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: 0 };
const NO_HEARTBEATS: readonly HeartbeatPatch[] = [];

export function namespaceKey(connectionId: string, namespace: string): string {
  return `${connectionId}\u0000${namespace}`;
}

export function fromSnapshot(snapshot: NamespaceSnapshot): NamespaceState {
  const services = new Map<string, ServiceState>();
  for (const summary of snapshot.services) {
    services.set(summary.service, { name: summary.service, summary, instances: new Map(), changes: new Map() });
  }
  for (const [service, views] of Object.entries(snapshot.instances)) {
    const instances = new Map<string, InstanceView>();
    for (const view of views) instances.set(view.name, view);
    const existing = services.get(service);
    services.set(service, {
      name: service,
      summary: existing?.summary ?? { service, counts: { ...EMPTY_COUNTS, total: instances.size } },
      instances,
      changes: new Map(),
    });
  }
  return { connectionId: snapshot.connectionId, namespace: snapshot.namespace, at: snapshot.at, services, log: [], seq: 0, frames: 0 };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/** Whether anything other than the heartbeat (timestamp, mtime, version) differs. */
export function dataChanged(before: InstanceView, after: InstanceView): boolean {
  return (
    before.host !== after.host ||
    before.port !== after.port ||
    before.environment !== after.environment ||
    before.region !== after.region ||
    !sameList(before.tags, after.tags) ||
    before.routingWeight !== after.routingWeight ||
    before.portScheme !== after.portScheme ||
    before.owner !== after.owner ||
    !sameList(before.warnings, after.warnings) ||
    (before.unreadable?.message ?? null) !== (after.unreadable?.message ?? null)
  );
}

/** What kind of mark an upsert deserves, or null for a plain heartbeat. */
export function classifyUpsert(before: InstanceView | undefined, after: InstanceView, nowMs: number, zombieThresholdMs: number): ChangeKind | null {
  if (!before) return 'added';
  const statusBefore: InstanceStatus = instanceStatus(before, nowMs, zombieThresholdMs);
  const statusAfter: InstanceStatus = instanceStatus(after, nowMs, zombieThresholdMs);
  if (statusBefore !== statusAfter || before.healthcheckStatus !== after.healthcheckStatus) return 'health';
  if (dataChanged(before, after)) return 'data';
  return null;
}

/**
 * Applies one frame: returns a new state in which only the touched services are new objects.
 * Frames for another connection or namespace return the state unchanged. Heartbeat patches leave the same
 * state as the equivalent full upserts would.
 */
export function applyFrame(state: NamespaceState, frame: RegistryFrame, nowMs: number, zombieThresholdMs: number): NamespaceState {
  if (frame.connectionId !== state.connectionId || frame.namespace !== state.namespace) return state;
  const services = new Map(state.services);
  let seq = state.seq;

  for (const name of frame.removedServices) services.delete(name);

  for (const summary of frame.services) {
    const existing = services.get(summary.service);
    services.set(summary.service, existing ? { ...existing, summary } : { name: summary.service, summary, instances: new Map(), changes: new Map() });
  }

  for (const delta of frame.instances) {
    const heartbeats = delta.heartbeats ?? NO_HEARTBEATS;
    if (delta.upserts.length === 0 && delta.removed.length === 0 && heartbeats.length === 0) continue;
    const existing = services.get(delta.service) ?? {
      name: delta.service,
      summary: { service: delta.service, counts: { ...EMPTY_COUNTS } },
      instances: new Map<string, InstanceView>(),
      changes: new Map<string, RowChange>(),
    };
    const instances = new Map(existing.instances);
    let changes: Map<string, RowChange> | null = null;
    const editChanges = (): Map<string, RowChange> => (changes ??= new Map(existing.changes));
    for (const name of delta.removed) {
      instances.delete(name);
      if (existing.changes.has(name)) editChanges().delete(name);
    }
    for (const view of delta.upserts) {
      const kind = classifyUpsert(instances.get(view.name), view, nowMs, zombieThresholdMs);
      instances.set(view.name, view);
      if (kind) editChanges().set(view.name, { at: nowMs, kind, seq: ++seq });
    }
    // A heartbeat patch is the upsert of the held view with its heartbeat fields replaced: same result, same marks.
    for (const patch of heartbeats) {
      const before = instances.get(patch.name);
      // Not held (the host only patches what it sent; a snapshot in flight brings the full view).
      if (!before) continue;
      const view = withHeartbeat(before, patch);
      const kind = classifyUpsert(before, view, nowMs, zombieThresholdMs);
      instances.set(patch.name, view);
      if (kind) editChanges().set(patch.name, { at: nowMs, kind, seq: ++seq });
    }
    services.set(delta.service, { ...existing, instances, changes: changes ?? existing.changes });
  }

  let log = state.log;
  if (frame.log.length > 0) {
    const joined = state.log.concat(frame.log);
    log = joined.length > LOG_LIMIT ? joined.slice(joined.length - LOG_LIMIT) : joined;
  }
  return { ...state, at: Math.max(state.at, frame.at), services, log, seq, frames: state.frames + 1 };
}

/** The mark on a row if it is still within `windowMs` of `nowMs`. */
export function activeChange(changes: ReadonlyMap<string, RowChange>, name: string, nowMs: number, windowMs: number): RowChange | null {
  const change = changes.get(name);
  return change && nowMs - change.at < windowMs ? change : null;
}

/** Services sorted by name, with counts recomputed on a live clock (zombies appear without a frame). */
export interface ServiceRow {
  name: string;
  counts: { healthy: number; unhealthy: number; zombie: number; unreadable: number; total: number };
}

export function serviceRows(state: NamespaceState, nowMs: number, zombieThresholdMs: number): ServiceRow[] {
  const rows: ServiceRow[] = [];
  for (const service of state.services.values()) {
    const counts = { ...EMPTY_COUNTS };
    if (service.instances.size === 0 && service.summary.counts.total > 0) {
      // Instances not loaded (should not happen with a snapshot): trust the host.
      Object.assign(counts, service.summary.counts);
    } else {
      for (const view of service.instances.values()) {
        counts[instanceStatus(view, nowMs, zombieThresholdMs)]++;
        counts.total++;
      }
    }
    rows.push({ name: service.name, counts });
  }
  rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return rows;
}

/** The service with the most instances (for a first look at a big registry). */
export function largestService(state: NamespaceState): string | null {
  let best: ServiceState | null = null;
  for (const service of state.services.values()) {
    if (!best || service.instances.size > best.instances.size) best = service;
  }
  return best?.name ?? null;
}
