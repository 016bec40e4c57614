import { describe, expect, it } from 'vitest';
import type { InstanceView } from '../../shared/model/instance-view.js';
import { defaultBackoff, parseServerMessage, webSocketUrl } from '../../renderer/api/ws-link.js';
import { formatAge, formatHeartbeat, formatOwner, formatWeight } from '../../renderer/state/format.js';
import { DEFAULT_SORT, EMPTY_FILTER, facets, filterAndSort, isFiltering, nextSort } from '../../renderer/state/instance-filter.js';
import { nextIndex, isTypingTarget } from '../../renderer/state/keyboard.js';
import { connectionStringProblem, toProfileInput, validateProfileForm, emptyProfileForm } from '../../renderer/state/profile-form.js';
import { breadcrumbs, formatRoute, parentPath, parseRoute, DEFAULT_ROUTE } from '../../renderer/state/route.js';

const NOW = 1_700_000_000_000;
const ZOMBIE_MS = 60_000;

function view(name: string, patch: Partial<InstanceView> = {}): InstanceView {
  const colon = name.lastIndexOf(':');
  return {
    name,
    path: `/ns/svc/${name}`,
    host: name.slice(0, colon),
    port: Number(name.slice(colon + 1)),
    environment: 'prod',
    region: 'eu-west-1',
    tags: [],
    healthcheckStatus: 'healthy',
    lastUpdatedMs: NOW - 1000,
    healthySinceMs: NOW - 60_000,
    routingWeight: 1,
    portScheme: 'http',
    owner: '1',
    ctimeMs: NOW - 120_000,
    mtimeMs: NOW - 1000,
    version: 1,
    dataLength: 100,
    unreadable: null,
    warnings: [],
    ...patch,
  };
}

const views = [
  view('app-2.example.com:8080', { environment: 'stage', tags: ['api', 'canary'] }),
  view('app-1.example.com:9090', { region: 'us-east-1', healthcheckStatus: 'unhealthy' }),
  view('app-1.example.com:8080', { lastUpdatedMs: NOW - 120_000 }),
  view('db-1.example.com:5432', { tags: ['db'], lastUpdatedMs: NOW - 5000 }),
  view('broken:1', { host: null, port: null, environment: null, region: null, unreadable: { reason: 'not-json', message: 'bad' } }),
];

const names = (rows: { view: InstanceView }[]) => rows.map((row) => row.view.name);

describe('instance filters and sorting', () => {
  it('sorts problems first by default, then by host and numeric port', () => {
    expect(names(filterAndSort(views, EMPTY_FILTER, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual([
      'broken:1',
      'app-1.example.com:8080',
      'app-1.example.com:9090',
      'app-2.example.com:8080',
      'db-1.example.com:5432',
    ]);
  });

  it('searches words across host, port, tags, environment and region', () => {
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, text: 'canary' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['app-2.example.com:8080']);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, text: 'APP-1 us-east' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['app-1.example.com:9090']);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, text: '5432' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['db-1.example.com:5432']);
  });

  it('filters by status on the live clock, environment, region and tag', () => {
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, status: 'zombie' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['app-1.example.com:8080']);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, status: 'zombie' }, DEFAULT_SORT, NOW + 60_000, ZOMBIE_MS))).toHaveLength(4);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, environment: 'stage' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['app-2.example.com:8080']);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, region: 'us-east-1' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['app-1.example.com:9090']);
    expect(names(filterAndSort(views, { ...EMPTY_FILTER, tag: 'db' }, DEFAULT_SORT, NOW, ZOMBIE_MS))).toEqual(['db-1.example.com:5432']);
    expect(isFiltering(EMPTY_FILTER)).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, text: '  ' })).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, tag: 'db' })).toBe(true);
  });

  it('sorts by heartbeat youngest first, never-updated last, and flips on a second click', () => {
    const withNever = [...views.slice(0, 4), view('never:1', { lastUpdatedMs: null })];
    const ascending = nextSort(DEFAULT_SORT, 'heartbeat');
    expect(ascending).toEqual({ key: 'heartbeat', direction: 'ascending' });
    const rows = names(filterAndSort(withNever, EMPTY_FILTER, ascending, NOW, ZOMBIE_MS));
    expect(rows[rows.length - 1]).toBe('never:1');
    expect(rows.slice(-2, -1)).toEqual(['app-1.example.com:8080']);
    expect(nextSort(ascending, 'heartbeat').direction).toBe('descending');
    expect(nextSort(ascending, 'status')).toEqual({ key: 'status', direction: 'descending' });
  });

  it('offers the distinct environments, regions and tags', () => {
    expect(facets(views)).toEqual({ environments: ['prod', 'stage'], regions: ['eu-west-1', 'us-east-1'], tags: ['api', 'canary', 'db'] });
  });

  it('filters and sorts 10,000 instances within a frame budget', () => {
    const many = Array.from({ length: 10_000 }, (_, index) => view(`10.1.${Math.floor(index / 200)}.${index % 200}:${8000 + (index % 7)}`, { tags: index % 3 ? ['api'] : ['batch'] }));
    const started = performance.now();
    const rows = filterAndSort(many, { ...EMPTY_FILTER, text: 'batch' }, DEFAULT_SORT, NOW, ZOMBIE_MS);
    const elapsed = performance.now() - started;
    expect(rows.length).toBe(3334);
    expect(elapsed).toBeLessThan(250);
  });
});

describe('formatting', () => {
  it('formats ages, heartbeats, owners and weights', () => {
    expect(formatAge(0)).toBe('0s');
    expect(formatAge(61_000)).toBe('1m 01s');
    expect(formatAge(3 * 3600_000 + 5 * 60_000)).toBe('3h 05m');
    expect(formatAge(50 * 3600_000)).toBe('2d 2h');
    expect(formatHeartbeat(null, NOW)).toBe('never');
    expect(formatHeartbeat(NOW - 3000, NOW)).toBe('3s ago');
    expect(formatHeartbeat(NOW + 400, NOW)).toBe('0s ago');
    expect(formatHeartbeat(NOW + 30_000, NOW)).toBe('in 30s');
    expect(formatOwner('0')).toBe('persistent');
    expect(formatOwner('18f2a0b')).toBe('0x18f2a0b');
    expect(formatWeight(1)).toBe('1.0');
    expect(formatWeight(0.25)).toBe('0.25');
  });
});

describe('keyboard', () => {
  it('moves within bounds', () => {
    expect(nextIndex('ArrowDown', 0, 3, 10)).toBe(1);
    expect(nextIndex('ArrowDown', 2, 3, 10)).toBe(2);
    expect(nextIndex('ArrowUp', 0, 3, 10)).toBe(0);
    expect(nextIndex('End', 0, 3, 10)).toBe(2);
    expect(nextIndex('PageDown', 0, 100, 10)).toBe(10);
    expect(nextIndex('PageUp', 5, 100, 10)).toBe(0);
    expect(nextIndex('a', 0, 3, 10)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 10)).toBeNull();
  });

  it('knows when "/" is typed into a field', () => {
    expect(isTypingTarget('INPUT', false, 'search')).toBe(true);
    expect(isTypingTarget('INPUT', false, 'checkbox')).toBe(false);
    expect(isTypingTarget('TR', false)).toBe(false);
    expect(isTypingTarget('DIV', true)).toBe(true);
  });
});

describe('profile form', () => {
  it('explains bad connection strings', () => {
    expect(connectionStringProblem('127.0.0.1:2181')).toBeNull();
    expect(connectionStringProblem('zk1:2181,zk2:2181,[::1]:2181/ranger')).toBeNull();
    expect(connectionStringProblem('')).toMatch(/at least one server/);
    expect(connectionStringProblem('zk1:99999')).toMatch(/outside 1 to 65535/);
    expect(connectionStringProblem('zk1:2181,,zk2')).toMatch(/empty server/);
    expect(connectionStringProblem('zk1/chroot/')).toMatch(/chroot/);
    expect(connectionStringProblem('zk 1:2181')).toMatch(/not host or host:port/);
  });

  it('validates fields and builds the request without leaking empty credentials', () => {
    const form = { ...emptyProfileForm(), name: ' staging ', sessionTimeoutSeconds: '15' };
    expect(validateProfileForm(form)).toEqual({});
    expect(toProfileInput(form)).toEqual({ name: 'staging', connectionString: '127.0.0.1:2181', sessionTimeoutMs: 15_000, readOnly: false });
    expect(toProfileInput({ ...form, id: 'p1', credentials: 'u:p' })).toMatchObject({ id: 'p1', digestAuth: 'u:p' });
    expect(toProfileInput({ ...form, clearCredentials: true, credentials: 'u:p' }).digestAuth).toBeNull();
    const errors = validateProfileForm({ ...form, name: '', sessionTimeoutSeconds: '500', credentials: 'nopassword' });
    expect(Object.keys(errors).sort()).toEqual(['credentials', 'name', 'sessionTimeoutSeconds']);
  });
});

describe('route and paths', () => {
  it('round-trips the route through the hash', () => {
    const route = { ...DEFAULT_ROUTE, connectionId: 'c 1', namespace: 'demo', service: 'orders', instance: 'h:1' };
    expect(parseRoute(formatRoute(route))).toEqual(route);
    expect(parseRoute('#/tree?c=x&path=%2Fa%2Fb')).toMatchObject({ view: 'tree', connectionId: 'x', treePath: '/a/b' });
    expect(parseRoute('#/nonsense').view).toBe('browse');
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/a')).toBe('/');
    expect(breadcrumbs('/a/b').map((crumb) => crumb.path)).toEqual(['/', '/a', '/a/b']);
  });
});

describe('WebSocket link helpers', () => {
  it('builds the socket URL with the page token', () => {
    expect(webSocketUrl('http://127.0.0.1:5000/?token=abc#/browse')).toBe('ws://127.0.0.1:5000/ws?token=abc');
    expect(webSocketUrl('https://desk.example/')).toBe('wss://desk.example/ws');
  });

  it('rebuilds error envelopes and rejects junk', () => {
    expect(parseServerMessage('{"kind":"response","id":3,"response":{"ok":false,"error":{"code":"not-found","message":"gone"}}}')).toEqual({
      kind: 'response',
      id: 3,
      response: { ok: false, error: { code: 'not-found', message: 'gone' } },
    });
    expect(parseServerMessage('{"kind":"response","id":3,"response":{"ok":false,"error":{"code":"weird"}}}')).toMatchObject({ response: { error: { code: 'internal' } } });
    expect(parseServerMessage('nope')).toBeNull();
    expect(parseServerMessage('{"kind":"event"}')).toBeNull();
  });

  it('backs off up to 8 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map(defaultBackoff)).toEqual([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
  });
});
