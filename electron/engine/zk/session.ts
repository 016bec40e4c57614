import { EventEmitter } from 'node:events';
import zookeeper, { type Client, type Event as ZkEvent, type Option } from 'node-zookeeper-client';
import { instrumentClient, type ClientInstrumentation } from './client-internals.js';
import { parseConnectionString } from './connection-string.js';
import { toZkError, ZkError } from './errors.js';
import { sessionIdHex, toNodeStat, type NodeStat } from './stat.js';

export type ZkState = 'connecting' | 'connected' | 'disconnected' | 'expired' | 'auth-failed' | 'closed';

export interface ZkConnectOptions {
  /** `host:port[,host:port...][/chroot]` */
  connectionString: string;
  sessionTimeoutMs?: number;
  /** Digest credentials as `user:password`. */
  digestAuth?: string;
  /** Fails an operation that has not completed in this time (it may still take effect on the server). */
  operationTimeoutMs?: number;
  /** Resume an existing session (tests use this to force an expiry). */
  resumeSession?: { id: Buffer; password: Buffer };
}

export type WatchEventType = 'created' | 'deleted' | 'data-changed' | 'children-changed';
export interface WatchEvent {
  type: WatchEventType;
  path: string;
}
export type Watcher = (event: WatchEvent) => void;

export interface ZkSessionEvents {
  state: [state: ZkState];
  /** A connection is (re-)established; `newSession` is true after an expiry: every watch and ephemeral is gone. */
  connected: [info: { sessionId: string; newSession: boolean }];
}

export const DEFAULT_SESSION_TIMEOUT_MS = 15_000;

// Ranger writes world-readable, world-writable nodes, as Java and Python do.
const OPEN_ACL_UNSAFE = [new zookeeper.ACL(zookeeper.Permission.ALL, new zookeeper.Id('world', 'anyone'))];

const EVENT_TYPES: Record<number, WatchEventType> = {
  [zookeeper.Event.NODE_CREATED]: 'created',
  [zookeeper.Event.NODE_DELETED]: 'deleted',
  [zookeeper.Event.NODE_DATA_CHANGED]: 'data-changed',
  [zookeeper.Event.NODE_CHILDREN_CHANGED]: 'children-changed',
};

// The client library accepts a session to resume, which its typings omit.
type ClientOptions = Partial<Option> & { sessionId?: Buffer; sessionPassword?: Buffer };

/**
 * One logical ZooKeeper session for the engines: promise API, states as events, and after an expiry a new
 * session on which owners (finders, providers) restore their watches and registrations via `connected`.
 * Requests are pipelined by the client: callers may have many in flight at once.
 */
export class ZkSession extends EventEmitter<ZkSessionEvents> {
  private client: Client;
  private currentState: ZkState = 'connecting';
  private closed = false;
  private everConnected = false;
  private lastSessionId: string | undefined;
  private instrumentation: ClientInstrumentation | undefined;
  private readonly watchdog: NodeJS.Timeout;
  private disconnectedSince: number | undefined;
  /** Requests sent to the server by this session (for benchmarks and diagnostics). */
  requestCount = 0;

  constructor(readonly options: ZkConnectOptions) {
    super();
    parseConnectionString(options.connectionString);
    if (options.digestAuth !== undefined && !/^[^:]+:.*$/.test(options.digestAuth)) {
      throw new Error('digest credentials must be user:password');
    }
    this.client = this.createClient(options.resumeSession);
    this.watchdog = setInterval(() => this.checkLiveness(), Math.max(100, Math.floor(this.sessionTimeoutMs / 6)));
    this.watchdog.unref();
  }

  /**
   * The client library never gives up on a silent connection (a frozen server, a handshake nobody answers), nor
   * on a session the server can no longer know (a server that came back with an empty data dir refuses the client's
   * newer zxid forever). Like Java's client, drop a connection silent for 2/3 of the session timeout; like Curator,
   * once disconnected for longer than the session timeout, the session is gone anyway: start a new one.
   */
  private checkLiveness(): void {
    if (this.closed) return;
    // The server may negotiate another timeout than we asked for; the client pings at a third of that one.
    const negotiatedMs = this.client.getSessionTimeout() || this.sessionTimeoutMs;
    const readTimeoutMs = Math.floor((negotiatedMs * 2) / 3);
    const heardAt = this.instrumentation?.lastHeardAt();
    if (heardAt !== undefined && Date.now() - heardAt > readTimeoutMs) this.instrumentation?.dropConnection();
    if (this.currentState === 'connected') {
      this.disconnectedSince = undefined;
    } else if (this.everConnected) {
      this.disconnectedSince ??= Date.now();
      if (Date.now() - this.disconnectedSince > negotiatedMs) {
        this.disconnectedSince = undefined;
        this.onExpired(this.client);
      }
    }
  }

  get state(): ZkState {
    return this.currentState;
  }

  get sessionTimeoutMs(): number {
    return this.options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS;
  }

  /** The current session id in hex (as ZooKeeper's ephemeralOwner shows it). */
  get sessionId(): string {
    return sessionIdHex(this.client.getSessionId());
  }

  get sessionCredentials(): { id: Buffer; password: Buffer } {
    return { id: this.client.getSessionId(), password: this.client.getSessionPassword() };
  }

  private setState(state: ZkState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }

  private createClient(resume?: { id: Buffer; password: Buffer }): Client {
    const clientOptions: ClientOptions = { sessionTimeout: this.sessionTimeoutMs, spinDelay: 200, retries: 0 };
    if (resume) {
      clientOptions.sessionId = resume.id;
      clientOptions.sessionPassword = resume.password;
    }
    const client = zookeeper.createClient(this.options.connectionString, clientOptions);
    if (this.options.digestAuth) client.addAuthInfo('digest', Buffer.from(this.options.digestAuth));
    this.instrumentation = instrumentClient(client);
    client.on('connected', () => this.onConnected(client));
    client.on('connectedReadOnly', () => this.onConnected(client));
    client.on('disconnected', () => {
      if (client === this.client && !this.closed) this.setState('disconnected');
    });
    client.on('authenticationFailed', () => {
      if (client === this.client) this.setState('auth-failed');
    });
    client.on('expired', () => this.onExpired(client));
    return client;
  }

  private onConnected(client: Client): void {
    if (client !== this.client || this.closed) return;
    const sessionId = sessionIdHex(client.getSessionId());
    const newSession = this.everConnected && sessionId !== this.lastSessionId;
    this.everConnected = true;
    this.lastSessionId = sessionId;
    this.setState('connected');
    this.emit('connected', { sessionId, newSession });
  }

  /** After an expiry the old client is dead: start a fresh session; owners restore state on `connected`. */
  private onExpired(client: Client): void {
    if (client !== this.client || this.closed) return;
    this.setState('expired');
    const oldConnection = this.instrumentation;
    client.close();
    oldConnection?.dropConnection();
    this.client = this.createClient();
    this.setState('connecting');
    this.client.connect();
  }

  connect(): this {
    this.client.connect();
    return this;
  }

  /** Resolves once connected; rejects after the timeout (the session keeps trying in the background). */
  waitConnected(timeoutMs = this.sessionTimeoutMs): Promise<void> {
    if (this.currentState === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onState = (state: ZkState): void => {
        if (state === 'connected') finish();
        else if (state === 'auth-failed' || state === 'closed') finish(new Error(`ZooKeeper session ${state}`));
      };
      const timer = setTimeout(
        () => finish(new Error(`Could not connect to ZooKeeper at ${this.options.connectionString} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const finish = (error?: Error): void => {
        clearTimeout(timer);
        this.off('state', onState);
        if (error) reject(error);
        else resolve();
      };
      this.on('state', onState);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.watchdog);
    const handshaking = this.currentState !== 'connected';
    this.client.close();
    // Mid-handshake the library would read the late connect reply as a normal response and throw: hang up first.
    if (handshaking) this.instrumentation?.dropConnection();
    this.setState('closed');
  }

  private wrapWatcher(watcher: Watcher | undefined): ((event: ZkEvent) => void) | undefined {
    if (!watcher) return undefined;
    const cached = this.wrappedWatchers.get(watcher);
    if (cached) return cached;
    const wrapped = (event: ZkEvent): void => {
      const type = EVENT_TYPES[event.getType()];
      if (type) watcher({ type, path: event.getPath() });
    };
    this.wrappedWatchers.set(watcher, wrapped);
    return wrapped;
  }
  // One wrapper per watcher, so the client's per-path dedupe of identical watchers keeps working.
  private readonly wrappedWatchers = new WeakMap<Watcher, (event: ZkEvent) => void>();

  private request<T>(operation: string, path: string, run: (client: Client, done: (error: unknown, value?: T) => void) => void): Promise<T> {
    if (this.closed) return Promise.reject(new ZkError('CLOSED', path, `${operation} ${path}: the session is closed`));
    this.requestCount++;
    return new Promise<T>((resolve, reject) => {
      const timeoutMs = this.options.operationTimeoutMs;
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => reject(new ZkError('OPERATION_TIMEOUT', path, `${operation} ${path}: no answer within ${timeoutMs} ms`)), timeoutMs);
      run(this.client, (error, value) => {
        if (timer) clearTimeout(timer);
        if (error) reject(toZkError(error, operation, path));
        else resolve(value as T);
      });
    });
  }

  getChildren(path: string, watcher?: Watcher): Promise<{ children: string[]; stat: NodeStat }> {
    const wrapped = this.wrapWatcher(watcher);
    return this.request('getChildren', path, (client, done) => {
      const callback = (error: unknown, children: string[], stat: Parameters<typeof toNodeStat>[0]): void =>
        error ? done(error) : done(null, { children, stat: toNodeStat(stat) });
      if (wrapped) client.getChildren(path, wrapped, callback);
      else client.getChildren(path, callback);
    });
  }

  getData(path: string, watcher?: Watcher): Promise<{ data: Buffer | null; stat: NodeStat }> {
    const wrapped = this.wrapWatcher(watcher);
    return this.request('getData', path, (client, done) => {
      const callback = (error: unknown, data: Buffer | null, stat: Parameters<typeof toNodeStat>[0]): void =>
        error ? done(error) : done(null, { data: data ?? null, stat: toNodeStat(stat) });
      if (wrapped) client.getData(path, wrapped, callback);
      else client.getData(path, callback);
    });
  }

  /** The node's stat, or null when it does not exist. */
  exists(path: string, watcher?: Watcher): Promise<NodeStat | null> {
    const wrapped = this.wrapWatcher(watcher);
    return this.request('exists', path, (client, done) => {
      const callback = (error: unknown, stat: Parameters<typeof toNodeStat>[0] | undefined): void =>
        error ? done(error) : done(null, stat ? toNodeStat(stat) : null);
      if (wrapped) client.exists(path, wrapped, callback);
      else client.exists(path, callback);
    });
  }

  create(path: string, data: Uint8Array | null, mode: 'persistent' | 'ephemeral'): Promise<string> {
    const createMode = mode === 'ephemeral' ? zookeeper.CreateMode.EPHEMERAL : zookeeper.CreateMode.PERSISTENT;
    const payload = data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.alloc(0);
    return this.request('create', path, (client, done) =>
      client.create(path, payload, OPEN_ACL_UNSAFE, createMode, (error, created) => done(error, created)),
    );
  }

  setData(path: string, data: Uint8Array, version = -1): Promise<NodeStat> {
    const payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return this.request('setData', path, (client, done) =>
      client.setData(path, payload, version, (error, stat) => (error ? done(error) : done(null, toNodeStat(stat)))),
    );
  }

  /** Deletes a node; with a version, only if it is still that version (BAD_VERSION otherwise). */
  remove(path: string, version = -1): Promise<void> {
    return this.request('delete', path, (client, done) => client.remove(path, version, (error) => done(error)));
  }

  /** Creates each missing persistent ancestor and the node itself (empty data); existing ones are left alone. */
  async ensurePath(path: string): Promise<void> {
    const segments = path.split('/').filter(Boolean);
    let current = '';
    for (const segment of segments) {
      current += `/${segment}`;
      try {
        await this.create(current, null, 'persistent');
      } catch (error) {
        if (!(error instanceof ZkError && error.code === 'NODE_EXISTS')) throw error;
      }
    }
  }
}
