import { useCallback, useState } from 'react';

/** Which items have an action in flight (to disable their buttons), and a wrapper that marks one while it runs. */
export function useBusy(): { busy: ReadonlySet<string>; withBusy: <T>(id: string, work: () => Promise<T>) => Promise<T> } {
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const withBusy = useCallback(async <T,>(id: string, work: () => Promise<T>): Promise<T> => {
    setBusy((set) => new Set(set).add(id));
    try {
      return await work();
    } finally {
      setBusy((set) => {
        const next = new Set(set);
        next.delete(id);
        return next;
      });
    }
  }, []);
  return { busy, withBusy };
}
