import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { RangerServiceProvider } from '../../electron/engine/provider/ranger-service-provider.js';
import { freePort } from '../../electron/engine/sandbox/zookeeper-process.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { encodeServiceNode, LONG_MIN_VALUE, type ServiceNode } from '../../shared/model/service-node.js';
import { CliProcess, RANGERCTL, rangerctl, requireBuiltClis } from '../support/cli-process.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let raw: ZkSession;
beforeAll(async () => {
  requireBuiltClis();
  raw = await openSession();
  return () => raw.close();
});

async function provider(namespace: string, service: string, port: number, healthy: () => boolean = () => true): Promise<RangerServiceProvider> {
  const instance = new RangerServiceProvider({
    zk: zkConnectionString(),
    updateIntervalMs: 200,
    healthCheck: healthy,
    service: { host: '127.0.0.1', port, environment: 'stage', namespace, serviceName: service, tags: ['t1'] },
  });
  cleanups.push(() => instance.stop());
  await instance.start();
  return instance;
}

function node(port: number, overrides: Partial<ServiceNode>): string {
  return encodeServiceNode({
    host: '127.0.0.1', port, routingWeight: 1, nodeData: { environment: 'stage', region: null, tags: null }, healthcheckStatus: 'healthy',
    lastUpdatedTimeStamp: BigInt(Date.now()), healthySinceTimeStamp: 0n, portScheme: 'http', ...overrides,
  });
}

/** A namespace with one instance in each state, plus an empty service and a helper tree. */
async function mixedRegistry(): Promise<{ namespace: string; healthy: RangerServiceProvider; unhealthy: RangerServiceProvider }> {
  const namespace = uniqueNamespace('cli');
  const healthy = await provider(namespace, 'api', 9401);
  const unhealthy = await provider(namespace, 'api', 9402, () => false);
  await raw.create(`/${namespace}/api/127.0.0.1:9403`, Buffer.from(node(9403, { lastUpdatedTimeStamp: LONG_MIN_VALUE })), 'ephemeral');
  await raw.create(`/${namespace}/api/127.0.0.1:9404`, Buffer.from('{"host": "127.0.0.1", "port": '), 'ephemeral');
  await raw.ensurePath(`/${namespace}/empty`);
  await raw.ensurePath(`/${namespace}/id-generator`);
  await raw.create(`/${namespace}/id-generator/id-1`, null, 'ephemeral');
  return { namespace, healthy, unhealthy };
}

interface InstanceDoc {
  name: string;
  status: string;
  owner: string | null;
  data: string | null;
  heartbeatAgeMs: number | null;
  node: { lastUpdatedTimeStamp: string } | null;
  unreadable: { reason: string } | null;
  stat: { ephemeralOwner: string; version: number };
}
interface ServiceDoc {
  name: string;
  helper: boolean;
  children: number;
  counts: Record<string, number>;
  instances: InstanceDoc[];
}

describe('rangerctl ls', () => {
  it('--json prints one document that matches the registry, node by node', async () => {
    const { namespace, healthy, unhealthy } = await mixedRegistry();
    const result = await rangerctl(zkConnectionString(), 'ls', namespace, '--json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const document = JSON.parse(result.stdout) as { kind: string; namespace: string; services: ServiceDoc[] };
    expect(document.kind).toBe('namespace');
    expect(document.services.map((service) => [service.name, service.helper, service.children])).toEqual([
      ['api', false, 4],
      ['empty', false, 0],
      ['id-generator', true, 1],
    ]);
    const [api] = document.services;
    expect(api?.counts).toEqual({ healthy: 1, unhealthy: 1, zombie: 1, unreadable: 1, total: 4 });
    expect(api?.instances.map((instance) => [instance.name, instance.status])).toEqual([
      ['127.0.0.1:9401', 'healthy'],
      ['127.0.0.1:9402', 'unhealthy'],
      ['127.0.0.1:9403', 'zombie'],
      ['127.0.0.1:9404', 'unreadable'],
    ]);
    expect(api?.instances.map((instance) => instance.owner)).toEqual([
      `0x${healthy.zkSession.sessionId}`,
      `0x${unhealthy.zkSession.sessionId}`,
      `0x${raw.sessionId}`,
      `0x${raw.sessionId}`,
    ]);
    // Each instance carries the znode's data exactly as stored, the int64 timestamps as exact strings.
    // (The providers rewrite every 200 ms: compare the versions that have not moved since, at least our two.)
    let compared = 0;
    for (const instance of api?.instances ?? []) {
      const stored = await raw.getData(`/${namespace}/api/${instance.name}`);
      if (instance.stat.version !== stored.stat.version) continue;
      expect(instance.data).toBe(stored.data?.toString('utf8'));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
    expect(api?.instances[2]).toMatchObject({ heartbeatAgeMs: null, node: { lastUpdatedTimeStamp: '-9223372036854775808' } });
    expect(api?.instances[3]).toMatchObject({ node: null, unreadable: { reason: 'not-json' } });
  });

  it('lists namespaces, services with counts, and instances as tables', async () => {
    const { namespace, healthy } = await mixedRegistry();
    const top = await rangerctl(zkConnectionString(), 'ls', '--json');
    expect((JSON.parse(top.stdout) as { namespaces: { name: string; services: number }[] }).namespaces).toContainEqual({ name: namespace, services: 3 });

    const services = await rangerctl(zkConnectionString(), 'ls', namespace);
    expect(services.code).toBe(0);
    const rows = services.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['SERVICE', 'INSTANCES', 'HEALTHY', 'UNHEALTHY', 'ZOMBIE', 'UNREADABLE'],
      ['api', '4', '1', '1', '1', '1'],
      ['empty', '0', '0', '0', '0', '0'],
      ['id-generator', '1', 'helper tree, not read'],
    ]);
    expect(services.stdout).not.toContain('\u001b[');

    const instances = await rangerctl(zkConnectionString(), 'ls', `${namespace}/api`);
    const first = instances.stdout.split('\n')[1]?.split(/\s{2,}/);
    expect(first?.slice(0, 5)).toEqual(['127.0.0.1:9401', 'stage', '-', 't1', 'healthy']);
    expect(first?.[5]).toMatch(/^\d+ms$/);
    expect(first?.[6]).toBe(`0x${healthy.zkSession.sessionId}`);
  });

  it('exits 1 for a namespace or service that does not exist', async () => {
    const namespace = uniqueNamespace('cli');
    expect(await rangerctl(zkConnectionString(), 'ls', namespace)).toMatchObject({ code: 1, stderr: `rangerctl: namespace '${namespace}' does not exist\n` });
    expect(await rangerctl(zkConnectionString(), 'ls', `${namespace}/svc`)).toMatchObject({ code: 1, stderr: `rangerctl: service '${namespace}/svc' does not exist\n` });
  });
});

describe('rangerctl find', () => {
  it('returns what a finder returns: eligible nodes only, all of them with --all', async () => {
    const { namespace } = await mixedRegistry();
    await provider(namespace, 'api', 9405);
    const all = await rangerctl(zkConnectionString(), 'find', `${namespace}/api`, '--all');
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n').filter(Boolean).sort()).toEqual(['127.0.0.1:9401', '127.0.0.1:9405']);
    const one = await rangerctl(zkConnectionString(), 'find', `${namespace}/api`, '--selector', 'weighted', '--tag', 't1');
    expect(one.stdout).toMatch(/^127\.0\.0\.1:940[15]\n$/);
    const json = await rangerctl(zkConnectionString(), 'find', `${namespace}/api`, '--all', '--json');
    expect((JSON.parse(json.stdout) as { port: number }[]).map((found) => found.port).sort()).toEqual([9401, 9405]);
  });

  it('exits 1 and says why when nothing is eligible', async () => {
    const { namespace } = await mixedRegistry();
    const none = await rangerctl(zkConnectionString(), 'find', `${namespace}/empty`);
    expect(none).toMatchObject({ code: 1, stdout: '', stderr: `rangerctl: no eligible node for ${namespace}/empty: it has no instances\n` });
    const missing = await rangerctl(zkConnectionString(), 'find', `${namespace}/nothing`);
    expect(missing.stderr).toContain('the service does not exist');
    const filtered = await rangerctl(zkConnectionString(), 'find', `${namespace}/api`, '--tag', 'absent');
    expect(filtered.code).toBe(1);
    expect(filtered.stderr).toContain('none of 4 instances qualifies (1 unhealthy, 1 zombie, 1 unreadable, 1 healthy but not matching the criteria)');
  });
});

describe('rangerctl watch', () => {
  it('--json lists the current instances, then prints changes and no heartbeats', async () => {
    const namespace = uniqueNamespace('cli');
    const first = await provider(namespace, 'api', 9501);
    const watch = new CliProcess(RANGERCTL, ['--zk', zkConnectionString(), 'watch', namespace, '--json']);
    cleanups.push(() => watch.stop('SIGKILL'));
    await watch.waitForLine('stdout', /"event":"synced"/);
    const [present, synced] = watch.lines('stdout').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(present).toMatchObject({ event: 'present', namespace, service: 'api', instance: '127.0.0.1:9501', status: 'healthy', owner: `0x${first.zkSession.sessionId}` });
    expect(synced).toMatchObject({ event: 'synced', namespace, instances: 1 });

    let healthy = true;
    const second = await provider(namespace, 'web', 9502, () => healthy);
    await watch.waitForLine('stdout', /"event":"added".*"instance":"127\.0\.0\.1:9502"/);
    // Several heartbeats of both providers pass before the next change: none of them may be printed.
    const version = second.lastWritten?.stat.version ?? 0;
    await vi.waitFor(() => expect(second.lastWritten?.stat.version).toBeGreaterThan(version + 3), { timeout: 5000, interval: 50 });
    healthy = false;
    await watch.waitForLine('stdout', /"event":"health"/);
    await second.stop();
    await watch.waitForLine('stdout', /"event":"removed"/);

    const events = watch.lines('stdout').map((line) => JSON.parse(line) as { event: string; service?: string; status?: string; previousStatus?: string; node?: { lastUpdatedTimeStamp: string } });
    expect(events.map((event) => event.event)).toEqual(['present', 'synced', 'added', 'health', 'removed']);
    expect(events[3]).toMatchObject({ service: 'web', previousStatus: 'healthy', status: 'unhealthy' });
    // What watch printed last agrees with what ls reads now.
    const ls = JSON.parse((await rangerctl(zkConnectionString(), 'ls', `${namespace}/api`, '--json')).stdout) as { instances: { name: string; status: string }[] };
    expect(ls.instances).toMatchObject([{ name: '127.0.0.1:9501', status: 'healthy' }]);

    const stopped = await watch.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toBe('');
  });

  it('--verbose prints heartbeats too; text lines name the instance and the change', async () => {
    const namespace = uniqueNamespace('cli');
    const published = await provider(namespace, 'api', 9601);
    const watch = new CliProcess(RANGERCTL, ['--zk', zkConnectionString(), 'watch', `${namespace}/api`, '--verbose']);
    cleanups.push(() => watch.stop('SIGKILL'));
    expect(await watch.waitForLine('stdout', /present/)).toMatch(
      new RegExp(`Z {2}present {3}${namespace}/api/127\\.0\\.0\\.1:9601 {2}healthy {2}env=stage region=- tags=t1 {2}owner=0x${published.zkSession.sessionId}$`),
    );
    expect(await watch.waitForLine('stderr', /watching/)).toBe(`rangerctl: watching ${namespace}/api (1 instance); Ctrl-C to stop`);
    await watch.waitForLine('stdout', /heartbeat {1}.*lastUpdatedTimeStamp \d+$/);
    expect((await watch.stop('SIGTERM')).code).toBe(0);
  });
});

describe('rangerctl errors', () => {
  it('exits 3 with one line when ZooKeeper cannot be reached within --timeout', async () => {
    const port = await freePort();
    const result = await rangerctl(`127.0.0.1:${port}`, '--timeout', '500ms', 'ls');
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`rangerctl: cannot reach ZooKeeper at 127.0.0.1:${port}: no answer within 500 ms\n`);
    expect(result.elapsedMs).toBeLessThan(5000);
  });

  it.each<[string[], RegExp]>([
    [['ls', 'a/b/c'], /'a\/b\/c' is not NAMESPACE or NAMESPACE\/SERVICE/],
    [['find', 'only-namespace'], /'only-namespace' is not NAMESPACE\/SERVICE/],
    [['find', 'a/b', '--selector', 'first'], /argument 'first' is invalid\. Allowed choices are random, round-robin, weighted/],
    [['--timeout', 'soon', 'ls'], /'soon' is not a duration/],
    [['--auth', 'no-colon', 'ls'], /--auth must be user:password/],
    [['lst'], /unknown command 'lst' \(Did you mean ls\?\)/],
  ])('rangerctl %j exits 2 naming the problem', async (args, message) => {
    const result = await rangerctl(zkConnectionString(), ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2);
  });
});
