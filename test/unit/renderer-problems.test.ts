import { describe, expect, it } from 'vitest';
import type { NodeReport, ProblemCode, ScanResult } from '../../shared/model/problems.js';
import {
  codeCounts,
  deleteReason,
  deleteTargets,
  describeOutcome,
  earliestSince,
  filterReports,
  isDefaultDeletable,
  outcomeSummary,
  parseThresholdSeconds,
  problemCountsByService,
  problemCountUnder,
  pruneSelection,
  reportFor,
  selectAllState,
  selectDeletable,
  selectedReports,
  toggleAllShown,
  toggleSelected,
} from '../../renderer/state/problems.js';

const NOW = 1_700_000_000_000;

function report(service: string, name: string, codes: ProblemCode[], patch: Partial<NodeReport> = {}): NodeReport {
  return {
    path: `/ns/${service}/${name}`,
    namespace: 'ns',
    service,
    name,
    codes,
    problems: codes.map((code, index) => ({ code, message: `${name} is ${code}.`, sinceMs: index === 0 ? NOW - 120_000 : null })),
    javaServes: false,
    pythonServes: false,
    version: 7,
    owner: '18f0000000000001',
    mtimeMs: NOW - 120_000,
    dataText: '{}',
    ...patch,
  };
}

const zombie = report('orders', '10.0.0.1:1', ['zombie']);
const broken = report('orders', '10.0.0.5:5', ['broken-data']);
const unhealthy = report('billing', '10.0.0.2:2', ['unhealthy'], { version: 3 });
const dup = report('billing', '10.0.0.8:8', ['duplicate', 'persistent'], { javaServes: true });
const all = [zombie, broken, unhealthy, dup];
const scan: ScanResult = { namespace: 'ns', scannedAt: NOW, instanceCount: 12, reports: all, orphanCheck: { checked: true } };

describe('problem filtering', () => {
  it('filters by code, and by words in the path, in path order', () => {
    expect(filterReports(all, null).map((item) => item.name)).toEqual(['10.0.0.2:2', '10.0.0.8:8', '10.0.0.1:1', '10.0.0.5:5']);
    expect(filterReports(all, 'zombie')).toEqual([zombie]);
    expect(filterReports(all, 'persistent')).toEqual([dup]);
    expect(filterReports(all, null, 'ORDERS 0.5')).toEqual([broken]);
    expect(filterReports(all, 'orphan-session')).toEqual([]);
  });

  it('counts nodes per code in the canonical order, and per service', () => {
    expect(codeCounts(all)).toEqual([
      { code: 'unhealthy', count: 1 },
      { code: 'zombie', count: 1 },
      { code: 'broken-data', count: 1 },
      { code: 'persistent', count: 1 },
      { code: 'duplicate', count: 1 },
    ]);
    expect(Object.fromEntries(problemCountsByService(scan))).toEqual({ orders: 2, billing: 2 });
    expect(problemCountsByService(null).size).toBe(0);
  });

  it('counts problems under a tree path and finds a node’s report', () => {
    expect(problemCountUnder(scan, '/ns')).toBe(4);
    expect(problemCountUnder(scan, '/ns/orders')).toBe(2);
    expect(problemCountUnder(scan, '/ns/order')).toBe(0);
    expect(problemCountUnder(scan, '/ns/orders/10.0.0.1:1')).toBe(1);
    expect(problemCountUnder(null, '/ns')).toBe(0);
    expect(reportFor(scan, '/ns/orders/10.0.0.5:5')).toBe(broken);
    expect(reportFor(scan, '/ns/orders/nope')).toBeNull();
  });
});

describe('selection', () => {
  it('toggles one row', () => {
    const one = toggleSelected(new Set(), zombie.path);
    expect([...one]).toEqual([zombie.path]);
    expect(toggleSelected(one, zombie.path).size).toBe(0);
  });

  it('selects all of the filtered rows, and leaves hidden rows alone', () => {
    const shown = filterReports(all, null, 'orders');
    const hiddenSelected = new Set([unhealthy.path]);
    expect(selectAllState(hiddenSelected, shown)).toBe('none');
    const selected = toggleAllShown(hiddenSelected, shown);
    expect([...selected].sort()).toEqual([zombie.path, broken.path, unhealthy.path].sort());
    expect(selectAllState(selected, shown)).toBe('all');
    // Clicked again: the shown rows are unselected, the hidden one stays.
    expect([...toggleAllShown(selected, shown)]).toEqual([unhealthy.path]);
    expect(selectAllState(new Set([zombie.path]), shown)).toBe('some');
  });

  it('"Select stale" picks the codes a cleanup removes by default', () => {
    expect(isDefaultDeletable(zombie)).toBe(true);
    expect(isDefaultDeletable(unhealthy)).toBe(false);
    expect(isDefaultDeletable(dup)).toBe(true);
    expect([...selectDeletable(new Set(), all)].sort()).toEqual([zombie.path, broken.path, dup.path].sort());
  });

  it('forgets rows a new scan no longer reports, and keeps identity when nothing changed', () => {
    const selection = new Set([zombie.path, broken.path]);
    expect([...pruneSelection(selection, [broken, unhealthy])]).toEqual([broken.path]);
    expect(pruneSelection(selection, all)).toBe(selection);
  });

  it('builds delete targets with the version seen and the reason', () => {
    const selection = new Set([unhealthy.path, zombie.path]);
    expect(selectedReports(all, selection)).toEqual([unhealthy, zombie]);
    expect(deleteTargets(all, selection)).toEqual([
      { path: unhealthy.path, version: 3, reason: 'unhealthy: 10.0.0.2:2 is unhealthy.' },
      { path: zombie.path, version: 7, reason: 'zombie: 10.0.0.1:1 is zombie.' },
    ]);
    expect(deleteReason(dup)).toBe('duplicate, persistent: 10.0.0.8:8 is duplicate. 10.0.0.8:8 is persistent.');
    expect(deleteTargets(all, new Set())).toEqual([]);
  });
});

describe('outcomes and inputs', () => {
  it('says what each outcome means', () => {
    expect(describeOutcome({ path: '/a', result: 'deleted' }).label).toBe('deleted');
    expect(describeOutcome({ path: '/a', result: 'skipped-changed', detail: 'version 8, expected 7' })).toEqual({ label: 'skipped: it changed', detail: 'version 8, expected 7', tone: 'warn' });
    expect(describeOutcome({ path: '/a', result: 'skipped-healthy', detail: '' }).detail).toContain('healthy and fresh');
    expect(describeOutcome({ path: '/a', result: 'gone' }).label).toBe('already gone');
    expect(describeOutcome({ path: '/a', result: 'failed', detail: 'NO_AUTH' })).toEqual({ label: 'failed', detail: 'NO_AUTH', tone: 'bad' });
    expect(
      outcomeSummary([
        { path: '/a', result: 'deleted' },
        { path: '/b', result: 'deleted' },
        { path: '/c', result: 'skipped-changed', detail: '' },
      ]),
    ).toBe('2 deleted, 1 skipped: it changed');
  });

  it('finds the earliest known since', () => {
    expect(earliestSince(zombie)).toBe(NOW - 120_000);
    expect(earliestSince(report('x', 'y:1', ['persistent'], { problems: [{ code: 'persistent', message: '', sinceMs: null }] }))).toBeNull();
  });

  it('reads the threshold in seconds with the host’s bounds', () => {
    expect(parseThresholdSeconds('60')).toBe(60_000);
    expect(parseThresholdSeconds(' 1.5 ')).toBe(1500);
    expect(parseThresholdSeconds('0.5')).toEqual({ problem: 'The threshold must be at least 1 s' });
    expect(parseThresholdSeconds('')).toEqual({ problem: 'Enter the zombie threshold in seconds' });
    expect(parseThresholdSeconds('abc')).toEqual({ problem: 'Enter the zombie threshold in seconds' });
    expect(parseThresholdSeconds(String(31 * 86_400))).toEqual({ problem: 'The threshold must be at most 30 days' });
  });
});
