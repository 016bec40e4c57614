/**
 * (4) Requests an idle hub sends: `hub.zkSession.requestCount` over a quiet window, each request attributed
 * (by wrapping the session's request methods for the window only, an observation that changes nothing) to
 * the periodic resync or to anything else. Cross-checked with the server's own per-connection counters
 * (`cons`), which also count the client's pings.
 */
import type { RangerFinderHub } from '../../electron/engine/finder/ranger-finder-hub.js';
import { fourLetterWord } from '../../electron/engine/zk/four-letter-word.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { namespacePath } from '../../shared/model/names.js';
import { sleep } from './stats.js';

export interface IdleResult {
  windowMs: number;
  requests: number;
  requestsPerSecond: number;
  /** Requests that belong to a resync burst (getChildren of the namespace and of services, sent together). */
  resyncRequests: number;
  resyncBursts: number;
  /** Everything else: an idle hub should send none. */
  otherRequests: number;
  otherByOp: Record<string, number>;
  changeEvents: number;
  cpuMsPerSecond: number;
  server?: { packetsFromHub: number; pingsEstimated: number; negotiatedTimeoutMs: number };
}

interface Sent {
  at: number;
  op: string;
  path: string;
}

type Method = 'getChildren' | 'getData' | 'exists' | 'create' | 'setData' | 'remove';
const METHODS: Method[] = ['getChildren', 'getData', 'exists', 'create', 'setData', 'remove'];

/** Records every request the session sends until the returned function is called. */
function recordRequests(session: ZkSession, sent: Sent[]): () => void {
  const originals = METHODS.map((method) => [method, session[method]] as const);
  for (const [method, original] of originals) {
    const wrapped = function (this: ZkSession, ...args: unknown[]): unknown {
      sent.push({ at: performance.now(), op: method, path: String(args[0]) });
      return (original as (...rest: unknown[]) => unknown).apply(this, args);
    };
    Object.defineProperty(session, method, { value: wrapped, configurable: true, writable: true });
  }
  return () => {
    for (const [method] of originals) Reflect.deleteProperty(session, method);
  };
}

interface ConnectionCounters {
  recved: number;
  sent: number;
  timeoutMs: number;
}

/** The server's counters for one session, from `cons` (undefined when the server does not allow it). */
async function serverCounters(host: string, port: number, sessionIdHex: string): Promise<ConnectionCounters | undefined> {
  try {
    const reply = await fourLetterWord(host, port, 'cons');
    for (const line of reply.split('\n')) {
      if (!line.includes(`sid=0x${sessionIdHex},`) && !line.includes(`sid=0x${sessionIdHex})`)) continue;
      const field = (name: string): number => Number(new RegExp(`[(,]${name}=(\\d+)`).exec(line)?.[1] ?? Number.NaN);
      return { recved: field('recved'), sent: field('sent'), timeoutMs: field('to') };
    }
  } catch {
    // No four-letter words on this server: the client-side count stands alone.
  }
  return undefined;
}

function parseHostPort(connectionString: string): { host: string; port: number } | undefined {
  const first = connectionString.split('/')[0]?.split(',')[0] ?? '';
  const colon = first.lastIndexOf(':');
  if (colon <= 0) return undefined;
  return { host: first.slice(0, colon), port: Number(first.slice(colon + 1)) };
}

export async function measureIdle(hub: RangerFinderHub, windowMs: number, services: readonly string[]): Promise<IdleResult> {
  const session = hub.zkSession;
  const address = parseHostPort(session.options.connectionString);
  const serviceRoot = `${namespacePath(hub.namespace)}/`;
  const sent: Sent[] = [];
  let changeEvents = 0;
  const onChange = (): void => {
    changeEvents++;
  };
  const before = address ? await serverCounters(address.host, address.port, session.sessionId) : undefined;
  hub.on('change', onChange);
  const stopRecording = recordRequests(session, sent);
  const countBefore = session.requestCount;
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await sleep(windowMs);
  const elapsed = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const requests = session.requestCount - countBefore;
  stopRecording();
  hub.off('change', onChange);
  const after = address ? await serverCounters(address.host, address.port, session.sessionId) : undefined;

  // A resync sends getChildren for the namespace and for every service in the same tick.
  const serviceSet = new Set(services.map((service) => `${serviceRoot}${service}`));
  const bursts = sent.filter((request) => request.op === 'getChildren' && request.path === namespacePath(hub.namespace)).map((request) => request.at);
  const inBurst = (request: Sent): boolean =>
    request.op === 'getChildren' && (request.path === namespacePath(hub.namespace) || serviceSet.has(request.path)) && bursts.some((at) => Math.abs(request.at - at) < 50);
  const resyncRequests = sent.filter(inBurst).length;
  const other = sent.filter((request) => !inBurst(request));
  const otherByOp: Record<string, number> = {};
  for (const request of other) otherByOp[request.op] = (otherByOp[request.op] ?? 0) + 1;

  const result: IdleResult = {
    windowMs: elapsed,
    requests,
    requestsPerSecond: requests / (elapsed / 1000),
    resyncRequests,
    resyncBursts: bursts.length,
    otherRequests: other.length,
    otherByOp,
    changeEvents,
    cpuMsPerSecond: (cpu.user + cpu.system) / 1000 / (elapsed / 1000),
  };
  if (before && after && Number.isFinite(before.recved) && Number.isFinite(after.recved)) {
    const pingIntervalMs = Math.floor(after.timeoutMs / 3);
    result.server = {
      packetsFromHub: after.recved - before.recved,
      pingsEstimated: pingIntervalMs > 0 ? Math.floor(elapsed / pingIntervalMs) : Number.NaN,
      negotiatedTimeoutMs: after.timeoutMs,
    };
  }
  return result;
}
