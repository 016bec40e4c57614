import type { Socket } from 'node:net';
import type { Client } from 'node-zookeeper-client';

/**
 * Two fixes reach into node-zookeeper-client's connection manager, checked at run time so that a changed
 * library turns them off instead of breaking the session:
 * - it only ever writes pings, so a frozen server (writes accepted, nothing answered) never counts as
 *   disconnected; we record when data last arrived so a watchdog can drop such a connection, as Java's client does;
 * - after each reply it re-feeds the rest of the buffer by copying it (Buffer.concat with an empty buffer),
 *   quadratic in a burst of replies; we hand the pending buffer over without the copy.
 */
interface ConnectionManagerInternals {
  socket?: Socket;
  pendingBuffer: Buffer | null;
  onSocketData: (buffer: Buffer) => void;
}

function internalsOf(client: Client): ConnectionManagerInternals | undefined {
  const manager = (client as unknown as { connectionManager?: Partial<ConnectionManagerInternals> }).connectionManager;
  if (!manager || typeof manager.onSocketData !== 'function' || !('pendingBuffer' in manager)) return undefined;
  return manager as ConnectionManagerInternals;
}

export interface ClientInstrumentation {
  /** When the last bytes arrived from the server (epoch ms). */
  lastReceivedAt(): number;
  /** Drops the current TCP connection; the client then reconnects (same session) to the next server. */
  dropConnection(): void;
}

/** Must be called before `client.connect()`, which binds the data handler. Undefined if the internals changed. */
export function instrumentClient(client: Client): ClientInstrumentation | undefined {
  const manager = internalsOf(client);
  if (!manager) return undefined;
  let lastReceived = Date.now();
  const original = manager.onSocketData;
  manager.onSocketData = function (this: ConnectionManagerInternals, buffer: Buffer): void {
    lastReceived = Date.now();
    if (buffer.length === 0 && this.pendingBuffer) {
      const pending = this.pendingBuffer;
      this.pendingBuffer = null;
      original.call(this, pending);
      return;
    }
    original.call(this, buffer);
  };
  return {
    lastReceivedAt: () => lastReceived,
    dropConnection: () => manager.socket?.destroy(),
  };
}
