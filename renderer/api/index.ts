/** Picks the transport: the preload's `window.ranger` in Electron, else a WebSocket to the web mode's host. */
import { preloadLink, type HostLink } from './transport.js';
import { webSocketUrl, WebSocketLink, type SocketLike } from './ws-link.js';

export type { HostLink, HostLinkStatus, HostLinkState } from './transport.js';

export function createHostLink(): HostLink {
  if (window.ranger) return preloadLink(window.ranger);
  return new WebSocketLink({
    url: webSocketUrl(window.location.href),
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
  });
}
