import { useSyncExternalStore } from 'react';
import type { HostLink, HostLinkStatus } from '../api/index.js';

export function useLinkStatus(link: HostLink): HostLinkStatus {
  return useSyncExternalStore(
    (listener) => link.onStatus(listener),
    () => link.status(),
  );
}
