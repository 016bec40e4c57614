/**
 * (1) Cold load: a RangerFinderHub on a fresh, connected session until `start()` resolves (every service and
 * instance read, watches armed), against a raw pipelined read of the same tree with the same client library
 * on a fresh session: getChildren(namespace), then every service's getChildren, then every getData, each
 * stage fully pipelined. Runs alternate which contender goes first; the medians are compared.
 */
import { RangerFinderHub } from '../../electron/engine/finder/ranger-finder-hub.js';
import { namespacePath, servicePath } from '../../shared/model/names.js';
import type { WatchEvent, ZkSession } from '../../electron/engine/zk/session.js';
import { decodeServiceNode } from '../../shared/model/service-node.js';
import { openSession, type BenchRegistry } from './populate.js';
import { median, sleep } from './stats.js';

export interface ColdLoadSample {
  ms: number;
  /** CPU time of this process during the load (user + system): less sensitive to a busy machine than wall time. */
  cpuMs: number;
  requests: number;
  instances: number;
}

export interface ColdLoadResult {
  hub: ColdLoadSample[];
  raw: ColdLoadSample[];
  /** Diagnostic: the raw read plus what the hub must add (a watch on every read, decoding every node). */
  rawFull: ColdLoadSample[];
  rawFullMedianMs: number;
  rawFullCpuMedianMs: number;
  hubMedianMs: number;
  rawMedianMs: number;
  ratio: number;
  hubCpuMedianMs: number;
  rawCpuMedianMs: number;
}

function cpuMsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function withFreshSession<T>(connectionString: string, body: (session: ZkSession) => Promise<T>): Promise<T> {
  const session = await openSession(connectionString);
  try {
    return await body(session);
  } finally {
    session.close();
  }
}

export function loadHubOnce(registry: BenchRegistry): Promise<ColdLoadSample> {
  return withFreshSession(registry.connectionString, async (session) => {
    const hub = new RangerFinderHub({ zk: session, namespace: registry.namespace, startTimeoutMs: 120_000 });
    const before = session.requestCount;
    const cpu = process.cpuUsage();
    const start = performance.now();
    await hub.start();
    const ms = performance.now() - start;
    const cpuMs = cpuMsSince(cpu);
    const instances = hub.services().reduce((sum, service) => sum + hub.getInstances(service).length, 0);
    hub.stop();
    if (instances !== registry.size) throw new Error(`hub loaded ${instances} instances, expected ${registry.size}`);
    return { ms, cpuMs, requests: session.requestCount - before, instances };
  });
}

const ignoreEvent = (_event: WatchEvent): void => {};

/**
 * The same reads as the hub, pipelined stage by stage. Plain: no watches, no decoding (the goal's baseline).
 * Full: every read arms a watch and every node is decoded, i.e. the work the hub cannot avoid; the gap between
 * the hub and this one is the hub's own machinery.
 */
export async function rawReadOnce(registry: BenchRegistry, full = false): Promise<ColdLoadSample> {
  const watcher = full ? ignoreEvent : undefined;
  return withFreshSession(registry.connectionString, async (session) => {
    const before = session.requestCount;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const { children: services } = await session.getChildren(namespacePath(registry.namespace), watcher);
    const listings = await Promise.all(services.map((service) => session.getChildren(servicePath(registry.namespace, service), watcher)));
    const paths = listings.flatMap(({ children }, index) => children.map((child) => `${servicePath(registry.namespace, services[index] ?? '')}/${child}`));
    const reads = await Promise.all(paths.map((path) => session.getData(path, watcher)));
    if (full) {
      const unreadable = reads.filter(({ data }) => !decodeServiceNode(data).ok).length;
      if (unreadable > 0) throw new Error(`${unreadable} nodes did not decode`);
    }
    const ms = performance.now() - start;
    const cpuMs = cpuMsSince(cpu);
    if (reads.length !== registry.size) throw new Error(`raw read found ${reads.length} instances, expected ${registry.size}`);
    return { ms, cpuMs, requests: session.requestCount - before, instances: reads.length };
  });
}

export async function measureColdLoad(registry: BenchRegistry, runs: number, log: (line: string) => void): Promise<ColdLoadResult> {
  const contenders = {
    hub: () => loadHubOnce(registry),
    raw: () => rawReadOnce(registry),
    'raw+watch+decode': () => rawReadOnce(registry, true),
  };
  type Contender = keyof typeof contenders;
  const names = Object.keys(contenders) as Contender[];
  // One unmeasured round first: the ZooKeeper JVM and V8 both JIT on the first full reads of the tree.
  for (const name of names) await contenders[name]();
  const samples: Record<Contender, ColdLoadSample[]> = { hub: [], raw: [], 'raw+watch+decode': [] };
  for (let run = 0; run < runs; run++) {
    // Rotate who goes first, so that no contender always follows the same one.
    const order = names.map((_, index) => names[(index + run) % names.length] ?? 'hub');
    for (const contender of order) {
      // Let the server settle (the previous session's close, its watches) before the next contender.
      await sleep(200);
      const sample = await contenders[contender]();
      samples[contender].push(sample);
      log(`  cold load run ${run + 1}/${runs} ${contender}: ${sample.ms.toFixed(1)} ms, ${sample.cpuMs.toFixed(0)} ms CPU (${sample.requests} requests)`);
    }
  }
  const { hub, raw, 'raw+watch+decode': rawFull } = samples;
  const hubMedianMs = median(hub.map((sample) => sample.ms));
  const rawMedianMs = median(raw.map((sample) => sample.ms));
  return {
    hub,
    raw,
    hubMedianMs,
    rawMedianMs,
    ratio: hubMedianMs / rawMedianMs,
    hubCpuMedianMs: median(hub.map((sample) => sample.cpuMs)),
    rawCpuMedianMs: median(raw.map((sample) => sample.cpuMs)),
    rawFull,
    rawFullMedianMs: median(rawFull.map((sample) => sample.ms)),
    rawFullCpuMedianMs: median(rawFull.map((sample) => sample.cpuMs)),
  };
}
