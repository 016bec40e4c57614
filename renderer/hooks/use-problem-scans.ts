/**
 * The latest problem scan of each namespace, kept for the whole window: the Problems view writes it, Browse
 * (counts per service, reasons in node detail) and the tree read it. Scans are snapshots: each says when.
 */
import { useCallback, useMemo, useState } from 'react';
import type { ScanResult } from '../../shared/model/problems.js';

export interface ProblemScans {
  get(connectionId: string, namespace: string | null): ScanResult | null;
  put(connectionId: string, scan: ScanResult): void;
}

function key(connectionId: string, namespace: string): string {
  return `${connectionId}\u0000${namespace}`;
}

export function useProblemScans(): ProblemScans {
  const [scans, setScans] = useState<ReadonlyMap<string, ScanResult>>(new Map());
  const put = useCallback((connectionId: string, scan: ScanResult) => {
    setScans((current) => new Map(current).set(key(connectionId, scan.namespace), scan));
  }, []);
  return useMemo(
    () => ({
      get: (connectionId, namespace) => (namespace === null ? null : (scans.get(key(connectionId, namespace)) ?? null)),
      put,
    }),
    [scans, put],
  );
}
