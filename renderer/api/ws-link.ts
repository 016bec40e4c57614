/**
 * The web mode's transport: ClientMessage/ServerMessage over one WebSocket, request ids, error envelopes
 * rebuilt as RangerApiError, events dispatched by name, reconnect with backoff.
 *
 * No DOM types here: the socket comes from a factory, so the logic runs (and is tested) anywhere.
 */
import {
  RangerApiError,
  type ClientMessage,
  type ErrorCode,
  type EventMap,
  type EventName,
  type RangerApi,
  type RequestName,
  type RequestParams,
  type RequestResult,
  type ServerMessage,
} from '../../shared/contract.js';
import type { HostLink, HostLinkStatus } from './transport.js';

/** The part of a browser WebSocket this link uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export interface WebSocketLinkOptions {
  url: string;
  createSocket(url: string): SocketLike;
  /** Delay before reconnect attempt n (1-based). */
  backoff?: (attempt: number) => number;
  /** A request waits this long for its response. */
  requestTimeoutMs?: number;
  now?: () => number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const OPEN = 1;
const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>(['invalid-request', 'unknown-request', 'not-found', 'read-only', 'conflict', 'zookeeper', 'unavailable', 'internal']);

/** 0.25 s, 0.5 s, 1 s, 2 s, 4 s, then every 8 s. */
export function defaultBackoff(attempt: number): number {
  return Math.min(8000, 250 * 2 ** Math.max(0, attempt - 1));
}

/** `ws(s)://host/ws?token=...` for the page at `href`, taking the token from the page's query. */
export function webSocketUrl(href: string): string {
  const page = new URL(href);
  const url = new URL('/ws', page);
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  const token = page.searchParams.get('token');
  if (token) url.searchParams.set('token', token);
  return url.toString();
}

/** Checks the shape of a message from the host; null when it is not one. */
export function parseServerMessage(data: unknown): ServerMessage | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as Record<string, unknown>;
  if (message.kind === 'event' && typeof message.name === 'string') return { kind: 'event', name: message.name, payload: message.payload };
  if (message.kind === 'response' && typeof message.id === 'number' && typeof message.response === 'object' && message.response !== null) {
    const response = message.response as Record<string, unknown>;
    if (response.ok === true) return { kind: 'response', id: message.id, response: { ok: true, result: response.result } };
    if (response.ok === false && typeof response.error === 'object' && response.error !== null) {
      const error = response.error as Record<string, unknown>;
      const code = typeof error.code === 'string' && ERROR_CODES.has(error.code) ? (error.code as ErrorCode) : 'internal';
      return { kind: 'response', id: message.id, response: { ok: false, error: { code, message: typeof error.message === 'string' ? error.message : 'The host reported an error without a message.' } } };
    }
  }
  return null;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: unknown;
  name: string;
}

export class WebSocketLink implements HostLink {
  readonly kind = 'web' as const;
  readonly api: RangerApi;
  private socket: SocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Requests made while the link is down; sent when it opens. */
  private readonly queued: { message: ClientMessage; pending: Pending }[] = [];
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  private readonly statusListeners = new Set<(status: HostLinkStatus) => void>();
  private current: HostLinkStatus = { state: 'connecting', attempt: 0, retryAt: null, lastError: null, epoch: 0 };
  private retryTimer: unknown = null;
  private closed = false;
  private readonly backoff: (attempt: number) => number;
  private readonly requestTimeoutMs: number;
  private readonly now: () => number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly options: WebSocketLinkOptions) {
    this.backoff = options.backoff ?? defaultBackoff;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.now = options.now ?? (() => Date.now());
    this.setTimer = options.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer = options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
    this.api = {
      request: <K extends RequestName>(name: K, params: RequestParams<K>) => this.request(name, params),
      on: <E extends EventName>(name: E, listener: (payload: EventMap[E]) => void) => this.on(name, listener),
    };
    this.open();
  }

  status(): HostLinkStatus {
    return this.current;
  }

  onStatus(listener: (status: HostLinkStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  retryNow(): void {
    if (this.closed || this.current.state === 'open' || this.socket) return;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'closed by the page');
    this.failAll('The page closed its connection to the Ranger Desk host.');
  }

  private setStatus(patch: Partial<HostLinkStatus>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.statusListeners) listener(this.current);
  }

  private open(): void {
    if (this.closed) return;
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.options.url);
    } catch (error) {
      this.scheduleRetry(`Could not open the WebSocket: ${(error as Error).message}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.setStatus({ state: 'open', attempt: 0, retryAt: null, lastError: null, epoch: this.current.epoch + 1 });
      for (const { message, pending } of this.queued.splice(0)) this.send(message, pending);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onerror = () => undefined;
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.socket = null;
      const wasOpen = this.current.state === 'open';
      const reason = event.reason
        ? event.reason
        : wasOpen
          ? 'The Ranger Desk host closed the connection (it may have stopped or restarted).'
          : this.current.epoch > 0
            ? 'The host is still not answering. If it was restarted, it has a new token: open the URL it printed.'
            : 'The Ranger Desk host did not accept the connection: it is not running, or the page token is wrong (open the URL it printed).';
      this.failInFlight(reason);
      this.scheduleRetry(reason);
    };
  }

  private scheduleRetry(reason: string): void {
    if (this.closed) return;
    const attempt = this.current.attempt + 1;
    const delay = this.backoff(attempt);
    // Never opened yet: still "connecting" (the UI explains lastError); opened before: "reconnecting".
    this.setStatus({ state: this.current.epoch === 0 ? 'connecting' : 'reconnecting', attempt, retryAt: this.now() + delay, lastError: reason });
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      this.open();
    }, delay);
  }

  private request<K extends RequestName>(name: K, params: RequestParams<K>): Promise<RequestResult<K>> {
    return new Promise<RequestResult<K>>((resolve, reject) => {
      if (this.closed) {
        reject(new RangerApiError('unavailable', 'The connection to the Ranger Desk host is closed.'));
        return;
      }
      const id = this.nextId++;
      const pending: Pending = { resolve: resolve as (value: unknown) => void, reject, timer: null, name };
      const message: ClientMessage = { kind: 'request', id, name, params };
      pending.timer = this.setTimer(() => {
        this.pending.delete(id);
        const index = this.queued.findIndex((entry) => entry.message.id === id);
        if (index >= 0) this.queued.splice(index, 1);
        reject(new RangerApiError('unavailable', `${name}: no answer from the Ranger Desk host within ${Math.round(this.requestTimeoutMs / 1000)} s.`));
      }, this.requestTimeoutMs);
      if (this.socket && this.socket.readyState === OPEN && this.current.state === 'open') this.send(message, pending);
      else this.queued.push({ message, pending });
    });
  }

  private send(message: ClientMessage, pending: Pending): void {
    this.pending.set(message.id, pending);
    try {
      this.socket?.send(JSON.stringify(message));
    } catch (error) {
      this.pending.delete(message.id);
      this.clearTimer(pending.timer);
      pending.reject(new RangerApiError('unavailable', `${pending.name}: could not send to the host: ${(error as Error).message}`));
    }
  }

  private receive(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) return;
    if (message.kind === 'response') {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      this.clearTimer(pending.timer);
      if (message.response.ok) pending.resolve(message.response.result);
      else pending.reject(new RangerApiError(message.response.error.code, message.response.error.message));
      return;
    }
    const listeners = this.listeners.get(message.name);
    if (!listeners) return;
    for (const listener of [...listeners]) {
      try {
        (listener as (payload: unknown) => void)(message.payload);
      } catch (error) {
        // One broken listener must not starve the others.
        console.error(`listener for ${message.name} failed`, error);
      }
    }
  }

  private on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const entry = listener as (payload: never) => void;
    set.add(entry);
    return () => {
      set.delete(entry);
    };
  }

  /** Requests already sent cannot be answered on a new socket: fail them so the UI can retry. */
  private failInFlight(reason: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      this.clearTimer(pending.timer);
      pending.reject(new RangerApiError('unavailable', `${pending.name}: ${reason}`));
    }
  }

  private failAll(reason: string): void {
    this.failInFlight(reason);
    for (const { pending } of this.queued.splice(0)) {
      this.clearTimer(pending.timer);
      pending.reject(new RangerApiError('unavailable', `${pending.name}: ${reason}`));
    }
  }
}
