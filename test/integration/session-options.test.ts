import { createHash } from 'node:crypto';
import zookeeper from 'node-zookeeper-client';
import { afterEach, describe, expect, it } from 'vitest';
import { RangerServiceFinder, RangerServiceProvider, ZkSession } from '../../electron/engine/index.js';
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
