/**
 * Where the user is, kept in the URL hash so a reload (or a deep link from a benchmark or a colleague)
 * returns to the same place: `#/browse?c=<connection>&ns=<namespace>&s=<service>&i=<host:port>`,
 * `#/tree?c=<connection>&path=/a/b`, `#/problems?c=<connection>&ns=<namespace>`, `#/registrations?c=<connection>`, `#/connections`.
 */

/** The views of the navigation. */
export type View = 'browse' | 'tree' | 'problems' | 'registrations' | 'connections';

export interface Route {
  view: View;
  connectionId: string | null;
  namespace: string | null;
  service: string | null;
  instance: string | null;
  treePath: string;
}

export const DEFAULT_ROUTE: Route = { view: 'browse', connectionId: null, namespace: null, service: null, instance: null, treePath: '/' };

const VIEWS: readonly View[] = ['browse', 'tree', 'problems', 'registrations', 'connections'];

export function parseRoute(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart = '', query = ''] = text.split('?', 2);
  const name = pathPart.replace(/^\/+/, '');
  const params = new URLSearchParams(query);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : DEFAULT_ROUTE.view;
  const path = params.get('path');
  return {
    view,
    connectionId: params.get('c'),
    namespace: params.get('ns'),
    service: params.get('s'),
    instance: params.get('i'),
    treePath: path && path.startsWith('/') ? path : '/',
  };
}

export function formatRoute(route: Route): string {
  const params = new URLSearchParams();
  if (route.view !== 'connections' && route.connectionId) params.set('c', route.connectionId);
  if (route.view === 'browse') {
    if (route.namespace) params.set('ns', route.namespace);
    if (route.namespace && route.service) params.set('s', route.service);
    if (route.namespace && route.service && route.instance) params.set('i', route.instance);
  }
  // Problems work on the namespace Browse is on (and the other way round).
  if (route.view === 'problems' && route.namespace) params.set('ns', route.namespace);
  if (route.view === 'tree' && route.treePath !== '/') params.set('path', route.treePath);
  const query = params.toString();
  return `#/${route.view}${query ? `?${query}` : ''}`;
}

/** Parent of a ZooKeeper path ("/" for top-level nodes). */
export function parentPath(path: string): string {
  if (path === '/') return '/';
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

export function joinPath(parent: string, name: string): string {
  return parent === '/' ? `/${name}` : `${parent}/${name}`;
}

/** Breadcrumbs of a path: [{ name: '/', path: '/' }, { name: 'a', path: '/a' }, ...]. */
export function breadcrumbs(path: string): { name: string; path: string }[] {
  const crumbs = [{ name: '/', path: '/' }];
  let current = '';
  for (const segment of path.split('/').filter((part) => part.length > 0)) {
    current = `${current}/${segment}`;
    crumbs.push({ name: segment, path: current });
  }
  return crumbs;
}
