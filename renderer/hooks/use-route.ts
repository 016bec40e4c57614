import { useCallback, useEffect, useState } from 'react';
import { formatRoute, parseRoute, type Route } from '../state/route.js';

export type RouteUpdate = Partial<Route> | ((route: Route) => Partial<Route>);

/** The route in the URL hash: replaceState on each change (no history spam); follows edits of the hash. */
export function useRoute(): [Route, (update: RouteUpdate) => void] {
  const [route, setRouteState] = useState<Route>(() => parseRoute(window.location.hash));

  useEffect(() => {
    const onHash = () => setRouteState(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    const hash = formatRoute(route);
    if (hash !== window.location.hash) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`);
  }, [route]);

  const setRoute = useCallback((update: RouteUpdate) => {
    setRouteState((current) => ({ ...current, ...(typeof update === 'function' ? update(current) : update) }));
  }, []);

  return [route, setRoute];
}
