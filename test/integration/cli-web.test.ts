import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT } from '../../electron/engine/sandbox/zookeeper-install.js';
import { isServing } from '../../electron/engine/zk/four-letter-word.js';
import { cleanEnv, CliProcess, RANGERCTL, requireBuiltClis, runCli } from '../support/cli-process.js';
import { zkConnectionString } from '../support/registry.js';

const RENDERER_INDEX = fileURLToPath(new URL('../../dist-renderer/index.html', import.meta.url));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  requireBuiltClis();
});

/** Profiles and settings of the web mode go to a directory of their own, never the developer's. */
function dataEnv(extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'ranger-cli-web-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return cleanEnv({ RANGER_DESK_DATA: dir, ...extra });
}

/** A long-running rangerctl, killed after the test if it is still running. */
function start(args: string[], env: Record<string, string> = dataEnv()): CliProcess {
  const child = new CliProcess(RANGERCTL, args, env);
  cleanups.push(() => child.stop('SIGKILL'));
  return child;
}

/** Whether anything accepts TCP connections on host:port. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean): void => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, host);
  });
}

describe('rangerctl web', () => {
  it('prints the URL with its token, refuses requests without the token, serves with it, and exits 0 on SIGTERM', async () => {
    if (!existsSync(RENDERER_INDEX)) throw new Error(`${RENDERER_INDEX} is missing: run 'npm run build:renderer' first`);
    const web = start(['web', '--zk', zkConnectionString()]);
    const line = await web.waitForLine('stdout', /^Ranger Desk web: /, 20_000);
    const url = new URL(line.replace('Ranger Desk web: ', ''));
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toMatch(/^\S{16,}$/);

    expect((await fetch(`${url.origin}/`)).status).toBe(401);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(web.stdout).toBe(`${line}\n`);
    expect(web.stderr).not.toMatch(/warning/);

    // A second web mode on the same port: one line, exit 1.
    const taken = await runCli(RANGERCTL, ['web', '--zk', zkConnectionString(), '--port', url.port], dataEnv());
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain(`rangerctl: cannot listen on 127.0.0.1:${url.port}: the port is already in use`);

    const stopped = await web.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(await accepts('127.0.0.1', Number(url.port))).toBe(false);
  });

  it('warns that a non-loopback --host exposes the UI to the network', async () => {
    const web = start(['--zk', zkConnectionString(), 'web', '--host', '0.0.0.0']);
    await web.waitForLine('stdout', /^Ranger Desk web: /, 20_000);
    expect(web.stderr).toContain('rangerctl: warning: listening on 0.0.0.0: the UI will be reachable from the network (the token is still required on every request)');
    expect((await web.stop('SIGINT')).code).toBe(0);
  });

  it.each<[string[], number, RegExp]>([
    [['web', '--port', 'http'], 2, /port must be an integer from 1 to 65535, got 'http'/],
    [['--auth', 'user:pw', 'web'], 2, /web does not take --auth/],
  ])('rangerctl %j exits %i', async (args, code, message) => {
    const result = await runCli(RANGERCTL, args, dataEnv());
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
  });

  it('--sandbox without a ZooKeeper install prints the install hint and exits 3', async () => {
    // No java on PATH, no ZOOKEEPER_HOME: no sandbox can start.
    const result = await runCli(RANGERCTL, ['web', '--sandbox'], dataEnv({ PATH: '' }));
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(result.stderr).toContain(INSTALL_HINT);
  });
});

describe('rangerctl sandbox', () => {
  it('prints a connection string that answers, serves demo services, and on SIGTERM stops the server and deletes its data', async () => {
    const sandbox = start(['sandbox']);
    const line = await sandbox.waitForLine('stdout', /^Sandbox ZooKeeper: /, 60_000);
    const match = /^Sandbox ZooKeeper: (127\.0\.0\.1):(\d+)$/.exec(line);
    expect(match).not.toBeNull();
    const [, host = '', portText = ''] = match ?? [];
    const port = Number(portText);
    expect(await isServing(host, port)).toBe(true);
    const dataDir = /data in (\S+), deleted on stop/.exec(await sandbox.waitForLine('stderr', /data in /))?.[1] ?? '';
    expect(existsSync(dataDir)).toBe(true);

    // The demo services are there, read through the sandbox's connection string.
    const ls = await runCli(RANGERCTL, ['--zk', `${host}:${port}`, 'ls', 'demo', '--json'], dataEnv());
    expect(ls.code).toBe(0);
    expect((JSON.parse(ls.stdout) as { services: { name: string }[] }).services.map((service) => service.name).sort()).toEqual(['inventory', 'orders', 'payments']);

    const stopped = await sandbox.stop('SIGTERM');
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toBe(`${line}\n`);
    expect(await isServing(host, port)).toBe(false);
    expect(await accepts(host, port)).toBe(false);
    expect(existsSync(dataDir)).toBe(false);
  }, 90_000);

  it('--no-demo starts an empty registry; a port already in use is refused', async () => {
    const [zkHost = '', zkPort = ''] = zkConnectionString().split(':');
    const taken = await runCli(RANGERCTL, ['sandbox', '--port', zkPort], dataEnv());
    expect(taken).toMatchObject({ code: 1, stdout: '', stderr: `rangerctl: ${zkHost}:${zkPort} is already in use: pick another --port, or leave it out for a free one\n` });

    const sandbox = start(['sandbox', '--no-demo']);
    const line = await sandbox.waitForLine('stdout', /^Sandbox ZooKeeper: /, 60_000);
    const connection = line.replace('Sandbox ZooKeeper: ', '');
    const ls = await runCli(RANGERCTL, ['--zk', connection, 'ls', '--json'], dataEnv());
    expect(JSON.parse(ls.stdout)).toEqual({ kind: 'namespaces', namespaces: [] });
    expect(sandbox.stderr).not.toContain('demo services');
    expect((await sandbox.stop('SIGINT')).code).toBe(0);
  }, 90_000);

  it('without a ZooKeeper install prints the install hint and exits 3', async () => {
    const result = await runCli(RANGERCTL, ['sandbox'], dataEnv({ PATH: '' }));
    expect(result).toMatchObject({ code: 3, stdout: '', stderr: `rangerctl: ${INSTALL_HINT}\n` });
  });
});
