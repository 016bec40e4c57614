/**
 * Problems: scan a namespace for stale or broken registrations, read why each node is flagged, filter by code,
 * select nodes and delete them after a confirmation (each delete guarded by the version seen), export a report.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ConnectionView, NamespaceView, RangerApi } from '../../../shared/contract.js';
import type { DeleteOutcome, NodeReport, ProblemCode, ScanResult } from '../../../shared/model/problems.js';
import { parseInstanceName } from '../../../shared/model/names.js';
import { useNow } from '../../hooks/clock.js';
import type { ProblemScans } from '../../hooks/use-problem-scans.js';
import { useResource } from '../../hooks/use-resource.js';
import type { RouteUpdate } from '../../hooks/use-route.js';
import { formatAge, formatTime, formatTimestamp, plural } from '../../state/format.js';
import {
  codeCounts,
  deleteTargets,
  describeOutcome,
  earliestSince,
  filterReports,
  outcomeSummary,
  parseThresholdSeconds,
  pruneSelection,
  selectAllState,
  selectDeletable,
  selectedReports,
  toggleAllShown,
  toggleSelected,
} from '../../state/problems.js';
import { ConnectionBanner } from '../ConnectionBanner.js';
import { EmptyState, ErrorNotice, Loading } from '../common.js';
import { downloadText } from '../download.js';
import { DeleteDialog } from './DeleteDialog.js';
import { CodeBadge, FinderVerdict } from './ScanProblems.js';

interface Props {
  api: RangerApi;
  connection: ConnectionView;
  namespace: string | null;
  setRoute(update: RouteUpdate): void;
  scans: ProblemScans;
  epoch: number;
  onReconnect(connection: ConnectionView): void;
}

/** Rows drawn at once; select-all still covers every filtered row. */
const ROW_LIMIT = 1000;

export function ProblemsView({ api, connection, namespace, setRoute, scans, epoch, onReconnect }: Props) {
  const now = useNow();
  const connected = connection.state === 'connected';
  const namespaces = useResource<NamespaceView[]>(`${connection.id}|${epoch}`, () => api.request('registry.namespaces', { connectionId: connection.id }), 15_000);
  const namespaceNames = useMemo(() => (namespaces.data ?? []).map((item) => item.name).sort((a, b) => a.localeCompare(b)), [namespaces.data]);

  // Same namespace as Browse; pick the first when none is chosen.
  useEffect(() => {
    const first = namespaceNames[0];
    if (namespace === null && first !== undefined) setRoute({ namespace: first, service: null, instance: null });
  }, [namespace, namespaceNames, setRoute]);

  const scan = scans.get(connection.id, namespace);
  const [thresholdText, setThresholdText] = useState(String(Math.round(connection.zombieThresholdMs / 1000)));
  const threshold = parseThresholdSeconds(thresholdText);
  const thresholdError = typeof threshold === 'number' ? null : threshold.problem;
  const [scanning, setScanning] = useState(false);
  const [scanError, setScanError] = useState<unknown>(null);
  const [code, setCode] = useState<ProblemCode | null>(null);
  const [text, setText] = useState('');
  const [selection, setSelection] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [outcomes, setOutcomes] = useState<DeleteOutcome[] | null>(null);
  const [deleteError, setDeleteError] = useState<unknown>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const scanSeq = useRef(0);

  const reports = useMemo(() => scan?.reports ?? [], [scan]);
  const shown = useMemo(() => filterReports(reports, code, text), [reports, code, text]);
  const counts = useMemo(() => codeCounts(reports), [reports]);
  const selected = useMemo(() => selectedReports(reports, selection), [reports, selection]);
  const allState = selectAllState(selection, shown);

  const runScan = (target: string, after?: () => void): void => {
    if (typeof threshold !== 'number') return;
    const seq = ++scanSeq.current;
    setScanning(true);
    setScanError(null);
    api.request('problems.scan', { connectionId: connection.id, namespace: target, zombieThresholdMs: threshold }).then(
      (result: ScanResult) => {
        if (seq !== scanSeq.current) return;
        scans.put(connection.id, result);
        setSelection((current) => pruneSelection(current, result.reports));
        setScanning(false);
        after?.();
      },
      (error: unknown) => {
        if (seq !== scanSeq.current) return;
        setScanError(error);
        setScanning(false);
      },
    );
  };

  // A first look scans by itself; after that the person decides when (a scan reads every node).
  const autoScanned = useRef(new Set<string>());
  useEffect(() => {
    if (namespace === null || !connected || scan !== null) return;
    const key = `${connection.id}\u0000${namespace}`;
    if (autoScanned.current.has(key)) return;
    autoScanned.current.add(key);
    runScan(namespace);
    // Once per namespace, with the threshold as it is then (runScan is deliberately not a dependency).
  }, [namespace, connected, scan, connection.id]);

  // Another namespace: a new selection and no old outcomes.
  useEffect(() => {
    setSelection(new Set());
    setOutcomes(null);
    setCode(null);
    setConfirming(false);
  }, [namespace, connection.id]);

  const confirmDelete = () => {
    if (namespace === null) return;
    const targets = deleteTargets(reports, selection);
    if (targets.length === 0) return;
    setDeleting(true);
    setDeleteError(null);
    api.request('problems.delete', { connectionId: connection.id, targets }).then(
      (result) => {
        setDeleting(false);
        setConfirming(false);
        setOutcomes(result);
        setSelection(new Set());
        runScan(namespace);
      },
      (error: unknown) => {
        setDeleting(false);
        setConfirming(false);
        setDeleteError(error);
      },
    );
  };

  const exportReport = (format: 'json' | 'csv') => {
    if (namespace === null) return;
    setExportError(null);
    api
      .request('problems.export', { connectionId: connection.id, namespace, format, ...(typeof threshold === 'number' ? { zombieThresholdMs: threshold } : {}) })
      .then(({ filename, content }) => downloadText(filename, content, format === 'json' ? 'application/json' : 'text/csv'), setExportError);
  };

  const openInBrowse = (report: NodeReport) => setRoute({ view: 'browse', namespace: report.namespace, service: report.service, instance: report.name });

  const readOnly = connection.readOnly;
  const deleteBlocked = readOnly ? 'This connection is read-only: nothing can be deleted through it. Clear “read-only” in its profile to clean up.' : !connected ? 'Not connected to ZooKeeper.' : null;

  return (
    <div className="problems-view" data-testid="problems-view">
      <ConnectionBanner connection={connection} onReconnect={onReconnect} />
      <header className="view-header">
        <div className="view-title">
          <h1>Problems</h1>
          <label className="filter">
            <span className="filter-label">Namespace</span>
            <select value={namespace ?? ''} onChange={(event) => setRoute({ namespace: event.target.value || null, service: null, instance: null })} disabled={namespaceNames.length === 0} data-testid="problems-namespace">
              {namespace === null ? <option value="">{namespaces.data ? 'No namespaces' : 'Loading…'}</option> : null}
              {namespace !== null && !namespaceNames.includes(namespace) ? <option value={namespace}>{namespace}</option> : null}
              {namespaceNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <form
          className="view-actions"
          onSubmit={(event) => {
            event.preventDefault();
            if (namespace !== null) runScan(namespace);
          }}
        >
          <label className={`filter threshold${thresholdError ? ' invalid' : ''}`}>
            <span className="filter-label">Zombie after</span>
            <input
              value={thresholdText}
              onChange={(event) => setThresholdText(event.target.value)}
              inputMode="decimal"
              aria-label="Zombie threshold in seconds"
              aria-invalid={thresholdError !== null}
              aria-describedby="threshold-error"
              title={thresholdError ?? 'A heartbeat older than this is a zombie (Java and Python finders use 60 s)'}
              data-testid="problems-threshold"
            />
            <span className="filter-label">s</span>
          </label>
          <button type="submit" className="button button-primary" disabled={namespace === null || scanning || thresholdError !== null || !connected} data-testid="problems-scan">
            {scanning ? 'Scanning…' : scan ? 'Scan again' : 'Scan'}
          </button>
          <button type="button" className="button" disabled={namespace === null || !connected} onClick={() => exportReport('json')} data-testid="problems-export-json">
            Export JSON
          </button>
          <button type="button" className="button" disabled={namespace === null || !connected} onClick={() => exportReport('csv')} data-testid="problems-export-csv">
            Export CSV
          </button>
        </form>
      </header>
      {thresholdError ? (
        <div id="threshold-error" className="field-error view-inline-error" role="alert">
          {thresholdError}
        </div>
      ) : null}
      <div className="view-scroll problems-body">
        {scanError ? <ErrorNotice error={scanError} doing="Scanning" onRetry={namespace !== null ? () => runScan(namespace) : undefined} /> : null}
        {exportError ? <ErrorNotice error={exportError} doing="Exporting the report" /> : null}
        {deleteError ? <ErrorNotice error={deleteError} doing="Deleting" /> : null}
        {outcomes ? <OutcomeList outcomes={outcomes} onClose={() => setOutcomes(null)} /> : null}

        {namespace === null ? (
          namespaces.data && namespaceNames.length === 0 ? (
            <EmptyState title="This registry is empty">No namespaces under /: nothing to scan.</EmptyState>
          ) : namespaces.error ? (
            <ErrorNotice error={namespaces.error} doing="Listing namespaces" onRetry={namespaces.reload} />
          ) : (
            <Loading what="namespaces" />
          )
        ) : !scan ? (
          scanning ? (
            <Loading what={`a scan of /${namespace}`} />
          ) : (
            <EmptyState title={`/${namespace} has not been scanned`} testId="problems-not-scanned">
              A scan reads every instance node of the namespace and explains what is stale or broken: zombies, nodes that never heartbeat, persistent or broken nodes, orphan sessions, duplicates.
            </EmptyState>
          )
        ) : (
          <>
            <div className="scan-summary" data-testid="scan-summary" data-scanned-at={scan.scannedAt}>
              <span>
                Scanned <span title={formatTimestamp(scan.scannedAt)}>{formatTime(scan.scannedAt, now)}</span> ({formatAge(Math.max(0, now - scan.scannedAt))} ago):{' '}
                <strong>{plural(scan.instanceCount, 'instance')}</strong>, <strong data-testid="problem-node-count">{plural(scan.reports.length, 'problem node')}</strong>
              </span>
              {scanning ? <span className="spinner" aria-label="Scanning" /> : null}
              {!scan.orphanCheck.checked ? (
                <span className="notice-inline muted" data-testid="orphan-unchecked">
                  Orphan sessions not checked: {scan.orphanCheck.reason}
                </span>
              ) : null}
            </div>
            {reports.length === 0 ? (
              <EmptyState title={`No problems in /${namespace}`} testId="problems-clean">
                Every instance node is fresh, healthy, ephemeral, readable and owned by a live session.
              </EmptyState>
            ) : (
              <>
                <div className="toolbar problems-toolbar">
                  <div className="code-filter" role="group" aria-label="Filter by problem" data-testid="problem-code-filter">
                    <button type="button" className={`code-toggle${code === null ? ' current' : ''}`} aria-pressed={code === null} onClick={() => setCode(null)} data-code="all">
                      all <span className="code-count">{reports.length}</span>
                    </button>
                    {counts.map((entry) => (
                      <button key={entry.code} type="button" className={`code-toggle${code === entry.code ? ' current' : ''}`} aria-pressed={code === entry.code} onClick={() => setCode(code === entry.code ? null : entry.code)} data-code={entry.code}>
                        <CodeBadge code={entry.code} count={entry.count} />
                      </button>
                    ))}
                  </div>
                  <label className="search">
                    <span className="visually-hidden">Filter paths</span>
                    <input type="search" placeholder="Filter paths" value={text} onChange={(event) => setText(event.target.value)} data-testid="problem-search" />
                  </label>
                </div>
                <div className="selection-bar" data-testid="selection-bar">
                  <span data-testid="selection-count">{selection.size === 0 ? 'Nothing selected' : `${plural(selection.size, 'node')} selected`}</span>
                  <button type="button" className="button button-small" disabled={shown.length === 0} onClick={() => setSelection((current) => selectDeletable(current, shown))} data-testid="select-deletable" title="Select the shown nodes with zombie, never-updated, broken-data or persistent">
                    Select stale
                  </button>
                  <button type="button" className="button button-small button-quiet" disabled={selection.size === 0} onClick={() => setSelection(new Set())}>
                    Clear selection
                  </button>
                  <span className="spacer-flex" />
                  {deleteBlocked ? (
                    <span className="muted" data-testid="problems-readonly">
                      {deleteBlocked}
                    </span>
                  ) : null}
                  <button type="button" className="button button-danger" disabled={selection.size === 0 || deleteBlocked !== null || deleting} onClick={() => setConfirming(true)} data-testid="problem-delete" title={deleteBlocked ?? undefined}>
                    Delete selected…
                  </button>
                </div>
                <ProblemTable
                  reports={shown}
                  total={reports.length}
                  selection={selection}
                  allState={allState}
                  now={now}
                  onToggle={(path) => setSelection((current) => toggleSelected(current, path))}
                  onToggleAll={() => setSelection((current) => toggleAllShown(current, shown))}
                  onOpen={openInBrowse}
                  onClearFilter={() => {
                    setCode(null);
                    setText('');
                  }}
                />
              </>
            )}
          </>
        )}
      </div>
      {confirming && scan ? <DeleteDialog reports={selected} connectionName={connection.name} scannedAt={scan.scannedAt} now={now} deleting={deleting} onConfirm={confirmDelete} onCancel={() => setConfirming(false)} /> : null}
    </div>
  );
}

interface TableProps {
  reports: readonly NodeReport[];
  total: number;
  selection: ReadonlySet<string>;
  allState: 'none' | 'some' | 'all';
  now: number;
  onToggle(path: string): void;
  onToggleAll(): void;
  onOpen(report: NodeReport): void;
  onClearFilter(): void;
}

function ProblemTable({ reports, total, selection, allState, now, onToggle, onToggleAll, onOpen, onClearFilter }: TableProps) {
  const allRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = allState === 'some';
  }, [allState]);
  const drawn = reports.length > ROW_LIMIT ? reports.slice(0, ROW_LIMIT) : reports;
  return (
    <div className="problem-table-wrap">
      <table className="plain-table problem-table" data-testid="problem-table" aria-label={`Problem nodes (${reports.length} of ${total})`}>
        <thead>
          <tr>
            <th scope="col" className="check">
              <input ref={allRef} type="checkbox" checked={allState === 'all'} disabled={reports.length === 0} onChange={onToggleAll} aria-label={allState === 'all' ? 'Unselect all shown' : `Select all ${reports.length} shown`} data-testid="problem-select-all" />
            </th>
            <th scope="col">Node</th>
            <th scope="col">Problems</th>
            <th scope="col">Since</th>
            <th scope="col" title="Would a Java Ranger finder route to it?">
              Java
            </th>
            <th scope="col" title="Would a python-ranger finder route to it?">
              Python
            </th>
          </tr>
        </thead>
        <tbody>
          {reports.length === 0 ? (
            <tr className="empty-row">
              <td colSpan={6}>
                <div className="table-empty">
                  No node matches this filter.{' '}
                  <button type="button" className="link" onClick={onClearFilter}>
                    Show all
                  </button>
                </div>
              </td>
            </tr>
          ) : null}
          {drawn.map((report) => {
            const since = earliestSince(report);
            const checked = selection.has(report.path);
            const parsed = parseInstanceName(report.name);
            return (
              <tr key={report.path} className={checked ? 'selected' : undefined} data-testid="problem-row" data-path={report.path} data-codes={report.codes.join(' ')}>
                <td className="check">
                  <input type="checkbox" checked={checked} onChange={() => onToggle(report.path)} aria-label={`Select ${report.path}`} data-testid="problem-select" />
                </td>
                <td className="problem-node">
                  <button type="button" className="link mono" onClick={() => onOpen(report)} title={`Open ${report.path} in Browse`}>
                    <span className="muted">
                      /{report.namespace}/{report.service}/
                    </span>
                    {report.name}
                  </button>
                  {parsed === undefined ? <div className="muted small">not a host:port name</div> : null}
                </td>
                <td className="problem-reasons-cell">
                  <div className="badges wrap">
                    {report.codes.map((item) => (
                      <CodeBadge key={item} code={item} />
                    ))}
                  </div>
                  <ul className="problem-sentences">
                    {report.problems.map((problem) => (
                      <li key={problem.code}>{problem.message}</li>
                    ))}
                  </ul>
                </td>
                <td className="num" title={since === null ? undefined : formatTimestamp(since)}>
                  {since === null ? '—' : `${formatAge(Math.max(0, now - since))} ago`}
                </td>
                <td>
                  <FinderVerdict serves={report.javaServes} finder="Java" />
                </td>
                <td>
                  <FinderVerdict serves={report.pythonServes} finder="Python" />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {reports.length > drawn.length ? (
        <p className="muted table-note">
          Showing the first {ROW_LIMIT.toLocaleString('en-US')} of {reports.length.toLocaleString('en-US')}; select-all covers all of them. Filter by problem or path to narrow the list.
        </p>
      ) : null}
    </div>
  );
}

function OutcomeList({ outcomes, onClose }: { outcomes: readonly DeleteOutcome[]; onClose(): void }) {
  const failed = outcomes.some((outcome) => outcome.result === 'failed');
  return (
    <section className={`notice ${failed ? 'notice-error' : 'notice-ok'} outcomes`} aria-label="Cleanup result" data-testid="delete-outcomes" role="status">
      <div className="section-head">
        <div className="notice-title">Cleanup: {outcomeSummary(outcomes)}</div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Dismiss">
          ×
        </button>
      </div>
      <ul className="outcome-list">
        {outcomes.map((outcome) => {
          const text = describeOutcome(outcome);
          return (
            <li key={outcome.path} data-testid="delete-outcome" data-path={outcome.path} data-result={outcome.result}>
              <span className={`outcome outcome-${text.tone}`}>{text.label}</span> <span className="mono">{outcome.path}</span> <span className="muted">{text.detail}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
