import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RangerServiceProvider, type ZkSession } from '../../electron/engine/index.js';
import { RegistrationManager, toDaemonCommand, toDockerRun, type RegistrationStore } from '../../electron/engine/registrations/index.js';
import type { RegistrationInput } from '../../shared/registration.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

class MemoryStore implements RegistrationStore {
  text: string | undefined;
  async load(): Promise<string | undefined> {
    return this.text;
  }
  async save(text: string): Promise<void> {
    this.text = text;
  }
}

async function setup(store = new MemoryStore()): Promise<{ manager: RegistrationManager; session: ZkSession; store: MemoryStore }> {
  const session = await openSession();
  cleanups.push(() => session.close());
  const manager = new RegistrationManager({
    store,
    sessionFor: (profileId) => {
      if (profileId !== 'local') throw new Error(`unknown profile ${profileId}`);
      return session;
    },
  });
  cleanups.push(() => manager.stopAll());
  await manager.load();
  return { manager, session, store };
}

function spec(namespace: string, port: number, extra: Partial<RegistrationInput> = {}): RegistrationInput {
  return { profileId: 'local', serviceName: 'dev-svc', namespace, host: '127.0.0.1', port, environment: 'local', updateIntervalMs: 500, ...extra };
}

const within = { timeout: 5000, interval: 20 };

describe('registrations', () => {
  it('registers, follows its health endpoint, drains, and stop deletes the node at once', async () => {
    const namespace = uniqueNamespace();
    let status = 200;
    const server = createServer((_request, response) => {
      response.statusCode = status;
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as AddressInfo).port;
    const { manager, session } = await setup();
    const created = await manager.create(spec(namespace, port, { healthCheck: { url: `http://127.0.0.1:${port}/health`, timeoutMs: 500 } }));
    expect(created.state).toBe('stopped');
    const started = await manager.start(created.id);
    expect(started.state).toBe('registered');
    expect(started.owner).toBe(session.sessionId);
    expect(await session.exists(started.path)).not.toBeNull();

    status = 503;
    await vi.waitFor(() => expect(manager.get(created.id).state).toBe('unhealthy'), within);
    expect(manager.get(created.id).lastHealth?.detail).toMatch(/-> 503/);
    status = 200;
    await vi.waitFor(() => expect(manager.get(created.id).state).toBe('registered'), within);

    manager.drain(created.id, true);
    await vi.waitFor(() => expect(manager.get(created.id).state).toBe('draining'), within);
    manager.drain(created.id, false);
    await vi.waitFor(() => expect(manager.get(created.id).state).toBe('registered'), within);
    expect(manager.get(created.id).history.length).toBeGreaterThan(3);

    await manager.stop(created.id);
    expect(await session.exists(started.path)).toBeNull();
    expect(manager.get(created.id).state).toBe('stopped');
  });

  it('does not overwrite a node another live session owns until told to', async () => {
    const namespace = uniqueNamespace();
    const other = new RangerServiceProvider({
      zk: zkConnectionString(),
      service: { host: '127.0.0.1', port: 9951, environment: 'theirs', namespace, serviceName: 'dev-svc' },
    });
    cleanups.push(() => other.stop());
    await other.start();
    const { manager, session } = await setup();
    const created = await manager.create(spec(namespace, 9951));
    const refused = await manager.start(created.id);
    expect(refused.state).toBe('conflict');
    expect(refused.conflict?.owner).toBe(other.zkSession.sessionId);
    expect(refused.conflict?.data).toContain('"environment":"theirs"');
    expect((await session.getData(refused.path)).data?.toString()).toContain('"environment":"theirs"');

    const overridden = await manager.start(created.id, { override: true });
    expect(overridden.conflict?.owner).toBe(other.zkSession.sessionId);
    await vi.waitFor(async () => expect((await session.getData(overridden.path)).data?.toString()).toContain('"environment":"local"'), within);
  });

  it('comes back after a restart, starts those marked to, and stopAll deletes every node', async () => {
    const namespace = uniqueNamespace();
    const first = await setup();
    const auto = await first.manager.create(spec(namespace, 9961, { startOnLaunch: true }));
    const manual = await first.manager.create(spec(namespace, 9962));
    await first.manager.start(manual.id);

    const second = await setup(first.store);
    expect(second.manager.list().map((view) => view.id).sort()).toEqual([auto.id, manual.id].sort());
    await second.manager.startOnLaunch();
    expect(second.manager.get(auto.id).state).toBe('registered');
    expect(second.manager.get(manual.id).state).toBe('stopped');

    await first.manager.stopAll();
    await second.manager.stopAll();
    expect(await second.session.exists(second.manager.get(auto.id).path)).toBeNull();
    expect(await second.session.exists(second.manager.get(manual.id).path)).toBeNull();
  });

  it('rejects invalid specs with the reason, and a corrupt store is reported, not overwritten', async () => {
    const { manager } = await setup();
    await expect(manager.create(spec('ns', 70000))).rejects.toThrow(/port: port must be an integer from 1 to 65535/);
    await expect(manager.create(spec('a/b', 1))).rejects.toThrow(/namespace: namespace 'a\/b' must not contain/);
    await expect(manager.create(spec('ns', 1, { healthCheck: { url: 'localhost:1/x' } }))).rejects.toThrow(/healthCheck.url: must be an http/);
    const store = new MemoryStore();
    store.text = '{"format": "ranger-desk-registrations", "version": 1, "registrations": [{"port": "x"}]}';
    const broken = new RegistrationManager({ store, sessionFor: () => { throw new Error('unused'); } });
    const result = await broken.load();
    expect(result.error).toMatch(/saved registrations are invalid/);
    expect(store.text).toContain('"port": "x"');
  });

  it('exports, imports, and renders as ranger-daemon and docker run commands', async () => {
    const { manager } = await setup();
    const created = await manager.create(
      spec('org', 8080, { region: 'eu-1', tags: ['a', 'b'], healthCheck: { url: 'http://localhost:8080/health?x=1', timeoutMs: 2000 } }),
    );
    const exported = manager.exportFile([created.id]);
    const imported = await manager.importFile(JSON.parse(JSON.stringify(exported)));
    expect(imported).toHaveLength(1);
    expect(imported[0]?.id).not.toBe(created.id);
    expect(imported[0]?.spec).toEqual(created.spec);
    await expect(manager.importFile({ format: 'other' })).rejects.toThrow(/not a registrations file/);
    expect(toDaemonCommand(created.spec, 'zk1:2181,zk2:2181/chroot')).toBe(
      "ranger-daemon -zk zk1:2181,zk2:2181/chroot -n org -s dev-svc -host 127.0.0.1 -p 8080 -e local -r eu-1 -t a,b -i 0.5 -hcu 'http://localhost:8080/health?x=1' -hct 2",
    );
    expect(toDockerRun(created.spec, 'zk:2181')).toBe(
      "docker run --rm -d --network host -e RANGER_ZK=zk:2181 -e SERVICE_NAME=dev-svc -e HOST=127.0.0.1 -e PORT=8080 -e ENV=local -e NAMESPACE=org -e 'HEALTH_CHECK=http://localhost:8080/health?x=1' -e REGION=eu-1 -e TAGS=a,b --name ranger-dev-svc-8080 ranger-desk/ranger-daemon",
    );
  });
});
