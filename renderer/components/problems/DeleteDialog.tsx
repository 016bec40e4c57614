/**
 * The cleanup confirmation: every selected path with its reason, what the version guard means, and one button
 * that deletes. A modal <dialog>: focus stays inside, Esc cancels.
 */
import { useEffect, useRef } from 'react';
import type { NodeReport } from '../../../shared/model/problems.js';
import { formatTime } from '../../state/format.js';
import { isDefaultDeletable } from '../../state/problems.js';
import { CodeBadge } from './ScanProblems.js';

interface Props {
  reports: readonly NodeReport[];
  connectionName: string;
  scannedAt: number;
  now: number;
  deleting: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function DeleteDialog({ reports, connectionName, scannedAt, now, deleting, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const mayRecover = reports.filter((report) => !isDefaultDeletable(report)).length;
  const count = reports.length;
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="delete-confirm-title"
      data-testid="delete-confirm"
      onCancel={(event) => {
        event.preventDefault();
        if (!deleting) onCancel();
      }}
    >
      <h2 id="delete-confirm-title">
        Delete {count === 1 ? 'this node' : `these ${count} nodes`} from {connectionName}?
      </h2>
      <p className="muted">
        Each delete is guarded by the data version seen in the scan at {formatTime(scannedAt, now)}: a node that changed since (its heartbeat resumed) is skipped, and a fresh healthy node is never deleted. Every deletion is written
        to the local audit log.
      </p>
      {mayRecover > 0 ? (
        <div className="notice notice-warn notice-compact" data-testid="delete-confirm-warning">
          {mayRecover === 1 ? 'One of these has' : `${mayRecover} of these have`} only problems that can fix themselves (such as unhealthy or duplicate). Deleting a live provider&apos;s node makes it vanish until it registers
          again.
        </div>
      ) : null}
      <ul className="confirm-list" data-testid="delete-confirm-list">
        {reports.map((report) => (
          <li key={report.path} data-testid="delete-confirm-item" data-path={report.path}>
            <div className="mono confirm-path">{report.path}</div>
            <div className="confirm-reason">
              {report.codes.map((code) => (
                <CodeBadge key={code} code={code} />
              ))}{' '}
              {report.problems.map((problem) => problem.message).join(' ')}
            </div>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button type="button" className="button button-danger" disabled={deleting} onClick={onConfirm} data-testid="delete-confirm-button">
          {deleting ? 'Deleting…' : count === 1 ? 'Delete 1 node' : `Delete ${count} nodes`}
        </button>
        <button type="button" className="button button-quiet" disabled={deleting} onClick={onCancel} data-testid="delete-confirm-cancel" autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
