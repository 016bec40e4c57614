import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistryFrame } from '../../shared/contract.js';
import type { InstanceView } from '../../shared/model/instance-view.js';
import type { RegistrationInput, RegistrationView } from '../../shared/registration.js';
import { RangerServiceProvider } from '../../electron/engine/index.js';
import { MemorySecretStore, RangerHost, type HostEvent } from '../../electron/host/index.js';
import { hostChoices } from '../../electron/host/local-addresses.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const within = { timeout: 8000, interval: 20 };

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ranger-host-reg-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

interface Harness {
  host: RangerHost;
  events: HostEvent[];
  frames: RegistryFrame[];
  /** The latest pushed view of each registration. */
  pushed: Map<string, RegistrationView>;
}

function makeHost(dataDir = tempDir(), secrets = new MemorySecretStore()): Harness {
  const host = new RangerHost({ dataDir, secrets, mode: 'web', version: '0.0.0-test' });
  const events: HostEvent[] = [];
  const frames: RegistryFrame[] = [];
  const pushed = new Map<string, RegistrationView>();
  host.onEvent((event) => {
    events.push(event);
    if (event.name === 'registry.frame') frames.push(event.payload);
    if (event.name === 'registration.state') pushed.set(event.payload.id, event.payload);
  });
  cleanups.push(() => host.dispose());
  return { host, events, frames, pushed };
}

function spec(profileId: string, namespace: string, port: number, extra: Partial<RegistrationInput> = {}): RegistrationInput {
  return { profileId, serviceName: 'dev-svc', namespace, host: '127.0.0.1', port, environment: 'local', updateIntervalMs: 500, ...extra };
}

/** A local HTTP health endpoint whose status the test sets. */
async function healthServer(): Promise<{ port: number; setStatus: (status: number) => void }> {
  let status = 200;
  const server = createServer((_request, response) => {
    response.statusCode = status;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, setStatus: (next) => (status = next) };
}

async function rawSession(): Promise<Awaited<ReturnType<typeof openSession>>> {
  const session = await openSession();
  cleanups.push(() => session.close());
  return session;
}

function latestUpsert(frames: RegistryFrame[], service: string, name: string): InstanceView | undefined {
  return frames
    .flatMap((frame) => frame.instances.filter((entry) => entry.service === service).flatMap((entry) => entry.upserts))
    .filter((view) => view.name === name)
    .at(-1);
}

async function viewOf(host: RangerHost, id: string): Promise<RegistrationView | undefined> {
  return (await host.request('registrations.list', {})).find((view) => view.id === id);
}

describe('RangerHost registrations on a real ZooKeeper', () => {
  it('registers without opening the connection first, follows health, drains, and stop deletes the node at once', async () => {
    const { host, frames, pushed } = makeHost();
    const namespace = uniqueNamespace('hostreg');
    const health = await healthServer();
    const profile = await host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    expect(await host.request('connections.list', {})).toEqual([]);

    const created = await host.request(
      'registrations.create',
      spec(profile.id, namespace, health.port, { healthCheck: { url: `http://127.0.0.1:${health.port}/health`, timeoutMs: 500 } }),
    );
    expect(created).toMatchObject({ state: 'stopped', path: `/${namespace}/dev-svc/127.0.0.1:${health.port}`, owner: null });
    // Defaults are filled in by the schema.
    expect(created.spec).toMatchObject({ routingWeight: 1, portScheme: 'http', tags: [], region: null, startOnLaunch: false });
    expect(pushed.get(created.id)?.state).toBe('stopped');

    const started = await host.request('registrations.start', { id: created.id });
    expect(started.state).toBe('registered');
    // Starting opened the profile's connection, which the browse view now lists.
    const [connection] = await host.request('connections.list', {});
    expect(connection).toMatchObject({ profileId: profile.id, state: 'connected' });
    expect(started.owner).toBe(connection?.sessionId);
    expect(pushed.get(created.id)?.state).toBe('registered');

    const raw = await rawSession();
    expect((await raw.exists(started.path))?.ephemeralOwner).toBe(started.owner);
    const name = `127.0.0.1:${health.port}`;
    const snapshot = await host.request('registry.subscribe', { connectionId: connection?.id ?? '', namespace });
    expect(snapshot.instances['dev-svc']).toEqual([expect.objectContaining({ name, healthcheckStatus: 'healthy', environment: 'local', owner: started.owner })]);

    // The health endpoint fails: the node is rewritten unhealthy, the view and the browse frames say so.
    health.setStatus(503);
    await vi.waitFor(() => expect(pushed.get(created.id)?.state).toBe('unhealthy'), within);
    await vi.waitFor(() => expect(latestUpsert(frames, 'dev-svc', name)?.healthcheckStatus).toBe('unhealthy'), within);
    expect(pushed.get(created.id)?.lastHealth?.detail).toMatch(/503/);
    health.setStatus(200);
    await vi.waitFor(() => expect(pushed.get(created.id)?.state).toBe('registered'), within);
    await vi.waitFor(() => expect(latestUpsert(frames, 'dev-svc', name)?.healthcheckStatus).toBe('healthy'), within);

    // Drain publishes unhealthy on purpose, and back.
    expect(await host.request('registrations.drain', { id: created.id, drained: true })).toMatchObject({ drained: true });
    await vi.waitFor(() => expect(pushed.get(created.id)?.state).toBe('draining'), within);
    await vi.waitFor(() => expect(latestUpsert(frames, 'dev-svc', name)?.healthcheckStatus).toBe('unhealthy'), within);
    await host.request('registrations.drain', { id: created.id, drained: false });
    await vi.waitFor(() => expect(pushed.get(created.id)?.state).toBe('registered'), within);
    const current = await viewOf(host, created.id);
    expect(current?.history.length).toBeGreaterThan(3);
    expect(current?.lastWriteAt).toEqual(expect.any(Number));

    // Stop deletes the node before answering.
    const stopped = await host.request('registrations.stop', { id: created.id });
    expect(stopped).toMatchObject({ state: 'stopped', owner: null });
    expect(await raw.exists(started.path)).toBeNull();
    await vi.waitFor(() => expect(frames.some((frame) => frame.instances.some((entry) => entry.removed.includes(name)))).toBe(true), within);
    // Draining a stopped registration is refused with a reason.
    expect(await host.handle('registrations.drain', { id: created.id, drained: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('reports a node another live session owns as a conflict, and takes it over only on override', async () => {
    const { host } = makeHost();
    const namespace = uniqueNamespace('hostreg');
    const port = 9301;
    const other = new RangerServiceProvider({
      zk: zkConnectionString(),
      updateIntervalMs: 1000,
      service: { host: '127.0.0.1', port, environment: 'stage', namespace, serviceName: 'dev-svc' },
    });
    cleanups.push(() => other.stop());
    await other.start();
    const otherOwner = other.zkSession.sessionId;
    const raw = await rawSession();

    const profile = await host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const created = await host.request('registrations.create', spec(profile.id, namespace, port));
    const refused = await host.request('registrations.start', { id: created.id });
    expect(refused).toMatchObject({ state: 'conflict', conflict: { path: created.path, owner: otherOwner, data: expect.stringContaining('"environment":"stage"') } });
    expect((await raw.exists(created.path))?.ephemeralOwner).toBe(otherOwner);
    const stillTheirs = JSON.parse((await raw.getData(created.path)).data?.toString('utf8') ?? '{}') as { nodeData: { environment: string } };
    expect(stillTheirs.nodeData.environment).toBe('stage');

    // Override writes our data into their node, as Java Ranger does; the node stays theirs (same host:port, one znode).
    const taken = await host.request('registrations.start', { id: created.id, override: true });
    expect(taken).toMatchObject({ state: 'conflict', conflict: { owner: otherOwner } });
    await vi.waitFor(async () => expect((await raw.getData(created.path)).data?.toString('utf8')).toContain('"environment":"local"'), within);

    // When their provider goes away, ours registers the node under its own session.
    await other.stop();
    const [connection] = await host.request('connections.list', {});
    await vi.waitFor(async () => expect((await viewOf(host, created.id))?.state).toBe('registered'), within);
    await vi.waitFor(async () => expect((await raw.exists(created.path))?.ephemeralOwner).toBe(connection?.sessionId), within);

    await host.request('registrations.stop', { id: created.id });
  });

  it('keeps registrations across restarts, starts the "start on launch" ones, and dispose deletes every node first', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const namespace = uniqueNamespace('hostreg');
    const raw = await rawSession();
    const first = makeHost(dataDir, secrets);
    const profile = await first.host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const onLaunch = await first.host.request('registrations.create', spec(profile.id, namespace, 9311, { startOnLaunch: true, tags: ['api', 'dev'], region: 'eu-1' }));
    const manual = await first.host.request('registrations.create', spec(profile.id, namespace, 9312));
    await first.host.request('registrations.start', { id: onLaunch.id });
    await first.host.request('registrations.start', { id: manual.id });
    expect(await raw.exists(onLaunch.path)).not.toBeNull();
    expect(await raw.exists(manual.path)).not.toBeNull();
    // Written atomically: the file and the profiles, no temporary files left over.
    expect(readdirSync(dataDir).sort()).toEqual(['profiles.json', 'registrations.json']);
    expect(JSON.parse(readFileSync(join(dataDir, 'registrations.json'), 'utf8'))).toMatchObject({
      format: 'ranger-desk-registrations',
      version: 1,
      registrations: [{ id: onLaunch.id, startOnLaunch: true }, { id: manual.id, startOnLaunch: false }],
    });

    await first.host.dispose();
    expect(await raw.exists(onLaunch.path)).toBeNull();
    expect(await raw.exists(manual.path)).toBeNull();
    // Every registration was stopped (its node deleted on a live session) before the session closed.
    const order = first.events.map((event) =>
      event.name === 'registration.state' && event.payload.state === 'stopped' ? `stopped:${event.payload.id}` : event.name === 'connection.state' && event.payload.state === 'closed' ? 'closed' : '',
    );
    const closedAt = order.indexOf('closed');
    expect(closedAt).toBeGreaterThan(-1);
    expect(order.lastIndexOf(`stopped:${onLaunch.id}`)).toBeLessThan(closedAt);
    expect(order.lastIndexOf(`stopped:${manual.id}`)).toBeLessThan(closedAt);
    // A disposed host refuses new work.
    expect(await first.host.handle('registrations.list', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const second = makeHost(dataDir, secrets);
    await vi.waitFor(async () => expect((await viewOf(second.host, onLaunch.id))?.state).toBe('registered'), within);
    const listed = await second.host.request('registrations.list', {});
    expect(listed.map((view) => [view.id, view.state])).toEqual([
      [onLaunch.id, 'registered'],
      [manual.id, 'stopped'],
    ]);
    expect(listed[0]?.spec).toMatchObject({ tags: ['api', 'dev'], region: 'eu-1' });
    expect(await raw.exists(onLaunch.path)).not.toBeNull();
    expect(await raw.exists(manual.path)).toBeNull();
    expect(await second.host.request('connections.list', {})).toEqual([expect.objectContaining({ profileId: profile.id })]);

    await second.host.dispose();
    expect(await raw.exists(onLaunch.path)).toBeNull();
  });

  it('does not start registrations on launch whose profile is gone or read-only, and keeps a corrupt file aside', async () => {
    const dataDir = tempDir();
    const secrets = new MemorySecretStore();
    const namespace = uniqueNamespace('hostreg');
    const first = makeHost(dataDir, secrets);
    const profile = await first.host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const registration = await first.host.request('registrations.create', spec(profile.id, namespace, 9321, { startOnLaunch: true }));
    await first.host.request('profiles.save', { id: profile.id, name: 'dev cluster', connectionString: zkConnectionString(), readOnly: true });
    await first.host.dispose();

    const second = makeHost(dataDir, secrets);
    expect(await second.host.request('registrations.list', {})).toEqual([expect.objectContaining({ id: registration.id, state: 'stopped' })]);
    expect(await second.host.request('connections.list', {})).toEqual([]);
    await second.host.dispose();

    const text = readFileSync(join(dataDir, 'registrations.json'), 'utf8');
    const torn = text.slice(0, text.length / 2);
    writeFileSync(join(dataDir, 'registrations.json'), torn);
    const third = makeHost(dataDir, secrets);
    expect(await third.host.request('registrations.list', {})).toEqual([]);
    expect(await third.host.registrationsLoadProblem()).toMatch(/not JSON.*registrations\.json\.corrupt/);
    expect(readFileSync(join(dataDir, 'registrations.json.corrupt'), 'utf8')).toBe(torn);
    // Until something is saved, the unreadable file itself is left as it was.
    expect(readFileSync(join(dataDir, 'registrations.json'), 'utf8')).toBe(torn);
  });

  it('rejects invalid specs with invalid-request naming the field, and refuses read-only profiles', async () => {
    const { host } = makeHost();
    const namespace = uniqueNamespace('hostreg');
    const profile = await host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const base = spec(profile.id, namespace, 9331);
    const invalid: [Record<string, unknown>, RegExp][] = [
      [{ ...base, port: 70000 }, /port: port must be an integer from 1 to 65535/],
      [{ ...base, serviceName: 'a/b' }, /serviceName: service 'a\/b' must not contain '\/'/],
      [{ ...base, namespace: '' }, /namespace: namespace must not be empty/],
      [{ ...base, host: 'my host' }, /host: host must not contain/],
      [{ ...base, healthCheck: { url: 'ftp://example.com/health' } }, /healthCheck\.url: must be an http/],
      [{ ...base, updateIntervalMs: 100 }, /updateIntervalMs: update interval must be at least 500 ms/],
      [{ ...base, routingWeight: -1 }, /routingWeight/],
      [{ ...base, surprise: true }, /surprise/],
    ];
    for (const [params, message] of invalid) {
      expect(await host.handle('registrations.create', params)).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(message) } });
    }
    const created = await host.request('registrations.create', base);
    expect(await host.handle('registrations.update', { id: created.id, spec: { ...base, port: 0 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/spec\.port/) },
    });
    expect(await host.handle('registrations.start', { id: 'no-such-registration' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await host.handle('registrations.create', { ...base, profileId: 'no-such-profile' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await host.handle('registrations.import', { json: '{"format":"something-else"}' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await host.handle('registrations.import', { json: 'not json' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

    // Read-only profiles cannot register: not created, not started, and no connection is opened for it.
    const readOnly = await host.request('profiles.save', { name: 'prod (read-only)', connectionString: zkConnectionString(), readOnly: true });
    expect(await host.handle('registrations.create', { ...base, profileId: readOnly.id })).toMatchObject({ ok: false, error: { code: 'read-only' } });
    expect(await host.handle('registrations.update', { id: created.id, spec: { ...base, profileId: readOnly.id } })).toMatchObject({ ok: false, error: { code: 'read-only' } });
    await host.request('profiles.save', { id: profile.id, name: 'dev cluster', connectionString: zkConnectionString(), readOnly: true });
    expect(await host.handle('registrations.start', { id: created.id })).toMatchObject({ ok: false, error: { code: 'read-only', message: expect.stringMatching(/read-only/) } });
    expect(await host.request('connections.list', {})).toEqual([]);
    expect((await viewOf(host, created.id))?.state).toBe('stopped');
  });

  it('renders commands, offers host names, exports, imports, duplicates and deletes', async () => {
    const { host, events } = makeHost();
    const namespace = uniqueNamespace('hostreg');
    const profile = await host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const created = await host.request(
      'registrations.create',
      spec(profile.id, namespace, 9341, { region: 'eu-1', tags: ['api'], healthCheck: { url: 'http://127.0.0.1:9341/health', timeoutMs: 2000 } }),
    );
    const commands = await host.request('registrations.commands', { id: created.id });
    expect(commands.daemon).toBe(
      `ranger-daemon -zk ${zkConnectionString()} -n ${namespace} -s dev-svc -host 127.0.0.1 -p 9341 -e local -r eu-1 -t api -i 0.5 -hcu http://127.0.0.1:9341/health -hct 2`,
    );
    expect(commands.docker).toContain(`-e RANGER_ZK=${zkConnectionString()}`);
    expect(commands.docker).toMatch(/ranger-desk\/ranger-daemon$/);

    const hosts = await host.request('registrations.hosts', {});
    expect(hosts.hostname).toBe(hostname());
    expect(hosts.addresses.slice(0, 3)).toEqual([...new Set([hostname(), 'localhost', '127.0.0.1'])].slice(0, 3));
    expect(hosts.addresses).not.toContain('::1');
    // Each non-internal address; IPv6 link-local ones are unusable without a zone id, so they are left out.
    const entry = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}) });
    expect(
      hostChoices('dev-laptop', {
        lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
        eth0: [entry('192.168.1.20', 'IPv4'), entry('fe80::1c2:3ff:fe4d:5e6f', 'IPv6'), entry('2001:db8::20', 'IPv6')],
        wlan0: [entry('192.168.1.20', 'IPv4'), entry('10.0.0.7', 'IPv4')],
      } as Parameters<typeof hostChoices>[1]),
    ).toEqual({ hostname: 'dev-laptop', addresses: ['dev-laptop', 'localhost', '127.0.0.1', '192.168.1.20', '2001:db8::20', '10.0.0.7'] });

    const copy = await host.request('registrations.duplicate', { id: created.id });
    expect(copy.id).not.toBe(created.id);
    expect(copy.spec).toEqual({ ...created.spec, startOnLaunch: false });

    const { json } = await host.request('registrations.export', { ids: [created.id] });
    expect(JSON.parse(json)).toMatchObject({ format: 'ranger-desk-registrations', version: 1, registrations: [{ id: created.id, port: 9341 }] });
    expect(await host.handle('registrations.export', { ids: ['nope'] })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const imported = await host.request('registrations.import', { json });
    expect(imported).toEqual([expect.objectContaining({ state: 'stopped', spec: created.spec })]);
    expect(imported[0]?.id).not.toBe(created.id);
    expect(await host.request('registrations.list', {})).toHaveLength(3);

    expect(await host.request('registrations.delete', { id: copy.id })).toEqual({ deleted: true });
    expect(await host.request('registrations.delete', { id: copy.id })).toEqual({ deleted: false });
    expect(events).toContainEqual({ name: 'registration.removed', payload: { id: copy.id } });
    expect((await host.request('registrations.list', {})).map((view) => view.id)).toEqual([created.id, imported[0]?.id]);
    // Only what exists stays written down.
    const saved = (await host.request('registrations.export', {})).json;
    expect(saved).not.toContain(copy.id);
  });

  it('stops the registrations of a connection that is closed (their nodes are deleted, not left to expire)', async () => {
    const { host } = makeHost();
    const namespace = uniqueNamespace('hostreg');
    const raw = await rawSession();
    const profile = await host.request('profiles.save', { name: 'dev cluster', connectionString: zkConnectionString() });
    const created = await host.request('registrations.create', spec(profile.id, namespace, 9351));
    await host.request('registrations.start', { id: created.id });
    const [connection] = await host.request('connections.list', {});
    // Someone else's node in the same namespace: closing our connection leaves it alone.
    const theirs = `/${namespace}/dev-svc/10.9.9.9:1`;
    await raw.create(theirs, Buffer.from('{}'), 'ephemeral');

    expect(await host.request('connections.close', { connectionId: connection?.id ?? '' })).toEqual({ closed: true });
    expect(await raw.exists(created.path)).toBeNull();
    expect(await raw.exists(theirs)).not.toBeNull();
    expect((await viewOf(host, created.id))?.state).toBe('stopped');

    // Starting it again reopens the connection.
    expect((await host.request('registrations.start', { id: created.id })).state).toBe('registered');
    expect(await host.request('connections.list', {})).toEqual([expect.objectContaining({ profileId: profile.id, state: 'connected' })]);
  });
});
