/** Connections: open clusters with their live state, saved profiles, the profile form and the local sandbox. */
import { useEffect, useState } from 'react';
import type { ConnectionView, ProfileInput, ProfileView, SandboxView } from '../../shared/contract.js';
import type { HostData } from '../hooks/use-host.js';
import { formatAge } from '../state/format.js';
import { ErrorNotice } from './common.js';
import { STATE_TEXT, stateTone } from './ConnectionBanner.js';
import { ProfileForm } from './ProfileForm.js';

export function StatePill({ connection, testId }: { connection: ConnectionView; testId?: string }) {
  return (
    <span className={`pill pill-${stateTone(connection.state)}`} data-testid={testId} data-state={connection.state}>
      <span className="pill-dot" aria-hidden="true" />
      {STATE_TEXT[connection.state]}
    </span>
  );
}

export function SandboxCard({ sandbox, busy, onStart, onStop, compact = false }: { sandbox: SandboxView | null; busy: boolean; onStart(demo: boolean): void; onStop(): void; compact?: boolean }) {
  const [demo, setDemo] = useState(true);
  if (!sandbox) return null;
  return (
    <section className={`card sandbox${compact ? ' compact' : ''}`} aria-label="Local sandbox" data-testid="sandbox-card">
      <h3>Local sandbox</h3>
      {sandbox.running ? (
        <>
          <p>
            A private ZooKeeper is running at <code>{sandbox.connectionString}</code>
            {sandbox.demo ? ' with demo services that heartbeat and flip health' : ''}. It and its data go away when you stop it or quit.
          </p>
          <button type="button" className="button" disabled={busy} onClick={onStop} data-testid="sandbox-stop">
            {busy ? 'Stopping…' : 'Stop sandbox'}
          </button>
        </>
      ) : sandbox.available ? (
        <>
          <p>No cluster at hand? Start a ZooKeeper on 127.0.0.1 with a temporary data directory and explore a live registry.</p>
          <label className="inline-check">
            <input type="checkbox" checked={demo} onChange={(event) => setDemo(event.target.checked)} data-testid="sandbox-demo" />
            with demo services
          </label>
          <button type="button" className="button button-primary" disabled={busy} onClick={() => onStart(demo)} data-testid="sandbox-start">
            {busy ? 'Starting…' : 'Start local sandbox'}
          </button>
        </>
      ) : (
        <p className="muted">{sandbox.message ?? 'No local ZooKeeper install was found, so a sandbox cannot start.'}</p>
      )}
      {sandbox.message && (sandbox.running || sandbox.available) ? <p className="muted">{sandbox.message}</p> : null}
    </section>
  );
}

interface ConnectionsViewProps {
  host: HostData;
  activeConnectionId: string | null;
  onBrowse(connection: ConnectionView): void;
  /** Opening the form right away (from "New connection" elsewhere). */
  startWithForm: boolean;
  onFormShown(): void;
  onStartSandbox(demo: boolean): Promise<void>;
}

export function ConnectionsView({ host, activeConnectionId, onBrowse, startWithForm, onFormShown, onStartSandbox }: ConnectionsViewProps) {
  const { profiles, connections, sandbox, busy, actions } = host;
  const [editing, setEditing] = useState<ProfileView | 'new' | null>(startWithForm ? 'new' : null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [error, setError] = useState<{ error: unknown; doing: string } | null>(null);
  useEffect(() => {
    if (startWithForm) onFormShown();
  }, [startWithForm, onFormShown]);

  const run = (doing: string, work: () => Promise<unknown>) => {
    setError(null);
    work().catch((failure: unknown) => setError({ error: failure, doing }));
  };

  const connect = (profile: ProfileView) =>
    run(`Connecting to ${profile.name}`, async () => {
      const view = await actions.openConnection(profile.id);
      onBrowse(view);
    });

  const save = async (input: ProfileInput, connectAfter: boolean) => {
    const saved = await actions.saveProfile(input);
    setEditing(null);
    if (connectAfter) connect(saved);
  };

  const openFor = (profileId: string) => connections.find((connection) => connection.profileId === profileId) ?? null;

  return (
    <div className="connections-view" data-testid="connections-view">
      <div className="connections-main">
        {error ? <ErrorNotice error={error.error} doing={error.doing} /> : null}
        <section className="card" aria-label="Open connections">
          <h2>Open connections</h2>
          {connections.length === 0 ? (
            <p className="muted">Nothing is connected. Connect a saved profile below{sandbox?.available ? ' or start the local sandbox' : ''}.</p>
          ) : (
            <table className="plain-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Servers</th>
                  <th scope="col">State</th>
                  <th scope="col">Session</th>
                  <th scope="col">Zombie after</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {connections.map((connection) => (
                  <tr key={connection.id} data-testid="connection-item" data-connection={connection.name} className={connection.id === activeConnectionId ? 'current' : undefined}>
                    <td>
                      {connection.name}
                      {connection.readOnly ? <span className="chip">read-only</span> : null}
                      {connection.sandbox ? <span className="chip">sandbox</span> : null}
                    </td>
                    <td className="mono">{connection.connectionString}</td>
                    <td>
                      <StatePill connection={connection} />
                    </td>
                    <td className="mono">{connection.sessionId ? `0x${connection.sessionId.replace(/^0x/, '')}` : '—'}</td>
                    <td>{formatAge(connection.zombieThresholdMs)}</td>
                    <td className="actions">
                      <button type="button" className="button button-small" onClick={() => onBrowse(connection)}>
                        Browse
                      </button>
                      <button type="button" className="button button-small" disabled={busy.has(connection.id)} onClick={() => run(`Disconnecting ${connection.name}`, () => actions.closeConnection(connection.id))} data-testid="disconnect">
                        Disconnect
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="card" aria-label="Saved connections">
          <div className="section-head">
            <h2>Saved connections</h2>
            <button type="button" className="button" onClick={() => setEditing('new')} data-testid="profile-new">
              New connection
            </button>
          </div>
          {profiles === null ? (
            <p className="muted">Loading…</p>
          ) : profiles.length === 0 ? (
            <p className="muted">No saved connections yet. Add one with “New connection”: a name and a ZooKeeper connection string such as 127.0.0.1:2181.</p>
          ) : (
            <table className="plain-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Connection string</th>
                  <th scope="col">Session timeout</th>
                  <th scope="col">Options</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {profiles.map((profile) => {
                  const open = openFor(profile.id);
                  return (
                    <tr key={profile.id} data-testid="profile-item" data-profile={profile.name}>
                      <td>{profile.name}</td>
                      <td className="mono">{profile.connectionString}</td>
                      <td>{profile.sessionTimeoutMs / 1000} s</td>
                      <td>
                        {profile.readOnly ? <span className="chip">read-only</span> : null}
                        {profile.hasCredentials ? <span className="chip">credentials</span> : null}
                      </td>
                      <td className="actions">
                        {open ? (
                          <button type="button" className="button button-small" onClick={() => onBrowse(open)}>
                            Browse
                          </button>
                        ) : (
                          <button type="button" className="button button-small button-primary" disabled={busy.has(profile.id)} onClick={() => connect(profile)} data-testid="profile-connect">
                            {busy.has(profile.id) ? 'Connecting…' : 'Connect'}
                          </button>
                        )}
                        <button type="button" className="button button-small" onClick={() => setEditing(profile)}>
                          Edit
                        </button>
                        {confirmDelete === profile.id ? (
                          <>
                            <button
                              type="button"
                              className="button button-small button-danger"
                              onClick={() => {
                                setConfirmDelete(null);
                                run(`Deleting ${profile.name}`, () => actions.deleteProfile(profile.id));
                              }}
                            >
                              Delete it
                            </button>
                            <button type="button" className="button button-small button-quiet" onClick={() => setConfirmDelete(null)}>
                              Keep
                            </button>
                          </>
                        ) : (
                          <button type="button" className="button button-small button-quiet" onClick={() => setConfirmDelete(profile.id)} aria-label={`Delete ${profile.name}`}>
                            Delete
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <SandboxCard sandbox={sandbox} busy={busy.has('sandbox')} onStart={(demo) => run('Starting the sandbox', () => onStartSandbox(demo))} onStop={() => run('Stopping the sandbox', () => actions.stopSandbox())} />
      </div>
      {editing !== null ? (
        <div className="connections-side">
          <ProfileForm key={editing === 'new' ? 'new' : editing.id} profile={editing === 'new' ? null : editing} onSave={save} onCancel={() => setEditing(null)} />
        </div>
      ) : null}
    </div>
  );
}
