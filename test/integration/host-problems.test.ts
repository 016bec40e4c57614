import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionView } from '../../shared/contract.js';
import type { NodeReport } from '../../shared/model/problems.js';
import { MemorySecretStore, RangerHost, type HostEvent } from '../../electron/host/index.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';
import { javaNodeBytes } from '../support/java-node.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const within = { timeout: 8000, interval: 20 };

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ranger-host-problems-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function makeHost(dataDir = tempDir()): { host: RangerHost; events: HostEvent[]; dataDir: string } {
  const host = new RangerHost({ dataDir, secrets: new MemorySecretStore(), mode: 'web', version: '0.0.0-test' });
  const events: HostEvent[] = [];
  host.onEvent((event) => events.push(event));
  cleanups.push(() => host.dispose());
  return { host, events, dataDir };
}

/** Opens a connection and waits until it is connected (closing a session mid-handshake trips the ZooKeeper client). */
async function connect(host: RangerHost, options: { name?: string; readOnly?: boolean } = {}): Promise<ConnectionView> {
  const profile = await host.request('profiles.save', { name: options.name ?? 'test cluster', connectionString: zkConnectionString(), readOnly: options.readOnly });
  const opened = await host.request('connections.open', { profileId: profile.id });
  await vi.waitFor(async () => expect((await host.request('connections.list', {})).find((view) => view.id === opened.id)?.state).toBe('connected'), within);
  return opened;
}

/** A namespace with a zombie, a persistent node, broken data and a healthy node, written by a raw session. */
async function pathologies(): Promise<{ namespace: string; raw: Awaited<ReturnType<typeof openSession>>; paths: Record<'zombie' | 'persistent' | 'broken' | 'healthy', string> }> {
  const namespace = uniqueNamespace('hostprob');
  const raw = await openSession({ sessionTimeoutMs: 30_000 });
  cleanups.push(() => raw.close());
  await raw.ensurePath(`/${namespace}/svc`);
  await raw.ensurePath(`/${namespace}/id-generator`);
  const now = Date.now();
  const paths = {
    zombie: `/${namespace}/svc/10.1.0.1:1`,
    persistent: `/${namespace}/svc/10.1.0.2:2`,
    broken: `/${namespace}/svc/10.1.0.3:3`,
    healthy: `/${namespace}/svc/10.1.0.4:4`,
  };
  await Promise.all([
    // A live session whose heartbeat stopped five minutes ago.
    raw.create(paths.zombie, javaNodeBytes('10.1.0.1', 1, BigInt(now - 300_000)), 'ephemeral'),
    raw.create(paths.persistent, javaNodeBytes('10.1.0.2', 2, BigInt(now)), 'persistent'),
    raw.create(paths.broken, Buffer.from('{"host": "10.1.0.3", "port": '), 'ephemeral'),
    raw.create(paths.healthy, javaNodeBytes('10.1.0.4', 4, BigInt(now)), 'ephemeral'),
    raw.create(`/${namespace}/id-generator/node-0000001`, null, 'ephemeral'),
  ]);
  cleanups.push(() => raw.remove(paths.persistent).catch(() => undefined));
  return { namespace, raw, paths };
}

function byPath(reports: NodeReport[]): Map<string, NodeReport> {
  return new Map(reports.map((report) => [report.path, report]));
}

describe('RangerHost stale-node forensics on a real ZooKeeper', () => {
  it('scans a namespace and exports the report as JSON or CSV', async () => {
    const { namespace, paths } = await pathologies();
    const { host } = makeHost();
    const connection = await connect(host);

    const scan = await host.request('problems.scan', { connectionId: connection.id, namespace });
    expect(scan).toMatchObject({ namespace, instanceCount: 4, orphanCheck: { checked: true } });
    const reports = byPath(scan.reports);
    expect([...reports.keys()].sort()).toEqual([paths.zombie, paths.persistent, paths.broken].sort());
    expect(reports.get(paths.zombie)?.codes).toEqual(['zombie']);
    expect(reports.get(paths.persistent)?.codes).toEqual(['persistent']);
    expect(reports.get(paths.broken)?.codes).toEqual(['broken-data']);
    expect(reports.get(paths.zombie)?.problems[0]?.message).toEqual(expect.any(String));

    // The threshold is the caller's: with a 10-minute one the five-minute-old heartbeat is no zombie.
    const lenient = await host.request('problems.scan', { connectionId: connection.id, namespace, zombieThresholdMs: 600_000 });
    expect(byPath(lenient.reports).has(paths.zombie)).toBe(false);

    const csv = await host.request('problems.export', { connectionId: connection.id, namespace, format: 'csv' });
    expect(csv.filename).toMatch(new RegExp(`^ranger-problems-${namespace}-\\d{8}T\\d{6}Z\\.csv$`));
    const lines = csv.content.split('\r\n');
    expect(lines[0]).toBe('path,namespace,service,name,codes,messages,javaServes,pythonServes,owner,version,modified');
    expect(lines).toHaveLength(3 + 2);
    expect(lines.some((line) => line.startsWith(`${paths.persistent},${namespace},svc,10.1.0.2:2,persistent,`))).toBe(true);

    const json = await host.request('problems.export', { connectionId: connection.id, namespace, format: 'json' });
    expect(json.filename).toMatch(/\.json$/);
    const exported = JSON.parse(json.content) as NodeReport[];
    expect(exported.map((report) => report.path).sort()).toEqual([paths.zombie, paths.persistent, paths.broken].sort());

    expect(await host.handle('problems.scan', { connectionId: connection.id, namespace: 'a/b' })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/namespace/) } });
    expect(await host.handle('problems.scan', { connectionId: connection.id, namespace, zombieThresholdMs: 10 })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/zombieThresholdMs/) } });
    expect(await host.handle('problems.scan', { connectionId: 'no-such-connection', namespace })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('deletes confirmed nodes guarded by the version seen, and keeps an audit log', async () => {
    const { namespace, raw, paths } = await pathologies();
    const { host, dataDir } = makeHost();
    const connection = await connect(host, { name: 'staging cluster' });
    const scan = await host.request('problems.scan', { connectionId: connection.id, namespace });
    const reports = byPath(scan.reports);
    const version = (path: string): number => reports.get(path)?.version ?? -1;

    // The persistent node's writer comes back between the scan and the delete: its version moves on.
    await raw.setData(paths.persistent, javaNodeBytes('10.1.0.2', 2, BigInt(Date.now())));
    const outcomes = await host.request('problems.delete', {
      connectionId: connection.id,
      targets: [
        { path: paths.zombie, version: version(paths.zombie), reason: 'zombie: no heartbeat for 5 minutes' },
        { path: paths.persistent, version: version(paths.persistent), reason: 'persistent' },
        { path: paths.broken, version: version(paths.broken), reason: 'broken-data' },
        // A fresh healthy node is never deleted, whatever was selected.
        { path: paths.healthy, version: 0, reason: 'selected by mistake' },
      ],
    });
    expect(outcomes).toEqual([
      { path: paths.zombie, result: 'deleted' },
      { path: paths.persistent, result: 'skipped-changed', detail: expect.stringMatching(/version 0 -> 1/) },
      { path: paths.broken, result: 'deleted' },
      { path: paths.healthy, result: 'skipped-healthy', detail: expect.any(String) },
    ]);
    expect(await raw.exists(paths.zombie)).toBeNull();
    expect(await raw.exists(paths.broken)).toBeNull();
    expect(await raw.exists(paths.persistent)).not.toBeNull();
    expect(await raw.exists(paths.healthy)).not.toBeNull();

    const audit = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { at: string; connection: string; path: string; result: string; reason: string; dataText: string | null });
    expect(audit.map((entry) => [entry.path, entry.result])).toEqual([
      [paths.zombie, 'deleted'],
      [paths.persistent, 'skipped-changed'],
      [paths.broken, 'deleted'],
      [paths.healthy, 'skipped-healthy'],
    ]);
    expect(audit[0]).toMatchObject({ connection: 'staging cluster', reason: 'zombie: no heartbeat for 5 minutes', dataText: expect.stringContaining('"host":"10.1.0.1"') });
    expect(audit[2]?.dataText).toBe('{"host": "10.1.0.3", "port": ');
    expect(new Date(audit[0]?.at ?? '').getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Deleting again: the node is gone, and that is appended too.
    expect(await host.request('problems.delete', { connectionId: connection.id, targets: [{ path: paths.zombie, version: 0, reason: 'again' }] })).toEqual([
      { path: paths.zombie, result: 'gone' },
    ]);
    expect(readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n')).toHaveLength(5);
  });

  it('deletes only instance nodes: other depths, helper trees and ZooKeeper\'s own tree are refused', async () => {
    const { namespace, raw } = await pathologies();
    const { host, dataDir } = makeHost();
    const connection = await connect(host);
    for (const path of [`/${namespace}`, `/${namespace}/svc`, `/${namespace}/svc/10.1.0.1:1/child`, `/${namespace}/id-generator/node-0000001`, '/zookeeper/quota/x']) {
      const refused = await host.handle('problems.delete', { connectionId: connection.id, targets: [{ path, version: 0, reason: 'test' }] });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining(path) } });
    }
    expect(await host.handle('problems.delete', { connectionId: connection.id, targets: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/select at least one node/) } });
    expect(await raw.exists(`/${namespace}/svc`)).not.toBeNull();
    expect(await raw.exists(`/${namespace}/id-generator/node-0000001`)).not.toBeNull();
    expect(existsSync(join(dataDir, 'audit.jsonl'))).toBe(false);
  });

  it('cleans up a leftover persistent node that blocks a registration, which then takes its place', async () => {
    const namespace = uniqueNamespace('hostprob');
    const raw = await openSession({ sessionTimeoutMs: 30_000 });
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/svc`);
    const path = `/${namespace}/svc/127.0.0.1:9411`;
    // Left behind by a buggy client, persistent and five minutes stale.
    await raw.create(path, javaNodeBytes('127.0.0.1', 9411, BigInt(Date.now() - 300_000)), 'persistent');
    cleanups.push(() => raw.remove(path).catch(() => undefined));

    const { host } = makeHost();
    const connection = await connect(host, { name: 'dev' });
    const registration = await host.request('registrations.create', {
      profileId: connection.profileId ?? '',
      serviceName: 'svc',
      namespace,
      host: '127.0.0.1',
      port: 9411,
      environment: 'local',
      updateIntervalMs: 500,
    });
    expect(await host.request('registrations.start', { id: registration.id })).toMatchObject({ state: 'conflict', conflict: { path, owner: '0' } });

    const report = byPath((await host.request('problems.scan', { connectionId: connection.id, namespace })).reports).get(path);
    expect(report?.codes).toEqual(expect.arrayContaining(['zombie', 'persistent']));
    expect(await host.request('problems.delete', { connectionId: connection.id, targets: [{ path, version: report?.version ?? -1, reason: 'leftover' }] })).toEqual([
      { path, result: 'deleted' },
    ]);
    const started = await host.request('registrations.start', { id: registration.id });
    expect(started.state).toBe('registered');
    expect((await raw.exists(path))?.ephemeralOwner).toBe(started.owner);
  });

  it('refuses to delete through a read-only profile, and leaves our own registrations to be stopped', async () => {
    const { namespace, raw, paths } = await pathologies();
    const { host, dataDir } = makeHost();
    const readOnly = await connect(host, { name: 'prod', readOnly: true });
    const scan = await host.request('problems.scan', { connectionId: readOnly.id, namespace });
    const zombie = byPath(scan.reports).get(paths.zombie);
    expect(zombie?.codes).toEqual(['zombie']);
    const refused = await host.handle('problems.delete', { connectionId: readOnly.id, targets: [{ path: paths.zombie, version: zombie?.version ?? 0, reason: 'zombie' }] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only', message: expect.stringMatching(/prod/) } });
    expect(await raw.exists(paths.zombie)).not.toBeNull();
    expect(existsSync(join(dataDir, 'audit.jsonl'))).toBe(false);

    // A registration of ours, drained (so it reads unhealthy), is not deleted behind its provider's back.
    const writable = await host.request('profiles.save', { name: 'dev', connectionString: zkConnectionString() });
    const registration = await host.request('registrations.create', { profileId: writable.id, serviceName: 'svc', namespace, host: '127.0.0.1', port: 9401, environment: 'local', updateIntervalMs: 500 });
    await host.request('registrations.start', { id: registration.id });
    await host.request('registrations.drain', { id: registration.id, drained: true });
    const connection = (await host.request('connections.list', {})).find((view) => view.profileId === writable.id);
    await vi.waitFor(async () => {
      const report = byPath((await host.request('problems.scan', { connectionId: connection?.id ?? '', namespace })).reports).get(registration.path);
      expect(report?.codes).toEqual(['unhealthy']);
    }, within);
    const ownNode = await raw.exists(registration.path);
    const outcomes = await host.request('problems.delete', {
      connectionId: connection?.id ?? '',
      targets: [
        { path: registration.path, version: ownNode?.version ?? 0, reason: 'unhealthy' },
        { path: paths.zombie, version: zombie?.version ?? 0, reason: 'zombie' },
      ],
    });
    expect(outcomes).toEqual([
      { path: registration.path, result: 'failed', detail: expect.stringMatching(/registration.*stop it instead/) },
      { path: paths.zombie, result: 'deleted' },
    ]);
    expect(await raw.exists(registration.path)).not.toBeNull();
  });
});
