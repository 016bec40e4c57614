import type { Socket } from 'node:net';
import type { Client } from 'node-zookeeper-client';

/**
 * Two fixes reach into node-zookeeper-client's connection manager, checked at run time so that a changed
 * library turns them off instead of breaking the session:
 * - it only ever writes pings, so a frozen server (writes accepted, nothing answered) never counts as
 *   disconnected; we record when data last arrived so a watchdog can drop such a connection, as Java's client does;
 * - after each reply it re-feeds the rest of the buffer by copying it (Buffer.concat with an empty buffer),
 *   quadratic in a burst of replies; we hand the pending buffer over without the copy;
 * - it writes every request with its own socket.write (a syscall each); we cork the socket for the rest of the
 *   tick, so a burst of pipelined requests (a watch storm, a cold load) leaves in a few writes.
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
  /** When the last bytes arrived on the current TCP connection, or when it opened (epoch ms); undefined without one. */
  lastHeardAt(): number | undefined;
  /** Drops the current TCP connection; the client then reconnects (same session) to the next server. */
  dropConnection(): void;
}

function batchWritesPerTick(socket: Socket): void {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let corked = false;
  socket.write = ((...args: unknown[]): boolean => {
    if (!corked && !socket.destroyed) {
      corked = true;
      socket.cork();
      process.nextTick(() => {
        corked = false;
        socket.uncork();
      });
    }
    return write(...args);
  }) as Socket['write'];
}

/** Must be called before `client.connect()`, which binds the data handler. Undefined if the internals changed. */
export function instrumentClient(client: Client): ClientInstrumentation | undefined {
  const manager = internalsOf(client);
  if (!manager) return undefined;
  let lastReceived = Date.now();
  let socket = manager.socket;
  Object.defineProperty(manager, 'socket', {
    configurable: true,
    enumerable: true,
    get: () => socket,
    set: (next: Socket | undefined) => {
      socket = next;
      // A new connection starts its own silence clock, so an unanswered handshake is noticed too.
      lastReceived = Date.now();
      if (next) batchWritesPerTick(next);
    },
  });
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
    lastHeardAt: () => (socket && !socket.destroyed ? lastReceived : undefined),
    dropConnection: () => manager.socket?.destroy(),
  };
}
