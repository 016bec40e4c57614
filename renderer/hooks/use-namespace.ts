/**
 * Follows one namespace: `registry.subscribe` gives a snapshot, then every `registry.frame` is applied with
 * one state update. Frames that arrive before the snapshot are buffered and only the newer ones applied.
 */
import { useEffect, useRef, useState } from 'react';
import type { RangerApi, RegistryFrame } from '../../shared/contract.js';
import { applyFrame, fromSnapshot, type NamespaceState } from '../state/registry-state.js';

export interface NamespaceFollow {
  state: NamespaceState | null;
  loading: boolean;
  error: unknown;
  /** When the snapshot took (renderer clock), for the record. */
  loadMs: number | null;
  retry(): void;
}

interface Entry {
  key: string | null;
  state: NamespaceState | null;
  loading: boolean;
  error: unknown;
  loadMs: number | null;
}

/**
 * `reloadKey` changes when a fresh snapshot is needed without leaving the namespace (the host link reopened,
 * or the ZooKeeper session was replaced); the subscription itself is kept.
 */
export function useNamespace(api: RangerApi, connectionId: string | null, namespace: string | null, zombieThresholdMs: number, reloadKey: string): NamespaceFollow {
  const key = connectionId !== null && namespace !== null ? `${connectionId}\u0000${namespace}` : null;
  const [entry, setEntry] = useState<Entry>({ key: null, state: null, loading: false, error: null, loadMs: null });
  const [retries, setRetries] = useState(0);
  const thresholdRef = useRef(zombieThresholdMs);
  thresholdRef.current = zombieThresholdMs;
  /** Frames received while a snapshot request is in flight. */
  const bufferRef = useRef<RegistryFrame[] | null>(null);

  // Lifetime of the subscription: frames listener on, unsubscribe when leaving the namespace.
  useEffect(() => {
    if (connectionId === null || namespace === null) return;
    const off = api.on('registry.frame', (frame) => {
      if (frame.connectionId !== connectionId || frame.namespace !== namespace) return;
      bufferRef.current?.push(frame);
      setEntry((prev) => (prev.state && prev.key === key ? { ...prev, state: applyFrame(prev.state, frame, Date.now(), thresholdRef.current) } : prev));
    });
    return () => {
      off();
      api.request('registry.unsubscribe', { connectionId, namespace }).catch(() => undefined);
    };
  }, [api, connectionId, namespace, key]);

  // Snapshot: on entering the namespace, and again when reloadKey or a retry asks for it.
  useEffect(() => {
    if (connectionId === null || namespace === null) {
      setEntry({ key: null, state: null, loading: false, error: null, loadMs: null });
      return;
    }
    let cancelled = false;
    const started = performance.now();
    // Marks for benchmarks and the performance panel: request sent, snapshot received.
    performance.mark('ranger:subscribe', { detail: { namespace } });
    bufferRef.current = [];
    setEntry((prev) => (prev.key === key ? { ...prev, loading: true, error: null } : { key, state: null, loading: true, error: null, loadMs: null }));
    api.request('registry.subscribe', { connectionId, namespace }).then(
      (snapshot) => {
        if (cancelled) return;
        performance.mark('ranger:snapshot', { detail: { namespace } });
        const buffered = bufferRef.current ?? [];
        bufferRef.current = null;
        let state = fromSnapshot(snapshot);
        const now = Date.now();
        for (const frame of buffered) if (frame.at > snapshot.at) state = applyFrame(state, frame, now, thresholdRef.current);
        setEntry((prev) => ({
          key,
          // Keep the event log across a re-snapshot of the same namespace.
          state: prev.key === key && prev.state ? { ...state, log: prev.state.log } : state,
          loading: false,
          error: null,
          loadMs: performance.now() - started,
        }));
      },
      (error: unknown) => {
        if (cancelled) return;
        bufferRef.current = null;
        setEntry((prev) => ({ ...(prev.key === key ? prev : { key, state: null, loadMs: null }), loading: false, error }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, connectionId, namespace, key, reloadKey, retries]);

  const current = entry.key === key;
  return {
    state: current ? entry.state : null,
    loading: current ? entry.loading : key !== null,
    error: current ? entry.error : null,
    loadMs: current ? entry.loadMs : null,
    retry: () => setRetries((value) => value + 1),
  };
}
