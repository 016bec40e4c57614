import type { HostEvent, RangerHost } from '../host/ranger-host.js';
import { HeldEvents } from '../host/held-events.js';
import { EVENT_CHANNEL } from './window-options.js';

/** The part of a WebContents the forwarder uses (tests pass a fake). */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, payload: { name: string; payload: unknown }): void;
}

/**
 * Forwards host events to one window: held (and merged) while its page is loading, sent once it is ready,
 * never sent to a destroyed window.
 */
export class WindowEventForwarder {
  private readonly held = new HeldEvents();
  private ready = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly sink: EventSink,
    host: Pick<RangerHost, 'onEvent'>,
    clientId: string,
  ) {
    this.unsubscribe = host.onEvent((event) => this.onEvent(event), { clientId });
  }

  private onEvent(event: HostEvent): void {
    if (this.sink.isDestroyed()) {
      this.dispose();
      return;
    }
    if (this.ready) this.sink.send(EVENT_CHANNEL, { name: event.name, payload: event.payload });
    else this.held.hold(event);
  }

  /** The page finished loading: deliver what was held. */
  setReady(): void {
    this.ready = true;
    for (const event of this.held.take()) {
      if (this.sink.isDestroyed()) return this.dispose();
      this.sink.send(EVENT_CHANNEL, { name: event.name, payload: event.payload });
    }
  }

  /** The page is (re)loading: hold events until it is ready again. */
  setLoading(): void {
    this.ready = false;
  }

  get heldCount(): number {
    return this.held.size;
  }

  dispose(): void {
    this.ready = false;
    this.held.clear();
    this.unsubscribe();
  }
}
