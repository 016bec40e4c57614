/**
 * (2) and (3): how long from a write to ZooKeeper until the hub reflects it. The clock starts just before the
 * write is sent and stops when the hub emits `change` for that service with the node (not) in its eligible
 * list. No timers poll the hub: the waiter is the event listener itself.
 */
import type { RangerFinderHub } from '../../electron/engine/finder/ranger-finder-hub.js';
import type { ServiceNode } from '../../shared/model/service-node.js';
import type { BenchNode, BenchRegistry } from './populate.js';
import { percentile, sleep } from './stats.js';

export interface LatencySeries {
  samples: number[];
  /** Writes the hub never reflected within the timeout (their samples are missing). */
  timeouts: number;
  /** Round trip of the write itself (the writer's ack), for context. */
  writeAckMs: number[];
}

export function emptySeries(): LatencySeries {
  return { samples: [], timeouts: 0, writeAckMs: [] };
}

export function summarize(series: LatencySeries): { p50: number; p99: number; max: number; count: number } {
  return {
    p50: percentile(series.samples, 50),
    p99: percentile(series.samples, 99),
    max: series.samples.length > 0 ? Math.max(...series.samples) : Number.NaN,
    count: series.samples.length,
  };
}

const SAMPLE_TIMEOUT_MS = 5000;

function hasNode(nodes: readonly ServiceNode[], target: BenchNode): boolean {
  return nodes.some((node) => node.host === target.node.host && node.port === target.node.port);
}

/** Resolves with the time the hub's eligible list for the node's service first satisfies `wanted`. */
function waitForChange(hub: RangerFinderHub, target: BenchNode, wanted: (present: boolean) => boolean): { done: Promise<number | undefined>; cancel: () => void } {
  let cancel = (): void => {};
  const done = new Promise<number | undefined>((resolve) => {
    const listener = (change: { service: string; nodes: ServiceNode[] }): void => {
      if (change.service !== target.service || !wanted(hasNode(change.nodes, target))) return;
      finish(performance.now());
    };
    const timer = setTimeout(() => finish(undefined), SAMPLE_TIMEOUT_MS);
    const finish = (at: number | undefined): void => {
      clearTimeout(timer);
      hub.off('change', listener);
      resolve(at);
    };
    cancel = () => finish(undefined);
    hub.on('change', listener);
  });
  return { done, cancel };
}

/** One timed write: starts the clock, writes, waits for the hub. */
async function timeWrite(hub: RangerFinderHub, target: BenchNode, wanted: (present: boolean) => boolean, write: () => Promise<unknown>, series: LatencySeries): Promise<void> {
  const waiter = waitForChange(hub, target, wanted);
  const start = performance.now();
  try {
    await write();
  } catch (error) {
    waiter.cancel();
    throw error;
  }
  series.writeAckMs.push(performance.now() - start);
  const at = await waiter.done;
  if (at === undefined) series.timeouts++;
  else series.samples.push(at - start);
}

function pick<T>(items: readonly T[]): T {
  const item = items[Math.floor(Math.random() * items.length)];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

function eligibleInHub(hub: RangerFinderHub, target: BenchNode): boolean {
  return hasNode(hub.getAllNodes(target.service), target);
}

/** A short random pause between samples, so that writes do not line up with the server's or the client's rhythms. */
function jitter(): Promise<void> {
  return sleep(2 + Math.random() * 8);
}

/**
 * Health flips on random nodes: healthy -> unhealthy (measured until the node leaves the eligible list), then
 * back to healthy (measured until it returns). `samples` counts both directions.
 */
export async function measureHealthFlips(hub: RangerFinderHub, registry: BenchRegistry, samples: number): Promise<{ toUnhealthy: LatencySeries; toHealthy: LatencySeries; all: LatencySeries }> {
  const toUnhealthy = emptySeries();
  const toHealthy = emptySeries();
  for (let taken = 0; taken < samples; taken += 2) {
    const target = pick(registry.nodes);
    if (!eligibleInHub(hub, target)) throw new Error(`${target.path} is not eligible in the hub before its flip`);
    await timeWrite(hub, target, (present) => !present, () => registry.writeHealth(target, 'unhealthy'), toUnhealthy);
    await jitter();
    if (taken + 1 < samples) {
      await timeWrite(hub, target, (present) => present, () => registry.writeHealth(target, 'healthy'), toHealthy);
    } else {
      await registry.writeHealth(target, 'healthy');
    }
    await jitter();
  }
  return { toUnhealthy, toHealthy, all: merge(toUnhealthy, toHealthy) };
}

/** Instance removals: delete a random node (until the hub drops it), then re-create it (until it is back). */
export async function measureRemovals(hub: RangerFinderHub, registry: BenchRegistry, samples: number): Promise<{ removal: LatencySeries; recreate: LatencySeries }> {
  const removal = emptySeries();
  const recreate = emptySeries();
  for (let taken = 0; taken < samples; taken++) {
    const target = pick(registry.nodes);
    if (!eligibleInHub(hub, target)) throw new Error(`${target.path} is not eligible in the hub before its removal`);
    await timeWrite(hub, target, (present) => !present, () => registry.remove(target), removal);
    await jitter();
    await timeWrite(hub, target, (present) => present, () => registry.recreate(target), recreate);
    await jitter();
  }
  return { removal, recreate };
}

function merge(a: LatencySeries, b: LatencySeries): LatencySeries {
  return { samples: [...a.samples, ...b.samples], timeouts: a.timeouts + b.timeouts, writeAckMs: [...a.writeAckMs, ...b.writeAckMs] };
}
