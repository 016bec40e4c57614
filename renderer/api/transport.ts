/**
 * The renderer's link to the host: a RangerApi plus the state of the link itself, so the UI can say when the
 * host connection drops. Electron's preload link never drops; the WebSocket link reconnects with backoff.
 */
import type { RangerApi } from '../../shared/contract.js';

export type HostLinkState = 'connecting' | 'open' | 'reconnecting';

export interface HostLinkStatus {
  state: HostLinkState;
  /** Failed attempts since the link was last open. */
  attempt: number;
  /** When the next attempt starts (renderer clock), while reconnecting. */
  retryAt: number | null;
  /** What went wrong last, in words. */
  lastError: string | null;
  /** Increases every time the link opens; a new epoch means the host may have lost our subscriptions. */
  epoch: number;
}

export interface HostLink {
  readonly api: RangerApi;
  readonly kind: 'electron' | 'web';
  status(): HostLinkStatus;
  onStatus(listener: (status: HostLinkStatus) => void): () => void;
  /** Skips the wait before the next reconnect attempt. */
  retryNow(): void;
  close(): void;
}

/** The preload's `window.ranger`: always open. */
export function preloadLink(api: RangerApi): HostLink {
  const status: HostLinkStatus = { state: 'open', attempt: 0, retryAt: null, lastError: null, epoch: 1 };
  return {
    api,
    kind: 'electron',
    status: () => status,
    onStatus: () => () => undefined,
    retryNow: () => undefined,
    close: () => undefined,
  };
}
