import { mergeFrames } from './frame-merge.js';
import type { HostEvent } from './ranger-host.js';

/** The key under which a held event is merged with later ones: the latest state of each thing wins. */
function holdKey(event: HostEvent): string {
  switch (event.name) {
    case 'registry.frame':
      return `frame:${event.payload.connectionId}:${event.payload.namespace}`;
    case 'connection.state':
      return `connection:${event.payload.id}`;
    case 'sandbox.state':
      return 'sandbox';
    // A removal supersedes a held state of the same registration.
    case 'registration.state':
      return `registration:${event.payload.id}`;
    case 'registration.removed':
      return `registration:${event.payload.id}`;
  }
}

/**
 * Events a transport cannot deliver yet (a window still loading, a socket that is not draining). Memory stays
 * bounded by the registry's size, not by time: frames of one namespace merge into one, states keep the latest.
 */
export class HeldEvents {
  private readonly held = new Map<string, HostEvent>();
  /** Events folded into an earlier held one (diagnostics and tests). */
  merged = 0;

  get size(): number {
    return this.held.size;
  }

  hold(event: HostEvent): void {
    const key = holdKey(event);
    const earlier = this.held.get(key);
    if (!earlier) {
      this.held.set(key, event);
      return;
    }
    this.merged++;
    // Setting an existing key keeps its position: held events go out in the order they first arrived.
    if (earlier.name === 'registry.frame' && event.name === 'registry.frame') {
      this.held.set(key, { name: 'registry.frame', payload: mergeFrames(earlier.payload, event.payload) });
    } else {
      this.held.set(key, event);
    }
  }

  /** Everything held, oldest first; the holder is empty afterwards. */
  take(): HostEvent[] {
    const events = [...this.held.values()];
    this.held.clear();
    return events;
  }

  clear(): void {
    this.held.clear();
  }
}
