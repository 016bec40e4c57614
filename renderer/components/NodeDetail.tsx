/**
 * One znode in full: what is wrong with it (unreadable reason, strict-Java warnings), the instance fields,
 * formatted JSON, raw bytes (text and base64) and the ZooKeeper stat. Used by Browse and by the tree.
 */
import { useState, type ReactNode } from 'react';
import type { NodeDetail } from '../../shared/contract.js';
import type { NodeReport } from '../../shared/model/problems.js';
import { instanceStatus, type InstanceView } from '../../shared/model/instance-view.js';
import { formatAge, formatBytes, formatHeartbeat, formatOwner, formatTimestamp, formatWeight } from '../state/format.js';
import { CopyButton, StatusText } from './common.js';
import { ScanProblems } from './problems/ScanProblems.js';

function Field({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{children}</dd>
    </>
  );
}

function InstanceFields({ view, now, zombieThresholdMs }: { view: InstanceView; now: number; zombieThresholdMs: number }) {
  const status = instanceStatus(view, now, zombieThresholdMs);
  return (
    <dl className="fields">
      <Field label="Health">
        <StatusText status={status} />
        {status === 'zombie' ? <span className="muted"> — no heartbeat for over {formatAge(zombieThresholdMs)}; finders skip it</span> : null}
      </Field>
      <Field label="Reported" mono>
        {view.healthcheckStatus ?? '—'}
      </Field>
      <Field label="Host : port" mono>
        {view.host ?? '—'}:{view.port ?? '—'}
      </Field>
      <Field label="Environment">{view.environment ?? '—'}</Field>
      <Field label="Region">{view.region ?? '—'}</Field>
      <Field label="Tags">{view.tags.length > 0 ? view.tags.join(', ') : '—'}</Field>
      <Field label="Heartbeat">
        {formatHeartbeat(view.lastUpdatedMs, now)}
        {view.lastUpdatedMs !== null ? <span className="muted"> ({formatTimestamp(view.lastUpdatedMs)})</span> : null}
      </Field>
      <Field label="Healthy since">{view.healthySinceMs === null ? '—' : `${formatAge(Math.max(0, now - view.healthySinceMs))} (${formatTimestamp(view.healthySinceMs)})`}</Field>
      <Field label="Routing weight">{formatWeight(view.routingWeight)}</Field>
      <Field label="Port scheme">{view.portScheme ?? '—'}</Field>
    </dl>
  );
}

function StatTable({ detail }: { detail: NodeDetail }) {
  const stat = detail.stat;
  if (!stat) return <p className="muted">No stat: the node does not exist.</p>;
  return (
    <dl className="fields stat" data-testid="node-stat">
      <Field label="czxid" mono>
        {stat.czxid}
      </Field>
      <Field label="mzxid" mono>
        {stat.mzxid}
      </Field>
      <Field label="pzxid" mono>
        {stat.pzxid}
      </Field>
      <Field label="ctime">{formatTimestamp(stat.ctime)}</Field>
      <Field label="mtime">{formatTimestamp(stat.mtime)}</Field>
      <Field label="version" mono>
        {stat.version}
      </Field>
      <Field label="cversion" mono>
        {stat.cversion}
      </Field>
      <Field label="aversion" mono>
        {stat.aversion}
      </Field>
      <Field label="ephemeralOwner" mono>
        {formatOwner(stat.ephemeralOwner)}
      </Field>
      <Field label="dataLength" mono>
        {stat.dataLength} ({formatBytes(stat.dataLength)})
      </Field>
      <Field label="numChildren" mono>
        {stat.numChildren}
      </Field>
    </dl>
  );
}

export function NodeProblems({ instance }: { instance: InstanceView | null }) {
  if (!instance) return null;
  if (!instance.unreadable && instance.warnings.length === 0) return null;
  return (
    <div className="problems" data-testid="node-problems">
      {instance.unreadable ? (
        <div className="notice notice-error notice-compact">
          <div className="notice-title">Unreadable: {instance.unreadable.reason}</div>
          <div className="notice-detail">{instance.unreadable.message}</div>
          <div className="notice-hint">Finders skip this node. Fix or remove the registration that wrote it.</div>
        </div>
      ) : null}
      {instance.warnings.length > 0 ? (
        <div className="notice notice-warn notice-compact">
          <div className="notice-title">A strict Java reader would reject this node</div>
          <ul>
            {instance.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

export interface NodeDetailBodyProps {
  detail: NodeDetail;
  /** The live reading from frames (fresher than detail.instance). */
  live: InstanceView | null;
  now: number;
  zombieThresholdMs: number;
  /** Offer "Copy JSON" beside the JSON (off where the surrounding panel already has one). */
  copyJson?: boolean;
  /** The latest problem scan's report on this node, when it flagged it. */
  report?: NodeReport | null;
  scannedAt?: number | null;
}

export function NodeDetailBody({ detail, live, now, zombieThresholdMs, copyJson = true, report = null, scannedAt = null }: NodeDetailBodyProps) {
  const [raw, setRaw] = useState<'text' | 'base64'>(detail.text === null ? 'base64' : 'text');
  const instance = live ?? detail.instance;
  const json = detail.prettyJson;
  if (!detail.exists) {
    return <p className="notice notice-warn">This node no longer exists. It was deleted after it was listed.</p>;
  }
  return (
    <div className="detail-body">
      {report && scannedAt !== null ? <ScanProblems report={report} scannedAt={scannedAt} now={now} currentVersion={detail.stat?.version ?? null} /> : null}
      <NodeProblems instance={instance} />
      {instance && !instance.unreadable ? (
        <section>
          <h4>Instance</h4>
          <InstanceFields view={instance} now={now} zombieThresholdMs={zombieThresholdMs} />
        </section>
      ) : null}
      <section>
        <div className="section-head">
          <h4>JSON</h4>
          {json !== null && copyJson ? <CopyButton text={json} label="Copy JSON" testId="copy-json" /> : null}
        </div>
        {json !== null ? (
          <pre className="code" data-testid="node-json" tabIndex={0}>
            {json}
          </pre>
        ) : (
          <p className="muted">{detail.stat && detail.stat.dataLength === 0 ? 'The node holds no data.' : 'The data is not JSON; see the raw bytes below.'}</p>
        )}
      </section>
      <section>
        <h4>ZooKeeper stat</h4>
        <StatTable detail={detail} />
      </section>
      <section>
        <div className="section-head">
          <h4>Raw bytes</h4>
          <div className="segmented" role="group" aria-label="Raw format">
            <button type="button" aria-pressed={raw === 'text'} disabled={detail.text === null} onClick={() => setRaw('text')}>
              Text
            </button>
            <button type="button" aria-pressed={raw === 'base64'} onClick={() => setRaw('base64')}>
              Base64
            </button>
          </div>
        </div>
        {raw === 'text' && detail.text !== null ? (
          <pre className="code wrap" data-testid="node-raw-text" tabIndex={0}>
            {detail.text === '' ? '(empty)' : detail.text}
          </pre>
        ) : (
          <pre className="code wrap" data-testid="node-raw-base64" tabIndex={0}>
            {detail.base64 === '' ? '(empty)' : detail.base64}
          </pre>
        )}
      </section>
    </div>
  );
}
