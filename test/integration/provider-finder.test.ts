import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  hierarchicalEnvironment,
  ProviderConflictError,
  RangerFinderHub,
  RangerServiceFinder,
  RangerServiceProvider,
  RoundRobinNodeSelector,
  withTags,
  type RangerServiceProviderOptions,
} from '../../electron/engine/index.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const JAVA_LAYOUT =
  /^\{"host":"127\.0\.0\.1","port":(\d+),"routingWeight":1\.0,"nodeData":\{"environment":"stage","region":null,"tags":null\},"healthcheckStatus":"(healthy|unhealthy)","lastUpdatedTimeStamp":(\d+),"healthySinceTimeStamp":(\d+),"portScheme":"http"\}$/;

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function provider(options: Partial<Omit<RangerServiceProviderOptions, 'service'>> & { namespace: string; service: string; port: number; environment?: string; tags?: string[] }): RangerServiceProvider {
  const instance = new RangerServiceProvider({
    zk: zkConnectionString(),
    updateIntervalMs: 200,
    ...options,
    service: {
      host: '127.0.0.1',
      port: options.port,
      environment: options.environment ?? 'stage',
      namespace: options.namespace,
      serviceName: options.service,
      tags: options.tags,
    },
  });
  cleanups.push(() => instance.stop());
  return instance;
}

async function finderFor(namespace: string, services: string | string[], extra: Partial<ConstructorParameters<typeof RangerServiceFinder>[0]> = {}): Promise<RangerServiceFinder> {
  const finder = new RangerServiceFinder({ zk: zkConnectionString(), namespace, services, ...extra });
  cleanups.push(() => finder.stop());
  await finder.start();
  return finder;
}

describe('provider to finder', () => {
  it('publishes Java-exact JSON that the finder serves, follows a health flip, and deletes on stop', async () => {
    const namespace = uniqueNamespace();
    let healthy = true;
    const published = provider({ namespace, service: 'orders', port: 9001, healthCheck: () => healthy });
    await published.start();
    const finder = await finderFor(namespace, 'orders');
    expect(finder.getAllNodes()).toHaveLength(1);
    expect(finder.getNode()).toMatchObject({ host: '127.0.0.1', port: 9001, healthcheckStatus: 'healthy' });

    const raw = await openSession();
    cleanups.push(() => raw.close());
    const { data, stat } = await raw.getData(published.path);
    const match = JAVA_LAYOUT.exec(data?.toString('utf8') ?? '');
    expect(match, data?.toString('utf8')).not.toBeNull();
    expect(stat.ephemeralOwner).toBe(published.zkSession.sessionId);
    expect(Math.abs(Number(match?.[3]) - Date.now())).toBeLessThan(5000);

    const changes: number[] = [];
    finder.on('change', ({ nodes }) => changes.push(nodes.length));
    healthy = false;
    await vi.waitFor(() => expect(finder.getAllNodes()).toEqual([]), { timeout: 5000, interval: 20 });
    expect(finder.getInstances('orders')[0]?.decoded).toMatchObject({ ok: true, node: { healthcheckStatus: 'unhealthy' } });
    healthy = true;
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 5000, interval: 20 });
    expect(changes).toEqual([0, 1]);

    await published.stop();
    expect(await raw.exists(published.path)).toBeNull();
    await vi.waitFor(() => expect(finder.getInstances('orders')).toEqual([]), { timeout: 5000, interval: 20 });
  });

  it('keeps healthySinceTimeStamp across healthy heartbeats and moves it after recovering', async () => {
    const namespace = uniqueNamespace();
    let healthy = true;
    const published = provider({ namespace, service: 'svc', port: 9002, healthCheck: () => healthy });
    await published.start();
    const first = await published.readPublished();
    await vi.waitFor(async () => expect((await published.readPublished())?.lastUpdatedTimeStamp).not.toBe(first?.lastUpdatedTimeStamp), { timeout: 3000 });
    expect((await published.readPublished())?.healthySinceTimeStamp).toBe(first?.healthySinceTimeStamp);
    healthy = false;
    await vi.waitFor(async () => expect((await published.readPublished())?.healthcheckStatus).toBe('unhealthy'), { timeout: 3000 });
    healthy = true;
    await vi.waitFor(async () => expect((await published.readPublished())?.healthcheckStatus).toBe('healthy'), { timeout: 3000 });
    expect((await published.readPublished())?.healthySinceTimeStamp ?? 0n).toBeGreaterThan(first?.healthySinceTimeStamp ?? 0n);
  });

  it('bounds a hanging health check by its timeout and publishes unhealthy', async () => {
    const namespace = uniqueNamespace();
    let hang = false;
    const server: Server = createServer((_request, response) => {
      if (!hang) response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    server.unref();
    const port = (server.address() as AddressInfo).port;
    const published = provider({
      namespace,
      service: 'web',
      port,
      healthCheck: { url: `http://127.0.0.1:${port}/health`, timeoutMs: 300 },
    });
    await published.start();
    expect((await published.readPublished())?.healthcheckStatus).toBe('healthy');
    hang = true;
    await vi.waitFor(async () => expect((await published.readPublished())?.healthcheckStatus).toBe('unhealthy'), { timeout: 5000 });
    expect(published.lastHealthResult?.detail).toMatch(/timed out after 300 ms/);
    server.closeAllConnections();
  });

  it('stop deletes the node at once even while a health check hangs', async () => {
    const namespace = uniqueNamespace();
    let hang = false;
    let hangingCheckStarted = false;
    const warnings: string[] = [];
    const published = provider({
      namespace,
      service: 'svc',
      port: 9004,
      healthCheckTimeoutMs: 10_000,
      logger: { debug() {}, info() {}, error() {}, warn: (message) => warnings.push(message) },
      healthCheck: () => {
        if (!hang) return true;
        hangingCheckStarted = true;
        return new Promise(() => undefined);
      },
    });
    await published.start();
    hang = true;
    await vi.waitFor(() => expect(hangingCheckStarted).toBe(true), { timeout: 3000 });
    const raw = await openSession();
    cleanups.push(() => raw.close());
    const started = Date.now();
    await published.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await raw.exists(published.path)).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('POST checks with expected status codes; any failing check makes the node unhealthy', async () => {
    const namespace = uniqueNamespace();
    const seen: string[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        seen.push(`${request.method} ${request.headers['x-probe']} ${body}`);
        response.statusCode = 204;
        response.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as AddressInfo).port;
    let second = true;
    const published = provider({
      namespace,
      service: 'api',
      port,
      healthCheck: [
        { url: `http://127.0.0.1:${port}/h`, method: 'POST', body: 'ping', headers: { 'x-probe': 'yes' }, expectedStatus: [204] },
        async () => second,
      ],
    });
    await published.start();
    expect(seen[0]).toBe('POST yes ping');
    expect((await published.readPublished())?.healthcheckStatus).toBe('healthy');
    second = false;
    await vi.waitFor(async () => expect((await published.readPublished())?.healthcheckStatus).toBe('unhealthy'), { timeout: 3000 });
  });

  it('drain publishes unhealthy on purpose and back', async () => {
    const namespace = uniqueNamespace();
    const published = provider({ namespace, service: 'svc', port: 9003 });
    await published.start();
    const finder = await finderFor(namespace, 'svc');
    published.setDrained(true);
    await vi.waitFor(() => expect(finder.getAllNodes()).toEqual([]), { timeout: 3000, interval: 20 });
    published.setDrained(false);
    await vi.waitFor(() => expect(finder.getAllNodes()).toHaveLength(1), { timeout: 3000, interval: 20 });
  });
});

describe('conflicts', () => {
  it("refuses to overwrite another live session's node with onConflict 'fail', and says who owns it", async () => {
    const namespace = uniqueNamespace();
    const first = provider({ namespace, service: 'svc', port: 9100 });
    await first.start();
    const before = await first.readPublished();
    const second = provider({ namespace, service: 'svc', port: 9100, environment: 'other', onConflict: 'fail' });
    const error = await second.start().catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(ProviderConflictError);
    expect((error as ProviderConflictError).conflict.owner).toBe(first.zkSession.sessionId);
    expect(second.state).toBe('conflict');
    const after = await first.readPublished();
    expect(after?.nodeData).toEqual(before?.nodeData);
  });

  it("overwrites by default (as Java does) and reports the conflict", async () => {
    const namespace = uniqueNamespace();
    const first = provider({ namespace, service: 'svc', port: 9101 });
    await first.start();
    const second = provider({ namespace, service: 'svc', port: 9101, environment: 'other' });
    const conflicts: string[] = [];
    second.on('conflict', (info) => conflicts.push(info.owner));
    await second.start();
    expect(conflicts[0]).toBe(first.zkSession.sessionId);
    expect(second.state).toBe('conflict');
    expect(second.lastWritten?.ownedBySelf).toBe(false);
    // When the owner goes away the node vanishes; the survivor registers it as its own.
    await first.stop();
    await vi.waitFor(() => expect(second.lastWritten?.ownedBySelf).toBe(true), { timeout: 5000, interval: 20 });
    expect(second.state).toBe('registered');
  });
});

describe('criteria and selectors', () => {
  it('applies environment, tags and hierarchical fallback on top of health', async () => {
    const namespace = uniqueNamespace();
    let prodHealthy = true;
    await provider({ namespace, service: 'svc', port: 9201, environment: 'prod.eu.a', tags: ['blue'], healthCheck: () => prodHealthy }).start();
    await provider({ namespace, service: 'svc', port: 9202, environment: 'prod.eu' }).start();
    await provider({ namespace, service: 'svc', port: 9203, environment: 'stage', tags: ['blue', 'canary'] }).start();
    const finder = await finderFor(namespace, 'svc');
    const ports = (criteria: Parameters<typeof finder.getAllNodes>[1]): number[] =>
      finder.getAllNodes('svc', criteria).map((node) => node.port).sort();
    expect(ports(hierarchicalEnvironment('prod.eu.a'))).toEqual([9201]);
    expect(ports(hierarchicalEnvironment('prod.eu.b'))).toEqual([9202]);
    expect(ports(hierarchicalEnvironment('prod.us'))).toEqual([]);
    expect(ports(withTags('blue'))).toEqual([9201, 9203]);
    expect(ports(withTags('blue', 'canary'))).toEqual([9203]);
    prodHealthy = false;
    // Criteria never bring back an unhealthy node (the Python finder's bug).
    await vi.waitFor(() => expect(ports(hierarchicalEnvironment('prod.eu.a'))).toEqual([9202]), { timeout: 3000, interval: 20 });
  });

  it('round-robin visits every eligible node in turn', async () => {
    const namespace = uniqueNamespace();
    for (const port of [9301, 9302, 9303]) await provider({ namespace, service: 'svc', port }).start();
    const finder = await finderFor(namespace, 'svc', { selector: new RoundRobinNodeSelector() });
    const picks = Array.from({ length: 6 }, () => finder.getNode()?.port);
    expect(new Set(picks.slice(0, 3)).size).toBe(3);
    expect(picks.slice(3)).toEqual(picks.slice(0, 3));
  });
});

describe('RangerFinderHub', () => {
  it('follows services as they appear and disappear, skipping helper trees', async () => {
    const namespace = uniqueNamespace();
    await provider({ namespace, service: 'alpha', port: 9401 }).start();
    const raw = await openSession();
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/id-generator`);
    await raw.create(`/${namespace}/id-generator/node-1`, null, 'ephemeral');
    const hub = new RangerFinderHub({ zk: zkConnectionString(), namespace });
    cleanups.push(() => hub.stop());
    await hub.start();
    expect(hub.services()).toEqual(['alpha']);
    expect(hub.getAllNodes('alpha')).toHaveLength(1);

    const beta = provider({ namespace, service: 'beta', port: 9402 });
    await beta.start();
    await vi.waitFor(() => expect(hub.getAllNodes('beta')).toHaveLength(1), { timeout: 3000, interval: 20 });
    await beta.stop();
    await vi.waitFor(() => expect(hub.getAllNodes('beta')).toEqual([]), { timeout: 3000, interval: 20 });
    await raw.remove(`/${namespace}/beta`);
    await vi.waitFor(() => expect(hub.services()).toEqual(['alpha']), { timeout: 3000, interval: 20 });
  });
});

describe('bad input is refused before anything is written', () => {
  it.each([
    [{ namespace: 'a/b' }, /namespace 'a\/b' must not contain '\/'/],
    [{ namespace: '' }, /namespace must not be empty/],
    [{ serviceName: 'x/y' }, /service name 'x\/y' must not contain/],
    [{ port: 0 }, /port must be an integer from 1 to 65535/],
    [{ port: 70000 }, /port must be an integer from 1 to 65535/],
  ])('service %j', async (override, message) => {
    const namespace = uniqueNamespace();
    expect(
      () =>
        new RangerServiceProvider({
          zk: zkConnectionString(),
          service: { host: '127.0.0.1', port: 9500, environment: 'stage', namespace, serviceName: 'svc', ...override },
        }),
    ).toThrow(message);
    const raw = await openSession();
    cleanups.push(() => raw.close());
    expect(await raw.exists(`/${namespace}`)).toBeNull();
  });

  it('rejects a malformed health URL and a bad connection string', () => {
    const service = { host: 'h', port: 1, environment: 'e', namespace: 'n', serviceName: 's' };
    expect(() => new RangerServiceProvider({ zk: zkConnectionString(), service, healthCheck: { url: 'not a url' } })).toThrow(/health check #1: .*URL/);
    expect(() => new RangerServiceProvider({ zk: zkConnectionString(), service, healthCheck: { url: 'ftp://x/y' } })).toThrow(/http or https/);
    expect(() => new RangerServiceProvider({ zk: 'host:99999', service })).toThrow(/port 99999 is outside/);
    expect(() => new RangerServiceProvider({ zk: '', service })).toThrow(/empty/);
    expect(() => new RangerServiceFinder({ zk: zkConnectionString(), namespace: 'n', services: ['a/b'] })).toThrow(/must not contain/);
    expect(() => new RangerServiceFinder({ zk: zkConnectionString(), namespace: 'n', services: [] })).toThrow(/at least one/);
  });
});
