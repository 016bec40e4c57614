import type { DeleteOutcome, NodeReport, ProblemCode, ScanResult } from '../../../shared/model/problems.js';
import { DEFAULT_DELETABLE_CODES, PROBLEM_CODES } from '../../../shared/model/problems.js';
import type { Colors } from '../shared/colors.js';
import { ExitCode } from '../shared/exit-codes.js';
import { formatAge } from '../shared/format.js';
import { renderTable } from '../shared/table.js';

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `zombie 2, persistent 1`, in the order of PROBLEM_CODES. */
function codeCounts(reports: readonly NodeReport[]): string {
  return PROBLEM_CODES.map((code) => [code, reports.filter((report) => report.codes.includes(code)).length] as const)
    .filter(([, count]) => count > 0)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
}

/** Which finders still hand the node out: `java, python`, `java`, `python` or `none`. */
export function servedBy(report: NodeReport): string {
  const finders = [report.javaServes ? 'java' : undefined, report.pythonServes ? 'python' : undefined].filter(Boolean);
  return finders.length === 0 ? 'none' : finders.join(', ');
}

function codeColor(colors: Colors, code: ProblemCode): (text: string) => string {
  return DEFAULT_DELETABLE_CODES.includes(code) ? colors.red : colors.yellow;
}

/** One row per problem node: path, codes, the first problem's sentence, since when, which finders serve it. */
export function problemsTable(reports: readonly NodeReport[], nowMs: number, colors: Colors): string {
  const rows = reports.map((report) => {
    const first = report.problems[0];
    const since = first?.sinceMs === null || first?.sinceMs === undefined ? '-' : `${formatAge(nowMs - first.sinceMs)} ago`;
    return [
      report.path,
      report.codes.map((code) => codeColor(colors, code)(code)).join(','),
      first?.message ?? '-',
      since,
      servedBy(report),
    ];
  });
  return renderTable(['PATH', 'CODES', 'PROBLEM', 'SINCE', 'SERVED BY'], rows, colors.bold);
}

/** The line under the table (stderr): how many problem nodes among how many instances, by code. */
export function summaryLine(scan: ScanResult): string {
  const where = `namespace '${scan.namespace}'`;
  if (scan.reports.length === 0) return `no problems among ${plural(scan.instanceCount, 'instance')} in ${where}`;
  return `${plural(scan.reports.length, 'problem node')} among ${plural(scan.instanceCount, 'instance')} in ${where} (${codeCounts(scan.reports)})`;
}

export function orphanCheckLine(scan: ScanResult): string | undefined {
  if (scan.orphanCheck.checked) return undefined;
  return `orphan sessions were not checked: ${scan.orphanCheck.reason}`;
}

/** The nodes a delete targets: those with at least one of the codes. */
export function selectTargets(reports: readonly NodeReport[], codes: readonly ProblemCode[]): { targets: NodeReport[]; others: NodeReport[] } {
  const targets: NodeReport[] = [];
  const others: NodeReport[] = [];
  for (const report of reports) (report.codes.some((code) => codes.includes(code)) ? targets : others).push(report);
  return { targets, others };
}

/** Why a node is deleted, from its problems whose codes were selected (shown before the question, kept in the audit log). */
export function deleteReason(report: NodeReport, codes: readonly ProblemCode[]): string {
  return report.problems
    .filter((problem) => codes.includes(problem.code))
    .map((problem) => `${problem.code}: ${problem.message}`)
    .join(' ');
}

/** Codes that make a node ineligible for finders; without any, the node is healthy with a fresh heartbeat. */
const INELIGIBLE_CODES: readonly ProblemCode[] = ['unhealthy', 'zombie', 'never-updated', 'broken-data'];

/** Whether the delete will keep this node anyway: deleteNodes never removes a healthy node with a fresh heartbeat. */
export function keptAsHealthy(report: NodeReport): boolean {
  return !report.codes.some((code) => INELIGIBLE_CODES.includes(code));
}

/** What is about to be deleted, one node per line with its reason (written to stderr, before the question). */
export function planText(namespace: string, targets: readonly NodeReport[], codes: readonly ProblemCode[], others: readonly NodeReport[]): string {
  const width = Math.max(...targets.map((report) => report.path.length));
  const lines = [
    `To delete from namespace '${namespace}': ${plural(targets.length, 'node')} with ${codes.join(', ')} (any node that changes meanwhile, or is healthy with a fresh heartbeat, is kept):`,
    ...targets.map((report) => {
      const kept = keptAsHealthy(report) ? ' (healthy with a fresh heartbeat: will be kept)' : '';
      return `  ${report.path.padEnd(width)}  ${deleteReason(report, codes)}${kept}`;
    }),
  ];
  if (others.length > 0) {
    lines.push(`Not selected: ${plural(others.length, 'other problem node')} (${codeCounts(others)}); add those codes to --codes to include them.`);
  }
  return `${lines.join('\n')}\n`;
}

/** Why a delete has nothing to do. */
export function nothingToDeleteLine(scan: ScanResult, codes: readonly ProblemCode[]): string {
  if (scan.reports.length === 0) return `nothing to delete: ${summaryLine(scan)}`;
  return `nothing to delete: none of the ${plural(scan.reports.length, 'problem node')} in namespace '${scan.namespace}' (${codeCounts(scan.reports)}) has ${codes.join(', ')}`;
}

export function confirmQuestion(count: number): string {
  return `Delete ${plural(count, 'node')}? [y/N] `;
}

const RESULT_LABELS: Readonly<Record<DeleteOutcome['result'], string>> = {
  deleted: 'deleted',
  'skipped-changed': 'skipped: changed since inspected',
  'skipped-healthy': 'skipped: healthy',
  gone: 'gone',
  failed: 'failed',
};

export function outcomeLabel(result: DeleteOutcome['result']): string {
  return RESULT_LABELS[result];
}

function outcomeColor(colors: Colors, result: DeleteOutcome['result']): (text: string) => string {
  switch (result) {
    case 'deleted':
      return colors.green;
    case 'gone':
      return colors.dim;
    case 'failed':
      return colors.red;
    default:
      return colors.yellow;
  }
}

function outcomeDetail(outcome: DeleteOutcome): string {
  return 'detail' in outcome ? outcome.detail : '';
}

/** One row per targeted node: its path, what happened (deleted / skipped: ... / gone / failed) and why. */
export function outcomesTable(outcomes: readonly DeleteOutcome[], colors: Colors): string {
  const rows = outcomes.map((outcome) => [outcome.path, outcomeColor(colors, outcome.result)(outcomeLabel(outcome.result)), outcomeDetail(outcome)]);
  return renderTable(['PATH', 'RESULT', 'DETAIL'], rows, colors.bold);
}

/** `--delete --json`: one object per targeted node. */
export interface OutcomeDocument {
  path: string;
  codes: ProblemCode[];
  reason: string;
  result: DeleteOutcome['result'];
  detail?: string;
}

export function outcomeDocuments(targets: readonly NodeReport[], outcomes: readonly DeleteOutcome[], codes: readonly ProblemCode[]): OutcomeDocument[] {
  return outcomes.map((outcome, index) => {
    const report = targets[index];
    const detail = outcomeDetail(outcome);
    return {
      path: outcome.path,
      codes: report?.codes ?? [],
      reason: report ? deleteReason(report, codes) : '',
      result: outcome.result,
      ...(detail ? { detail } : {}),
    };
  });
}

/** After a delete: 0 when every targeted node is deleted or already gone, 1 when any was skipped or failed. */
export function deleteExitCode(outcomes: readonly DeleteOutcome[]): number {
  return outcomes.every((outcome) => outcome.result === 'deleted' || outcome.result === 'gone') ? ExitCode.ok : ExitCode.failure;
}

/** The line after a delete (stderr): counts per result, and where the audit log is. */
export function deleteSummary(outcomes: readonly DeleteOutcome[], auditLogPath: string): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) counts.set(outcomeLabel(outcome.result), (counts.get(outcomeLabel(outcome.result)) ?? 0) + 1);
  const parts = [...counts].map(([label, count]) => `${count} ${label}`).join(', ');
  return `${parts}; audit log: ${auditLogPath}`;
}
