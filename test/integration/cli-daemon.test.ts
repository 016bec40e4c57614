import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../electron/engine/sandbox/zookeeper-process.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { decodeServiceNode } from '../../shared/model/service-node.js';
import { cleanEnv, CliProcess, RANGER_DAEMON, RANGERCTL, rangerctl, requireBuiltClis, runCli } from '../support/cli-process.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const JAVA_LAYOUT =
  /^\{"host":"127\.0\.0\.1","port":\d+,"routingWeight":1\.0,"nodeData":\{"environment":"[^"]+","region":("[^"]*"|null),"tags":(\[[^\]]*\]|null)\},"healthcheckStatus":"(healthy|unhealthy)","lastUpdatedTimeStamp":\d+,"healthySinceTimeStamp":\d+,"portScheme":"http"\}$/;

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

function daemon(args: string[], env = cleanEnv()): CliProcess {
  const child = new CliProcess(RANGER_DAEMON, args, env);
  cleanups.push(() => child.stop('SIGKILL'));
  return child;
}

async function published(path: string): Promise<{ text: string; owner: string }> {
  const { data, stat } = await raw.getData(path);
  return { text: data?.toString('utf8') ?? '', owner: stat.ephemeralOwner };
}

/** A health endpoint the test can turn on and off. */
async function healthServer(): Promise<{ port: number; setHealthy: (healthy: boolean) => void; hits: () => number }> {
  let healthy = true;
  let hits = 0;
  const server: Server = createServer((_request, response) => {
    hits++;
    response.statusCode = healthy ? 200 : 503;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { port: (server.address() as AddressInfo).port, setHealthy: (value) => (healthy = value), hits: () => hits };
}

describe('ranger-daemon', () => {
  it('registers with the Python flags, and rangerctl find sees it', async () => {
    const namespace = uniqueNamespace('cli');
    const child = daemon(['-zk', zkConnectionString(), '-n', namespace, '-s', 'orders', '-host', '127.0.0.1', '-p', '9301', '-e', 'prod.eu', '-r', 'eu-west', '-t', 'blue,canary', '-i', '0.5']);
    const registered = await child.waitForLine('stderr', /INFO {2}registered \//);
    expect(registered).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO {2}registered \/[\w-]+\/orders\/127\.0\.0\.1:9301 \(healthy\) on session 0x[0-9a-f]+$/);

    const { text, owner } = await published(`/${namespace}/orders/127.0.0.1:9301`);
    expect(text).toMatch(JAVA_LAYOUT);
    expect(text).toContain('"nodeData":{"environment":"prod.eu","region":"eu-west","tags":["blue","canary"]}');
    expect(registered).toContain(`session 0x${owner}`);

    const found = await rangerctl(zkConnectionString(), 'find', `${namespace}/orders`);
    expect(found).toMatchObject({ code: 0, stdout: '127.0.0.1:9301\n', stderr: '' });
    const matching = await rangerctl(zkConnectionString(), 'find', `${namespace}/orders`, '--env', 'prod.eu', '--region', 'eu-west', '--tag', 'canary', '--json');
    expect(matching.code).toBe(0);
    expect(JSON.parse(matching.stdout)).toMatchObject({ host: '127.0.0.1', port: 9301, healthcheckStatus: 'healthy', nodeData: { tags: ['blue', 'canary'] } });
    const otherEnv = await rangerctl(zkConnectionString(), 'find', `${namespace}/orders`, '--env', 'stage');
    expect(otherEnv.code).toBe(1);
    expect(otherEnv.stdout).toBe('');
    expect(otherEnv.stderr).toMatch(/no eligible node for .*orders: none of 1 instance qualifies \(1 healthy but not matching the criteria\)/);

    // Logs are one line per state change: half-second heartbeats add nothing without --verbose.
    const writes = (await raw.exists(`/${namespace}/orders/127.0.0.1:9301`))?.version ?? 0;
    await vi.waitFor(async () => expect((await raw.exists(`/${namespace}/orders/127.0.0.1:9301`))?.version).toBeGreaterThan(writes + 2), { timeout: 5000, interval: 100 });
    expect(child.lines('stderr')).toHaveLength(4);
    expect(child.stdout).toBe('');
  });

  it('reads the Python container variables when no flags are given', async () => {
    const namespace = uniqueNamespace('cli');
    const health = await healthServer();
    const child = daemon(
      [],
      cleanEnv({
        RANGER_ZK: zkConnectionString(),
        NAMESPACE: namespace,
        SERVICE_NAME: 'from-env',
        HOST: '127.0.0.1',
        PORT: String(health.port),
        ENV: 'stage',
        REGION: 'IN-nm',
        TAGS: 'identity,auth',
        HEALTH_CHECK: `127.0.0.1:${health.port}/health`,
        UPDATE_INTERVAL: '0.3',
      }),
    );
    expect(await child.waitForLine('stderr', /INFO {2}publishing /)).toContain(`health check GET http://127.0.0.1:${health.port}/health); settings from the environment`);
    await child.waitForLine('stderr', /registered .* \(healthy\)/);
    const { text } = await published(`/${namespace}/from-env/127.0.0.1:${health.port}`);
    expect(text).toMatch(JAVA_LAYOUT);
    expect(text).toContain('"nodeData":{"environment":"stage","region":"IN-nm","tags":["identity","auth"]}');
    expect(health.hits()).toBeGreaterThan(0);
  });

  it('publishes unhealthy while the health URL fails and healthy again when it recovers, one log line each', async () => {
    const namespace = uniqueNamespace('cli');
    const health = await healthServer();
    const path = `/${namespace}/web/127.0.0.1:${health.port}`;
    const child = daemon(['-zk', zkConnectionString(), '-n', namespace, '-s', 'web', '-host', '127.0.0.1', '-p', String(health.port), '-e', 'stage', '-hcu', `127.0.0.1:${health.port}/health`, '-i', '0.2', '-hct', '0.5']);
    await child.waitForLine('stderr', /registered .* \(healthy\)/);

    health.setHealthy(false);
    expect(await child.waitForLine('stderr', /health of .* changed to unhealthy/)).toContain(`GET http://127.0.0.1:${health.port}/health -> 503`);
    // The line is logged as the check returns, the write follows it.
    await vi.waitFor(async () => expect(decodeServiceNode((await raw.getData(path)).data)).toMatchObject({ ok: true, node: { healthcheckStatus: 'unhealthy' } }), {
      timeout: 5000,
      interval: 50,
    });
    const down = await rangerctl(zkConnectionString(), 'find', `${namespace}/web`);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/1 unhealthy/);

    health.setHealthy(true);
    await child.waitForLine('stderr', /health of .* changed to healthy/);
    expect((await rangerctl(zkConnectionString(), 'find', `${namespace}/web`)).stdout).toBe(`127.0.0.1:${health.port}\n`);
    expect(child.lines('stderr').filter((line) => /changed to/.test(line))).toHaveLength(2);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('on %s deletes its node at once and exits 0 within 2 s', async (signal) => {
    const namespace = uniqueNamespace('cli');
    const path = `/${namespace}/svc/127.0.0.1:9302`;
    const child = daemon(['-zk', zkConnectionString(), '-n', namespace, '-s', 'svc', '-host', '127.0.0.1', '-p', '9302', '-e', 'stage']);
    await child.waitForLine('stderr', /registered /);
    expect(await raw.exists(path)).not.toBeNull();
    const result = await child.stop(signal);
    expect(result.code).toBe(0);
    expect(result.stopMs).toBeLessThan(2000);
    // Gone now, not after the session timeout (6 s or more).
    expect(await raw.exists(path)).toBeNull();
    expect(result.stderr).toMatch(new RegExp(`${signal} received: deleting ${path}\\n.*deleted ${path}\\n.*stopped publishing`));
  });

  it('deletes its node at once on SIGTERM even while a health check hangs', async () => {
    const namespace = uniqueNamespace('cli');
    let hang = false;
    const server = createServer((_request, response) => {
      if (!hang) response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    });
    const port = (server.address() as AddressInfo).port;
    const path = `/${namespace}/svc/127.0.0.1:${port}`;
    const child = daemon(['-zk', zkConnectionString(), '-n', namespace, '-s', 'svc', '-host', '127.0.0.1', '-p', String(port), '-e', 'stage', '-hcu', `127.0.0.1:${port}/`, '-hct', '30', '-i', '0.2']);
    await child.waitForLine('stderr', /registered /);
    // Signal while a check hangs: the next tick is at most one interval away.
    const hanging = new Promise<void>((resolve) => server.on('request', () => hang && resolve()));
    hang = true;
    await hanging;
    // Watched only now: the stuck tick writes nothing more, so the one-shot watch waits for the delete.
    let deletedAt: number | undefined;
    expect(
      await raw.exists(path, (event) => {
        if (event.type === 'deleted') deletedAt = performance.now();
      }),
    ).not.toBeNull();
    const signalled = performance.now();
    const result = await child.stop('SIGTERM');
    expect(result.code).toBe(0);
    expect(result.stopMs).toBeLessThan(2000);
    await vi.waitFor(() => expect(deletedAt).toBeDefined(), { timeout: 2000, interval: 10 });
    // Deleted by the provider's stop() at once, not left for the session close after its 1.2 s stop budget.
    expect(result.stderr).toContain(`deleted ${path}\n`);
    expect(result.stderr).not.toContain('could not delete');
    expect((deletedAt ?? Infinity) - signalled).toBeLessThan(1000);
  });

  it('keeps trying while ZooKeeper is unreachable (not a usage error) and still stops at once on SIGTERM', async () => {
    const port = await freePort();
    const child = daemon(['-zk', `127.0.0.1:${port}`, '-s', 'svc', '-host', 'h', '-p', '1', '-e', 'stage']);
    await child.waitForLine('stderr', /connecting to ZooKeeper at 127\.0\.0\.1:\d+/);
    expect(child.running).toBe(true);
    const result = await child.stop('SIGTERM');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stopMs).toBeLessThan(2000);
  });
});

describe('ranger-daemon usage errors', () => {
  it.each<[string, string[], RegExp]>([
    ['a port out of range', ['-p', '99999'], /-p\/--port: port must be an integer from 1 to 65535, got '99999'/],
    ['a bad health URL', ['-hcu', 'http://'], /-hcu\/--healthCheckUrl 'http:\/\/' is not a valid URL/],
    ['a bad number', ['-i', 'soon'], /-i\/--interval must be a number of seconds from 0\.1 to 600, got 'soon'/],
    ['an unknown flag', ['--healthcheckurl', 'x'], /unknown option '--healthcheckurl'/],
  ])('%s exits 2 with the problem named and writes nothing', async (_name, extra, message) => {
    const namespace = uniqueNamespace('cli');
    const base = ['-zk', zkConnectionString(), '-n', namespace, '-s', 'svc', '-host', '127.0.0.1', '-p', '9303', '-e', 'stage'];
    const result = await runCli(RANGER_DAEMON, [...base, ...extra]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^ranger-daemon: .*\nRun 'ranger-daemon --help' for usage\.\n$/);
    expect(await raw.exists(`/${namespace}`)).toBeNull();
  });

  it('a missing flag exits 2 naming it, and without flags names the missing variables', async () => {
    const namespace = uniqueNamespace('cli');
    const missing = await runCli(RANGER_DAEMON, ['-zk', zkConnectionString(), '-n', namespace, '-host', 'h', '-p', '1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing -s/--service, -e/--environment');
    const fromEnv = await runCli(RANGER_DAEMON, [], cleanEnv({ RANGER_ZK: zkConnectionString(), NAMESPACE: namespace, PORT: '1' }));
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toContain('missing SERVICE_NAME, HOST, ENV');
    expect(await raw.exists(`/${namespace}`)).toBeNull();
  });

  it('rangerctl provide takes long flag names and reports usage errors the same way', async () => {
    const namespace = uniqueNamespace('cli');
    const bad = await runCli(RANGERCTL, ['--zk', zkConnectionString(), 'provide', '--namespace', namespace, '--service', 's', '--host', 'h', '--port', '0', '--environment', 'e']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--port: port must be an integer from 1 to 65535, got '0'");
    expect(await raw.exists(`/${namespace}`)).toBeNull();

    const child = new CliProcess(RANGERCTL, ['--zk', zkConnectionString(), 'provide', '--namespace', namespace, '--service', 's', '--host', '127.0.0.1', '--port', '9304', '--environment', 'e', '--tags', 'x', '--interval', '0.5']);
    cleanups.push(() => child.stop('SIGKILL'));
    await child.waitForLine('stderr', /registered /);
    expect((await published(`/${namespace}/s/127.0.0.1:9304`)).text).toContain('"tags":["x"]');
    const result = await child.stop('SIGINT');
    expect(result.code).toBe(0);
    expect(await raw.exists(`/${namespace}/s/127.0.0.1:9304`)).toBeNull();
  });
});
