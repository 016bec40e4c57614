/** The node detail side panel for one instance of the selected service. Esc closes it. */
import { useEffect } from 'react';
import type { NodeDetail, RangerApi } from '../../shared/contract.js';
import { instanceStatus, type InstanceView } from '../../shared/model/instance-view.js';
import type { NodeReport } from '../../shared/model/problems.js';
import { useResource } from '../hooks/use-resource.js';
import { CopyButton, ErrorNotice, Loading, StatusText } from './common.js';
import { OursBadge } from './InstanceTable.js';
import { NodeDetailBody } from './NodeDetail.js';
import { isOurs } from '../state/registrations.js';

interface Props {
  api: RangerApi;
  connectionId: string;
  namespace: string;
  service: string;
  name: string;
  /** The live reading from frames; null once the instance is gone. */
  live: InstanceView | null;
  now: number;
  zombieThresholdMs: number;
  onClose(): void;
  /** What the latest problem scan said about this node, if it flagged it. */
  report: NodeReport | null;
  scannedAt: number | null;
  ours: ReadonlySet<string>;
}

export function DetailPanel({ api, connectionId, namespace, service, name, live, now, zombieThresholdMs, onClose, report, scannedAt, ours }: Props) {
  const path = live?.path ?? `/${namespace}/${service}/${name}`;
  // Re-read the node whenever its data version moves, so stat and raw bytes stay current.
  const node = useResource<NodeDetail>(`${connectionId}|${path}`, () => api.request('registry.node', { connectionId, path }), undefined, live ? live.version : 'gone');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const status = live ? instanceStatus(live, now, zombieThresholdMs) : null;
  return (
    <aside className="detail-panel" aria-label={`Node detail: ${name}`} data-testid="node-detail" data-instance={name}>
      <header className="detail-header">
        <div className="detail-title">
          <h3 className="mono">{name}</h3>
          {status ? <StatusText status={status} /> : <span className="status status-gone">removed</span>}
          {live && isOurs(ours, live) ? <OursBadge /> : null}
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close detail (Esc)" title="Close (Esc)" data-testid="node-detail-close">
          ×
        </button>
      </header>
      <div className="detail-actions">
        <span className="mono muted path" title={path}>
          {path}
        </span>
        <CopyButton text={path} label="Copy path" testId="copy-path" />
        <CopyButton text={() => node.data?.prettyJson ?? JSON.stringify(live, null, 2)} label="Copy JSON" testId="copy-instance-json" />
      </div>
      <div className="detail-scroll">
        {!live ? <p className="notice notice-warn">This instance is no longer registered. What follows is the last reading.</p> : null}
        {node.data ? (
          <NodeDetailBody detail={node.data} live={live} now={now} zombieThresholdMs={zombieThresholdMs} copyJson={false} report={report} scannedAt={scannedAt} />
        ) : node.error ? (
          <ErrorNotice error={node.error} doing="Reading the node" onRetry={node.reload} compact />
        ) : (
          <Loading what="node" />
        )}
      </div>
    </aside>
  );
}
