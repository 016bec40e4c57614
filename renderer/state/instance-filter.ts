/** Search, filters and sorting of the instance table. Pure, so it is unit tested and cheap to rerun each tick. */
import { instanceStatus, type InstanceStatus, type InstanceView } from '../../shared/model/instance-view.js';

export interface InstanceFilter {
  /** Whitespace-separated words; every word must occur in host:port, tags, environment or region. */
  text: string;
  environment: string | null;
  region: string | null;
  tag: string | null;
  status: InstanceStatus | null;
}

export const EMPTY_FILTER: InstanceFilter = { text: '', environment: null, region: null, tag: null, status: null };

export type SortKey =
  | 'status'
  | 'address'
  | 'environment'
  | 'region'
  | 'tags'
  | 'heartbeat'
  | 'healthySince'
  | 'weight'
  | 'scheme'
  | 'owner'
  | 'created'
  | 'modified'
  | 'version';

export type SortDirection = 'ascending' | 'descending';

export interface SortSpec {
  key: SortKey;
  direction: SortDirection;
}

/** Problems first, as Consul's "Unhealthy to Healthy". */
export const DEFAULT_SORT: SortSpec = { key: 'status', direction: 'descending' };

export interface InstanceRow {
  view: InstanceView;
  status: InstanceStatus;
}

export const STATUSES: readonly InstanceStatus[] = ['healthy', 'unhealthy', 'zombie', 'unreadable'];

const STATUS_RANK: Record<InstanceStatus, number> = { healthy: 0, unhealthy: 1, zombie: 2, unreadable: 3 };

export function isFiltering(filter: InstanceFilter): boolean {
  return filter.text.trim() !== '' || filter.environment !== null || filter.region !== null || filter.tag !== null || filter.status !== null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

/** The text a search matches against. */
export function searchText(view: InstanceView): string {
  return [view.name, view.host ?? '', view.port === null ? '' : String(view.port), view.environment ?? '', view.region ?? '', ...view.tags].join(' ').toLowerCase();
}

export function matchesFilter(row: InstanceRow, filter: InstanceFilter, queryWords: readonly string[]): boolean {
  const { view } = row;
  if (filter.status !== null && row.status !== filter.status) return false;
  if (filter.environment !== null && view.environment !== filter.environment) return false;
  if (filter.region !== null && view.region !== filter.region) return false;
  if (filter.tag !== null && !view.tags.includes(filter.tag)) return false;
  if (queryWords.length > 0) {
    const haystack = searchText(view);
    for (const word of queryWords) if (!haystack.includes(word)) return false;
  }
  return true;
}

function compareNullable<T extends string | number>(a: T | null, b: T | null): number {
  // Missing values sort last in ascending order.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** host, then port as a number, then the raw znode name (unreadable nodes have no host). */
export function compareAddress(a: InstanceView, b: InstanceView): number {
  const host = compareNullable(a.host, b.host);
  if (host !== 0) return host;
  const port = compareNullable(a.port, b.port);
  if (port !== 0) return port;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function compareBy(key: SortKey, a: InstanceRow, b: InstanceRow): number {
  const x = a.view;
  const y = b.view;
  switch (key) {
    case 'status':
      return STATUS_RANK[a.status] - STATUS_RANK[b.status];
    case 'address':
      return 0;
    case 'environment':
      return compareNullable(x.environment, y.environment);
    case 'region':
      return compareNullable(x.region, y.region);
    case 'tags':
      return compareNullable(x.tags.join(',') || null, y.tags.join(',') || null);
    case 'heartbeat':
      // Ascending = youngest heartbeat first; never updated counts as the oldest.
      if (x.lastUpdatedMs === y.lastUpdatedMs) return 0;
      if (x.lastUpdatedMs === null) return 1;
      if (y.lastUpdatedMs === null) return -1;
      return y.lastUpdatedMs - x.lastUpdatedMs;
    case 'healthySince':
      return compareNullable(x.healthySinceMs, y.healthySinceMs);
    case 'weight':
      return compareNullable(x.routingWeight, y.routingWeight);
    case 'scheme':
      return compareNullable(x.portScheme, y.portScheme);
    case 'owner':
      return compareNullable(x.owner, y.owner);
    case 'created':
      return x.ctimeMs - y.ctimeMs;
    case 'modified':
      return x.mtimeMs - y.mtimeMs;
    case 'version':
      return x.version - y.version;
  }
}

/** Sorts by the key, then by address ascending so the order is stable and predictable. */
export function compareRows(sort: SortSpec, a: InstanceRow, b: InstanceRow): number {
  const primary = compareBy(sort.key, a, b);
  if (primary !== 0) return sort.direction === 'ascending' ? primary : -primary;
  const address = compareAddress(a.view, b.view);
  return sort.key === 'address' && sort.direction === 'descending' ? -address : address;
}

export function filterAndSort(
  instances: Iterable<InstanceView>,
  filter: InstanceFilter,
  sort: SortSpec,
  nowMs: number,
  zombieThresholdMs: number,
): InstanceRow[] {
  const queryWords = words(filter.text);
  const rows: InstanceRow[] = [];
  for (const view of instances) {
    const row: InstanceRow = { view, status: instanceStatus(view, nowMs, zombieThresholdMs) };
    if (matchesFilter(row, filter, queryWords)) rows.push(row);
  }
  rows.sort((a, b) => compareRows(sort, a, b));
  return rows;
}

export interface Facets {
  environments: string[];
  regions: string[];
  tags: string[];
}

/** The distinct values the filter menus offer. */
export function facets(instances: Iterable<InstanceView>): Facets {
  const environments = new Set<string>();
  const regions = new Set<string>();
  const tags = new Set<string>();
  for (const view of instances) {
    if (view.environment !== null) environments.add(view.environment);
    if (view.region !== null) regions.add(view.region);
    for (const tag of view.tags) tags.add(tag);
  }
  const sorted = (values: Set<string>) => [...values].sort((a, b) => a.localeCompare(b));
  return { environments: sorted(environments), regions: sorted(regions), tags: sorted(tags) };
}

/** Clicking a header: a new column starts ascending (status starts with problems first), the same column flips. */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: key === 'status' ? 'descending' : 'ascending' };
}
