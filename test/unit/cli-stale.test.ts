import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from 'commander';
import { confirm } from '../../electron/cli/shared/confirm.js';
import { makeColors } from '../../electron/cli/shared/colors.js';
import { UsageError } from '../../electron/cli/shared/exit-codes.js';
import { parseCodes, resolveStaleFlags, thresholdOption } from '../../electron/cli/stale/stale-options.js';
import {
  deleteExitCode,
  deleteReason,
  keptAsHealthy,
  nothingToDeleteLine,
  orphanCheckLine,
  outcomeDocuments,
  outcomesTable,
  planText,
  problemsTable,
  selectTargets,
  summaryLine,
} from '../../electron/cli/stale/stale-view.js';
import type { DeleteOutcome, NodeReport, Problem, ProblemCode, ScanResult } from '../../shared/model/problems.js';

const NOW = 1_800_000_000_000;
const plain = makeColors(false);

function report(name: string, problems: Problem[], overrides: Partial<NodeReport> = {}): NodeReport {
  return {
    path: `/ns/svc/${name}`,
    namespace: 'ns',
    service: 'svc',
    name,
    codes: problems.map((problem) => problem.code),
    problems,
    javaServes: false,
    pythonServes: false,
    version: 3,
    owner: 'abc',
    mtimeMs: NOW - 1000,
    dataText: '{}',
    ...overrides,
  };
}

const problem = (code: ProblemCode, message: string, sinceMs: number | null = null): Problem => ({ code, message, sinceMs });

const zombie = report('z:1', [problem('zombie', 'Last heartbeat 5 min ago (threshold 60 s).', NOW - 300_000)]);
const persistentFresh = report('p:2', [problem('persistent', 'Not ephemeral: it will never expire when its provider goes away.', NOW - 65_000)], {
  javaServes: true,
  pythonServes: true,
  owner: '0',
});
const zombiePersistent = report('zp:3', [problem('zombie', 'Last heartbeat 2 h ago (threshold 60 s).', NOW - 7_200_000), problem('persistent', 'Not ephemeral.', NOW)]);
const unhealthy = report('u:4', [problem('unhealthy', 'Reports itself unhealthy (last written 1 s ago).')]);

function scan(reports: NodeReport[], orphanCheck: ScanResult['orphanCheck'] = { checked: true }): ScanResult {
  return { namespace: 'ns', scannedAt: NOW, instanceCount: 7, reports, orphanCheck };
}

describe('rangerctl stale flags', () => {
  it('--codes defaults to the codes that never fix themselves, drops repeats, and names an unknown code with the valid ones', () => {
    expect(parseCodes(undefined)).toEqual(['zombie', 'never-updated', 'broken-data', 'persistent']);
    expect(parseCodes(' unhealthy, zombie,unhealthy ')).toEqual(['unhealthy', 'zombie']);
    expect(() => parseCodes('zombie,bogus')).toThrow(
      new UsageError(
        "unknown code 'bogus' in --codes; valid codes: unhealthy, zombie, never-updated, future-timestamp, broken-data, name-mismatch, persistent, orphan-session, duplicate",
      ),
    );
    expect(() => parseCodes(',')).toThrow(/at least one code/);
  });

  it('--threshold is a duration of at least a second', () => {
    expect(thresholdOption('60s')).toBe(60_000);
    expect(thresholdOption('90000')).toBe(90_000);
    expect(() => thresholdOption('60')).toThrow(InvalidArgumentError);
    expect(() => thresholdOption('soon')).toThrow(/'soon' is not a duration/);
  });

  it('checks every combination before ZooKeeper is contacted', () => {
    const base = { threshold: 60_000 };
    expect(resolveStaleFlags('/ns', { ...base, json: true }, false)).toEqual({ namespace: 'ns', thresholdMs: 60_000, format: 'json', delete: undefined });
    expect(resolveStaleFlags('ns', { ...base, delete: true, yes: true, codes: 'unhealthy' }, false)).toMatchObject({
      delete: { codes: ['unhealthy'], yes: true },
    });
    expect(resolveStaleFlags('ns', { ...base, delete: true }, true)).toMatchObject({ delete: { yes: false } });
    expect(() => resolveStaleFlags('ns', { ...base, delete: true }, false)).toThrow(/refusing to delete without confirmation: stdin is not a terminal.*--yes/);
    expect(() => resolveStaleFlags('ns', { ...base, codes: 'zombie' }, true)).toThrow(/--codes only applies with --delete/);
    expect(() => resolveStaleFlags('ns', { ...base, yes: true }, true)).toThrow(/--yes only applies with --delete/);
    expect(() => resolveStaleFlags('ns', { threshold: 10_000, delete: true, yes: true }, true)).toThrow(/--delete needs --threshold of at least 30s/);
    expect(() => resolveStaleFlags('ns/svc', base, true)).toThrow(/'ns\/svc' is not a NAMESPACE/);
    expect(() => resolveStaleFlags('zookeeper', base, true)).toThrow(/reserved/);
  });
});

describe('rangerctl stale output', () => {
  it('renders one row per problem node: path, codes, first problem, since, finders that serve it', () => {
    const lines = problemsTable([zombie, persistentFresh, zombiePersistent, unhealthy], NOW, plain).trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    expect(lines).toEqual([
      ['PATH', 'CODES', 'PROBLEM', 'SINCE', 'SERVED BY'],
      ['/ns/svc/z:1', 'zombie', 'Last heartbeat 5 min ago (threshold 60 s).', '5m00s ago', 'none'],
      ['/ns/svc/p:2', 'persistent', 'Not ephemeral: it will never expire when its provider goes away.', '1m05s ago', 'java, python'],
      ['/ns/svc/zp:3', 'zombie,persistent', 'Last heartbeat 2 h ago (threshold 60 s).', '2h00m ago', 'none'],
      ['/ns/svc/u:4', 'unhealthy', 'Reports itself unhealthy (last written 1 s ago).', '-', 'none'],
    ]);
  });

  it('summarises by code and says when orphan sessions could not be checked', () => {
    expect(summaryLine(scan([zombie, zombiePersistent, unhealthy]))).toBe(
      "3 problem nodes among 7 instances in namespace 'ns' (unhealthy 1, zombie 2, persistent 1)",
    );
    expect(summaryLine(scan([]))).toBe("no problems among 7 instances in namespace 'ns'");
    expect(orphanCheckLine(scan([]))).toBeUndefined();
    expect(orphanCheckLine(scan([], { checked: false, reason: "127.0.0.1:2181 does not allow 'cons' (4lw.commands.whitelist)" }))).toBe(
      "orphan sessions were not checked: 127.0.0.1:2181 does not allow 'cons' (4lw.commands.whitelist)",
    );
  });
});

describe('rangerctl stale --delete', () => {
  const codes: ProblemCode[] = ['zombie', 'never-updated', 'broken-data', 'persistent'];

  it('targets the nodes with a selected code and gives the selected problems as the reason', () => {
    const { targets, others } = selectTargets([zombie, persistentFresh, zombiePersistent, unhealthy], codes);
    expect(targets.map((target) => target.name)).toEqual(['z:1', 'p:2', 'zp:3']);
    expect(others.map((other) => other.name)).toEqual(['u:4']);
    expect(deleteReason(zombiePersistent, codes)).toBe('zombie: Last heartbeat 2 h ago (threshold 60 s). persistent: Not ephemeral.');
    expect(deleteReason(zombiePersistent, ['persistent'])).toBe('persistent: Not ephemeral.');
  });

  it('lists each path with its reason before asking, and says which will be kept as healthy', () => {
    expect(keptAsHealthy(persistentFresh)).toBe(true);
    expect(keptAsHealthy(zombiePersistent)).toBe(false);
    const text = planText('ns', [zombie, persistentFresh], codes, [unhealthy]);
    expect(text.split('\n')).toEqual([
      "To delete from namespace 'ns': 2 nodes with zombie, never-updated, broken-data, persistent (any node that changes meanwhile, or is healthy with a fresh heartbeat, is kept):",
      '  /ns/svc/z:1  zombie: Last heartbeat 5 min ago (threshold 60 s).',
      '  /ns/svc/p:2  persistent: Not ephemeral: it will never expire when its provider goes away. (healthy with a fresh heartbeat: will be kept)',
      'Not selected: 1 other problem node (unhealthy 1); add those codes to --codes to include them.',
      '',
    ]);
    expect(nothingToDeleteLine(scan([unhealthy]), codes)).toBe(
      "nothing to delete: none of the 1 problem node in namespace 'ns' (unhealthy 1) has zombie, never-updated, broken-data, persistent",
    );
  });

  const outcomes: DeleteOutcome[] = [
    { path: '/ns/svc/a:1', result: 'deleted' },
    { path: '/ns/svc/b:2', result: 'skipped-changed', detail: 'changed since it was inspected (version 3 -> 4)' },
    { path: '/ns/svc/c:3', result: 'skipped-healthy', detail: 'it is healthy with a fresh heartbeat' },
    { path: '/ns/svc/d:4', result: 'gone' },
    { path: '/ns/svc/e:5', result: 'failed', detail: 'NO_AUTH' },
  ];

  it('prints each outcome with its label', () => {
    expect(outcomesTable(outcomes, plain).trimEnd().split('\n').map((line) => line.split(/\s{2,}/))).toEqual([
      ['PATH', 'RESULT', 'DETAIL'],
      ['/ns/svc/a:1', 'deleted'],
      ['/ns/svc/b:2', 'skipped: changed since inspected', 'changed since it was inspected (version 3 -> 4)'],
      ['/ns/svc/c:3', 'skipped: healthy', 'it is healthy with a fresh heartbeat'],
      ['/ns/svc/d:4', 'gone'],
      ['/ns/svc/e:5', 'failed', 'NO_AUTH'],
    ]);
    expect(outcomeDocuments([zombie], [{ path: zombie.path, result: 'deleted' }], codes)).toEqual([
      { path: '/ns/svc/z:1', codes: ['zombie'], reason: 'zombie: Last heartbeat 5 min ago (threshold 60 s).', result: 'deleted' },
    ]);
  });

  it('exits 0 only when every targeted node was deleted or already gone', () => {
    expect(deleteExitCode([outcomes[0], outcomes[3]] as DeleteOutcome[])).toBe(0);
    expect(deleteExitCode([])).toBe(0);
    for (const skipped of outcomes.slice(1, 3).concat(outcomes.slice(4))) expect(deleteExitCode([outcomes[0] as DeleteOutcome, skipped])).toBe(1);
  });
});

describe('the y/N question', () => {
  async function answer(input: string | null): Promise<{ yes: boolean; written: string }> {
    const stdin = new PassThrough();
    const output = new PassThrough();
    let written = '';
    output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const pending = confirm('Delete 2 nodes? [y/N] ', { input: stdin, output, terminal: false });
    if (input === null) stdin.end();
    else stdin.write(input);
    return { yes: await pending, written };
  }

  it.each<[string | null, boolean]>([
    ['y\n', true],
    ['YES\n', true],
    [' yes \n', true],
    ['\n', false],
    ['n\n', false],
    ['yep\n', false],
    [null, false],
  ])('%j is %s', async (input, expected) => {
    const { yes, written } = await answer(input);
    expect(yes).toBe(expected);
    expect(written.startsWith('Delete 2 nodes? [y/N] ')).toBe(true);
  });
});
