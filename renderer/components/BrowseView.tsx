/**
 * Browse: namespaces, then services with status counts, then the service page (timeline, filters, instance
 * table, event log) and the node detail side panel. Everything live: frames apply without a reload.
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { ConnectionView, LogEntry, NamespaceView, RangerApi, TimelinePoint } from '../../shared/contract.js';
import type { ScanResult } from '../../shared/model/problems.js';
import type { RegistrationView } from '../../shared/registration.js';
import { countStatuses } from '../../shared/model/instance-view.js';
import { servicePath } from '../../shared/model/names.js';
import { useNow } from '../hooks/clock.js';
import { useNamespace } from '../hooks/use-namespace.js';
import { useResource } from '../hooks/use-resource.js';
import type { RouteUpdate } from '../hooks/use-route.js';
import { formatTime, plural } from '../state/format.js';
import { problemCountsByService, reportFor } from '../state/problems.js';
import { oursSet } from '../state/registrations.js';
import { DEFAULT_SORT, EMPTY_FILTER, facets, filterAndSort, isFiltering, nextSort, type InstanceFilter, type SortSpec } from '../state/instance-filter.js';
import { largestService, serviceRows, type NamespaceState, type ServiceRow } from '../state/registry-state.js';
import type { Route } from '../state/route.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { CopyButton, CountBadges, EmptyState, ErrorNotice, Loading } from './common.js';
import { DetailPanel } from './DetailPanel.js';
import { EventLog } from './EventLog.js';
import { InstanceTable } from './InstanceTable.js';
import { InstanceToolbar } from './InstanceToolbar.js';
import { TimelineChart } from './TimelineChart.js';
import { VirtualList } from './VirtualList.js';

export interface BrowseViewProps {
  api: RangerApi;
  connection: ConnectionView;
  route: Route;
  setRoute(update: RouteUpdate): void;
  epoch: number;
  onReconnect(connection: ConnectionView): void;
  /** Our registrations (rows they own are marked "ours"). */
  registrations: readonly RegistrationView[] | null;
  /** The latest problem scan of the routed namespace, if any. */
  scan: ScanResult | null;
}

/** The last session id seen, so a short disconnect does not ask for a new snapshot but a new session does. */
function useStickySession(connection: ConnectionView): string {
  const [session, setSession] = useState(connection.sessionId ?? '');
  useEffect(() => {
    if (connection.sessionId !== null && connection.sessionId !== session) setSession(connection.sessionId);
  }, [connection.sessionId, session]);
  return session;
}

export function BrowseView({ api, connection, route, setRoute, epoch, onReconnect, registrations, scan }: BrowseViewProps) {
  const ours = useMemo(() => oursSet(registrations), [registrations]);
  // A scan of another namespace says nothing here.
  const currentScan = scan && scan.namespace === route.namespace ? scan : null;
  const connected = connection.state === 'connected';
  const session = useStickySession(connection);
  const namespaces = useResource<NamespaceView[]>(`${connection.id}|${epoch}|${session}`, () => api.request('registry.namespaces', { connectionId: connection.id }), 10_000);
  const namespaceList = useMemo(() => [...(namespaces.data ?? [])].sort((a, b) => a.name.localeCompare(b.name)), [namespaces.data]);

  // Pick the first namespace when none is chosen (or the chosen one belongs to another connection).
  useEffect(() => {
    if (route.namespace === null && namespaceList.length > 0) {
      const first = namespaceList[0];
      if (first) setRoute({ namespace: first.name, service: null, instance: null });
    }
  }, [route.namespace, namespaceList, setRoute]);

  const follow = useNamespace(api, connection.id, route.namespace, connection.zombieThresholdMs, `${epoch}|${session}`);

  // Open the largest service when none is chosen: the table people came for, without a click. It shows in the
  // same render as the snapshot; the route catches up afterwards.
  const largest = useMemo(() => (follow.state && route.service === null ? largestService(follow.state) : null), [follow.state, route.service]);
  const service = route.service ?? largest;
  useEffect(() => {
    if (largest !== null) setRoute({ service: largest, instance: null });
  }, [largest, setRoute]);

  const selectNamespace = useCallback((name: string) => setRoute({ namespace: name, service: null, instance: null }), [setRoute]);
  const selectService = useCallback((name: string) => setRoute({ service: name, instance: null }), [setRoute]);

  return (
    <div className="browse">
      <ConnectionBanner connection={connection} onReconnect={onReconnect} />
      <div className="browse-grid">
        <NamespacePane
          namespaces={namespaceList}
          loading={namespaces.loading && namespaces.data === null}
          error={namespaces.data === null ? namespaces.error : null}
          selected={route.namespace}
          onSelect={selectNamespace}
          onRetry={namespaces.reload}
          connected={connected}
        />
        <ServicePane
          state={follow.state}
          loading={follow.loading && follow.state === null}
          error={follow.state === null ? follow.error : null}
          onRetry={follow.retry}
          namespace={route.namespace}
          selected={service}
          onSelect={selectService}
          zombieThresholdMs={connection.zombieThresholdMs}
          scan={currentScan}
          onProblems={() => setRoute({ view: 'problems' })}
        />
        <main className="service-main" aria-label="Service">
          {follow.state && service !== null ? (
            <ServicePage api={api} connection={connection} state={follow.state} service={service} instance={route.instance} setRoute={setRoute} stale={!connected} ours={ours} scan={currentScan} />
          ) : follow.state ? (
            <EmptyState title={follow.state.services.size === 0 ? 'No services in this namespace' : 'Pick a service'}>
              {follow.state.services.size === 0 ? 'Nothing is registered under this namespace yet. Services appear here as soon as a provider registers.' : 'Choose a service on the left to see its instances.'}
            </EmptyState>
          ) : route.namespace === null && namespaces.data !== null && namespaceList.length === 0 ? (
            <EmptyState title="This registry is empty" testId="registry-empty">
              No namespaces under <code>/</code>. Register a service (for example with <code>ranger-daemon</code>) or start the sandbox with demo services.
            </EmptyState>
          ) : follow.error ? (
            <ErrorNotice error={follow.error} doing="Opening the namespace" onRetry={follow.retry} />
          ) : route.namespace !== null ? (
            <Loading what={`namespace ${route.namespace}`} />
          ) : null}
        </main>
      </div>
    </div>
  );
}

function NamespacePane({ namespaces, loading, error, selected, onSelect, onRetry, connected }: { namespaces: NamespaceView[]; loading: boolean; error: unknown; selected: string | null; onSelect(name: string): void; onRetry(): void; connected: boolean }) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const text = query.trim().toLowerCase();
    return text === '' ? namespaces : namespaces.filter((item) => item.name.toLowerCase().includes(text));
  }, [namespaces, query]);
  return (
    <nav className="pane namespaces" aria-label="Namespaces">
      <header className="pane-header">
        <h2>Namespaces</h2>
        <span className="muted">{namespaces.length}</span>
      </header>
      <div className="pane-search">
        <input type="search" placeholder="Filter namespaces" aria-label="Filter namespaces" value={query} onChange={(event) => setQuery(event.target.value)} data-testid="namespace-filter" />
      </div>
      {loading ? (
        <Loading what="namespaces" />
      ) : error ? (
        <ErrorNotice error={error} doing="Listing namespaces" onRetry={onRetry} compact />
      ) : shown.length === 0 ? (
        <p className="pane-empty muted">{namespaces.length > 0 ? 'No namespace matches.' : connected ? 'No namespaces yet.' : 'Waiting for the connection…'}</p>
      ) : (
        <VirtualList
          items={shown}
          rowHeight={34}
          getKey={(item) => item.name}
          selectedKey={selected}
          onActivate={(item) => onSelect(item.name)}
          label="Namespaces"
          testId="namespace-list"
          itemTestId="namespace-item"
          itemData={(item) => ({ 'data-namespace': item.name })}
          renderItem={(item) => (
            <>
              <span className="item-name">{item.name}</span>
              <span className="item-meta muted">{plural(item.serviceCount, 'service')}</span>
            </>
          )}
        />
      )}
    </nav>
  );
}

interface ServicePaneProps {
  state: NamespaceState | null;
  loading: boolean;
  error: unknown;
  onRetry(): void;
  namespace: string | null;
  selected: string | null;
  onSelect(name: string): void;
  zombieThresholdMs: number;
  scan: ScanResult | null;
  onProblems(): void;
}

function ServicePane({ state, loading, error, onRetry, namespace, selected, onSelect, zombieThresholdMs, scan, onProblems }: ServicePaneProps) {
  const now = useNow();
  const problemCounts = useMemo(() => problemCountsByService(scan), [scan]);
  const [query, setQuery] = useState('');
  const rows = useMemo(() => (state ? serviceRows(state, now, zombieThresholdMs) : []), [state, now, zombieThresholdMs]);
  const shown = useMemo(() => {
    const text = query.trim().toLowerCase();
    return text === '' ? rows : rows.filter((row) => row.name.toLowerCase().includes(text));
  }, [rows, query]);
  return (
    <nav className="pane services" aria-label="Services">
      <header className="pane-header">
        <h2>Services</h2>
        <span className="muted">{state ? state.services.size : ''}</span>
      </header>
      <div className="pane-search">
        <input type="search" placeholder="Filter services" aria-label="Filter services" value={query} onChange={(event) => setQuery(event.target.value)} disabled={!state} data-testid="service-filter" />
      </div>
      {scan ? (
        <button type="button" className="pane-note link" onClick={onProblems} data-testid="service-problems-note" title="Open the Problems view">
          {scan.reports.length === 0 ? 'No problems' : plural(scan.reports.length, 'problem node')} in the scan at {formatTime(scan.scannedAt, now)}
        </button>
      ) : null}
      {namespace === null ? (
        <p className="pane-empty muted">Pick a namespace.</p>
      ) : loading ? (
        <Loading what="services" />
      ) : error ? (
        <ErrorNotice error={error} doing="Following the namespace" onRetry={onRetry} compact />
      ) : shown.length === 0 ? (
        <p className="pane-empty muted">{rows.length === 0 ? 'No services registered.' : 'No service matches.'}</p>
      ) : (
        <VirtualList<ServiceRow>
          items={shown}
          rowHeight={52}
          getKey={(row) => row.name}
          selectedKey={selected}
          onActivate={(row) => onSelect(row.name)}
          label="Services"
          testId="service-list"
          itemTestId="service-item"
          itemData={(row) => ({ 'data-service': row.name, 'data-total': String(row.counts.total), 'data-problems': String(problemCounts.get(row.name) ?? 0) })}
          renderItem={(row) => {
            const problems = problemCounts.get(row.name) ?? 0;
            return (
              <>
                <span className="item-name">{row.name}</span>
                <span className="item-meta">
                  <span className="muted">{plural(row.counts.total, 'instance')}</span>
                  <CountBadges counts={row.counts} compact />
                  {problems > 0 ? (
                    <span className="badge badge-problems" title={`${plural(problems, 'problem node')} in the last scan`} data-testid="service-problem-count">
                      <span className="visually-hidden">problems: </span>⚠ {problems.toLocaleString('en-US')}
                    </span>
                  ) : null}
                </span>
              </>
            );
          }}
        />
      )}
    </nav>
  );
}

interface ServicePageProps {
  api: RangerApi;
  connection: ConnectionView;
  state: NamespaceState;
  service: string;
  instance: string | null;
  setRoute(update: RouteUpdate): void;
  stale: boolean;
  ours: ReadonlySet<string>;
  scan: ScanResult | null;
}

function ServicePage({ api, connection, state, service, instance, setRoute, stale, ours, scan }: ServicePageProps) {
  const now = useNow();
  const threshold = connection.zombieThresholdMs;
  const serviceState = state.services.get(service) ?? null;
  const [filter, setFilter] = useState<InstanceFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortSpec>(DEFAULT_SORT);
  const [focusName, setFocusName] = useState<string | null>(null);
  const [logOnlyService, setLogOnlyService] = useState(true);
  // Typing stays responsive with 10,000 rows: the table follows the text a moment later.
  const deferredText = useDeferredValue(filter.text);
  const effectiveFilter = useMemo(() => ({ ...filter, text: deferredText }), [filter, deferredText]);

  const instances = serviceState?.instances;
  const rows = useMemo(() => (instances ? filterAndSort(instances.values(), effectiveFilter, sort, now, threshold) : []), [instances, effectiveFilter, sort, now, threshold]);
  const facetValues = useMemo(() => facets(instances?.values() ?? []), [instances]);
  // Recounted on the live clock: an instance turns zombie when its heartbeat stops, without any frame.
  const counts = useMemo(() => countStatuses(instances?.values() ?? [], now, threshold), [instances, now, threshold]);

  const timeline = useResource<TimelinePoint[]>(
    `${connection.id}|${state.namespace}|${service}`,
    () => api.request('registry.timeline', { connectionId: connection.id, namespace: state.namespace, service }),
    3000,
  );

  const openInstance = useCallback((name: string) => setRoute({ instance: name }), [setRoute]);
  const closeInstance = useCallback(() => setRoute({ instance: null }), [setRoute]);
  const onLogSelect = useCallback((entry: LogEntry) => setRoute({ service: entry.service, instance: entry.instance }), [setRoute]);

  if (!serviceState) {
    return (
      <EmptyState title={`${service} is not registered`} testId="service-gone">
        No service named <code>{service}</code> under <code>/{state.namespace}</code> now. It may have been removed; pick another service on the left.
      </EmptyState>
    );
  }
  const path = servicePath(state.namespace, service);
  const filtering = isFiltering(filter);
  return (
    <div className={`service-page${instance !== null ? ' with-detail' : ''}`} data-testid="service-page" data-service={service}>
      <div className="service-content">
        <header className="service-header">
          <div className="service-title">
            <h2 className="mono">{service}</h2>
            <span className="muted mono path">{path}</span>
            <CopyButton text={path} label="Copy path" testId="copy-service-path" />
          </div>
          <CountBadges counts={counts} />
        </header>
        <div className="chart-box">
          {timeline.data ? (
            <TimelineChart points={timeline.data} label={`Healthy, unhealthy and zombie instances of ${service} over time`} />
          ) : timeline.error ? (
            <div className="chart-placeholder muted">Timeline unavailable: {(timeline.error as Error).message}</div>
          ) : (
            <div className="chart-placeholder muted">Loading timeline…</div>
          )}
          <div className="chart-legend" aria-hidden="true">
            <span className="legend-healthy">healthy</span>
            <span className="legend-unhealthy">unhealthy</span>
            <span className="legend-zombie">zombie</span>
          </div>
        </div>
        <InstanceToolbar filter={filter} onChange={setFilter} facets={facetValues} shown={rows.length} total={serviceState.instances.size} />
        <InstanceTable
          rows={rows}
          totalCount={serviceState.instances.size}
          changes={serviceState.changes}
          now={now}
          sort={sort}
          onSort={(key) => setSort((current) => nextSort(current, key))}
          selected={instance}
          onOpen={openInstance}
          focusName={focusName}
          onFocusName={setFocusName}
          stale={stale}
          ours={ours}
          empty={
            serviceState.instances.size === 0 ? (
              <span>No instances are registered for this service right now.</span>
            ) : filtering ? (
              <span>
                No instance matches these filters.{' '}
                <button type="button" className="link" onClick={() => setFilter(EMPTY_FILTER)}>
                  Clear filters
                </button>
              </span>
            ) : null
          }
        />
        <EventLog entries={state.log} service={service} onlyService={logOnlyService} onToggleOnlyService={setLogOnlyService} onSelect={onLogSelect} />
      </div>
      {instance !== null ? (
        <DetailPanel
          api={api}
          connectionId={connection.id}
          namespace={state.namespace}
          service={service}
          name={instance}
          live={serviceState.instances.get(instance) ?? null}
          now={now}
          zombieThresholdMs={threshold}
          onClose={closeInstance}
          report={reportFor(scan, `/${state.namespace}/${service}/${instance}`)}
          scannedAt={scan?.scannedAt ?? null}
          ours={ours}
        />
      ) : null}
    </div>
  );
}
