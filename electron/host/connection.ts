import { randomUUID } from 'node:crypto';
import type { ConnectionState, ConnectionView, RegistryFrame } from '../../shared/contract.js';
import { DEFAULT_ZOMBIE_THRESHOLD_MS } from '../../shared/model/eligibility.js';
import type { Logger } from '../engine/util/logger.js';
import { ZkSession, type ZkState } from '../engine/zk/session.js';
import { HostError } from './errors.js';
import { NamespaceFeed } from './namespace-feed.js';

export interface ConnectionOptions {
  profileId: string | null;
  name: string;
  connectionString: string;
  sessionTimeoutMs: number;
  digestAuth?: string;
  readOnly: boolean;
  sandbox: boolean;
  logger: Logger;
  onState: (view: ConnectionView) => void;
  onFrame: (frame: RegistryFrame, clients: ReadonlySet<string>) => void;
}

/** Bounds every ZooKeeper request, so a request from the UI never hangs on a dead server. */
const OPERATION_TIMEOUT_MS = 10_000;
/** How long a request waits for a connection that is (re)connecting before saying "unavailable". */
const READY_TIMEOUT_MS = 8_000;

/** One open cluster: a ZkSession, its live state, and the namespaces followed on it. */
export class Connection {
  readonly id = randomUUID();
  readonly session: ZkSession;
  readonly zombieThresholdMs = DEFAULT_ZOMBIE_THRESHOLD_MS;
  private state: ConnectionState = 'connecting';
  private sessionId: string | null = null;
  private readonly feeds = new Map<string, Promise<NamespaceFeed>>();

  constructor(private readonly options: ConnectionOptions) {
    try {
      this.session = new ZkSession({
        connectionString: options.connectionString,
        sessionTimeoutMs: options.sessionTimeoutMs,
        digestAuth: options.digestAuth,
        operationTimeoutMs: OPERATION_TIMEOUT_MS,
      });
    } catch (error) {
      throw new HostError('invalid-request', (error as Error).message);
    }
    // Each followed namespace's hub listens to the session: many listeners are expected.
    this.session.setMaxListeners(0);
    this.session.on('state', (state) => this.onState(state));
    this.session.on('connected', ({ sessionId }) => {
      this.sessionId = sessionId;
      this.emitState();
    });
  }

  get profileId(): string | null {
    return this.options.profileId;
  }

  open(): this {
    this.session.connect();
    return this;
  }

  private onState(state: ZkState): void {
    this.state = state;
    // After an expiry or close the old session is gone; a new id arrives with `connected`.
    if (state === 'expired' || state === 'closed') this.sessionId = null;
    // `connected` is announced by the connected event, which carries the session id.
    if (state !== 'connected') this.emitState();
  }

  private emitState(): void {
    this.options.onState(this.view());
  }

  view(): ConnectionView {
    return {
      id: this.id,
      profileId: this.options.profileId,
      name: this.options.name,
      connectionString: this.options.connectionString,
      state: this.state,
      sessionId: this.sessionId,
      readOnly: this.options.readOnly,
      sandbox: this.options.sandbox,
      zombieThresholdMs: this.zombieThresholdMs,
    };
  }

  /** Waits (briefly) for a live session before reading. */
  async ready(): Promise<ZkSession> {
    if (this.state === 'closed') throw new HostError('not-found', `connection ${this.id} is closed`);
    try {
      await this.session.waitConnected(READY_TIMEOUT_MS);
    } catch (error) {
      throw new HostError('unavailable', `${this.options.name}: ${(error as Error).message} (state: ${this.state})`);
    }
    return this.session;
  }

  /** Starts (or joins) the feed of a namespace for a client. */
  async subscribe(namespace: string, clientId: string): Promise<NamespaceFeed> {
    let starting = this.feeds.get(namespace);
    if (!starting) {
      await this.ready();
      starting = this.startFeed(namespace);
      this.feeds.set(namespace, starting);
      // A feed that failed to start is forgotten, so the next subscribe tries again.
      starting.catch(() => {
        if (this.feeds.get(namespace) === starting) this.feeds.delete(namespace);
      });
    }
    const feed = await starting;
    feed.clients.add(clientId);
    return feed;
  }

  private async startFeed(namespace: string): Promise<NamespaceFeed> {
    const feed: NamespaceFeed = new NamespaceFeed({
      connectionId: this.id,
      session: this.session,
      namespace,
      zombieThresholdMs: this.zombieThresholdMs,
      logger: this.options.logger,
      onFrame: (frame) => this.options.onFrame(frame, feed.clients),
    });
    try {
      await feed.start();
    } catch (error) {
      feed.stop();
      throw new HostError('unavailable', `could not follow namespace ${namespace}: ${(error as Error).message}`);
    }
    return feed;
  }

  /** The running feed of a namespace, if any. */
  async feed(namespace: string): Promise<NamespaceFeed | undefined> {
    const starting = this.feeds.get(namespace);
    return starting ? starting.catch(() => undefined) : undefined;
  }

  /** Removes a client from one namespace (or all); feeds without clients stop. Returns true if it was subscribed. */
  async unsubscribe(clientId: string, namespace?: string): Promise<boolean> {
    let found = false;
    const names = namespace === undefined ? [...this.feeds.keys()] : [namespace];
    for (const name of names) {
      const starting = this.feeds.get(name);
      if (!starting) continue;
      const feed = await starting.catch(() => undefined);
      if (!feed || !feed.clients.delete(clientId)) continue;
      found = true;
      if (feed.clients.size === 0 && this.feeds.get(name) === starting) {
        this.feeds.delete(name);
        feed.stop();
      }
    }
    return found;
  }

  async close(): Promise<void> {
    const feeds = [...this.feeds.values()];
    this.feeds.clear();
    for (const feed of await Promise.all(feeds.map((starting) => starting.catch(() => undefined)))) feed?.stop();
    this.session.close();
  }
}
