/**
 * A plain, read-only znode browser for any path (also what is not Ranger-shaped): breadcrumbs, a path box,
 * the children of the current node (virtualized), and the node itself (JSON, raw bytes, stat).
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { ConnectionView, NodeDetail, RangerApi, TreeChild } from '../../shared/contract.js';
import { useNow } from '../hooks/clock.js';
import type { ProblemScans } from '../hooks/use-problem-scans.js';
import { useResource } from '../hooks/use-resource.js';
import { formatBytes, formatOwner, plural } from '../state/format.js';
import { problemCountUnder, reportFor } from '../state/problems.js';
import { breadcrumbs, parentPath } from '../state/route.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { CopyButton, EmptyState, ErrorNotice, Loading } from './common.js';
import { NodeDetailBody } from './NodeDetail.js';
import { VirtualList } from './VirtualList.js';

interface Props {
  api: RangerApi;
  connection: ConnectionView;
  path: string;
  onPath(path: string): void;
  epoch: number;
  onReconnect(connection: ConnectionView): void;
  /** Latest problem scans: counts beside namespaces and services, reasons on flagged nodes. */
  scans: ProblemScans;
}

/** The namespace a path is in ("/a/b" -> "a"), or null for "/". */
function namespaceOf(path: string): string | null {
  return path.split('/').find((segment) => segment !== '') ?? null;
}

function validPath(path: string): boolean {
  return path === '/' || (path.startsWith('/') && !path.endsWith('/') && !path.includes('//') && !path.includes('\u0000'));
}

export function TreeView({ api, connection, path, onPath, epoch, onReconnect, scans }: Props) {
  const now = useNow();
  const [draft, setDraft] = useState(path);
  const [draftError, setDraftError] = useState<string | null>(null);
  useEffect(() => setDraft(path), [path]);
  const children = useResource<TreeChild[]>(`${connection.id}|${path}|${epoch}`, () => api.request('registry.children', { connectionId: connection.id, path }), 5000);
  const node = useResource<NodeDetail>(`${connection.id}|${path}|${epoch}`, () => api.request('registry.node', { connectionId: connection.id, path }), 5000);
  const sorted = [...(children.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const scan = scans.get(connection.id, namespaceOf(path));
  const problemsUnder = (child: TreeChild): number => problemCountUnder(path === '/' ? scans.get(connection.id, child.name) : scan, child.path);
  const report = reportFor(scan, path);

  const go = (event: FormEvent) => {
    event.preventDefault();
    const target = draft.trim();
    if (!validPath(target)) {
      setDraftError('Enter an absolute path like /namespace/service (no trailing or double slash).');
      return;
    }
    setDraftError(null);
    onPath(target);
  };

  return (
    <div className="tree-view" data-testid="tree-view">
      <ConnectionBanner connection={connection} onReconnect={onReconnect} />
      <div className="tree-grid">
        <section className="pane tree-pane" aria-label="Children">
          <form className="path-form" onSubmit={go}>
            <label htmlFor="tree-path" className="visually-hidden">
              Path
            </label>
            <input id="tree-path" className="mono" value={draft} onChange={(event) => setDraft(event.target.value)} spellCheck={false} aria-invalid={draftError !== null} aria-describedby="tree-path-error" data-testid="tree-path" />
            <button type="submit" className="button button-small">
              Go
            </button>
          </form>
          <div id="tree-path-error" className="field-error" role={draftError ? 'alert' : undefined}>
            {draftError ?? ''}
          </div>
          <nav className="crumbs" aria-label="Path">
            {breadcrumbs(path).map((crumb, index, all) => (
              <span key={crumb.path}>
                {index > 1 ? <span className="crumb-sep">/</span> : null}
                {index === all.length - 1 ? (
                  <span className="crumb current mono" aria-current="page">
                    {crumb.name}
                  </span>
                ) : (
                  <button type="button" className="link crumb mono" onClick={() => onPath(crumb.path)}>
                    {crumb.name}
                  </button>
                )}
              </span>
            ))}
          </nav>
          <header className="pane-header">
            <h2>Children</h2>
            <span className="muted">{children.data ? plural(children.data.length, 'child', 'children') : ''}</span>
            <button type="button" className="button button-small" disabled={path === '/'} onClick={() => onPath(parentPath(path))}>
              Up
            </button>
          </header>
          {children.data === null && children.loading ? (
            <Loading what="children" />
          ) : children.error && children.data === null ? (
            <ErrorNotice error={children.error} doing="Listing children" onRetry={children.reload} compact />
          ) : sorted.length === 0 ? (
            <p className="pane-empty muted">No children.</p>
          ) : (
            <VirtualList
              items={sorted}
              rowHeight={40}
              getKey={(child) => child.name}
              selectedKey={null}
              onActivate={(child) => onPath(child.path)}
              label={`Children of ${path}`}
              testId="tree-children"
              itemTestId="tree-child"
              itemData={(child) => ({ 'data-path': child.path })}
              renderItem={(child) => {
                const problems = problemsUnder(child);
                return (
                  <>
                    <span className="item-name mono">{child.name}</span>
                    <span className="item-meta muted">
                      {problems > 0 ? (
                        <span className="badge badge-problems" title={`${plural(problems, 'problem node')} in the last scan`} data-testid="tree-problem-count">
                          ⚠ {problems.toLocaleString('en-US')}
                        </span>
                      ) : null}
                      {child.numChildren > 0 ? `${plural(child.numChildren, 'child', 'children')} · ` : ''}
                      {formatBytes(child.dataLength)}
                      {formatOwner(child.ephemeralOwner) !== 'persistent' ? ` · ephemeral ${formatOwner(child.ephemeralOwner)}` : ''}
                    </span>
                  </>
                );
              }}
            />
          )}
        </section>
        <section className="tree-node" aria-label={`Node ${path}`} data-testid="tree-node">
          <header className="detail-header">
            <h3 className="mono">{path}</h3>
            <CopyButton text={path} label="Copy path" />
          </header>
          <div className="detail-scroll">
            {node.data ? (
              <NodeDetailBody key={path} detail={node.data} live={null} now={now} zombieThresholdMs={connection.zombieThresholdMs} report={report} scannedAt={scan?.scannedAt ?? null} />
            ) : node.error ? (
              <ErrorNotice error={node.error} doing="Reading the node" onRetry={node.reload} compact />
            ) : node.loading ? (
              <Loading what="node" />
            ) : (
              <EmptyState title="Nothing to show" />
            )}
          </div>
        </section>
      </div>
    </div>
  );
}
