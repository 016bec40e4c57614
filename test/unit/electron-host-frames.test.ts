import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from 'node:events';
import type { RegistryFrame } from '../../shared/contract.js';
import { countStatuses, toInstanceView, type InstanceView } from '../../shared/model/instance-view.js';
import { encodeServiceNodeBytes, makeShardInfo, type ServiceNode } from '../../shared/model/index.js';
import { makeRecord, type InstanceRecord, type ServiceDelta } from '../../electron/engine/registry/instance-record.js';
import type { NodeStat } from '../../electron/engine/zk/stat.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { FrameBuilder } from '../../electron/host/frame-builder.js';
import { mergeFrames } from '../../electron/host/frame-merge.js';
import { NamespaceFeed, type FeedSource } from '../../electron/host/namespace-feed.js';
import { asText, isInstancePath, prettyJson } from '../../electron/host/node-detail.js';
import type { HostEvent, HostEventListener } from '../../electron/host/ranger-host.js';
import { TimelineRing } from '../../electron/host/timeline.js';
import { answerAppRequest } from '../../electron/main/app-protocol.js';
import { SafeStorageSecretStore } from '../../electron/main/safe-storage-secret-store.js';
import { WindowEventForwarder } from '../../electron/main/window-events.js';
import { visibleState } from '../../electron/main/window-state.js';
import { silentLogger } from '../../electron/engine/util/logger.js';
import { HIGH_WATER_BYTES, SocketSession } from '../../electron/web/socket-session.js';

function view(name: string, healthcheckStatus: 'healthy' | 'unhealthy' = 'healthy'): InstanceView {
  return {
    name,
    path: `/ns/svc/${name}`,
    host: 'h',
    port: 1,
    environment: null,
    region: null,
    tags: [],
    healthcheckStatus,
    lastUpdatedMs: 1,
    healthySinceMs: null,
    routingWeight: 1,
    portScheme: 'http',
    owner: '0',
    ctimeMs: 0,
    mtimeMs: 0,
    version: 0,
    dataLength: 0,
    unreadable: null,
    warnings: [],
  };
}

function frame(parts: Partial<RegistryFrame>): RegistryFrame {
  return { connectionId: 'c', namespace: 'ns', at: 1, services: [], removedServices: [], instances: [], log: [], ...parts };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('FrameBuilder', () => {
  it('keeps the latest upsert per instance and drops an instance added and removed within one frame', () => {
    const builder = new FrameBuilder();
    builder.upsert('svc', view('a:1'), false);
    builder.upsert('svc', view('a:1', 'unhealthy'), false);
    builder.upsert('svc', view('b:2'), true);
    builder.remove('svc', 'b:2');
    builder.remove('svc', 'c:3');
    const content = builder.take();
    expect(content.instances).toEqual([{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['c:3'] }]);
    expect(content.touchedServices).toEqual(['svc']);
    expect(builder.isEmpty).toBe(true);
  });

  it('turns removed-then-added into an upsert, and a removed service drops its pending instances', () => {
    const builder = new FrameBuilder();
    builder.remove('svc', 'a:1');
    builder.upsert('svc', view('a:1'), true);
    builder.upsert('gone', view('x:1'), true);
    builder.removeService('gone');
    const content = builder.take();
    expect(content.instances).toEqual([{ service: 'svc', upserts: [view('a:1')], removed: [] }]);
    expect(content.removedServices).toEqual(['gone']);
    expect(content.touchedServices).toEqual(['svc']);
  });
});

describe('FrameBuilder heartbeats', () => {
  const patch = (name: string, at: number) => ({ name, lastUpdatedMs: at, mtimeMs: at + 1, version: at });

  it('sends a heartbeat as a patch without touching the service, the latest one winning', () => {
    const builder = new FrameBuilder();
    builder.heartbeat('svc', patch('a:1', 10));
    builder.heartbeat('svc', patch('a:1', 20));
    builder.heartbeat('svc', patch('b:2', 15));
    const content = builder.take();
    expect(content.instances).toEqual([{ service: 'svc', upserts: [], removed: [], heartbeats: [patch('a:1', 20), patch('b:2', 15)] }]);
    expect(content.touchedServices).toEqual([]);
    expect(builder.isEmpty).toBe(true);
  });

  it('folds a heartbeat into an upsert of the same frame, and a later upsert or removal replaces a heartbeat', () => {
    const builder = new FrameBuilder();
    builder.upsert('svc', view('a:1', 'unhealthy'), false);
    builder.heartbeat('svc', patch('a:1', 30));
    builder.heartbeat('svc', patch('b:2', 30));
    builder.upsert('svc', view('b:2', 'unhealthy'), false);
    builder.heartbeat('svc', patch('c:3', 30));
    builder.remove('svc', 'c:3');
    const content = builder.take();
    expect(content.instances).toEqual([
      { service: 'svc', upserts: [{ ...view('a:1', 'unhealthy'), lastUpdatedMs: 30, mtimeMs: 31, version: 30 }, view('b:2', 'unhealthy')], removed: ['c:3'] },
    ]);
    // No empty `heartbeats` list in frames without any.
    expect(content.instances[0]).not.toHaveProperty('heartbeats');
  });
});

describe('mergeFrames', () => {
  it('folds heartbeats into earlier upserts, keeps the latest heartbeat, and lets a removal win', () => {
    const beat = (name: string, at: number) => ({ name, lastUpdatedMs: at, mtimeMs: at, version: at });
    const earlier = frame({ at: 1, instances: [{ service: 'svc', upserts: [view('a:1')], removed: [], heartbeats: [beat('b:2', 1), beat('c:3', 1)] }] });
    const later = frame({ at: 2, instances: [{ service: 'svc', upserts: [], removed: ['c:3'], heartbeats: [beat('a:1', 2), beat('b:2', 2), beat('d:4', 2)] }] });
    expect(mergeFrames(earlier, later).instances).toEqual([
      { service: 'svc', upserts: [{ ...view('a:1'), lastUpdatedMs: 2, mtimeMs: 2, version: 2 }], removed: ['c:3'], heartbeats: [beat('b:2', 2), beat('d:4', 2)] },
    ]);
  });


  it('says what both frames said, the later state winning', () => {
    const counts = (healthy: number) => ({ healthy, unhealthy: 0, zombie: 0, unreadable: 0, total: healthy });
    const earlier = frame({
      at: 1,
      services: [{ service: 'svc', counts: counts(2) }, { service: 'old', counts: counts(1) }],
      instances: [{ service: 'svc', upserts: [view('a:1'), view('b:2')], removed: [] }, { service: 'old', upserts: [view('o:1')], removed: [] }],
      log: [{ at: 1, namespace: 'ns', service: 'svc', instance: 'b:2', kind: 'instance-added', detail: 'added' }],
    });
    const later = frame({
      at: 2,
      services: [{ service: 'svc', counts: counts(1) }],
      removedServices: ['old'],
      instances: [{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['b:2'] }],
      log: [{ at: 2, namespace: 'ns', service: 'svc', instance: 'b:2', kind: 'instance-removed', detail: 'removed' }],
    });
    const merged = mergeFrames(earlier, later);
    expect(merged.at).toBe(2);
    expect(merged.services).toEqual([{ service: 'svc', counts: counts(1) }]);
    expect(merged.removedServices).toEqual(['old']);
    expect(merged.instances).toEqual([{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['b:2'] }]);
    expect(merged.log.map((entry) => entry.kind)).toEqual(['instance-added', 'instance-removed']);
  });
});

const ZOMBIE_MS = 60_000;
const T0 = 1_700_000_000_000;

/** A stand-in for the RangerFinderHub: records per service, and deltas shaped as a ServiceWatcher emits them. */
class FakeHub extends EventEmitter implements FeedSource {
  isStale = false;
  readonly records = new Map<string, Map<string, InstanceRecord>>();
  private zxid = 0x100;

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): void {}

  services(): string[] {
    return [...this.records.keys()].sort();
  }

  getInstances(service: string): InstanceRecord[] {
    return [...(this.records.get(service)?.values() ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(service: string, name: string): InstanceRecord | undefined {
    return this.records.get(service)?.get(name);
  }

  /** Writes a node (create or setData) the way a provider does; emits the delta unless `quiet`. */
  write(service: string, name: string, node: ServiceNode, options: { quiet?: boolean; owner?: string } = {}): InstanceRecord {
    const byName = this.records.get(service) ?? new Map<string, InstanceRecord>();
    this.records.set(service, byName);
    const before = byName.get(name);
    const data = Buffer.from(encodeServiceNodeBytes(node));
    this.zxid++;
    const stat: NodeStat = {
      czxid: before?.stat.czxid ?? this.zxid.toString(16),
      mzxid: this.zxid.toString(16),
      pzxid: '0',
      ctime: before?.stat.ctime ?? Date.now(),
      mtime: Date.now(),
      version: before ? before.stat.version + 1 : 0,
      cversion: 0,
      aversion: 0,
      ephemeralOwner: options.owner ?? before?.stat.ephemeralOwner ?? '18f00000000001',
      dataLength: data.length,
      numChildren: 0,
    };
    const after = makeRecord(name, `/ns/${service}/${name}`, data, stat, before);
    byName.set(name, after);
    if (!options.quiet) this.delta(service, before ? { updated: [{ before, after }] } : { added: [after] });
    return after;
  }

  remove(service: string, name: string): void {
    const record = this.get(service, name);
    if (!record) return;
    this.records.get(service)?.delete(name);
    this.delta(service, { removed: [record] });
  }

  private delta(service: string, parts: Partial<Pick<ServiceDelta, 'added' | 'updated' | 'removed'>>): void {
    this.emit('instances', { namespace: 'ns', service, added: [], updated: [], removed: [], serviceMissing: false, ...parts });
  }
}

function serviceNode(index: number, patch: Partial<ServiceNode> = {}): ServiceNode {
  return {
    host: `10.0.0.${index}`,
    port: 8080,
    routingWeight: 1,
    nodeData: { ...makeShardInfo('prod', 'eu-1', ['api']) },
    healthcheckStatus: 'healthy',
    lastUpdatedTimeStamp: BigInt(Date.now()),
    healthySinceTimeStamp: BigInt(T0),
    portScheme: 'http',
    ...patch,
  };
}

async function startFeed(hub: FakeHub): Promise<{ feed: NamespaceFeed; frames: RegistryFrame[] }> {
  const frames: RegistryFrame[] = [];
  const feed = new NamespaceFeed({ connectionId: 'c', session: {} as ZkSession, namespace: 'ns', zombieThresholdMs: ZOMBIE_MS, onFrame: (next) => frames.push(next), logger: silentLogger, source: hub });
  await feed.start();
  cleanups.push(() => feed.stop());
  return { feed, frames };
}

describe('NamespaceFeed', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a heartbeat-only change as a patch, not an upsert, and keeps its own views current', async () => {
    vi.useFakeTimers({ now: T0 });
    const hub = new FakeHub();
    for (let i = 1; i <= 3; i++) hub.write('orders', `10.0.0.${i}:8080`, serviceNode(i), { quiet: true });
    const { feed, frames } = await startFeed(hub);
    expect(feed.snapshot().services).toEqual([{ service: 'orders', counts: { healthy: 3, unhealthy: 0, zombie: 0, unreadable: 0, total: 3 } }]);

    vi.advanceTimersByTime(700);
    const beat = hub.write('orders', '10.0.0.1:8080', serviceNode(1));
    vi.advanceTimersByTime(200);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ services: [], removedServices: [], log: [] });
    expect(frames[0]?.instances).toEqual([
      { service: 'orders', upserts: [], removed: [], heartbeats: [{ name: '10.0.0.1:8080', lastUpdatedMs: T0 + 700, mtimeMs: T0 + 700, version: 1 }] },
    ]);
    // The host's stored view (snapshots, counts) is the full view of the latest reading.
    const snapshot = feed.snapshot();
    expect(snapshot.instances.orders?.[0]).toEqual(toInstanceView(beat.name, beat.path, beat.decoded, beat.stat));
    expect(snapshot.services[0]?.counts.healthy).toBe(3);
  });

  it('still sends a health change, a data change and a revived zombie as upserts with a log entry', async () => {
    vi.useFakeTimers({ now: T0 });
    const hub = new FakeHub();
    hub.write('orders', '10.0.0.1:8080', serviceNode(1), { quiet: true });
    hub.write('orders', '10.0.0.2:8080', serviceNode(2), { quiet: true });
    const { feed, frames } = await startFeed(hub);

    vi.advanceTimersByTime(500);
    const flipped = hub.write('orders', '10.0.0.1:8080', serviceNode(1, { healthcheckStatus: 'unhealthy' }));
    hub.write('orders', '10.0.0.2:8080', serviceNode(2, { nodeData: { ...makeShardInfo('prod', 'eu-1', ['api', 'canary']) } }));
    vi.advanceTimersByTime(200);
    const frame = frames.at(-1);
    expect(frame?.instances).toEqual([
      { service: 'orders', upserts: [toInstanceView(flipped.name, flipped.path, flipped.decoded, flipped.stat), expect.objectContaining({ name: '10.0.0.2:8080', tags: ['api', 'canary'] })], removed: [] },
    ]);
    expect(frame?.log).toEqual([
      expect.objectContaining({ kind: 'health-changed', instance: '10.0.0.1:8080', detail: 'healthy → unhealthy' }),
      expect.objectContaining({ kind: 'data-changed', instance: '10.0.0.2:8080', detail: 'nodeData changed' }),
    ]);
    expect(frame?.services).toEqual([{ service: 'orders', counts: { healthy: 1, unhealthy: 1, zombie: 0, unreadable: 0, total: 2 } }]);

    // Silent for longer than the threshold: the sweep turns both into zombies, then a heartbeat revives one.
    vi.advanceTimersByTime(ZOMBIE_MS + 1000);
    expect(frames.flatMap((next) => next.log).filter((entry) => entry.detail.includes('no heartbeat for 60 s'))).toHaveLength(2);
    expect(feed.snapshot().services[0]?.counts).toEqual({ healthy: 0, unhealthy: 0, zombie: 2, unreadable: 0, total: 2 });
    const count = frames.length;
    const revived = hub.write('orders', '10.0.0.2:8080', serviceNode(2, { nodeData: { ...makeShardInfo('prod', 'eu-1', ['api', 'canary']) } }));
    vi.advanceTimersByTime(200);
    const revival = frames.slice(count).find((next) => next.instances.length > 0);
    expect(revival?.instances).toEqual([{ service: 'orders', upserts: [toInstanceView(revived.name, revived.path, revived.decoded, revived.stat)], removed: [] }]);
    expect(revival?.log).toEqual([expect.objectContaining({ kind: 'health-changed', detail: 'zombie → healthy' })]);
  });

  it('keeps counts and timelines equal to a full recount while only some services are swept', async () => {
    vi.useFakeTimers({ now: T0 });
    const hub = new FakeHub();
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const names: [string, string][] = [];
    for (let s = 0; s < 4; s++) {
      for (let i = 0; i < 5; i++) {
        const name = `10.0.${s}.${i}:80`;
        names.push([`svc-${s}`, name]);
        hub.write(`svc-${s}`, name, serviceNode(i, { lastUpdatedTimeStamp: BigInt(T0 - random(ZOMBIE_MS)) }), { quiet: true });
      }
    }
    const { feed } = await startFeed(hub);
    let sampled = 0;
    for (let second = 1; second <= 150; second++) {
      // The sample runs now: its timeline point is a full recount of the views at this moment.
      vi.advanceTimersByTime(second === 1 ? 1000 : 999);
      const atSample = feed.snapshot();
      for (const summary of atSample.services) {
        const point = feed.timeline(summary.service).at(-1);
        expect(point?.at).toBe(Date.now());
        const { healthy, unhealthy, zombie, unreadable } = countStatuses(atSample.instances[summary.service] ?? [], Date.now(), ZOMBIE_MS);
        expect(point, `${summary.service} at +${second} s`).toEqual({ at: Date.now(), healthy, unhealthy, zombie, unreadable });
        expect(summary.counts).toEqual({ healthy, unhealthy, zombie, unreadable, total: healthy + unhealthy + zombie + unreadable });
        sampled++;
      }
      // A few heartbeats (some from a clock behind), a health flip now and then; the counts follow at once.
      for (let k = random(4); k > 0; k--) {
        const [service, name] = names[random(names.length)] ?? ['svc-0', '10.0.0.0:80'];
        const lag = random(3) === 0 ? random(ZOMBIE_MS * 2) : 0;
        hub.write(service, name, serviceNode(0, { host: name.split(':')[0] ?? '', port: 80, lastUpdatedTimeStamp: BigInt(Date.now() - lag), healthcheckStatus: random(8) === 0 ? 'unhealthy' : 'healthy' }));
      }
      vi.advanceTimersByTime(1);
      const afterWrites = feed.snapshot();
      for (const summary of afterWrites.services) {
        const views = afterWrites.instances[summary.service] ?? [];
        // Statuses are as of each instance's last change or sweep: equal to a recount at the last sample,
        // except for those written since, which are as of their write.
        const expected = countStatuses(views, Date.now() - 1, ZOMBIE_MS);
        expect(summary.counts, `${summary.service} after writes at +${second} s`).toEqual(expected);
      }
    }
    expect(sampled).toBe(600);
  });
});

describe('TimelineRing', () => {
  it('keeps the newest samples, oldest first, within its capacity', () => {
    const ring = new TimelineRing(3);
    for (let at = 1; at <= 5; at++) ring.push({ at, healthy: at, unhealthy: 0, zombie: 0, unreadable: 0 });
    expect(ring.toArray().map((point) => point.at)).toEqual([3, 4, 5]);
  });
});

describe('node detail formatting', () => {
  it('shows text only when it is text, and JSON pretty-printed without losing int64 precision', () => {
    expect(asText(Buffer.from('héllo\n\tworld'))).toBe('héllo\n\tworld');
    expect(asText(Buffer.from([0xff, 0xfe]))).toBeNull();
    expect(asText(Buffer.from('a\u0000b'))).toBeNull();
    expect(prettyJson('{"t":-9223372036854775808,"n":[1.0]}')).toBe('{\n  "t": -9223372036854775808,\n  "n": [\n    1.0\n  ]\n}');
    expect(prettyJson('not json')).toBeNull();
    expect(prettyJson('')).toBeNull();
    expect(isInstancePath('/ns/svc/h:1')).toBe(true);
    expect(isInstancePath('/ns/id-generator/x')).toBe(false);
    expect(isInstancePath('/zookeeper/config/x')).toBe(false);
    expect(isInstancePath('/ns/svc')).toBe(false);
  });
});

/** A host stand-in that lets a test push events to one listener. */
function fakeHost(): { host: { onEvent: (listener: HostEventListener) => () => void; handle: () => Promise<never>; detachClient: () => Promise<void> }; push: (event: HostEvent) => void; detached: () => boolean } {
  let listener: HostEventListener | undefined;
  let detached = false;
  return {
    host: {
      onEvent: (next) => {
        listener = next;
        return () => {
          listener = undefined;
        };
      },
      handle: () => Promise.reject(new Error('not used')),
      detachClient: () => {
        detached = true;
        return Promise.resolve();
      },
    },
    push: (event) => listener?.(event),
    detached: () => detached,
  };
}

describe('SocketSession backpressure', () => {
  it('sends at once while the socket keeps up, then holds and merges frames until it drains', async () => {
    const sent: { name: string; payload: RegistryFrame }[] = [];
    const socket = { bufferedAmount: 0, send: (data: string) => sent.push(JSON.parse(data) as { name: string; payload: RegistryFrame }) };
    const { host, push, detached } = fakeHost();
    const session = new SocketSession(socket, host, 'ws-1', silentLogger);
    push({ name: 'registry.frame', payload: frame({ at: 1, instances: [{ service: 'svc', upserts: [view('a:1')], removed: [] }] }) });
    expect(sent).toHaveLength(1);

    socket.bufferedAmount = HIGH_WATER_BYTES + 1;
    for (let at = 2; at <= 50; at++) {
      push({ name: 'registry.frame', payload: frame({ at, instances: [{ service: 'svc', upserts: [view('a:1', at % 2 ? 'healthy' : 'unhealthy')], removed: [] }] }) });
    }
    expect(sent).toHaveLength(1);
    expect(session.merged).toBe(48);

    socket.bufferedAmount = 0;
    await vi.waitFor(() => expect(sent).toHaveLength(2), { timeout: 2000, interval: 10 });
    expect(sent[1]?.payload).toMatchObject({ at: 50, instances: [{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: [] }] });
    await session.close();
    expect(detached()).toBe(true);
  });
});

describe('WindowEventForwarder', () => {
  it('holds events until the page is ready and never sends to a destroyed window', () => {
    const sent: unknown[] = [];
    let destroyed = false;
    const { host, push } = fakeHost();
    const forwarder = new WindowEventForwarder({ isDestroyed: () => destroyed, send: (_channel, payload) => sent.push(payload) }, host, 'window-1');
    const sandbox = (running: boolean): HostEvent => ({ name: 'sandbox.state', payload: { available: true, running, connectionString: null, demo: false, message: null } });
    push(sandbox(false));
    push(sandbox(true));
    expect(sent).toEqual([]);
    expect(forwarder.heldCount).toBe(1);
    forwarder.setReady();
    expect(sent).toEqual([{ name: 'sandbox.state', payload: expect.objectContaining({ running: true }) }]);
    destroyed = true;
    push(sandbox(false));
    expect(sent).toHaveLength(1);
  });
});

describe('window state', () => {
  it('keeps saved bounds only when a display shows them', () => {
    const saved = { bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(visibleState(saved, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual(saved);
    expect(visibleState(saved, [{ x: 3000, y: 0, width: 1920, height: 1080 }])).toMatchObject({ bounds: { width: 1000, height: 700, x: 0, y: 0 } });
    expect(visibleState(undefined, [])).toBeUndefined();
  });
});

describe('SafeStorageSecretStore', () => {
  const reversing = { isEncryptionAvailable: () => true, encryptString: (text: string) => Buffer.from([...text].reverse().join('')), decryptString: (data: Buffer) => [...data.toString()].reverse().join('') };

  it('writes only ciphertext, and reads it back in a new store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SafeStorageSecretStore(dir, reversing, silentLogger);
    await store.set('profile:1:digest', 'ops:secret');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('ops:secret');
    const again = new SafeStorageSecretStore(dir, reversing, silentLogger);
    expect(await again.get('profile:1:digest')).toBe('ops:secret');
    await again.delete('profile:1:digest');
    expect(await new SafeStorageSecretStore(dir, reversing, silentLogger).has('profile:1:digest')).toBe(false);
  });

  it('keeps secrets in memory only when the OS has no real encryption', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SafeStorageSecretStore(dir, { ...reversing, getSelectedStorageBackend: () => 'basic_text' }, silentLogger);
    await store.set('k', 'user:pw');
    expect(store.persistent).toBe(false);
    expect(await store.get('k')).toBe('user:pw');
    expect(() => readFileSync(join(dir, 'secrets.json'))).toThrow();
  });
});

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP and refuses anything outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'renderer', 'assets', 'link.txt'));
    const root = join(dir, 'renderer');
    const index = await answerAppRequest(root, 'app://ranger-desk/', "default-src 'self'");
    expect(index).toMatchObject({ status: 200, headers: { 'Content-Security-Policy': "default-src 'self'", 'Content-Type': 'text/html; charset=utf-8' } });
    expect((await answerAppRequest(root, 'app://ranger-desk/assets/a.js', 'x')).headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    for (const url of ['app://ranger-desk/../secret.txt', 'app://ranger-desk/%2e%2e/secret.txt', 'app://ranger-desk/assets/link.txt', 'app://other/index.html']) {
      const answer = await answerAppRequest(root, url, 'x');
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(String(answer.body), url).not.toContain('secret');
    }
  });
});
