import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../electron/engine/sandbox/zookeeper-process.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { cleanEnv, RANGERCTL, requireBuiltClis, runCli, type CliResult } from '../support/cli-process.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';
import { javaNodeBytes } from '../support/java-node.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let raw: ZkSession;
beforeAll(async () => {
  requireBuiltClis();
  // The session that writes the pathologies stays connected: its ephemeral nodes are not orphans.
  raw = await openSession({ sessionTimeoutMs: 30_000 });
  return () => raw.close();
});

/** A data directory of its own for each test: the audit log lands there. */
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ranger-stale-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function stale(data: string, ...args: string[]): Promise<CliResult> {
  return runCli(RANGERCTL, ['--zk', zkConnectionString(), 'stale', ...args], cleanEnv({ RANGER_DESK_DATA: data }));
}

interface Registry {
  namespace: string;
  healthy: string;
  zombie: string;
  persistent: string;
  broken: string;
  unhealthy: string;
}

/**
 * One namespace with a healthy node and four pathologies, built for real: a live session whose heartbeat stopped,
 * a persistent node left by a dead client (its heartbeat stopped too), bad JSON, and a node reporting itself
 * unhealthy. Host names carry the namespace, so that no other test's node counts as a duplicate.
 */
async function pathologies(): Promise<Registry> {
  const namespace = uniqueNamespace('stale');
  const now = Date.now();
  const path = (host: string, port: number): string => `/${namespace}/svc/${namespace}-${host}:${port}`;
  const registry: Registry = {
    namespace,
    healthy: path('ok', 1),
    zombie: path('zombie', 2),
    persistent: path('persistent', 3),
    broken: path('broken', 4),
    unhealthy: path('unhealthy', 5),
  };
  await raw.ensurePath(`/${namespace}/svc`);
  await raw.ensurePath(`/${namespace}/id-generator`);
  await Promise.all([
    raw.create(registry.healthy, javaNodeBytes(`${namespace}-ok`, 1, now), 'ephemeral'),
    raw.create(registry.zombie, javaNodeBytes(`${namespace}-zombie`, 2, now - 300_000), 'ephemeral'),
    raw.create(registry.persistent, javaNodeBytes(`${namespace}-persistent`, 3, now - 3_600_000), 'persistent'),
    raw.create(registry.broken, Buffer.from('{"host": "broken", "port": '), 'ephemeral'),
    raw.create(registry.unhealthy, javaNodeBytes(`${namespace}-unhealthy`, 5, now, 'unhealthy'), 'ephemeral'),
    // Helper trees hold empty ephemeral nodes: never a problem.
    raw.create(`/${namespace}/id-generator/id-1`, null, 'ephemeral'),
  ]);
  cleanups.push(() => raw.remove(registry.persistent).catch(() => undefined));
  return registry;
}

interface AuditLine {
  path: string;
  result: string;
  connection: string;
  reason: string;
  dataText: string | null;
}

function audit(data: string): AuditLine[] {
  return readFileSync(join(data, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditLine);
}

describe('rangerctl stale', () => {
  it('exits 0 on a clean namespace (helper trees are not problems)', async () => {
    const namespace = uniqueNamespace('stale');
    await raw.ensurePath(`/${namespace}/svc`);
    await raw.ensurePath(`/${namespace}/id-generator`);
    await raw.create(`/${namespace}/svc/${namespace}-ok:1`, javaNodeBytes(`${namespace}-ok`, 1, Date.now()), 'ephemeral');
    await raw.create(`/${namespace}/id-generator/id-1`, null, 'ephemeral');
    const data = dataDir();
    expect(await stale(data, namespace)).toMatchObject({ code: 0, stdout: '', stderr: `rangerctl: no problems among 1 instance in namespace '${namespace}'\n` });
    expect(await stale(data, namespace, '--json')).toMatchObject({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits 1 and lists each problem node with its codes, as a table, JSON and CSV', async () => {
    const registry = await pathologies();
    const data = dataDir();

    const json = await stale(data, registry.namespace, '--json');
    expect(json).toMatchObject({ code: 1, stderr: '' });
    const reports = JSON.parse(json.stdout) as { path: string; codes: string[]; problems: { message: string }[]; javaServes: boolean; pythonServes: boolean }[];
    expect(Object.fromEntries(reports.map((report) => [report.path, report.codes]))).toEqual({
      [registry.zombie]: ['zombie'],
      [registry.persistent]: ['zombie', 'persistent'],
      [registry.broken]: ['broken-data'],
      [registry.unhealthy]: ['unhealthy'],
    });
    expect(reports.find((report) => report.path === registry.zombie)?.problems[0]?.message).toMatch(/^Last heartbeat 5 min ago/);
    expect(reports.every((report) => !report.javaServes && !report.pythonServes)).toBe(true);

    const table = await stale(data, registry.namespace);
    expect(table.code).toBe(1);
    const rows = table.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(rows[0]).toEqual(['PATH', 'CODES', 'PROBLEM', 'SINCE', 'SERVED BY']);
    expect(rows.find((row) => row[0] === registry.zombie)).toEqual([registry.zombie, 'zombie', expect.stringMatching(/^Last heartbeat 5 min ago/), expect.stringMatching(/^5m0\ds ago$/), 'none']);
    expect(rows).toHaveLength(5);
    expect(table.stderr).toBe(
      `rangerctl: 4 problem nodes among 5 instances in namespace '${registry.namespace}' (unhealthy 1, zombie 2, broken-data 1, persistent 1)\n`,
    );

    const csv = await stale(data, registry.namespace, '--csv');
    expect(csv.code).toBe(1);
    expect(csv.stdout.split('\r\n').filter(Boolean)).toHaveLength(5);

    // A longer threshold forgives the 5-minute-old heartbeat, not the hour-old one.
    const lenient = JSON.parse((await stale(data, registry.namespace, '--json', '--threshold', '600s')).stdout) as { path: string }[];
    expect(lenient.map((report) => report.path)).not.toContain(registry.zombie);
    expect(lenient.map((report) => report.path)).toContain(registry.persistent);
  });

  it('--delete --yes deletes zombie, persistent and broken nodes, leaves the unhealthy one unless --codes unhealthy, and keeps an audit log', async () => {
    const registry = await pathologies();
    const data = dataDir();

    const deleted = await stale(data, registry.namespace, '--delete', '--yes');
    expect(deleted.code).toBe(0);
    const rows = deleted.stdout.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([
      ['PATH', 'RESULT', 'DETAIL'],
      ...[registry.broken, registry.persistent, registry.zombie].sort().map((path) => [path, 'deleted']),
    ]);
    // The confirmation listing (each path with its reason) and the summary go to stderr.
    expect(deleted.stderr).toContain(`  ${registry.zombie.padEnd(registry.persistent.length)}  zombie: Last heartbeat 5 min ago`);
    expect(deleted.stderr).toContain('Not selected: 1 other problem node (unhealthy 1)');
    expect(deleted.stderr).toContain(`rangerctl: 3 deleted; audit log: ${join(data, 'audit.jsonl')}\n`);
    expect(await raw.exists(registry.zombie)).toBeNull();
    expect(await raw.exists(registry.persistent)).toBeNull();
    expect(await raw.exists(registry.broken)).toBeNull();
    expect(await raw.exists(registry.unhealthy)).not.toBeNull();
    expect(await raw.exists(registry.healthy)).not.toBeNull();

    const entries = audit(data);
    expect(entries.map((entry) => [entry.path, entry.result]).sort()).toEqual([registry.broken, registry.persistent, registry.zombie].sort().map((path) => [path, 'deleted']));
    expect(entries.every((entry) => entry.connection === zkConnectionString())).toBe(true);
    expect(entries.find((entry) => entry.path === registry.broken)?.dataText).toBe('{"host": "broken", "port": ');
    expect(entries.find((entry) => entry.path === registry.persistent)?.reason).toMatch(/^zombie: .* persistent: Not ephemeral/);

    const json = await stale(data, registry.namespace, '--delete', '--yes', '--codes', 'unhealthy', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([{ path: registry.unhealthy, codes: ['unhealthy'], reason: expect.stringMatching(/^unhealthy: Reports itself unhealthy/), result: 'deleted' }]);
    expect(await raw.exists(registry.unhealthy)).toBeNull();
    expect(audit(data)).toHaveLength(4);

    expect((await stale(data, registry.namespace)).code).toBe(0);
  });

  it('never deletes a healthy node with a fresh heartbeat: a fresh persistent node is skipped and the exit code is 1', async () => {
    const namespace = uniqueNamespace('stale');
    const path = `/${namespace}/svc/${namespace}-fresh:1`;
    await raw.ensurePath(`/${namespace}/svc`);
    await raw.create(path, javaNodeBytes(`${namespace}-fresh`, 1, Date.now()), 'persistent');
    cleanups.push(() => raw.remove(path).catch(() => undefined));
    const data = dataDir();
    const result = await stale(data, namespace, '--delete', '--yes', '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toEqual([
      { path, codes: ['persistent'], reason: expect.stringMatching(/^persistent: /), result: 'skipped-healthy', detail: 'it is healthy with a fresh heartbeat' },
    ]);
    expect(result.stderr).toContain('(healthy with a fresh heartbeat: will be kept)');
    expect(await raw.exists(path)).not.toBeNull();
    expect(audit(data).map((entry) => entry.result)).toEqual(['skipped-healthy']);
  });

  it('--delete without --yes in a pipe refuses with exit 2 and deletes nothing', async () => {
    const registry = await pathologies();
    const data = dataDir();
    const result = await stale(data, registry.namespace, '--delete');
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/^rangerctl: refusing to delete without confirmation: stdin is not a terminal.*pass --yes/);
    for (const path of [registry.zombie, registry.persistent, registry.broken, registry.unhealthy]) expect(await raw.exists(path)).not.toBeNull();
    expect(existsSync(join(data, 'audit.jsonl'))).toBe(false);
  });

  it.each<[string[], RegExp]>([
    [['--delete', '--yes', '--codes', 'zombie,bogus'], /unknown code 'bogus' in --codes; valid codes: unhealthy, zombie, never-updated, future-timestamp, broken-data, name-mismatch, persistent, orphan-session, duplicate/],
    [['--threshold', 'soon'], /'soon' is not a duration/],
    [['--threshold', '60'], /too short for a heartbeat threshold/],
    [['--codes', 'zombie'], /--codes only applies with --delete/],
    [['--json', '--csv'], /option '--json' cannot be used with option '--csv'/],
  ])('stale NS %j exits 2 naming the problem, before touching ZooKeeper', async (args, message) => {
    const registry = await pathologies();
    const result = await stale(dataDir(), registry.namespace, ...args);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(await raw.exists(registry.zombie)).not.toBeNull();
  });

  it('exits 1 for a namespace that does not exist, 3 when ZooKeeper is unreachable', async () => {
    const namespace = uniqueNamespace('stale');
    expect(await stale(dataDir(), namespace)).toMatchObject({ code: 1, stderr: `rangerctl: namespace '${namespace}' does not exist\n` });
    const port = await freePort();
    const unreachable = await runCli(RANGERCTL, ['--zk', `127.0.0.1:${port}`, '--timeout', '500ms', 'stale', namespace], cleanEnv({ RANGER_DESK_DATA: dataDir() }));
    expect(unreachable).toMatchObject({ code: 3, stderr: `rangerctl: cannot reach ZooKeeper at 127.0.0.1:${port}: no answer within 500 ms\n` });
  });
});
