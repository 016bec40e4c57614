/** Problem codes as badges, and a node's problems from the latest scan (for node detail in Browse and the tree). */
import type { NodeReport, ProblemCode } from '../../../shared/model/problems.js';
import { formatAge, formatTime, formatTimestamp } from '../../state/format.js';
import { CODE_HINT } from '../../state/problems.js';

export function CodeBadge({ code, count }: { code: ProblemCode; count?: number }) {
  return (
    <span className={`code-badge code-${code}`} title={CODE_HINT[code]} data-code={code}>
      {code}
      {count !== undefined ? <span className="code-count">{count.toLocaleString('en-US')}</span> : null}
    </span>
  );
}

export function FinderVerdict({ serves, finder }: { serves: boolean; finder: string }) {
  return (
    <span className={`verdict ${serves ? 'verdict-serves' : 'verdict-skips'}`} title={`A ${finder} Ranger finder ${serves ? 'would route traffic to it' : 'skips it'}`}>
      {serves ? 'serves' : 'skips'}
    </span>
  );
}

interface Props {
  report: NodeReport;
  scannedAt: number;
  now: number;
  /** The node's data version now, when known: a different one means the scan is out of date for it. */
  currentVersion?: number | null;
}

/** Why the scan flagged this node: each code with its sentence and since when, and what finders do with it. */
export function ScanProblems({ report, scannedAt, now, currentVersion = null }: Props) {
  const changed = currentVersion !== null && currentVersion !== report.version;
  return (
    <div className="notice notice-warn notice-compact scan-problems" data-testid="node-scan-problems" data-codes={report.codes.join(' ')}>
      <div className="notice-title">
        {report.problems.length === 1 ? 'A problem' : `${report.problems.length} problems`} found by the scan at <span title={formatTimestamp(scannedAt)}>{formatTime(scannedAt, now)}</span>
      </div>
      <ul className="problem-reasons">
        {report.problems.map((problem) => (
          <li key={problem.code}>
            <CodeBadge code={problem.code} /> {problem.message}
            {problem.sinceMs !== null ? (
              <span className="muted" title={formatTimestamp(problem.sinceMs)}>
                {' '}
                (since {formatAge(Math.max(0, now - problem.sinceMs))} ago)
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="notice-hint">
        Java finder: <FinderVerdict serves={report.javaServes} finder="Java" /> · Python finder: <FinderVerdict serves={report.pythonServes} finder="Python" />
        {changed ? ' · The node changed since the scan: scan again to see if this still holds.' : ''}
      </div>
    </div>
  );
}
