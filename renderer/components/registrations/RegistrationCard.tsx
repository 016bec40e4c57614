/**
 * One registration with its live status: state, znode path, owning session, last write (ticking), last health
 * result with latency, the last 20 results, and its actions. A conflict shows the other node's owner and data
 * and registers only after "Register anyway (override)".
 */
import { useState } from 'react';
import type { RegistrationView } from '../../../shared/registration.js';
import type { RegistrationActions } from '../../hooks/use-registrations.js';
import { useResource } from '../../hooks/use-resource.js';
import { formatAge, formatOwner, formatTime, formatTimestamp } from '../../state/format.js';
import { healthSummary, healthVerdict, historyTicks, isOverriding, isPublishing, STATE_LABEL, stateExplanation, stateTone } from '../../state/registrations.js';
import { CopyButton, ErrorNotice } from '../common.js';

interface Props {
  view: RegistrationView;
  busy: boolean;
  now: number;
  /** The connection profile's name, when known. */
  connectionName: string | null;
  actions: RegistrationActions;
  onEdit(view: RegistrationView): void;
  /** Opens the node in Browse; absent when the connection is not open. */
  onShow: ((view: RegistrationView) => void) | null;
}

function prettyData(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

export function HealthHistory({ view, now }: { view: RegistrationView; now: number }) {
  const ticks = historyTicks(view.history);
  const failures = view.history.filter((result) => !result.healthy).length;
  return (
    <div className="health-history" role="img" aria-label={`Last ${view.history.length} health results: ${view.history.length - failures} healthy, ${failures} unhealthy`} data-testid="registration-history">
      {ticks.map((result, index) =>
        result === null ? (
          <span key={`empty-${index}`} className="tick tick-none" />
        ) : (
          <span
            key={`${result.checkedAt}-${index}`}
            className={`tick ${result.healthy ? 'tick-ok' : 'tick-bad'}`}
            title={`${formatTime(result.checkedAt, now)} · ${healthSummary(result)}`}
            data-healthy={result.healthy ? 'true' : 'false'}
          />
        ),
      )}
    </div>
  );
}

export function RegistrationCard({ view, busy, now, connectionName, actions, onEdit, onShow }: Props) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown; doing: string } | null>(null);
  const { spec } = view;
  const publishing = isPublishing(view);
  const overriding = isOverriding(view);
  const tone = overriding ? 'warn' : stateTone(view.state);
  // The commands depend on the spec and the connection string: fetched once per spec, so "Copy" is instant.
  const commands = useResource(`${view.id}|${JSON.stringify(spec)}`, () => actions.commands(view.id));

  const run = (doing: string, work: () => Promise<unknown>) => {
    setFailure(null);
    work().catch((error: unknown) => setFailure({ error, doing }));
  };

  const lastWrite = view.lastWriteAt;
  const health = view.lastHealth;
  return (
    <li className={`reg-card tone-${tone}`} data-testid="registration-item" data-id={view.id} data-state={view.state} data-service={spec.serviceName} data-instance={`${spec.host}:${spec.port}`} data-overriding={overriding ? 'true' : undefined} aria-label={`${spec.serviceName} ${spec.host}:${spec.port}`}>
      <div className="reg-head">
        <span className={`pill pill-${tone}`} data-testid="registration-state" data-state={view.state} title={stateExplanation(view)}>
          <span className="pill-dot" aria-hidden="true" />
          {overriding ? 'conflict: overriding' : STATE_LABEL[view.state]}
        </span>
        <h3 className="mono">{spec.serviceName}</h3>
        <span className="reg-sub muted">
          <span className="mono">
            {spec.host}:{spec.port}
          </span>{' '}
          · {spec.environment}
          {spec.region ? ` · ${spec.region}` : ''} · via {connectionName ?? 'an unknown connection'}
        </span>
        {spec.startOnLaunch ? <span className="chip">start on launch</span> : null}
        {spec.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
        <div className="reg-actions">
          {publishing ? (
            <button type="button" className="button button-small" disabled={busy} onClick={() => run('Stopping', () => actions.stop(view.id))} data-testid="reg-stop" title="Delete the node from ZooKeeper now">
              Stop
            </button>
          ) : (
            <button
              type="button"
              className={`button button-small${view.state === 'conflict' ? '' : ' button-primary'}`}
              disabled={busy}
              onClick={() => run('Starting', () => actions.start(view.id))}
              data-testid="reg-start"
              title={view.state === 'conflict' ? 'Try again without overriding (in case the other node is gone)' : 'Publish the node'}
            >
              Start
            </button>
          )}
          {view.drained ? (
            <button type="button" className="button button-small" disabled={busy || !publishing} onClick={() => run('Undraining', () => actions.drain(view.id, false))} data-testid="reg-undrain" title="Publish the real health again">
              Undrain
            </button>
          ) : (
            <button
              type="button"
              className="button button-small"
              disabled={busy || !publishing}
              onClick={() => run('Draining', () => actions.drain(view.id, true))}
              data-testid="reg-drain"
              title={publishing ? 'Publish unhealthy on purpose so clients move away' : 'Start it first'}
            >
              Drain
            </button>
          )}
          <button type="button" className="button button-small" disabled={busy} onClick={() => onEdit(view)} data-testid="reg-edit">
            Edit
          </button>
          <button type="button" className="button button-small" disabled={busy} onClick={() => run('Duplicating', () => actions.duplicate(view.id))} data-testid="reg-duplicate" title="A stopped copy to change and start">
            Duplicate
          </button>
          {confirmDelete ? (
            <>
              <button
                type="button"
                className="button button-small button-danger"
                disabled={busy}
                onClick={() => {
                  setConfirmDelete(false);
                  run('Deleting', () => actions.remove(view.id));
                }}
                data-testid="reg-delete-confirm"
              >
                {publishing ? 'Stop and delete' : 'Delete it'}
              </button>
              <button type="button" className="button button-small button-quiet" onClick={() => setConfirmDelete(false)}>
                Keep
              </button>
            </>
          ) : (
            <button type="button" className="button button-small button-quiet" disabled={busy} onClick={() => setConfirmDelete(true)} data-testid="reg-delete" aria-label={`Delete ${spec.serviceName} ${spec.host}:${spec.port}`}>
              Delete
            </button>
          )}
        </div>
      </div>

      <dl className="reg-facts">
        <div className="reg-fact wide">
          <dt>Node</dt>
          <dd className="mono path" title={view.path} data-testid="registration-path">
            {onShow && publishing ? (
              <button type="button" className="link mono" onClick={() => onShow(view)} title="Show in Browse">
                {view.path}
              </button>
            ) : (
              view.path
            )}
          </dd>
        </div>
        <div className="reg-fact">
          <dt>Session</dt>
          <dd className="mono" data-testid="registration-owner">
            {view.owner && publishing ? formatOwner(view.owner) : '—'}
          </dd>
        </div>
        <div className="reg-fact">
          <dt>Last write</dt>
          <dd title={lastWrite === null ? undefined : formatTimestamp(lastWrite)} className={publishing ? undefined : 'muted'} data-testid="registration-last-write">
            {lastWrite === null ? 'never' : `${formatAge(Math.max(0, now - lastWrite))} ago`}
          </dd>
        </div>
        <div className="reg-fact">
          <dt>Last health</dt>
          <dd className={health ? (health.healthy ? 'status-healthy' : 'status-unhealthy') : 'muted'} title={health ? `${formatTimestamp(health.checkedAt)}: ${healthSummary(health)}` : undefined} data-testid="registration-health">
            {health ? healthVerdict(health) : spec.healthCheck ? 'no check yet' : 'no health check: healthy while running'}
          </dd>
          {health && health.detail !== '' ? (
            <dd className="reg-detail muted mono" title={health.detail}>
              {health.detail}
            </dd>
          ) : null}
        </div>
        <div className="reg-fact">
          <dt>History</dt>
          <dd>
            <HealthHistory view={view} now={now} />
          </dd>
        </div>
      </dl>

      {overriding ? (
        <div className="notice notice-warn notice-compact reg-conflict" data-testid="registration-overriding">
          <div className="notice-title">
            Overriding: this registration writes its data into <span className="mono">{view.path}</span>, which session <span className="mono">{formatOwner(view.owner ?? '')}</span> still owns.
          </div>
          <div className="notice-detail">If that session ends, ZooKeeper removes the node and Ranger Desk registers it again under its own session. Stop leaves the other session&apos;s node in place.</div>
        </div>
      ) : view.state === 'conflict' && view.conflict ? (
        <div className="notice notice-warn notice-compact reg-conflict" role="alert" data-testid="registration-conflict">
          <div className="notice-title">
            <span className="mono">{view.conflict.path}</span> is already registered by another live session, <span className="mono" data-testid="conflict-owner">{formatOwner(view.conflict.owner)}</span>.
          </div>
          <div className="notice-detail">Nothing was written. Registering anyway writes our data into that node, as Java Ranger does; the node stays owned by that session, and its owner will see its data change.</div>
          <pre className="code wrap" data-testid="conflict-data">
            {prettyData(view.conflict.data)}
          </pre>
          <div className="reg-conflict-actions">
            <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => run('Registering over the other node', () => actions.start(view.id, true))} data-testid="reg-override">
              Register anyway (override)
            </button>
            <button type="button" className="button button-small button-quiet" disabled={busy} onClick={() => run('Stopping', () => actions.stop(view.id))}>
              Leave it
            </button>
          </div>
        </div>
      ) : null}
      {view.error ? (
        <div className="notice notice-error notice-compact" data-testid="registration-error">
          <div className="notice-title">{view.state === 'stopped' ? 'Could not publish' : 'Last error'}</div>
          <div className="notice-detail">{view.error}</div>
        </div>
      ) : null}
      {failure ? <ErrorNotice error={failure.error} doing={failure.doing} compact /> : null}

      <div className="reg-foot">
        <span className="muted">{stateExplanation(view)}</span>
        <span className="reg-copy">
          <CopyButton text={() => commands.data?.daemon ?? actions.commands(view.id).then((result) => result.daemon)} label="Copy as ranger-daemon command" testId="reg-copy-daemon" title={commands.data?.daemon} />
          <CopyButton text={() => commands.data?.docker ?? actions.commands(view.id).then((result) => result.docker)} label="Copy as docker run" testId="reg-copy-docker" title={commands.data?.docker} />
        </span>
      </div>
    </li>
  );
}
