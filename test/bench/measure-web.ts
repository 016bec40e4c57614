/**
 * (8) The web mode (issue 4, Performance): the host as a child process running the built code
 * (web-host-child.mjs), the built renderer in Debian's Chromium.
 *
 * - Table time: from the page's first paint until the first instance row of the largest service is visible
 *   (measure-web-page.ts), median of `runs`. Cold: a freshly started host that has not followed the namespace
 *   (each run its own host process). Warm: the namespace already followed because another client (ours) is
 *   subscribed.
 * - Load: while `heartbeats` instances (spread over all services) each rewrite their node once a second, the
 *   writes spread evenly over the second, with one WebSocket client of ours subscribed: the host process's CPU
 *   share of one core (/proc/<pid>/stat), the frames, upserts and heartbeat patches per second that client receives, and the
 *   host's resident memory (/proc/<pid>/status).
 * - Optionally (--web-profile) a further window of the same load with the V8 profiler on in the host, summarised
 *   by self time per function and module (measure-web-profile.ts).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { RegistryFrame } from '../../shared/contract.js';
import { encodeServiceNodeBytes } from '../../shared/model/index.js';
import { HostClient, machineCpu, WebHostProcess, webModeMissing } from './measure-web-host.js';
import { launchChromium, timeTable, type TableTime } from './measure-web-page.js';
import { summarizeProfile, type ProfileSummary } from './measure-web-profile.js';
import type { BenchNode, BenchRegistry } from './populate.js';
import { median, sleep } from './stats.js';

export interface WebBenchOptions {
  /** Page loads per case (cold, warm); the median is reported. */
  runs: number;
  /** Instances that heartbeat once a second during the load window. */
  heartbeats: number;
  /** Length of the measured load window. */
  seconds: number;
  /** Heartbeats run this long before the window opens (steady state). */
  warmupSeconds: number;
  chromium: string;
  pageTimeoutMs: number;
  /** Where to write the host's .cpuprofile of an extra, profiled load window; undefined: no profile. */
  profileFile: string | undefined;
}

export interface WebLoad {
  windowMs: number;
  heartbeats: number;
  /** Heartbeat writes acknowledged by ZooKeeper per second in the window. */
  writesPerSecond: number;
  writeErrors: number;
  /** Host process CPU (all threads) over the window, in % of one core, from /proc. */
  hostCpuPercent: number;
  /** The same from the host's own process.cpuUsage() (cross-check). */
  hostCpuPercentSelf: number;
  framesPerSecond: number;
  upsertsPerSecond: number;
  /** Heartbeat-only changes carried as patches (RegistryFrame instances[].heartbeats). */
  heartbeatPatchesPerSecond: number;
  logEntriesPerSecond: number;
  /** Bytes per second of WebSocket messages our client received. */
  bytesPerSecond: number;
  /** Shortest and longest gap between two frames in the window. */
  minFrameGapMs: number;
  maxFrameGapMs: number;
  /** Host resident memory at the end of the window, and its peak over its life. */
  rss: number;
  peakRss: number;
  heapUsed: number;
  /** This process (writers, our client) in % of one core, and the machine's busy cores, for context. */
  benchCpuPercent: number;
  machineBusyCores: number;
}

export interface WebResult {
  /** Set when the section could not run here (and nothing else is). */
  skipped?: string;
  service: string;
  serviceInstances: number;
  instances: number;
  cold: TableTime[];
  warm: TableTime[];
  /** registry.subscribe's response as our client received it. */
  snapshotBytes: number;
  snapshotMs: number;
  /** Host memory with the namespace followed and nothing changing. */
  idle: { rss: number; heapUsed: number; cpuPercent: number };
  /** Host RSS right after it started (connected, nothing followed). */
  startRss: number;
  load: WebLoad;
  profile?: ProfileSummary & { file: string };
}

/** Rewrites a node with a fresh heartbeat, nothing else changed (what a live provider does every second). */
function heartbeat(node: BenchNode): Promise<unknown> {
  node.node = { ...node.node, lastUpdatedTimeStamp: BigInt(Date.now()) };
  return node.writer.setData(node.path, encodeServiceNodeBytes(node.node));
}

/** Each node once a second, node i at offset i/n of the second: a steady stream, not a burst per second. */
class HeartbeatDriver {
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private inFlight = new Set<Promise<unknown>>();
  sent = 0;
  acked = 0;
  errors = 0;

  constructor(private readonly nodes: readonly BenchNode[]) {}

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.tick(), 5);
  }

  private tick(): void {
    const due = Math.floor(((performance.now() - this.startedAt) * this.nodes.length) / 1000);
    while (this.sent < due) {
      const node = this.nodes[this.sent % this.nodes.length];
      this.sent++;
      if (!node) continue;
      const write = heartbeat(node).then(
        () => void this.acked++,
        () => void this.errors++,
      );
      this.inFlight.add(write);
      void write.finally(() => this.inFlight.delete(write));
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }
}

/** Every `count`-th node of the registry, so that the heartbeats touch every service. */
function spreadOver(nodes: readonly BenchNode[], count: number): BenchNode[] {
  const step = nodes.length / count;
  return Array.from({ length: Math.min(count, nodes.length) }, (_, index) => nodes[Math.floor(index * step)]).filter((node): node is BenchNode => node !== undefined);
}

/** The service with the most instances; ties go to the first by name, as the renderer picks it. */
function largestService(registry: BenchRegistry): { service: string; instances: number } {
  const counts = new Map<string, number>();
  for (const node of registry.nodes) counts.set(node.service, (counts.get(node.service) ?? 0) + 1);
  let best = { service: '', instances: -1 };
  for (const [service, instances] of [...counts].sort(([a], [b]) => a.localeCompare(b))) if (instances > best.instances) best = { service, instances };
  return best;
}

/** Counts the frames of one namespace our client receives. */
class FrameCounter {
  frames = 0;
  upserts = 0;
  heartbeats = 0;
  logEntries = 0;
  lastAt = 0;
  arrivals: number[] = [];
  private readonly off: () => void;

  constructor(client: HostClient, namespace: string) {
    this.off = client.on('registry.frame', (frame: RegistryFrame) => {
      if (frame.namespace !== namespace) return;
      this.frames++;
      for (const service of frame.instances) {
        this.upserts += service.upserts.length;
        this.heartbeats += service.heartbeats?.length ?? 0;
      }
      this.logEntries += frame.log.length;
      this.lastAt = performance.now();
      this.arrivals.push(this.lastAt);
    });
  }

  /** Until no frame came for `quietMs` (a burst the host is still working through has ended). */
  async quiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    this.lastAt = Math.max(this.lastAt, performance.now());
    while (performance.now() - this.lastAt < quietMs) {
      if (performance.now() > deadline) throw new Error(`the host kept sending frames for ${timeoutMs} ms`);
      await sleep(100);
    }
  }

  dispose(): void {
    this.off();
  }
}

async function refreshIfOlderThan(registry: BenchRegistry, ageMs: number, log: (line: string) => void): Promise<boolean> {
  if (Date.now() - registry.heartbeatAt < ageMs) return false;
  const started = performance.now();
  await registry.refreshHeartbeats();
  log(`  rewrote ${registry.size} heartbeats in ${(performance.now() - started).toFixed(0)} ms (keeps every node inside the zombie threshold)`);
  return true;
}

/** Our client subscribed to the namespace on a host: the snapshot's size and time. */
async function subscribeClient(host: WebHostProcess, namespace: string, expected: number): Promise<{ client: HostClient; connectionId: string; bytes: number; ms: number }> {
  const client = await HostClient.open(host.url);
  try {
    const connectionId = await client.connectedConnection();
    const started = performance.now();
    const snapshot = await client.request('registry.subscribe', { connectionId, namespace });
    const ms = performance.now() - started;
    const loaded = Object.values(snapshot.instances).reduce((sum, list) => sum + list.length, 0);
    if (loaded !== expected) throw new Error(`the host's snapshot holds ${loaded} instances, expected ${expected}`);
    return { client, connectionId, bytes: client.lastResponseBytes, ms };
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function connectionOf(host: WebHostProcess): Promise<string> {
  const client = await HostClient.open(host.url);
  try {
    return await client.connectedConnection();
  } finally {
    await client.close();
  }
}

/** Why the section cannot run here (no Chromium, no build), or undefined. */
export const webSkipReason = webModeMissing;

export async function measureWeb(registry: BenchRegistry, options: WebBenchOptions, log: (line: string) => void): Promise<WebResult> {
  const { service, instances: serviceInstances } = largestService(registry);
  const namespace = registry.namespace;
  const dataDir = mkdtempSync(join(tmpdir(), 'ranger-desk-bench-web-'));
  const hosts = new Set<WebHostProcess>();
  let browser: Browser | undefined;
  let client: HostClient | undefined;
  const startHost = async (): Promise<WebHostProcess> => {
    const host = await WebHostProcess.start(registry.connectionString, dataDir);
    hosts.add(host);
    return host;
  };
  const stopHost = async (host: WebHostProcess): Promise<void> => {
    hosts.delete(host);
    await host.stop();
  };
  try {
    await refreshIfOlderThan(registry, 20_000, log);
    browser = await launchChromium(options.chromium);

    // Cold: each run a fresh host process; the page's subscribe makes it follow the namespace.
    const cold: TableTime[] = [];
    let host: WebHostProcess | undefined;
    let startRss = Number.NaN;
    for (let run = 0; run < options.runs; run++) {
      if (host) await stopHost(host);
      host = await startHost();
      const connectionId = await connectionOf(host);
      startRss = host.memory().rss;
      const sample = await timeTable(browser, host.url, connectionId, namespace, service, options.pageTimeoutMs);
      cold.push(sample);
      log(`  web cold ${run + 1}/${options.runs}: table ${sample.tableMs.toFixed(0)} ms after first paint (subscribe ${sample.subscribeMs.toFixed(0)} ms, render ${sample.renderMs.toFixed(0)} ms)`);
    }
    if (!host) throw new Error('no web mode host started');

    // Warm, on a fresh host again: our client follows the namespace first (its subscribe is the host's cold
    // load without a browser), then each page joins a feed that is already loaded.
    await stopHost(host);
    host = await startHost();
    const subscribed = await subscribeClient(host, namespace, registry.size);
    client = subscribed.client;
    const { connectionId } = subscribed;
    log(`  web: our client subscribed, snapshot ${(subscribed.bytes / 1024 / 1024).toFixed(1)} MB in ${subscribed.ms.toFixed(0)} ms`);
    const warm: TableTime[] = [];
    for (let run = 0; run < options.runs; run++) {
      const sample = await timeTable(browser, host.url, connectionId, namespace, service, options.pageTimeoutMs);
      warm.push(sample);
      log(`  web warm ${run + 1}/${options.runs}: table ${sample.tableMs.toFixed(0)} ms after first paint (subscribe ${sample.subscribeMs.toFixed(0)} ms, render ${sample.renderMs.toFixed(0)} ms)`);
    }
    await browser.close();
    browser = undefined;

    // Idle with the namespace followed: memory, and the CPU of doing nothing (the 1 s sample timer).
    const frames = new FrameCounter(client, namespace);
    const loadMs = (options.warmupSeconds + options.seconds * (options.profileFile ? 2 : 1)) * 1000;
    if (await refreshIfOlderThan(registry, Math.max(0, 60_000 - loadMs - 15_000), log)) await frames.quiet(1000, 60_000);
    await frames.quiet(500, 30_000);
    const idleCpu0 = host.cpuMs();
    const idleStart = performance.now();
    await sleep(Math.min(5000, options.seconds * 1000));
    const idleCpuPercent = ((host.cpuMs() - idleCpu0) / (performance.now() - idleStart)) * 100;
    const idleUsage = await host.usage();
    const idle = { rss: host.memory().rss, heapUsed: idleUsage.memory.heapUsed, cpuPercent: idleCpuPercent };

    // Load: heartbeats, our client counting frames.
    const beating = spreadOver(registry.nodes, options.heartbeats);
    const driver = new HeartbeatDriver(beating);
    log(`  web load: ${beating.length} instances heartbeat once a second; ${options.warmupSeconds} s warm-up, ${options.seconds} s measured`);
    driver.start();
    let load: WebLoad;
    let profile: WebResult['profile'];
    try {
      await sleep(options.warmupSeconds * 1000);
      const before = {
        at: performance.now(),
        cpu: host.cpuMs(),
        self: (await host.usage()).cpu,
        bench: process.cpuUsage(),
        machine: machineCpu(),
        frames: frames.frames,
        upserts: frames.upserts,
        heartbeats: frames.heartbeats,
        logEntries: frames.logEntries,
        bytes: client.bytesReceived,
        acked: driver.acked,
        arrivals: frames.arrivals.length,
      };
      await sleep(options.seconds * 1000);
      const windowMs = performance.now() - before.at;
      const cpuMs = host.cpuMs() - before.cpu;
      const selfUsage = await host.usage();
      const bench = process.cpuUsage(before.bench);
      const machine = machineCpu();
      const memory = host.memory();
      const perSecond = (count: number): number => count / (windowMs / 1000);
      const gaps = frames.arrivals.slice(before.arrivals).map((at, index, list) => (index === 0 ? Number.NaN : at - (list[index - 1] ?? at))).filter(Number.isFinite);
      load = {
        windowMs,
        heartbeats: beating.length,
        writesPerSecond: perSecond(driver.acked - before.acked),
        writeErrors: driver.errors,
        hostCpuPercent: (cpuMs / windowMs) * 100,
        hostCpuPercentSelf: ((selfUsage.cpu.user + selfUsage.cpu.system - before.self.user - before.self.system) / 1000 / windowMs) * 100,
        framesPerSecond: perSecond(frames.frames - before.frames),
        upsertsPerSecond: perSecond(frames.upserts - before.upserts),
        heartbeatPatchesPerSecond: perSecond(frames.heartbeats - before.heartbeats),
        logEntriesPerSecond: perSecond(frames.logEntries - before.logEntries),
        bytesPerSecond: perSecond(client.bytesReceived - before.bytes),
        minFrameGapMs: gaps.length > 0 ? Math.min(...gaps) : Number.NaN,
        maxFrameGapMs: gaps.length > 0 ? Math.max(...gaps) : Number.NaN,
        rss: memory.rss,
        peakRss: memory.peakRss,
        heapUsed: selfUsage.memory.heapUsed,
        benchCpuPercent: ((bench.user + bench.system) / 1000 / windowMs) * 100,
        machineBusyCores: ((machine.busy - before.machine.busy) / (machine.total - before.machine.total)) * cpus().length,
      };
      log(`  web load: host ${load.hostCpuPercent.toFixed(1)}% of a core, ${load.framesPerSecond.toFixed(1)} frames/s, ${load.upsertsPerSecond.toFixed(0)} upserts/s, ${load.heartbeatPatchesPerSecond.toFixed(0)} heartbeat patches/s, rss ${(load.rss / 1024 / 1024).toFixed(0)} MB`);
      if (options.profileFile) {
        log(`  web load: a further ${options.seconds} s with the V8 profiler on in the host`);
        mkdirSync(dirname(options.profileFile), { recursive: true });
        await host.startProfile();
        await sleep(options.seconds * 1000);
        await host.stopProfile(options.profileFile);
        profile = { ...summarizeProfile(options.profileFile), file: options.profileFile };
      }
    } finally {
      await driver.stop();
      frames.dispose();
    }
    if (driver.errors > 0) log(`  web load: ${driver.errors} heartbeat writes failed`);
    const hostErrors = host.stderr.trim();
    if (hostErrors) log(`  web mode host stderr: ${hostErrors.split('\n').slice(-5).join(' | ')}`);
    return {
      service,
      serviceInstances,
      instances: registry.size,
      cold,
      warm,
      snapshotBytes: subscribed.bytes,
      snapshotMs: subscribed.ms,
      idle,
      startRss,
      load,
      profile,
    };
  } finally {
    await client?.close();
    await browser?.close().catch(() => undefined);
    for (const host of [...hosts]) await stopHost(host).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The median of one field over the samples. */
export function medianOf(samples: readonly TableTime[], field: keyof Omit<TableTime, 'timing'>): number {
  return median(samples.map((sample) => sample[field]));
}
