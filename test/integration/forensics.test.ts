import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { RangerServiceProvider } from '../../electron/engine/index.js';
import { deleteNodes, reportToCsv, scanNamespace, type ScanResult } from '../../electron/engine/forensics/index.js';
import { LONG_MIN_VALUE } from '../../shared/model/service-node.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';
import { javaNodeBytes } from '../support/java-node.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function codesByName(scan: ScanResult): Record<string, string[]> {
  return Object.fromEntries(scan.reports.map((report) => [`${report.service}/${report.name}`, report.codes]));
}

describe('stale-node forensics on a real registry', () => {
  it('classifies each pathology, built for real', async () => {
    const namespace = uniqueNamespace();
    const other = uniqueNamespace('other');
    const now = Date.now();
    const raw = await openSession({ sessionTimeoutMs: 30_000 });
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/svc`);
    await raw.ensurePath(`/${namespace}/twin`);
    await raw.ensurePath(`/${namespace}/id-generator`);
    await raw.ensurePath(`/${other}/svc`);

    // A healthy provider: no problem.
    const healthy = new RangerServiceProvider({
      zk: zkConnectionString(),
      service: { host: '127.0.0.1', port: 9901, environment: 'stage', namespace, serviceName: 'svc' },
    });
    cleanups.push(() => healthy.stop());
    await healthy.start();

    const p = (name: string): string => `/${namespace}/svc/${name}`;
    await Promise.all([
      // A live session whose heartbeat stopped two minutes ago.
      raw.create(p('10.0.0.1:1'), javaNodeBytes('10.0.0.1', 1, BigInt(now - 120_000)), 'ephemeral'),
      raw.create(p('10.0.0.2:2'), javaNodeBytes('10.0.0.2', 2, BigInt(now), 'unhealthy'), 'ephemeral'),
      raw.create(p('10.0.0.3:3'), javaNodeBytes('10.0.0.3', 3, LONG_MIN_VALUE), 'ephemeral'),
      // A writer whose clock is 10 minutes ahead.
      raw.create(p('10.0.0.4:4'), javaNodeBytes('10.0.0.4', 4, BigInt(now + 600_000)), 'ephemeral'),
      raw.create(p('10.0.0.5:5'), Buffer.from('{"host": "10.0.0.5", "port": '), 'ephemeral'),
      raw.create(p('10.0.0.6:6'), javaNodeBytes('10.0.0.99', 6, BigInt(now)), 'ephemeral'),
      // Created persistent by a buggy client: it will never go away.
      raw.create(p('10.0.0.7:7'), javaNodeBytes('10.0.0.7', 7, BigInt(now)), 'persistent'),
      // One host:port in two services and in another namespace.
      raw.create(p('10.0.0.8:8'), javaNodeBytes('10.0.0.8', 8, BigInt(now)), 'ephemeral'),
      raw.create(`/${namespace}/twin/10.0.0.8:8`, javaNodeBytes('10.0.0.8', 8, BigInt(now)), 'ephemeral'),
      raw.create(`/${other}/svc/10.0.0.8:8`, javaNodeBytes('10.0.0.8', 8, BigInt(now)), 'ephemeral'),
      // Helper trees hold empty ephemeral nodes: not a problem.
      raw.create(`/${namespace}/id-generator/node-0000001`, null, 'ephemeral'),
    ]);
    cleanups.push(async () => {
      await raw.remove(p('10.0.0.7:7')).catch(() => undefined);
    });

    // A provider process killed without a goodbye: its session lingers with no client connected.
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/provider-process.ts', zkConnectionString(), namespace, 'svc', '9902', '30000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    expect(line).toMatch(/^registered /);
    child.kill('SIGKILL');
    await once(child, 'exit');

    const session = await openSession();
    cleanups.push(() => session.close());
    await expect
      .poll(async () => codesByName(await scanNamespace(session, namespace))['svc/127.0.0.1:9902'], { timeout: 10_000 })
      .toEqual(['orphan-session']);
    const scan = await scanNamespace(session, namespace);
    expect(scan.orphanCheck).toEqual({ checked: true });
    expect(codesByName(scan)).toEqual({
      'svc/10.0.0.1:1': ['zombie'],
      'svc/10.0.0.2:2': ['unhealthy'],
      'svc/10.0.0.3:3': ['never-updated'],
      'svc/10.0.0.4:4': ['future-timestamp'],
      'svc/10.0.0.5:5': ['broken-data'],
      'svc/10.0.0.6:6': ['name-mismatch'],
      'svc/10.0.0.7:7': ['persistent'],
      'svc/10.0.0.8:8': ['duplicate'],
      'twin/10.0.0.8:8': ['duplicate'],
      'svc/127.0.0.1:9902': ['orphan-session'],
    });
    const byName = new Map(scan.reports.map((report) => [report.name, report]));
    expect(byName.get('10.0.0.1:1')?.problems[0]?.sinceMs).toBe(now - 120_000);
    expect(byName.get('10.0.0.8:8')?.problems[0]?.message).toContain(`/${other}/svc/10.0.0.8:8`);
    // Which finders still serve each one.
    expect(byName.get('10.0.0.1:1')).toMatchObject({ javaServes: false, pythonServes: false });
    expect(byName.get('10.0.0.7:7')).toMatchObject({ javaServes: true, pythonServes: true });
    expect(byName.get('10.0.0.4:4')).toMatchObject({ javaServes: true });
    const csv = reportToCsv(scan.reports);
    expect(csv.split('\r\n')[0]).toBe('path,namespace,service,name,codes,messages,javaServes,pythonServes,owner,version,modified');
    expect(csv.split('\r\n')).toHaveLength(scan.reports.length + 2);
  });

  it('guards each delete by the version seen: a resumed heartbeat is skipped, a fresh healthy node is never deleted', async () => {
    const namespace = uniqueNamespace();
    const raw = await openSession({ sessionTimeoutMs: 30_000 });
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/svc`);
    const now = Date.now();
    const zombie = `/${namespace}/svc/10.0.1.1:1`;
    const resumed = `/${namespace}/svc/10.0.1.2:2`;
    const fresh = `/${namespace}/svc/10.0.1.3:3`;
    await Promise.all([
      raw.create(zombie, javaNodeBytes('10.0.1.1', 1, BigInt(now - 300_000)), 'ephemeral'),
      raw.create(resumed, javaNodeBytes('10.0.1.2', 2, BigInt(now - 300_000)), 'ephemeral'),
      raw.create(fresh, javaNodeBytes('10.0.1.3', 3, BigInt(now)), 'persistent'),
    ]);
    cleanups.push(() => raw.remove(fresh).catch(() => undefined));
    const session = await openSession();
    cleanups.push(() => session.close());
    const scan = await scanNamespace(session, namespace);
    const versions = new Map(scan.reports.map((report) => [report.path, report.version]));
    expect([...versions.keys()].sort()).toEqual([zombie, resumed, fresh].sort());

    // The heartbeat resumes between the inspection and the delete.
    await raw.setData(resumed, javaNodeBytes('10.0.1.2', 2, BigInt(Date.now())));

    const auditLogPath = join(mkdtempSync(join(tmpdir(), 'ranger-audit-')), 'audit.jsonl');
    const outcomes = await deleteNodes(
      session,
      [zombie, resumed, fresh].map((path) => ({ path, version: versions.get(path) ?? -1, reason: 'test' })),
      { auditLogPath, connectionLabel: 'test-cluster' },
    );
    expect(outcomes.map((outcome) => outcome.result)).toEqual(['deleted', 'skipped-changed', 'skipped-healthy']);
    expect(await raw.exists(zombie)).toBeNull();
    expect(await raw.exists(resumed)).not.toBeNull();
    expect(await raw.exists(fresh)).not.toBeNull();
    const audit = readFileSync(auditLogPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { path: string; result: string; dataText: string; connection: string });
    expect(audit.map((entry) => [entry.path, entry.result])).toEqual([
      [zombie, 'deleted'],
      [resumed, 'skipped-changed'],
      [fresh, 'skipped-healthy'],
    ]);
    expect(audit[0]?.dataText).toContain('"host":"10.0.1.1"');
    expect(audit[0]?.connection).toBe('test-cluster');
  });
});
