import { createHash } from 'node:crypto';
import type {
  ConnectionView,
  EventMap,
  EventName,
  RegistryFrame,
  RequestName,
  RequestParams,
  RequestResult,
  ResponseEnvelope,
} from '../../shared/contract.js';
import { RangerApiError } from '../../shared/contract.js';
import { isRequestName, parseRequest } from '../../shared/schemas.js';
import { silentLogger, type Logger } from '../engine/util/logger.js';
import { packageVersion } from './app-version.js';
import { Connection } from './connection.js';
import { HostError, toErrorPayload } from './errors.js';
import { ProfileStore } from './profile-store.js';
import { readChildren, readNamespaces, readNode } from './registry-reader.js';
import { SandboxController } from './sandbox-controller.js';
import { MemorySecretStore, type SecretStore } from './secret-store.js';

/** One pushed event, as the transports forward it. */
export type HostEvent = { [E in EventName]: { name: E; payload: EventMap[E] } }[EventName];
export type HostEventListener = (event: HostEvent) => void;

export interface RangerHostOptions {
  /** Where profiles (and, in Electron, encrypted secrets and window state) are kept. */
  dataDir: string;
  /** Defaults to MemorySecretStore: credentials then last only as long as the process. */
  secrets?: SecretStore;
  mode: 'electron' | 'web';
  version?: string;
  logger?: Logger;
}

/** The client id of in-process callers (tests, the CLI); transports pass one per window or socket. */
export const LOCAL_CLIENT = 'local';
/** The transient profile the sandbox is reached through. */
export const SANDBOX_PROFILE_ID = 'sandbox';

type Handler<K extends RequestName> = (params: RequestParams<K>, clientId: string) => Promise<RequestResult<K>>;
type Handlers = { [K in RequestName]: Handler<K> };

interface Subscriber {
  listener: HostEventListener;
  clientId: string | undefined;
}

/**
 * Implements the contract in shared/contract.ts over the engines, for any transport. Every request is
 * validated here; failures come back as error envelopes and are never thrown at the transport.
 */
export class RangerHost {
  private readonly logger: Logger;
  private readonly profiles: ProfileStore;
  private readonly connections = new Map<string, Connection>();
  private readonly sandbox: SandboxController;
  private readonly subscribers = new Set<Subscriber>();
  private readonly version: string;
  private disposed = false;

  constructor(private readonly options: RangerHostOptions) {
    this.logger = options.logger ?? silentLogger;
    this.profiles = new ProfileStore(options.dataDir, options.secrets ?? new MemorySecretStore(), this.logger);
    this.sandbox = new SandboxController(this.logger, (view) => this.emit({ name: 'sandbox.state', payload: view }));
    this.version = options.version ?? packageVersion();
  }

  /** The transport entry point: any name, any params, always an envelope. */
  async handle(name: string, params: unknown, clientId: string = LOCAL_CLIENT): Promise<ResponseEnvelope<unknown>> {
    if (!isRequestName(name)) return { ok: false, error: { code: 'unknown-request', message: `unknown request '${String(name).slice(0, 100)}'` } };
    const parsed = parseRequest(name, params);
    if (!parsed.ok) return { ok: false, error: { code: 'invalid-request', message: parsed.message } };
    try {
      const handler = this.handlers[name] as Handler<typeof name>;
      return { ok: true, result: await handler(parsed.params, clientId) };
    } catch (error) {
      const payload = toErrorPayload(error);
      if (payload.code === 'internal') this.logger.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return { ok: false, error: payload };
    }
  }

  /** Typed in-process use; failures throw RangerApiError, as on the UI side. */
  async request<K extends RequestName>(name: K, params: RequestParams<K>, clientId: string = LOCAL_CLIENT): Promise<RequestResult<K>> {
    const response = await this.handle(name, params, clientId);
    if (!response.ok) throw new RangerApiError(response.error.code, response.error.message);
    return response.result as RequestResult<K>;
  }

  /**
   * Listens to pushed events. With a clientId, registry frames are delivered only for namespaces that client
   * subscribed to; other events go to everyone.
   */
  onEvent(listener: HostEventListener, options: { clientId?: string } = {}): () => void {
    const subscriber = { listener, clientId: options.clientId };
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  private emit(event: HostEvent, clients?: ReadonlySet<string>): void {
    for (const subscriber of this.subscribers) {
      if (clients && subscriber.clientId !== undefined && !clients.has(subscriber.clientId)) continue;
      try {
        subscriber.listener(event);
      } catch (error) {
        // A broken transport must not take the host (or the other transports) down.
        this.logger.error(`event listener failed on ${event.name}: ${(error as Error).message}`);
      }
    }
  }

  /** A window closed or a socket went away: drop its subscriptions (feeds nobody follows stop). */
  async detachClient(clientId: string): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.unsubscribe(clientId)));
  }

  /** Opens a connection through a profile that is listed but never saved (e.g. `--zk` on the command line). */
  async openTransient(name: string, connectionString: string, id = `transient-${createHash('sha256').update(connectionString).digest('hex').slice(0, 12)}`): Promise<ConnectionView> {
    await this.profiles.save({ id, name, connectionString }, { transient: true });
    return this.openProfile(id);
  }

  private connection(id: string): Connection {
    const connection = this.connections.get(id);
    if (!connection) throw new HostError('not-found', `no open connection with id ${id}`);
    return connection;
  }

  private async openProfile(profileId: string): Promise<ConnectionView> {
    const existing = [...this.connections.values()].find((connection) => connection.profileId === profileId);
    if (existing) return existing.view();
    const profile = await this.profiles.get(profileId);
    const connection = new Connection({
      profileId,
      name: profile.name,
      connectionString: profile.connectionString,
      sessionTimeoutMs: profile.sessionTimeoutMs,
      digestAuth: await this.profiles.credentials(profileId),
      readOnly: profile.readOnly,
      sandbox: profileId === SANDBOX_PROFILE_ID,
      logger: this.logger,
      onState: (view) => this.emit({ name: 'connection.state', payload: view }),
      onFrame: (frame: RegistryFrame, clients) => this.emit({ name: 'registry.frame', payload: frame }, clients),
    });
    this.connections.set(connection.id, connection);
    connection.open();
    const view = connection.view();
    this.emit({ name: 'connection.state', payload: view });
    return view;
  }

  private async closeConnection(id: string): Promise<boolean> {
    const connection = this.connections.get(id);
    if (!connection) return false;
    this.connections.delete(id);
    await connection.close();
    return true;
  }

  private readonly handlers: Handlers = {
    'app.info': async () => ({ version: this.version, mode: this.options.mode, platform: process.platform }),
    'profiles.list': () => this.profiles.list(),
    'profiles.save': (params) => this.profiles.save(params),
    'profiles.delete': async ({ id }) => ({ deleted: await this.profiles.delete(id) }),
    'connections.list': async () => [...this.connections.values()].map((connection) => connection.view()),
    'connections.open': ({ profileId }) => this.openProfile(profileId),
    'connections.close': async ({ connectionId }) => ({ closed: await this.closeConnection(connectionId) }),
    'sandbox.status': async () => this.sandbox.view(),
    'sandbox.start': async ({ demo }) => {
      const { view, connectionString } = await this.sandbox.start(demo);
      await this.profiles.save({ id: SANDBOX_PROFILE_ID, name: 'Local sandbox', connectionString, sessionTimeoutMs: 10_000 }, { transient: true });
      await this.openProfile(SANDBOX_PROFILE_ID);
      return view;
    },
    'sandbox.stop': async () => {
      for (const connection of [...this.connections.values()]) {
        if (connection.profileId === SANDBOX_PROFILE_ID) await this.closeConnection(connection.id);
      }
      await this.profiles.delete(SANDBOX_PROFILE_ID);
      return this.sandbox.stop();
    },
    'registry.namespaces': async ({ connectionId }) => readNamespaces(await this.connection(connectionId).ready()),
    'registry.subscribe': async ({ connectionId, namespace }, clientId) => {
      const feed = await this.connection(connectionId).subscribe(namespace, clientId);
      return feed.snapshot();
    },
    'registry.unsubscribe': async ({ connectionId, namespace }, clientId) => ({
      unsubscribed: await this.connection(connectionId).unsubscribe(clientId, namespace),
    }),
    'registry.node': async ({ connectionId, path }) => readNode(await this.connection(connectionId).ready(), path),
    'registry.children': async ({ connectionId, path }) => readChildren(await this.connection(connectionId).ready(), path),
    'registry.timeline': async ({ connectionId, namespace, service }) => {
      const feed = await this.connection(connectionId).feed(namespace);
      if (!feed) throw new HostError('not-found', `namespace ${namespace} is not subscribed on this connection: subscribe first`);
      return feed.timeline(service);
    },
  };

  /** Closes every connection and stops the sandbox. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.all([...this.connections.keys()].map((id) => this.closeConnection(id)));
    await this.sandbox.stop();
    this.subscribers.clear();
  }
}
