import { createHash } from 'node:crypto';
import zookeeper from 'node-zookeeper-client';
import { afterEach, describe, expect, it } from 'vitest';
import { RangerServiceFinder, RangerServiceProvider, ZkSession } from '../../electron/engine/index.js';
import { fourLetterWord } from '../../electron/engine/zk/four-letter-word.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('connection strings', () => {
  it('honours a chroot: the registry lives under it', async () => {
    const chroot = `/${uniqueNamespace('chroot')}`;
    const raw = await openSession();
    cleanups.push(() => raw.close());
    await raw.ensurePath(chroot);
    const provider = new RangerServiceProvider({
      zk: `${zkConnectionString()}${chroot}`,
      service: { host: '127.0.0.1', port: 9801, environment: 'stage', namespace: 'org', serviceName: 'svc' },
    });
    cleanups.push(() => provider.stop());
    await provider.start();
    expect(await raw.exists(`${chroot}/org/svc/127.0.0.1:9801`)).not.toBeNull();
    expect(await raw.exists('/org/svc/127.0.0.1:9801')).toBeNull();
    const finder = new RangerServiceFinder({ zk: `${zkConnectionString()}${chroot}`, namespace: 'org', services: 'svc' });
    cleanups.push(() => finder.stop());
    await finder.start();
    expect(finder.getAllNodes()).toHaveLength(1);
  });

  it('accepts several hosts, one of them down', async () => {
    const namespace = uniqueNamespace();
    const finder = new RangerServiceFinder({ zk: `127.0.0.1:1,${zkConnectionString()}`, namespace, services: 'svc' });
    cleanups.push(() => finder.stop());
    await finder.start();
    expect(finder.getAllNodes()).toEqual([]);
  });

  it('says plainly when nothing answers within the start timeout', async () => {
    const finder = new RangerServiceFinder({ zk: '127.0.0.1:1', namespace: 'org', services: 'svc', startTimeoutMs: 500 });
    cleanups.push(() => finder.stop());
    await expect(finder.start()).rejects.toThrow(/within 500 ms/);
  });
});

describe('session timeout negotiation', () => {
  it('judges silence by the timeout the server granted, not the one asked for', async () => {
    // The test server's minimum is 1000 ms: asking for 400 ms gets 1000 ms, and pings come every ~333 ms.
    const session = new ZkSession({ connectionString: zkConnectionString(), sessionTimeoutMs: 400 }).connect();
    cleanups.push(() => session.close());
    await session.waitConnected();
    const states: string[] = [];
    session.on('state', (state) => states.push(state));
    const sessionId = session.sessionId;
    // Idle until the server has seen several more pings from us (several granted timeouts): the idle, healthy
    // connection must not have been dropped meanwhile.
    const [host = '', port = ''] = zkConnectionString().split(':');
    const received = async (): Promise<number> => {
      const cons = await fourLetterWord(host, Number(port), 'cons');
      const line = cons.split('\n').find((entry) => entry.includes(`sid=0x${sessionId}`)) ?? '';
      return Number(/recved=(\d+)/.exec(line)?.[1] ?? 0);
    };
    const before = await received();
    await expect.poll(received, { timeout: 10_000, interval: 200 }).toBeGreaterThanOrEqual(before + 8);
    expect(states).toEqual([]);
    expect(session.sessionId).toBe(sessionId);
  });
});

describe('digest authentication', () => {
  it('reads a node protected by a digest ACL only with the right credentials', async () => {
    const path = `/${uniqueNamespace('acl')}`;
    // The protected node is written by a plain client with an explicit digest ACL, as an operator would.
    const digest = createHash('sha1').update('ranger:secret').digest('base64');
    const writer = zookeeper.createClient(zkConnectionString());
    cleanups.push(() => writer.close());
    writer.connect();
    await new Promise<void>((resolve, reject) => {
      writer.create(path, Buffer.from('{}'), [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('digest', `ranger:${digest}`))], zookeeper.CreateMode.PERSISTENT, (error) =>
        error ? reject(error) : resolve(),
      );
    });

    const anonymous = await openSession();
    cleanups.push(() => anonymous.close());
    await expect(anonymous.getData(path)).rejects.toMatchObject({ code: 'NO_AUTH' });

    const authenticated = new ZkSession({ connectionString: zkConnectionString(), digestAuth: 'ranger:secret' }).connect();
    cleanups.push(() => authenticated.close());
    await authenticated.waitConnected();
    const { data } = await authenticated.getData(path);
    expect(data?.toString()).toBe('{}');
    await authenticated.remove(path);
  });

  it('shows an instance the finder may not read, with the reason, instead of hiding it', async () => {
    const namespace = uniqueNamespace();
    const raw = await openSession();
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/svc`);
    const digest = createHash('sha1').update('ranger:secret').digest('base64');
    const writer = zookeeper.createClient(zkConnectionString());
    cleanups.push(() => writer.close());
    writer.connect();
    await new Promise<void>((resolve, reject) => {
      writer.create(`/${namespace}/svc/10.0.0.1:80`, Buffer.from('{"host":"10.0.0.1","port":80}'), [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('digest', `ranger:${digest}`))], zookeeper.CreateMode.EPHEMERAL, (error) =>
        error ? reject(error) : resolve(),
      );
    });
    const finder = new RangerServiceFinder({ zk: zkConnectionString(), namespace, services: 'svc' });
    cleanups.push(() => finder.stop());
    await finder.start();
    expect(finder.getAllNodes()).toEqual([]);
    const [record] = finder.getInstances('svc');
    expect(record?.decoded).toMatchObject({ ok: false, reason: 'no-access' });
    expect(record?.stat.ephemeralOwner).not.toBe('0');
  });

  it('rejects credentials that are not user:password', () => {
    expect(() => new ZkSession({ connectionString: zkConnectionString(), digestAuth: 'nocolon' })).toThrow(/user:password/);
  });
});
