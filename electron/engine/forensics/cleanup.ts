import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isEligible } from '../../../shared/model/eligibility.js';
import { decodeServiceNode } from '../../../shared/model/service-node.js';
import { isZkError } from '../zk/errors.js';
import type { ZkSession } from '../zk/session.js';
import type { DeleteOutcome, DeleteTarget } from '../../../shared/model/problems.js';

export type { DeleteOutcome, DeleteTarget };

export interface AuditEntry {
  at: string;
  connection: string;
  path: string;
  version: number;
  reason: string;
  result: DeleteOutcome['result'];
  dataBase64: string | null;
  dataText: string | null;
}

/**
 * Deletes confirmed nodes, each guarded by the version seen: a node whose heartbeat resumed is skipped, and a
 * fresh healthy node is never deleted whatever was selected. Each outcome is appended to the audit log (JSONL).
 */
export async function deleteNodes(
  session: ZkSession,
  targets: readonly DeleteTarget[],
  options: { auditLogPath?: string; connectionLabel: string; zombieThresholdMs?: number; nowMs?: () => number },
): Promise<DeleteOutcome[]> {
  const now = options.nowMs ?? Date.now;
  // Open the audit log before touching anything: no delete happens unless it can be recorded.
  let audit: FileHandle | undefined;
  if (options.auditLogPath) {
    await mkdir(dirname(options.auditLogPath), { recursive: true });
    audit = await open(options.auditLogPath, 'a');
  }
  try {
    return await deleteAndRecord(session, targets, options, now, audit);
  } finally {
    await audit?.close();
  }
}

async function deleteAndRecord(
  session: ZkSession,
  targets: readonly DeleteTarget[],
  options: { connectionLabel: string; zombieThresholdMs?: number },
  now: () => number,
  audit: FileHandle | undefined,
): Promise<DeleteOutcome[]> {
  const outcomes = await Promise.all(
    targets.map(async (target): Promise<{ outcome: DeleteOutcome; data: Buffer | null }> => {
      let data: Buffer | null = null;
      try {
        const current = await session.getData(target.path);
        data = current.data;
        if (current.stat.version !== target.version) {
          return {
            outcome: { path: target.path, result: 'skipped-changed', detail: `changed since it was inspected (version ${target.version} -> ${current.stat.version})` },
            data,
          };
        }
        const decoded = decodeServiceNode(current.data);
        if (decoded.ok && isEligible(decoded.node, now(), options.zombieThresholdMs)) {
          return { outcome: { path: target.path, result: 'skipped-healthy', detail: 'it is healthy with a fresh heartbeat' }, data };
        }
        await session.remove(target.path, target.version);
        return { outcome: { path: target.path, result: 'deleted' }, data };
      } catch (error) {
        if (isZkError(error, 'NO_NODE')) return { outcome: { path: target.path, result: 'gone' }, data };
        if (isZkError(error, 'BAD_VERSION')) {
          return { outcome: { path: target.path, result: 'skipped-changed', detail: 'changed while being deleted' }, data };
        }
        return { outcome: { path: target.path, result: 'failed', detail: (error as Error).message }, data };
      }
    }),
  );
  if (audit) {
    const lines = outcomes.map(({ outcome, data }, index) => {
      const target = targets[index] as DeleteTarget;
      const entry: AuditEntry = {
        at: new Date().toISOString(),
        connection: options.connectionLabel,
        path: outcome.path,
        version: target.version,
        reason: target.reason,
        result: outcome.result,
        dataBase64: data ? data.toString('base64') : null,
        dataText: data ? data.toString('utf8') : null,
      };
      return `${JSON.stringify(entry)}\n`;
    });
    await audit.appendFile(lines.join(''));
    await audit.sync();
  }
  return outcomes.map(({ outcome }) => outcome);
}
