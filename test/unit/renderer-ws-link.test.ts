import { describe, expect, it } from 'vitest';
import { RangerApiError, type RegistryFrame } from '../../shared/contract.js';
import { WebSocketLink, type SocketLike } from '../../renderer/api/ws-link.js';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: { kind: string; id: number; name: string; params: unknown }[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as FakeSocket['sent'][number]);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(): void {
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }
  reply(id: number, response: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ kind: 'response', id, response }) });
  }
  event(name: string, payload: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ kind: 'event', name, payload }) });
  }
}

/** A link with hand-driven sockets and timers. */
function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { callback: () => void; ms: number; cleared: boolean }[] = [];
  const link = new WebSocketLink({
    url: 'ws://host/ws?token=t',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => {
      const timer = { callback, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearTimer: (handle) => {
      (handle as { cleared: boolean }).cleared = true;
    },
  });
  const current = () => {
    const socket = sockets[sockets.length - 1];
    if (!socket) throw new Error('no socket');
    return socket;
  };
  const runRetry = () => {
    const timer = [...timers].reverse().find((item) => !item.cleared && item.ms < 10_000);
    if (!timer) throw new Error('no retry timer');
    timer.cleared = true;
    timer.callback();
  };
  return { link, sockets, current, runRetry };
}

describe('WebSocketLink', () => {
  it('queues requests until open, matches responses by id, and rebuilds errors as RangerApiError', async () => {
    const { link, current } = harness();
    const info = link.api.request('app.info', {});
    const node = link.api.request('registry.node', { connectionId: 'c', path: '/x' });
    expect(current().sent).toHaveLength(0);
    current().open();
    expect(link.status()).toMatchObject({ state: 'open', epoch: 1 });
    const [first, second] = current().sent;
    expect(first).toMatchObject({ kind: 'request', name: 'app.info', params: {} });
    current().reply(second?.id ?? -1, { ok: false, error: { code: 'not-found', message: '/x does not exist' } });
    current().reply(first?.id ?? -1, { ok: true, result: { version: '1', mode: 'web', platform: 'linux' } });
    await expect(info).resolves.toEqual({ version: '1', mode: 'web', platform: 'linux' });
    const error = await node.catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(RangerApiError);
    expect(error).toMatchObject({ code: 'not-found', message: '/x does not exist' });
  });

  it('dispatches events by name and stops after unsubscribing', () => {
    const { link, current } = harness();
    current().open();
    const frames: RegistryFrame[] = [];
    const off = link.api.on('registry.frame', (frame) => frames.push(frame));
    current().event('registry.frame', { namespace: 'a' });
    current().event('connection.state', { id: 'x' });
    off();
    current().event('registry.frame', { namespace: 'b' });
    expect(frames).toEqual([{ namespace: 'a' }]);
  });

  it('fails in-flight requests when the host drops, says so, and reconnects with a new epoch', async () => {
    const { link, current, runRetry, sockets } = harness();
    const statuses: string[] = [];
    link.onStatus((status) => statuses.push(status.state));
    current().open();
    const pending = link.api.request('connections.list', {});
    current().drop();
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
    expect(link.status()).toMatchObject({ state: 'reconnecting', attempt: 1 });
    expect(link.status().lastError).toMatch(/closed the connection/);
    const queued = link.api.request('connections.list', {});
    runRetry();
    expect(sockets).toHaveLength(2);
    current().open();
    expect(link.status()).toMatchObject({ state: 'open', epoch: 2, attempt: 0 });
    const sent = current().sent[0];
    current().reply(sent?.id ?? -1, { ok: true, result: [] });
    await expect(queued).resolves.toEqual([]);
    expect(statuses).toEqual(['open', 'reconnecting', 'open']);
  });

  it('explains a refused first connection (no host, or a wrong token)', () => {
    const { link, current } = harness();
    current().drop();
    expect(link.status().state).toBe('connecting');
    expect(link.status().lastError).toMatch(/token/);
  });
});
