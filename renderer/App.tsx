/**
 * Ranger Desk's window: top bar (connection switcher, host link), navigation, and the current view.
 * `data-testid="app-ready"` marks the root once the host link is open and answered.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConnectionView } from '../shared/contract.js';
import type { HostLink } from './api/index.js';
import { BrowseView } from './components/BrowseView.js';
import { ProblemsView } from './components/problems/ProblemsView.js';
import { RegistrationsView } from './components/registrations/RegistrationsView.js';
import { ErrorNotice, Loading } from './components/common.js';
import { ConnectionsView, SandboxCard, StatePill } from './components/ConnectionsView.js';
import { TreeView } from './components/TreeView.js';
import { useHost, type HostData } from './hooks/use-host.js';
import { useLinkStatus } from './hooks/use-link-status.js';
import { useProblemScans } from './hooks/use-problem-scans.js';
import { useRegistrations } from './hooks/use-registrations.js';
import { useRoute } from './hooks/use-route.js';
import { isTypingTarget } from './state/keyboard.js';
import type { View } from './state/route.js';
import { useNow } from './hooks/clock.js';

/** The navigation. */
const NAV: { view: View; label: string; needsConnection: boolean }[] = [
  { view: 'browse', label: 'Browse', needsConnection: true },
  { view: 'tree', label: 'Tree', needsConnection: true },
  { view: 'problems', label: 'Problems', needsConnection: true },
  { view: 'registrations', label: 'Registrations', needsConnection: false },
  { view: 'connections', label: 'Connections', needsConnection: false },
];

export function App({ link }: { link: HostLink }) {
  const status = useLinkStatus(link);
  const api = link.api;
  const host = useHost(api, status.epoch);
  const registrations = useRegistrations(api, status.epoch);
  const scans = useProblemScans();
  const [route, setRoute] = useRoute();
  const [formRequested, setFormRequested] = useState(false);
  // Ready (for people and for e2e tests) while the host link is open and has answered once.
  const ready = status.state === 'open' && host.info !== null;
  // Once loaded, a dropped host link keeps the last view on screen (marked offline) instead of a spinner.
  const loaded = host.info !== null;

  const { connections } = host;
  const active = useMemo(() => connections.find((item) => item.id === route.connectionId) ?? null, [connections, route.connectionId]);

  // Keep a connection selected: the routed one, else the first live one.
  useEffect(() => {
    if (!loaded || active || connections.length === 0) return;
    const next = connections.find((item) => item.state === 'connected') ?? connections[0];
    if (!next) return;
    // A deep link without a connection (#/browse?ns=demo&s=orders) keeps its place; a stale id starts over.
    if (route.connectionId === null) setRoute({ connectionId: next.id });
    else setRoute({ connectionId: next.id, namespace: null, service: null, instance: null, treePath: '/' });
  }, [loaded, active, connections, route.connectionId, setRoute]);

  const browse = useCallback(
    (connection: ConnectionView) => setRoute((current) => (current.connectionId === connection.id ? { view: 'browse' } : { view: 'browse', connectionId: connection.id, namespace: null, service: null, instance: null, treePath: '/' })),
    [setRoute],
  );

  const startSandbox = useCallback(
    async (demo: boolean) => {
      const view = await host.actions.startSandbox(demo);
      const list = await api.request('connections.list', {});
      const sandboxConnection = list.find((item) => item.sandbox && item.state !== 'closed') ?? list.find((item) => item.connectionString === view.connectionString);
      if (sandboxConnection) browse(sandboxConnection);
    },
    [api, browse, host.actions],
  );

  const reconnect = useCallback(
    (connection: ConnectionView) => {
      if (!connection.profileId) return;
      const profileId = connection.profileId;
      host.actions
        .closeConnection(connection.id)
        .catch(() => undefined)
        .then(() => host.actions.openConnection(profileId))
        .then((view) => browse(view))
        .catch(() => undefined);
    },
    [browse, host.actions],
  );

  // "/" focuses the search box wherever focus is (except in a text field).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (isTypingTarget(target?.tagName, target?.isContentEditable ?? false, (target as HTMLInputElement | null)?.type)) return;
      const search = document.querySelector<HTMLInputElement>('[data-testid="instance-search"]');
      if (search) {
        event.preventDefault();
        search.focus();
        search.select();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const view = route.view;
  return (
    <div className={`app${loaded && !ready ? ' offline' : ''}`} data-testid={ready ? 'app-ready' : 'app-starting'} data-mode={link.kind}>
      <TopBar host={host} active={active} onSelect={browse} onConnections={() => setRoute({ view: 'connections' })} />
      <HostLinkBanner link={link} />
      <div className="app-body">
        <nav className="nav-rail" aria-label="Views">
          {NAV.map((item) => (
            <button
              key={item.view}
              type="button"
              className={`nav-item${view === item.view ? ' current' : ''}`}
              aria-current={view === item.view ? 'page' : undefined}
              onClick={() => setRoute({ view: item.view })}
              data-testid={`nav-${item.view}`}
            >
              {item.label}
            </button>
          ))}
          <div className="nav-spacer" />
          {host.info ? (
            <div className="nav-foot muted" title={`${host.info.mode} · ${host.info.platform}`}>
              v{host.info.version}
              <br />
              {host.info.mode}
            </div>
          ) : null}
        </nav>
        <div className="view">
          {!loaded ? (
            host.loadError ? (
              <ErrorNotice error={host.loadError} doing="Loading Ranger Desk" onRetry={host.actions.reload} />
            ) : (
              <Loading what="Ranger Desk" />
            )
          ) : view === 'registrations' ? (
            <RegistrationsView api={api} host={host} registrations={registrations} active={active} namespace={route.namespace} setRoute={setRoute} />
          ) : view === 'connections' ? (
            <ConnectionsView
              host={host}
              activeConnectionId={active?.id ?? null}
              onBrowse={browse}
              startWithForm={formRequested}
              onFormShown={() => setFormRequested(false)}
              onStartSandbox={startSandbox}
            />
          ) : !active ? (
            <GetStarted
              host={host}
              onBrowse={browse}
              onNew={() => {
                setFormRequested(true);
                setRoute({ view: 'connections' });
              }}
              onStartSandbox={startSandbox}
            />
          ) : view === 'tree' ? (
            <TreeView key={active.id} api={api} connection={active} path={route.treePath} onPath={(treePath) => setRoute({ treePath })} epoch={status.epoch} onReconnect={reconnect} scans={scans} />
          ) : view === 'problems' ? (
            <ProblemsView key={active.id} api={api} connection={active} namespace={route.namespace} setRoute={setRoute} scans={scans} epoch={status.epoch} onReconnect={reconnect} />
          ) : (
            <BrowseView
              key={active.id}
              api={api}
              connection={active}
              route={route}
              setRoute={setRoute}
              epoch={status.epoch}
              onReconnect={reconnect}
              registrations={registrations.list}
              scan={scans.get(active.id, route.namespace)}
            />
          )}
        </div>
      </div>
    </div>
  );
}

function TopBar({ host, active, onSelect, onConnections }: { host: HostData; active: ConnectionView | null; onSelect(connection: ConnectionView): void; onConnections(): void }) {
  return (
    <header className="top-bar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        Ranger Desk
      </div>
      <div className="switcher" role="tablist" aria-label="Open connections">
        {host.connections.map((connection) => (
          <button
            key={connection.id}
            type="button"
            role="tab"
            aria-selected={connection.id === active?.id}
            className={`switch-tab${connection.id === active?.id ? ' current' : ''}`}
            onClick={() => onSelect(connection)}
            data-testid="connection-tab"
            data-connection={connection.name}
            title={`${connection.connectionString}${connection.readOnly ? ' (read-only)' : ''}`}
          >
            <span className="switch-name">{connection.name}</span>
            <StatePill connection={connection} testId={connection.id === active?.id ? 'connection-state' : undefined} />
          </button>
        ))}
        {host.connections.length === 0 ? (
          <span className="muted" data-testid="connection-state" data-state="none">
            No cluster open
          </span>
        ) : null}
        <button type="button" className="switch-add" onClick={onConnections} aria-label="Manage connections" title="Manage connections">
          +
        </button>
      </div>
    </header>
  );
}

function HostLinkBanner({ link }: { link: HostLink }) {
  const status = useLinkStatus(link);
  const now = useNow();
  if (status.state === 'open') return null;
  if (status.state === 'connecting' && status.attempt === 0) return null;
  const seconds = status.retryAt === null ? 0 : Math.max(0, Math.ceil((status.retryAt - now) / 1000));
  return (
    <div className="banner banner-bad" role="alert" data-testid="host-link-banner" data-state={status.state}>
      <strong>{status.state === 'reconnecting' ? 'Lost the connection to the Ranger Desk host.' : 'Cannot reach the Ranger Desk host.'}</strong> {status.lastError} Retrying{seconds > 0 ? ` in ${seconds} s` : ' now'} (attempt {status.attempt}).
      <button type="button" className="button button-small" onClick={() => link.retryNow()}>
        Retry now
      </button>
    </div>
  );
}

function GetStarted({ host, onBrowse, onNew, onStartSandbox }: { host: HostData; onBrowse(connection: ConnectionView): void; onNew(): void; onStartSandbox(demo: boolean): Promise<void> }) {
  const [error, setError] = useState<unknown>(null);
  const profiles = host.profiles ?? [];
  return (
    <div className="get-started" data-testid="get-started">
      <h1>Connect to a Ranger registry</h1>
      <p className="muted">Ranger Desk shows the services registered in ZooKeeper, their instances and health, live.</p>
      {error ? <ErrorNotice error={error} doing="Connecting" /> : null}
      <div className="start-grid">
        <section className="card" aria-label="Saved connections">
          <h3>Saved connections</h3>
          {profiles.length === 0 ? <p className="muted">None yet.</p> : null}
          <ul className="plain-list">
            {profiles.map((profile) => (
              <li key={profile.id}>
                <span>
                  <strong>{profile.name}</strong> <span className="mono muted">{profile.connectionString}</span>
                </span>
                <button
                  type="button"
                  className="button button-small button-primary"
                  disabled={host.busy.has(profile.id)}
                  onClick={() => {
                    setError(null);
                    host.actions.openConnection(profile.id).then(onBrowse, setError);
                  }}
                  data-testid="profile-connect"
                >
                  {host.busy.has(profile.id) ? 'Connecting…' : 'Connect'}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="button" onClick={onNew} data-testid="get-started-new">
            New connection
          </button>
        </section>
        <SandboxCard
          sandbox={host.sandbox}
          busy={host.busy.has('sandbox')}
          onStart={(demo) => {
            setError(null);
            onStartSandbox(demo).catch(setError);
          }}
          onStop={() => {
            host.actions.stopSandbox().catch(setError);
          }}
        />
      </div>
    </div>
  );
}
