import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionView, RegistryFrame } from '../../shared/contract.js';
import { RangerServiceProvider, ZkSession } from '../../electron/engine/index.js';
import { MemorySecretStore, RangerHost, type HostEvent, type SecretStore } from '../../electron/host/index.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ranger-host-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function makeHost(dataDir = tempDir(), secrets: SecretStore = new MemorySecretStore()): { host: RangerHost; events: HostEvent[]; frames: RegistryFrame[] } {
  const host = new RangerHost({ dataDir, secrets, mode: 'web', version: '0.0.0-test' });
  const events: HostEvent[] = [];
  const frames: RegistryFrame[] = [];
  host.onEvent((event) => {
    events.push(event);
    if (event.name === 'registry.frame') frames.push(event.payload);
  });
  cleanups.push(() => host.dispose());
  return { host, events, frames };
}

async function connect(host: RangerHost, events: HostEvent[]): Promise<ConnectionView> {
  const profile = await host.request('profiles.save', { name: 'test cluster', connectionString: zkConnectionString() });
  const opened = await host.request('connections.open', { profileId: profile.id });
  await vi.waitFor(
    () => expect(events.some((event) => event.name === 'connection.state' && event.payload.id === opened.id && event.payload.state === 'connected')).toBe(true),
    { timeout: 10_000, interval: 20 },
  );
  return opened;
}

function provider(namespace: string, service: string, port: number, options: { healthCheck?: () => boolean; zk?: string | ZkSession; updateIntervalMs?: number } = {}): RangerServiceProvider {
  const instance = new RangerServiceProvider({
    zk: options.zk ?? zkConnectionString(),
    updateIntervalMs: options.updateIntervalMs ?? 200,
    healthCheck: options.healthCheck,
    service: { host: '127.0.0.1', port, environment: 'stage', region: 'eu-1', tags: ['api'], namespace, serviceName: service },
  });
  cleanups.push(() => instance.stop());
  return instance;
}

function upsertsOf(frames: RegistryFrame[], service: string): RegistryFrame['instances'][number]['upserts'] {
  return frames.flatMap((frame) => frame.instances.filter((entry) => entry.service === service).flatMap((entry) => entry.upserts));
}

function heartbeatsOf(frames: RegistryFrame[], service: string): NonNullable<RegistryFrame['instances'][number]['heartbeats']> {
  return frames.flatMap((frame) => frame.instances.filter((entry) => entry.service === service).flatMap((entry) => entry.heartbeats ?? []));
}

describe('RangerHost requests', () => {
  it('rejects unknown requests and invalid params with a message naming the field', async () => {
    const { host } = makeHost();
    expect(await host.handle('registry.drop-everything', {})).toEqual({ ok: false, error: { code: 'unknown-request', message: expect.stringContaining('registry.drop-everything') } });
    const emptyName = await host.handle('profiles.save', { name: '  ', connectionString: 'localhost:2181' });
    expect(emptyName).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/name/) } });
    const badNamespace = await host.handle('registry.subscribe', { connectionId: 'c1', namespace: 'a/b' });
    expect(badNamespace).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/namespace/) } });
    const extraField = await host.handle('connections.open', { profileId: 'p', evil: true });
    expect(extraField).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/evil/) } });
    const notAnObject = await host.handle('registry.node', 'just a string');
    expect(notAnObject).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await host.handle('registry.node', { connectionId: 'nope', path: '/x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await host.handle('app.info', {})).toEqual({ ok: true, result: { version: '0.0.0-test', mode: 'web', platform: process.platform } });
  });

  it('saves profiles atomically, reloads them in a new host, and never returns credentials', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const { host } = makeHost(dataDir, secrets);
    const saved = await host.request('profiles.save', { name: 'prod', connectionString: 'zk1:2181,zk2:2181/chroot', readOnly: true, digestAuth: 'ops:s3cret-pass' });
    expect(saved).toEqual({ id: expect.any(String), name: 'prod', connectionString: 'zk1:2181,zk2:2181/chroot', sessionTimeoutMs: 15_000, readOnly: true, hasCredentials: true });
    await host.request('profiles.save', { name: 'stage', connectionString: 'stage:2181' });

    const file = readFileSync(join(dataDir, 'profiles.json'), 'utf8');
    expect(file).not.toContain('s3cret');
    expect(JSON.stringify(await host.request('profiles.list', {}))).not.toContain('s3cret');
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dataDir)).toEqual(['profiles.json']);

    const { host: second } = makeHost(dataDir, secrets);
    const reloaded = await second.request('profiles.list', {});
    expect(reloaded.map((profile) => profile.name)).toEqual(['prod', 'stage']);
    expect(reloaded[0]).toEqual(saved);

    // Keeping the stored credentials when absent, clearing them with null.
    const renamed = await second.request('profiles.save', { id: saved.id, name: 'production', connectionString: saved.connectionString });
    expect(renamed).toMatchObject({ name: 'production', readOnly: true, hasCredentials: true });
    expect(await second.request('profiles.save', { id: saved.id, name: 'production', connectionString: saved.connectionString, digestAuth: null })).toMatchObject({ hasCredentials: false });
    expect(await second.request('profiles.delete', { id: saved.id })).toEqual({ deleted: true });
    expect(await second.request('profiles.delete', { id: saved.id })).toEqual({ deleted: false });
    expect(await second.handle('profiles.save', { id: 'no-such-id', name: 'x', connectionString: 'x:1' })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    // A new in-memory secret store knows nothing: web mode credentials last only as long as the process.
    const { host: third } = makeHost(dataDir, new MemorySecretStore());
    expect((await third.request('profiles.list', {}))[0]).toMatchObject({ name: 'stage', hasCredentials: false });
  });

  it('survives a corrupt profiles file by keeping a .corrupt copy and starting empty', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'profiles.json'), '{"version":1,"profiles":[{"id":');
    const { host } = makeHost(dataDir);
    expect(await host.request('profiles.list', {})).toEqual([]);
    expect(readFileSync(join(dataDir, 'profiles.json.corrupt'), 'utf8')).toBe('{"version":1,"profiles":[{"id":');
    await host.request('profiles.save', { name: 'fresh', connectionString: 'localhost:2181' });
    expect(JSON.parse(readFileSync(join(dataDir, 'profiles.json'), 'utf8'))).toMatchObject({ version: 1, profiles: [{ name: 'fresh' }] });

    // Salvages the readable entries of a file with a bad one.
    const mixed = tempDir();
    writeFileSync(join(mixed, 'profiles.json'), JSON.stringify({ version: 1, profiles: [{ id: 'a', name: 'ok', connectionString: 'h:1', sessionTimeoutMs: 5000, readOnly: false }, { id: 'b', name: 42 }] }));
    const { host: salvaging } = makeHost(mixed);
    expect((await salvaging.request('profiles.list', {})).map((profile) => profile.id)).toEqual(['a']);
    expect(existsSync(join(mixed, 'profiles.json.corrupt'))).toBe(true);
  });
});

describe('RangerHost on a real ZooKeeper', () => {
  it('connects, reports the session, lists namespaces, children and nodes', async () => {
    const { host, events } = makeHost();
    const namespace = uniqueNamespace('host');
    await provider(namespace, 'orders', 9101).start();
    const connection = await connect(host, events);
    const connected = events.findLast((event) => event.name === 'connection.state' && event.payload.state === 'connected');
    expect(connected?.payload).toMatchObject({ id: connection.id, sessionId: expect.stringMatching(/^[0-9a-f]+$/), sandbox: false });
    expect(await host.request('connections.list', {})).toEqual([expect.objectContaining({ id: connection.id, state: 'connected' })]);
    // Opening the same profile again joins the open connection.
    expect((await host.request('connections.open', { profileId: connection.profileId ?? '' })).id).toBe(connection.id);

    const namespaces = await host.request('registry.namespaces', { connectionId: connection.id });
    expect(namespaces).toContainEqual({ name: namespace, serviceCount: 1 });
    expect(namespaces.map((entry) => entry.name)).not.toContain('zookeeper');

    expect(await host.request('registry.children', { connectionId: connection.id, path: `/${namespace}` })).toEqual([
      { name: 'orders', path: `/${namespace}/orders`, numChildren: 1, dataLength: 0, ephemeralOwner: '0' },
    ]);
    const node = await host.request('registry.node', { connectionId: connection.id, path: `/${namespace}/orders/127.0.0.1:9101` });
    expect(node).toMatchObject({ exists: true, instance: { host: '127.0.0.1', port: 9101, environment: 'stage', healthcheckStatus: 'healthy', unreadable: null } });
    expect(node.prettyJson).toContain('\n  "host": "127.0.0.1"');
    expect(Buffer.from(node.base64, 'base64').toString('utf8')).toBe(node.text);
    expect(node.stat?.ephemeralOwner).not.toBe('0');
    expect(await host.request('registry.node', { connectionId: connection.id, path: `/${namespace}/nothing-here` })).toMatchObject({ exists: false, stat: null });

    expect(await host.request('connections.close', { connectionId: connection.id })).toEqual({ closed: true });
    expect(events.at(-1)).toMatchObject({ name: 'connection.state', payload: { id: connection.id, state: 'closed', sessionId: null } });
    expect(await host.request('connections.list', {})).toEqual([]);
  });

  it('subscribes with a snapshot of what providers wrote, then frames for health flips and removals', async () => {
    const { host, events, frames } = makeHost();
    const namespace = uniqueNamespace('host');
    let paymentsHealthy = true;
    const orders1 = provider(namespace, 'orders', 9201);
    const orders2 = provider(namespace, 'orders', 9202);
    const payments = provider(namespace, 'payments', 9301, { healthCheck: () => paymentsHealthy });
    await Promise.all([orders1.start(), orders2.start(), payments.start()]);
    const connection = await connect(host, events);

    const snapshot = await host.request('registry.subscribe', { connectionId: connection.id, namespace });
    expect(snapshot.services).toEqual([
      { service: 'orders', counts: { healthy: 2, unhealthy: 0, zombie: 0, unreadable: 0, total: 2 } },
      { service: 'payments', counts: { healthy: 1, unhealthy: 0, zombie: 0, unreadable: 0, total: 1 } },
    ]);
    expect(snapshot.instances.orders?.map((view) => view.name)).toEqual(['127.0.0.1:9201', '127.0.0.1:9202']);
    expect(snapshot.instances.payments?.[0]).toMatchObject({
      host: '127.0.0.1',
      port: 9301,
      environment: 'stage',
      region: 'eu-1',
      tags: ['api'],
      healthcheckStatus: 'healthy',
      owner: payments.zkSession.sessionId,
      unreadable: null,
    });

    paymentsHealthy = false;
    await vi.waitFor(
      () => {
        const flip = frames.find((frame) => frame.log.some((entry) => entry.kind === 'health-changed' && entry.instance === '127.0.0.1:9301'));
        expect(flip?.log.find((entry) => entry.kind === 'health-changed')?.detail).toBe('healthy → unhealthy');
        expect(flip?.services).toContainEqual({ service: 'payments', counts: { healthy: 0, unhealthy: 1, zombie: 0, unreadable: 0, total: 1 } });
        expect(flip?.instances.find((entry) => entry.service === 'payments')?.upserts[0]?.healthcheckStatus).toBe('unhealthy');
      },
      { timeout: 5000, interval: 20 },
    );

    await orders2.stop();
    await vi.waitFor(
      () => {
        const removal = frames.find((frame) => frame.instances.some((entry) => entry.service === 'orders' && entry.removed.includes('127.0.0.1:9202')));
        expect(removal?.log).toContainEqual(expect.objectContaining({ kind: 'instance-removed', service: 'orders', instance: '127.0.0.1:9202' }));
        expect(removal?.services).toContainEqual({ service: 'orders', counts: { healthy: 1, unhealthy: 0, zombie: 0, unreadable: 0, total: 1 } });
      },
      { timeout: 5000, interval: 20 },
    );

    // A new instance and a new service arrive with log entries; heartbeats arrive as patches without any.
    await provider(namespace, 'search', 9401).start();
    await vi.waitFor(
      () => {
        const log = frames.flatMap((frame) => frame.log);
        expect(log).toContainEqual(expect.objectContaining({ kind: 'service-added', service: 'search' }));
        expect(log).toContainEqual(expect.objectContaining({ kind: 'instance-added', service: 'search', instance: '127.0.0.1:9401' }));
      },
      { timeout: 5000, interval: 20 },
    );
    const heartbeats = () => heartbeatsOf(frames, 'orders').filter((patch) => patch.name === '127.0.0.1:9201');
    await vi.waitFor(() => expect(heartbeats().length).toBeGreaterThanOrEqual(2), { timeout: 5000, interval: 20 });
    const [first, second] = heartbeats();
    expect(second?.lastUpdatedMs).toBeGreaterThan(first?.lastUpdatedMs ?? Infinity);
    expect(second?.version).toBeGreaterThan(first?.version ?? Infinity);
    expect(upsertsOf(frames, 'orders').filter((view) => view.name === '127.0.0.1:9201')).toEqual([]);
    expect(frames.flatMap((frame) => frame.log).filter((entry) => entry.instance === '127.0.0.1:9201')).toEqual([]);
    // The host's own view of it follows the heartbeats (snapshots are built from it).
    const latest = heartbeats().at(-1);
    const again = await host.request('registry.subscribe', { connectionId: connection.id, namespace });
    const held = again.instances.orders?.find((view) => view.name === '127.0.0.1:9201');
    expect(held?.version).toBeGreaterThanOrEqual(latest?.version ?? Infinity);
    expect(held?.lastUpdatedMs).toBeGreaterThanOrEqual(latest?.lastUpdatedMs ?? Infinity);

    // The timeline samples once a second while subscribed.
    await vi.waitFor(
      async () => expect((await host.request('registry.timeline', { connectionId: connection.id, namespace, service: 'payments' })).at(-1)).toMatchObject({ healthy: 0, unhealthy: 1 }),
      { timeout: 5000, interval: 100 },
    );
    expect(await host.handle('registry.timeline', { connectionId: connection.id, namespace: 'not-followed', service: 'x' })).toMatchObject({ ok: false, error: { code: 'not-found' } });

    expect(await host.request('registry.unsubscribe', { connectionId: connection.id, namespace })).toEqual({ unsubscribed: true });
    expect(await host.request('registry.unsubscribe', { connectionId: connection.id, namespace })).toEqual({ unsubscribed: false });
  });

  it('coalesces 50 instances heartbeating every 100 ms into at most ~10 frames a second', async () => {
    const { host, events, frames } = makeHost();
    const namespace = uniqueNamespace('burst');
    const shared = await openSession({ sessionTimeoutMs: 10_000 });
    shared.setMaxListeners(0);
    cleanups.push(() => shared.close());
    const providers = Array.from({ length: 50 }, (_, index) => provider(namespace, `svc-${index % 5}`, 10_000 + index, { zk: shared, updateIntervalMs: 100 }));
    await Promise.all(providers.map((instance) => instance.start()));
    const connection = await connect(host, events);
    const snapshot = await host.request('registry.subscribe', { connectionId: connection.id, namespace });
    expect(Object.values(snapshot.instances).flat()).toHaveLength(50);

    const windowStart = Date.now();
    const startIndex = frames.length;
    await vi.waitFor(() => expect(Date.now() - windowStart).toBeGreaterThanOrEqual(2000), { timeout: 5000, interval: 50 });
    const inWindow = frames.slice(startIndex).filter((frame) => frame.at - windowStart <= 2000);
    const changes = inWindow.reduce((sum, frame) => sum + frame.instances.reduce((n, entry) => n + entry.upserts.length + (entry.heartbeats?.length ?? 0), 0), 0);
    // 50 instances x 10 writes a second x 2 s = ~1000 writes, in at most ~10 frames a second.
    expect(inWindow.length).toBeLessThanOrEqual(22);
    expect(inWindow.length).toBeGreaterThanOrEqual(10);
    expect(changes).toBeGreaterThan(300);
    // Each frame carries one change per instance at most: the latest reading wins. Heartbeats are patches.
    for (const frame of inWindow) {
      for (const entry of frame.instances) {
        const names = [...entry.upserts.map((view) => view.name), ...entry.removed, ...(entry.heartbeats ?? []).map((patch) => patch.name)];
        expect(new Set(names).size).toBe(names.length);
        expect(entry.upserts).toEqual([]);
      }
    }
    // Frames are at least ~100 ms apart.
    const gaps = inWindow.slice(1).map((frame, index) => frame.at - (inWindow[index]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(95);
  });

  it('shows unreadable nodes written by a raw session with their reason and keeps working', async () => {
    const { host, events, frames } = makeHost();
    const namespace = uniqueNamespace('junk');
    const raw = await openSession();
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/weird`);
    await raw.create(`/${namespace}/weird/not-json:1`, Buffer.from('hello there'), 'ephemeral');
    await raw.create(`/${namespace}/weird/empty:2`, null, 'ephemeral');
    await raw.create(`/${namespace}/weird/binary:3`, Buffer.from([0xff, 0xfe, 0x00, 0x01]), 'ephemeral');
    await raw.create(`/${namespace}/weird/no-host:4`, Buffer.from('{"port":4}'), 'ephemeral');
    await raw.create(`/${namespace}/weird/array:5`, Buffer.from('[1,2,3]'), 'ephemeral');
    await raw.create(`/${namespace}/weird/int64:6`, Buffer.from('{"host":"h","port":6,"healthcheckStatus":"HEALTHY","lastUpdatedTimeStamp":-9223372036854775808,"extra":1}'), 'ephemeral');
    await raw.create(`/${namespace}/weird/deep`, Buffer.from('persistent with children'), 'persistent');
    await raw.create(`/${namespace}/weird/deep/child`, null, 'persistent');
    await raw.create(`/${namespace}/id-generator`, null, 'persistent');
    const connection = await connect(host, events);

    const snapshot = await host.request('registry.subscribe', { connectionId: connection.id, namespace });
    expect(snapshot.services.map((summary) => summary.service)).toEqual(['weird']);
    const byName = new Map(snapshot.instances.weird?.map((view) => [view.name, view]));
    expect(byName.get('not-json:1')?.unreadable?.reason).toBe('not-json');
    expect(byName.get('empty:2')?.unreadable?.reason).toBe('empty');
    expect(byName.get('binary:3')?.unreadable?.reason).toBe('not-utf8');
    expect(byName.get('no-host:4')?.unreadable?.reason).toBe('missing-host');
    expect(byName.get('array:5')?.unreadable?.reason).toBe('not-object');
    expect(byName.get('int64:6')).toMatchObject({ unreadable: null, lastUpdatedMs: null, healthcheckStatus: 'healthy' });
    expect(byName.get('int64:6')?.warnings.length).toBeGreaterThan(0);
    expect(snapshot.services[0]?.counts).toMatchObject({ unreadable: 6, zombie: 1, total: 7 });

    const detail = await host.request('registry.node', { connectionId: connection.id, path: `/${namespace}/weird/binary:3` });
    expect(detail).toMatchObject({ text: null, prettyJson: null, base64: Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64'), instance: { unreadable: { reason: 'not-utf8' } } });
    const int64 = await host.request('registry.node', { connectionId: connection.id, path: `/${namespace}/weird/int64:6` });
    expect(int64.prettyJson).toContain('-9223372036854775808');
    expect(await host.request('registry.node', { connectionId: connection.id, path: `/${namespace}/id-generator` })).toMatchObject({ instance: null });

    // Garbage written later arrives in a frame, still with its reason.
    await raw.setData(`/${namespace}/weird/no-host:4`, Buffer.from('{{{'));
    await vi.waitFor(
      () => expect(upsertsOf(frames, 'weird').find((view) => view.name === 'no-host:4')?.unreadable?.reason).toBe('not-json'),
      { timeout: 5000, interval: 20 },
    );
    await raw.create(`/${namespace}/weird/late:7`, Buffer.from('\u0000'), 'ephemeral');
    await vi.waitFor(
      () => expect(frames.flatMap((frame) => frame.log)).toContainEqual(expect.objectContaining({ kind: 'instance-added', instance: 'late:7', detail: 'added, unreadable (not-json)' })),
      { timeout: 5000, interval: 20 },
    );
    expect(await host.request('app.info', {})).toMatchObject({ mode: 'web' });
    expect(await host.request('registry.namespaces', { connectionId: connection.id })).toContainEqual({ name: namespace, serviceCount: 1 });
  });

  it('delivers frames only to the clients that subscribed, and stops a feed when its last client leaves', async () => {
    const { host, events } = makeHost();
    const namespace = uniqueNamespace('clients');
    let healthy = true;
    await provider(namespace, 'orders', 9501, { healthCheck: () => healthy }).start();
    const connection = await connect(host, events);
    const seen = { a: [] as RegistryFrame[], b: [] as RegistryFrame[] };
    host.onEvent((event) => event.name === 'registry.frame' && seen.a.push(event.payload), { clientId: 'a' });
    host.onEvent((event) => event.name === 'registry.frame' && seen.b.push(event.payload), { clientId: 'b' });
    await host.request('registry.subscribe', { connectionId: connection.id, namespace }, 'a');
    healthy = false;
    await vi.waitFor(() => expect(seen.a.some((frame) => frame.log.some((entry) => entry.kind === 'health-changed'))).toBe(true), { timeout: 5000, interval: 20 });
    expect(seen.b).toEqual([]);

    await host.detachClient('a');
    const countAfterDetach = seen.a.length;
    healthy = true;
    // Client b subscribes afresh: it sees the recovery; a (gone) sees nothing more.
    const snapshot = await host.request('registry.subscribe', { connectionId: connection.id, namespace }, 'b');
    await vi.waitFor(
      () => {
        const latest = [...snapshot.instances.orders ?? [], ...seen.b.flatMap((frame) => frame.instances.flatMap((entry) => entry.upserts))].at(-1);
        expect(latest?.healthcheckStatus).toBe('healthy');
      },
      { timeout: 5000, interval: 20 },
    );
    expect(seen.a.length).toBe(countAfterDetach);
  });

  it('starts a sandbox with demo services, opens it, and stops it cleanly', async () => {
    const { host, events } = makeHost();
    expect(await host.request('sandbox.status', {})).toEqual({ available: true, running: false, connectionString: null, demo: false, message: null });
    const started = await host.request('sandbox.start', { demo: true });
    expect(started).toMatchObject({ available: true, running: true, demo: true, connectionString: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    expect(events).toContainEqual({ name: 'sandbox.state', payload: started });
    const [connection] = await host.request('connections.list', {});
    expect(connection).toMatchObject({ sandbox: true, profileId: 'sandbox', connectionString: started.connectionString });
    expect((await host.request('profiles.list', {})).map((profile) => profile.id)).toContain('sandbox');

    const snapshot = await host.request('registry.subscribe', { connectionId: connection?.id ?? '', namespace: 'demo' });
    expect(snapshot.services.map((summary) => summary.service)).toEqual(['inventory', 'orders', 'payments']);
    expect(Object.values(snapshot.instances).flat()).toHaveLength(12);

    expect(await host.request('sandbox.stop', {})).toEqual({ available: true, running: false, connectionString: null, demo: false, message: null });
    expect(await host.request('connections.list', {})).toEqual([]);
    expect((await host.request('profiles.list', {})).map((profile) => profile.id)).not.toContain('sandbox');
  });
});
