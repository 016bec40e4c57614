import { access, constants, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deleteNodes, reportToCsv, scanNamespace } from '../../engine/forensics/index.js';
import { namespacePath } from '../../../shared/model/names.js';
import type { Colors } from '../shared/colors.js';
import { openCliSession, type ZkTarget } from '../shared/connect.js';
import { CliError, ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { toJsonText } from '../shared/json.js';
import type { ResolvedStaleFlags } from './stale-options.js';
import {
  confirmQuestion,
  deleteExitCode,
  deleteReason,
  deleteSummary,
  nothingToDeleteLine,
  orphanCheckLine,
  outcomeDocuments,
  outcomesTable,
  planText,
  problemsTable,
  selectTargets,
  summaryLine,
} from './stale-view.js';

export interface StaleOptions extends ResolvedStaleFlags {
  zk: ZkTarget;
  io: CliIO;
  colors: Colors;
  /** Asks the yes/no question on the terminal (only called for --delete without --yes). */
  ask: (question: string) => Promise<boolean>;
  /** The JSONL file every delete attempt is appended to. */
  auditLogPath: string;
}

/** Fails before anything is deleted when the audit log cannot be written: a delete must never go unrecorded. */
async function checkAuditLogWritable(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await access(dirname(path), constants.W_OK);
  } catch (error) {
    throw new CliError(`cannot write the audit log ${path}: ${(error as Error).message}; nothing deleted (set RANGER_DESK_DATA to a writable directory)`, ExitCode.failure);
  }
}

/**
 * `rangerctl stale NAMESPACE`: classifies every instance node of the namespace and prints the problem nodes; exit
 * 1 when there is any (for monitoring). With --delete, deletes those with the chosen codes after a confirmation,
 * each guarded by the version seen, and appends every attempt to the audit log.
 */
export async function runStale(options: StaleOptions): Promise<number> {
  const { io, colors, namespace } = options;
  const session = await openCliSession(options.zk);
  try {
    if (!(await session.exists(namespacePath(namespace)))) throw new CliError(`namespace '${namespace}' does not exist`, ExitCode.failure);
    const scan = await scanNamespace(session, namespace, { zombieThresholdMs: options.thresholdMs });
    const orphanLine = orphanCheckLine(scan);
    if (orphanLine) io.err(`rangerctl: ${orphanLine}\n`);

    if (!options.delete) {
      if (options.format === 'json') io.out(`${toJsonText(scan.reports, io.stdoutIsTTY)}\n`);
      else if (options.format === 'csv') io.out(reportToCsv(scan.reports));
      else {
        if (scan.reports.length > 0) io.out(problemsTable(scan.reports, scan.scannedAt, colors));
        io.err(`rangerctl: ${summaryLine(scan)}\n`);
      }
      return scan.reports.length > 0 ? ExitCode.failure : ExitCode.ok;
    }

    const { codes, yes } = options.delete;
    const { targets, others } = selectTargets(scan.reports, codes);
    if (targets.length === 0) {
      io.err(`rangerctl: ${nothingToDeleteLine(scan, codes)}\n`);
      if (options.format === 'json') io.out('[]\n');
      return ExitCode.ok;
    }
    await checkAuditLogWritable(options.auditLogPath);
    io.err(planText(namespace, targets, codes, others));
    if (!yes && !(await options.ask(confirmQuestion(targets.length)))) {
      io.err('rangerctl: not confirmed; nothing deleted\n');
      return ExitCode.failure;
    }
    const outcomes = await deleteNodes(
      session,
      targets.map((report) => ({ path: report.path, version: report.version, reason: deleteReason(report, codes) })),
      { auditLogPath: options.auditLogPath, connectionLabel: options.zk.connectionString, zombieThresholdMs: options.thresholdMs },
    );
    if (options.format === 'json') io.out(`${toJsonText(outcomeDocuments(targets, outcomes, codes), io.stdoutIsTTY)}\n`);
    else io.out(outcomesTable(outcomes, colors));
    io.err(`rangerctl: ${deleteSummary(outcomes, options.auditLogPath)}\n`);
    return deleteExitCode(outcomes);
  } finally {
    session.close();
  }
}
