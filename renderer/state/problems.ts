/**
 * The Problems view's logic: filtering a scan by code, counts per code and per service, the selection (with
 * select-all of what is shown), the delete targets with their reasons, and what each outcome means. Pure.
 */
import { DEFAULT_DELETABLE_CODES, PROBLEM_CODES, type DeleteOutcome, type DeleteTarget, type NodeReport, type ProblemCode, type ScanResult } from '../../shared/model/problems.js';

/** Short explanations of the codes, for tooltips and the filter. */
export const CODE_HINT: Record<ProblemCode, string> = {
  unhealthy: 'reports itself unhealthy',
  zombie: 'heartbeat older than the threshold',
  'never-updated': 'never completed a heartbeat',
  'future-timestamp': 'heartbeat in the future (clock skew)',
  'broken-data': 'empty, not JSON, or no host/port',
  'name-mismatch': 'znode name is not the data’s host:port',
  persistent: 'not ephemeral: it will never expire',
  'orphan-session': 'its owner session is not live on the server',
  duplicate: 'the same host:port is registered elsewhere',
};

/** Codes that make a node a cleanup candidate by default (it will not fix itself). */
export function isDefaultDeletable(report: Pick<NodeReport, 'codes'>): boolean {
  return report.codes.some((code) => DEFAULT_DELETABLE_CODES.includes(code));
}

/** Reports with the given code (all of them for null), in path order. */
export function filterReports(reports: readonly NodeReport[], code: ProblemCode | null, text = ''): NodeReport[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  return reports
    .filter((report) => (code === null || report.codes.includes(code)) && words.every((word) => report.path.toLowerCase().includes(word)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** How many nodes have each code, in the order of PROBLEM_CODES (codes with no node are left out). */
export function codeCounts(reports: readonly NodeReport[]): { code: ProblemCode; count: number }[] {
  const counts = new Map<ProblemCode, number>();
  for (const report of reports) for (const code of report.codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return PROBLEM_CODES.filter((code) => counts.has(code)).map((code) => ({ code, count: counts.get(code) ?? 0 }));
}

/** Problem nodes per service in a scan: what the browse services list shows beside each service. */
export function problemCountsByService(scan: ScanResult | null): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const report of scan?.reports ?? []) counts.set(report.service, (counts.get(report.service) ?? 0) + 1);
  return counts;
}

/** Problem nodes under a path (a namespace, service or instance path). */
export function problemCountUnder(scan: ScanResult | null, path: string): number {
  if (!scan) return 0;
  const prefix = path.endsWith('/') ? path : `${path}/`;
  let count = 0;
  for (const report of scan.reports) if (report.path === path || report.path.startsWith(prefix)) count++;
  return count;
}

export function reportFor(scan: ScanResult | null, path: string): NodeReport | null {
  return scan?.reports.find((report) => report.path === path) ?? null;
}

/** Flips one path in the selection. */
export function toggleSelected(selection: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(selection);
  if (next.has(path)) next.delete(path);
  else next.add(path);
  return next;
}

export type SelectAllState = 'none' | 'some' | 'all';

/** The header checkbox: whether none, some or all of the shown rows are selected. */
export function selectAllState(selection: ReadonlySet<string>, shown: readonly NodeReport[]): SelectAllState {
  let selected = 0;
  for (const report of shown) if (selection.has(report.path)) selected++;
  if (selected === 0) return 'none';
  return selected === shown.length ? 'all' : 'some';
}

/**
 * The header checkbox clicked: when every shown row is selected, unselect the shown rows; otherwise select
 * them all. Rows hidden by the filter keep their state.
 */
export function toggleAllShown(selection: ReadonlySet<string>, shown: readonly NodeReport[]): Set<string> {
  const next = new Set(selection);
  if (selectAllState(selection, shown) === 'all') for (const report of shown) next.delete(report.path);
  else for (const report of shown) next.add(report.path);
  return next;
}

/** Selects the shown rows a cleanup removes by default (zombie, never-updated, broken-data, persistent). */
export function selectDeletable(selection: ReadonlySet<string>, shown: readonly NodeReport[]): Set<string> {
  const next = new Set(selection);
  for (const report of shown) if (isDefaultDeletable(report)) next.add(report.path);
  return next;
}

/** The selection without paths the latest scan no longer reports. */
export function pruneSelection(selection: ReadonlySet<string>, reports: readonly NodeReport[]): Set<string> {
  const paths = new Set(reports.map((report) => report.path));
  const next = new Set<string>();
  for (const path of selection) if (paths.has(path)) next.add(path);
  return next.size === selection.size ? (selection as Set<string>) : next;
}

/** The selected reports, in path order. */
export function selectedReports(reports: readonly NodeReport[], selection: ReadonlySet<string>): NodeReport[] {
  return filterReports(
    reports.filter((report) => selection.has(report.path)),
    null,
  );
}

/** Why a node is being deleted, in one line: its codes and sentences. */
export function deleteReason(report: NodeReport): string {
  const sentences = report.problems.map((problem) => problem.message).join(' ');
  return `${report.codes.join(', ')}: ${sentences}`.slice(0, 2000);
}

/** What problems.delete receives: each node with the data version seen in the scan, and why. */
export function deleteTargets(reports: readonly NodeReport[], selection: ReadonlySet<string>): DeleteTarget[] {
  return selectedReports(reports, selection).map((report) => ({ path: report.path, version: report.version, reason: deleteReason(report) }));
}

export type OutcomeTone = 'ok' | 'warn' | 'bad';

/** An outcome in words, and how it should look. */
export function describeOutcome(outcome: DeleteOutcome): { label: string; detail: string; tone: OutcomeTone } {
  switch (outcome.result) {
    case 'deleted':
      return { label: 'deleted', detail: 'Removed from ZooKeeper and written to the audit log.', tone: 'ok' };
    case 'skipped-changed':
      return { label: 'skipped: it changed', detail: outcome.detail || 'The node changed since the scan (its heartbeat may have resumed), so it was left alone.', tone: 'warn' };
    case 'skipped-healthy':
      return { label: 'skipped: healthy', detail: outcome.detail || 'The node is healthy and fresh now, so it was left alone.', tone: 'warn' };
    case 'gone':
      return { label: 'already gone', detail: 'Someone or something removed it before us.', tone: 'ok' };
    case 'failed':
      return { label: 'failed', detail: outcome.detail, tone: 'bad' };
  }
}

/** "2 deleted, 1 skipped because it changed". */
export function outcomeSummary(outcomes: readonly DeleteOutcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const label = describeOutcome(outcome).label;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
}

/** The earliest "since" among a node's problems, when any is known. */
export function earliestSince(report: NodeReport): number | null {
  let since: number | null = null;
  for (const problem of report.problems) if (problem.sinceMs !== null && (since === null || problem.sinceMs < since)) since = problem.sinceMs;
  return since;
}

/** Seconds typed in the threshold box -> milliseconds, or the reason (same bounds as the host). */
export function parseThresholdSeconds(text: string): number | { problem: string } {
  const value = text.trim();
  const seconds = Number(value);
  if (value === '' || !Number.isFinite(seconds)) return { problem: 'Enter the zombie threshold in seconds' };
  const ms = Math.round(seconds * 1000);
  if (ms < 1000) return { problem: 'The threshold must be at least 1 s' };
  if (ms > 30 * 86_400_000) return { problem: 'The threshold must be at most 30 days' };
  return ms;
}
