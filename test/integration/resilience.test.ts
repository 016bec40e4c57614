import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RangerServiceFinder, RangerServiceProvider, ZkSession } from '../../electron/engine/index.js';
import { ZooKeeperEnsemble, ZooKeeperProcess } from '../../electron/engine/sandbox/zookeeper-process.js';
import { fourLetterWord } from '../../electron/engine/zk/four-letter-word.js';
import { expireSession } from '../support/java-tools.js';
import { uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function makeProvider(connectionString: string, namespace: string, port: number, healthCheck?: () => boolean, sessionTimeoutMs = 10_000): RangerServiceProvider {
  const provider = new RangerServiceProvider({
    zk: { connectionString, sessionTimeoutMs },
    service: { host: '127.0.0.1', port, environment: 'stage', namespace, serviceName: 'svc' },
    healthCheck,
    updateIntervalMs: 200,
  });
  cleanups.push(() => provider.stop());
  return provider;
}

// Generous session timeouts: on a loaded 2-core machine a short one can expire by itself mid-test.
async function makeFinder(connectionString: string, namespace: string, sessionTimeoutMs = 10_000): Promise<RangerServiceFinder> {
  const finder = new RangerServiceFinder({ zk: { connectionString, sessionTimeoutMs }, namespace, services: 'svc' });
  cleanups.push(() => finder.stop());
  await finder.start();
  return finder;
}

const fast = { timeout: 15_000, interval: 25 };

/**
 * Forces an expiry with a Java peer. On a loaded machine the tool sometimes finds the session already gone (its
 * own earlier attempt won, unseen): that is the expiry we wanted, and the assertions after it still must hold.
 */
async function expireSessionOrSeeItGone(id: Buffer, password: Buffer): Promise<void> {
  try {
    await expireSession(zkConnectionString(), id, password);
  } catch (error) {
    if (!/is not alive/.test((error as Error).message)) throw error;
  }
}

describe('a provider whose process dies', () => {
  it('disappears from the finder once ZooKeeper expires its session', async () => {
    const namespace = uniqueNamespace();
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/provider-process.ts', zkConnectionString(), namespace, 'svc', '9601', '2000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    const lines = createInterface({ input: child.stdout });
    const [line] = (await once(lines, 'line')) as [string];
    expect(line).toMatch(/^registered [0-9a-f]+$/);
    const finder = await makeFinder(zkConnectionString(), namespace);
    expect(finder.getAllNodes()).toHaveLength(1);
    child.kill('SIGKILL');
    await vi.waitFor(() => expect(finder.getInstances('svc')).toEqual([]), fast);
  });
});

describe('a forced session expiry', () => {
  it('brings the provider back on a new session, and a finder whose session expired keeps working', async () => {
    const namespace = uniqueNamespace();
    let healthy = true;
    const provider = makeProvider(zkConnectionString(), namespace, 9602, () => healthy);
    await provider.start();
    const finder = await makeFinder(zkConnectionString(), namespace);
    const firstOwner = provider.zkSession.sessionId;

    const { id, password } = provider.zkSession.sessionCredentials;
    await expireSessionOrSeeItGone(id, password);
    await vi.waitFor(() => {
      const [instance] = finder.getInstances('svc');
      expect(instance?.stat.ephemeralOwner).toBeDefined();
      expect(instance?.stat.ephemeralOwner).not.toBe(firstOwner);
      expect(instance?.stat.ephemeralOwner).toBe(provider.zkSession.sessionId);
    }, fast);
    expect(provider.state).toBe('registered');

    const finderCredentials = finder.zkSession.sessionCredentials;
    const finderSessionBefore = finder.zkSession.sessionId;
    await expireSessionOrSeeItGone(finderCredentials.id, finderCredentials.password);
    await vi.waitFor(() => expect(finder.zkSession.sessionId).not.toBe(finderSessionBefore), fast);
    // The watches were restored on the new session: a health flip still arrives.
    healthy = false;
    await vi.waitFor(() => expect(finder.getAllNodes()).toEqual([]), fast);
    healthy = true;
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), fast);
  });
});

describe('a ZooKeeper server restart', () => {
  it('keeps serving the last known nodes during the outage, then follows changes again', async () => {
    const server = await ZooKeeperProcess.start();
    cleanups.push(() => server.dispose());
    const namespace = uniqueNamespace();
    let healthy = true;
    const provider = makeProvider(server.connectionString, namespace, 9603, () => healthy, 20_000);
    await provider.start();
    const finder = await makeFinder(server.connectionString, namespace, 20_000);
    expect(finder.getAllNodes()).toHaveLength(1);

    await server.stop();
    await vi.waitFor(() => expect(finder.isStale).toBe(true), fast);
    expect(finder.getAllNodes()).toHaveLength(1);

    await server.start();
    await vi.waitFor(() => expect(finder.isStale).toBe(false), { timeout: 30_000, interval: 25 });
    healthy = false;
    await vi.waitFor(() => expect(finder.getAllNodes()).toEqual([]), { timeout: 30_000, interval: 25 });
    healthy = true;
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 30_000, interval: 25 });
  });
});

describe('a server that comes back empty', () => {
  it('gives up the old session after the session timeout and loads the new registry', async () => {
    const first = await ZooKeeperProcess.start();
    cleanups.push(() => first.dispose());
    const namespace = uniqueNamespace();
    const finder = await makeFinder(first.connectionString, namespace, 3000);
    const sessionBefore = finder.zkSession.sessionId;
    await first.dispose();
    // Same port, fresh data: the old session (and its zxid) means nothing to this server.
    const second = await ZooKeeperProcess.start({ clientPort: first.clientPort });
    cleanups.push(() => second.dispose());
    const provider = makeProvider(second.connectionString, namespace, 9606);
    await provider.start();
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 20_000, interval: 25 });
    expect(finder.zkSession.sessionId).not.toBe(sessionBefore);
  });
});

describe('closing a session mid-handshake', () => {
  it('never throws from the client library', async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const session = new ZkSession({ connectionString: zkConnectionString() }).connect();
      // Close at a different point of the handshake each time.
      await new Promise((resolve) => setTimeout(resolve, attempt % 5));
      session.close();
    }
    // Late replies to the closed handshakes arrive now; an uncaught throw would fail this test file.
    const probe = new ZkSession({ connectionString: zkConnectionString() }).connect();
    cleanups.push(() => probe.close());
    await probe.waitConnected();
    expect(await probe.exists('/')).not.toBeNull();
  });
});

describe('a frozen server', () => {
  it('counts as unreachable after 2/3 of the session timeout, and the finder recovers when it thaws', async () => {
    const server = await ZooKeeperProcess.start();
    cleanups.push(() => server.dispose());
    cleanups.push(() => server.resume());
    const namespace = uniqueNamespace();
    const provider = makeProvider(server.connectionString, namespace, 9605, undefined, 20_000);
    await provider.start();
    const finder = await makeFinder(server.connectionString, namespace, 3000);
    server.pause();
    const frozenAt = Date.now();
    await vi.waitFor(() => expect(finder.isStale).toBe(true), { timeout: 10_000, interval: 25 });
    expect(Date.now() - frozenAt).toBeGreaterThanOrEqual(1500);
    expect(finder.getAllNodes()).toHaveLength(1);
    server.resume();
    await vi.waitFor(() => expect(finder.isStale).toBe(false), { timeout: 20_000, interval: 25 });
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 20_000, interval: 25 });
  });
});

describe('a 3-server ensemble', () => {
  it('survives losing the server the finder is connected to', async () => {
    const ensemble = await ZooKeeperEnsemble.start(3);
    cleanups.push(() => ensemble.dispose());
    const namespace = uniqueNamespace();
    let healthy = true;
    const provider = makeProvider(ensemble.connectionString, namespace, 9604, () => healthy, 10_000);
    await provider.start();
    const finder = await makeFinder(ensemble.connectionString, namespace, 10_000);
    expect(finder.getAllNodes()).toHaveLength(1);

    // `cons` lists each server's client connections with their session ids.
    const sessionId = finder.zkSession.sessionId;
    let hosting: ZooKeeperProcess | undefined;
    for (const server of ensemble.servers) {
      const cons = await fourLetterWord(server.host, server.clientPort, 'cons');
      if (cons.includes(`sid=0x${sessionId}`)) hosting = server;
    }
    expect(hosting, `no server lists session 0x${sessionId}`).toBeDefined();
    await hosting?.stop(true);

    healthy = false;
    await vi.waitFor(() => expect(finder.getAllNodes()).toEqual([]), { timeout: 30_000, interval: 25 });
    expect(finder.zkSession.sessionId).toBe(sessionId);
    healthy = true;
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 30_000, interval: 25 });
  });
});

describe('registry data written by others', () => {
  it('never breaks a finder: every broken node is reported with its reason', async () => {
    const namespace = uniqueNamespace();
    const raw = new ZkSession({ connectionString: zkConnectionString() }).connect();
    cleanups.push(() => raw.close());
    await raw.waitConnected();
    await raw.ensurePath(`/${namespace}/svc`);
    const now = Date.now();
    const nodes: Record<string, string | Buffer | null> = {
      'empty:1': null,
      'text:2': 'hello',
      'binary:3': Buffer.from([0xff, 0x00, 0xfe]),
      'array:4': '[1,2,3]',
      'nohost:5': '{"port":5}',
      'noport:6': '{"host":"noport"}',
      'badstatus:7': '{"host":"badstatus","port":7,"healthcheckStatus":"maybe"}',
      'python:8': `{"host": "python", "port": 8, "nodeData": {"environment": "stage"}, "healthcheckStatus": "healthy", "lastUpdatedTimeStamp": ${now}}`,
      'upper:9': `{"host":"upper","port":9,"healthcheckStatus":"HEALTHY","lastUpdatedTimeStamp":${now}}`,
      'minlong:10': '{"host":"minlong","port":10,"healthcheckStatus":"healthy","lastUpdatedTimeStamp":-9223372036854775808}',
      'huge:11': `{"host":"huge","port":11,"lastUpdatedTimeStamp":${now},"nodeData":${'['.repeat(200)}${']'.repeat(200)}}`,
      'no-colon': `{"host":"x","port":12,"lastUpdatedTimeStamp":${now}}`,
    };
    await Promise.all(
      Object.entries(nodes).map(([name, data]) =>
        raw.create(`/${namespace}/svc/${name}`, data === null ? null : typeof data === 'string' ? Buffer.from(data) : data, 'persistent'),
      ),
    );
    // A child under an instance node (never happens with Ranger) must not confuse anything either.
    await raw.create(`/${namespace}/svc/text:2/child`, Buffer.from('x'), 'persistent');

    const finder = await makeFinder(zkConnectionString(), namespace);
    expect(finder.getAllNodes().map((node) => node.host).sort()).toEqual(['huge', 'python', 'upper', 'x']);
    const reasons = Object.fromEntries(finder.getInstances('svc').map((record) => [record.name, record.decoded.ok ? 'ok' : record.decoded.reason]));
    expect(reasons).toEqual({
      'empty:1': 'empty',
      'text:2': 'not-json',
      'binary:3': 'not-utf8',
      'array:4': 'not-object',
      'nohost:5': 'missing-host',
      'noport:6': 'missing-port',
      'badstatus:7': 'invalid-field',
      'python:8': 'ok',
      'upper:9': 'ok',
      'minlong:10': 'ok',
      'huge:11': 'ok',
      'no-colon': 'ok',
    });
    // Garbage arriving later is absorbed too.
    await raw.setData(`/${namespace}/svc/python:8`, Buffer.from('{{{'));
    await vi.waitFor(() => expect(finder.getAllNodes().map((node) => node.host).sort()).toEqual(['huge', 'upper', 'x']), fast);
  });
});
