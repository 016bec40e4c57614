import { z } from 'zod';
import type { ServerMessage } from '../../shared/contract.js';
import type { HostEvent, RangerHost } from '../host/ranger-host.js';
import { HeldEvents } from '../host/held-events.js';
import type { Logger } from '../engine/util/logger.js';

/** Minimal view of a WebSocket, so the session logic is testable and tied to no library. */
export interface SocketLike {
  readonly bufferedAmount: number;
  send(data: string): void;
}

/** Above this many unsent bytes, events are held back and merged instead of queued without bound. */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** Held events go out again once the socket has drained below this. */
export const LOW_WATER_BYTES = 256 * 1024;
const DRAIN_CHECK_MS = 50;

/**
 * The JSON text of an event message, made once however many sockets send it: RangerHost hands every listener
 * the same event object, and a frame of a busy namespace is the largest thing the host serialises.
 */
const eventTexts = new WeakMap<HostEvent, string>();
function eventText(event: HostEvent): string {
  let text = eventTexts.get(event);
  if (text === undefined) {
    const message: ServerMessage = { kind: 'event', name: event.name, payload: event.payload };
    text = JSON.stringify(message);
    eventTexts.set(event, text);
  }
  return text;
}

const clientMessage = z.object({ kind: z.literal('request'), id: z.number().int().safe(), name: z.string().max(200), params: z.unknown() }).strict();

/**
 * One WebSocket client of the host: requests in, responses and events out. Malformed messages get an error
 * response; a slow reader gets merged frames rather than an ever-growing buffer.
 */
export class SocketSession {
  private readonly held = new HeldEvents();
  private drainTimer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly socket: SocketLike,
    private readonly host: Pick<RangerHost, 'handle' | 'onEvent' | 'detachClient'>,
    readonly clientId: string,
    private readonly logger: Logger,
  ) {
    this.unsubscribe = host.onEvent((event) => this.onEvent(event), { clientId });
  }

  private send(message: ServerMessage): void {
    this.write(() => JSON.stringify(message));
  }

  private sendEvent(event: HostEvent): void {
    this.write(() => eventText(event));
  }

  private write(text: () => string): void {
    if (this.closed) return;
    try {
      this.socket.send(text());
    } catch (error) {
      this.logger.debug(`socket ${this.clientId}: send failed: ${(error as Error).message}`);
    }
  }

  async onMessage(data: string): Promise<void> {
    let message: z.infer<typeof clientMessage>;
    try {
      const parsed = clientMessage.safeParse(JSON.parse(data));
      if (!parsed.success) {
        const id = idOf(data);
        this.send({ kind: 'response', id, response: { ok: false, error: { code: 'invalid-request', message: `malformed message: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}` } } });
        return;
      }
      message = parsed.data;
    } catch {
      this.send({ kind: 'response', id: -1, response: { ok: false, error: { code: 'invalid-request', message: 'malformed message: not JSON' } } });
      return;
    }
    try {
      const response = await this.host.handle(message.name, message.params, this.clientId);
      this.send({ kind: 'response', id: message.id, response });
    } catch (error) {
      this.send({ kind: 'response', id: message.id, response: { ok: false, error: { code: 'internal', message: (error as Error).message } } });
    }
  }

  private onEvent(event: HostEvent): void {
    if (this.closed) return;
    if (this.held.size === 0 && this.socket.bufferedAmount < HIGH_WATER_BYTES) {
      this.sendEvent(event);
      return;
    }
    this.hold(event);
  }

  private hold(event: HostEvent): void {
    this.held.hold(event);
    this.drainTimer ??= setTimeout(() => this.drain(), DRAIN_CHECK_MS);
  }

  /** Events merged into a held one because the socket was slow (diagnostics and tests). */
  get merged(): number {
    return this.held.merged;
  }

  private drain(): void {
    this.drainTimer = undefined;
    if (this.closed) return;
    if (this.socket.bufferedAmount > LOW_WATER_BYTES) {
      this.drainTimer = setTimeout(() => this.drain(), DRAIN_CHECK_MS);
      return;
    }
    for (const event of this.held.take()) this.sendEvent(event);
  }

  /** The socket closed: stop listening and let the host drop this client's subscriptions. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.drainTimer);
    this.held.clear();
    this.unsubscribe();
    await this.host.detachClient(this.clientId);
  }
}

/** The request id of a message that failed validation, if it has a usable one, so the client can match the error. */
function idOf(data: string): number {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && 'id' in value && Number.isSafeInteger(value.id)) return value.id as number;
  } catch {
    // not JSON: no id to report
  }
  return -1;
}
