/**
 * Run by measure-memory.ts as `node --expose-gc --import tsx memory-child.ts <connectionString> <namespace>`:
 * measures this fresh process before and after a RangerFinderHub loads the whole namespace, and prints one
 * JSON line on stdout. A separate process keeps the writers, the other hubs and the bench itself out of it.
 */
import { RangerFinderHub } from '../../electron/engine/finder/ranger-finder-hub.js';
import { ZkSession } from '../../electron/engine/zk/session.js';

export interface MemorySnapshot {
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

export interface MemoryChildReport {
  gcExposed: boolean;
  baseline: MemorySnapshot;
  loaded: MemorySnapshot;
  /** Peak resident set of the child over its life (bytes). */
  maxRss: number;
  instances: number;
  services: number;
  loadMs: number;
}

async function settle(): Promise<MemorySnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, external: usage.external, arrayBuffers: usage.arrayBuffers };
}

async function main(): Promise<void> {
  const [connectionString, namespace] = process.argv.slice(2);
  if (!connectionString || !namespace) throw new Error('usage: memory-child <connectionString> <namespace>');
  // The baseline has everything but the data: modules loaded, a connected session.
  const session = new ZkSession({ connectionString }).connect();
  await session.waitConnected(15_000);
  const baseline = await settle();
  const hub = new RangerFinderHub({ zk: session, namespace, startTimeoutMs: 120_000 });
  const start = performance.now();
  await hub.start();
  const loadMs = performance.now() - start;
  const loaded = await settle();
  const services = hub.services();
  const instances = services.reduce((sum, service) => sum + hub.getInstances(service).length, 0);
  const report: MemoryChildReport = {
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === 'function',
    baseline,
    loaded,
    maxRss: process.resourceUsage().maxRSS * 1024,
    instances,
    services: services.length,
    loadMs,
  };
  hub.stop();
  session.close();
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
