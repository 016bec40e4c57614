import { useCallback, useEffect, useRef, useState } from 'react';

export interface Resource<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): void;
}

/**
 * Runs `load` when `key` changes (null: nothing to load) and every `refreshMs` if given.
 * Keeps the previous data while reloading the same key (a new `refreshToken` reloads it), so nothing jumps.
 */
export function useResource<T>(key: string | null, load: () => Promise<T>, refreshMs?: number, refreshToken?: unknown): Resource<T> {
  const [state, setState] = useState<{ key: string | null; data: T | null; error: unknown; loading: boolean }>({ key: null, data: null, error: null, loading: false });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    if (key === null) {
      setState({ key: null, data: null, error: null, loading: false });
      return;
    }
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const run = (): void => {
      setState((prev) => (prev.key === key ? { ...prev, loading: true } : { key, data: null, error: null, loading: true }));
      loadRef.current().then(
        (data) => {
          if (cancelled) return;
          setState({ key, data, error: null, loading: false });
          if (refreshMs) timer = setTimeout(run, refreshMs);
        },
        (error: unknown) => {
          if (cancelled) return;
          setState((prev) => ({ key, data: prev.key === key ? prev.data : null, error, loading: false }));
          if (refreshMs) timer = setTimeout(run, Math.max(refreshMs, 3000));
        },
      );
    };
    run();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [key, refreshMs, nonce, refreshToken]);

  const reload = useCallback(() => setNonce((value) => value + 1), []);
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: current ? state.loading : key !== null, reload };
}
