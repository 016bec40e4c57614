import { createHash } from 'node:crypto';
import { join } from 'node:path';
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
import type { DeleteOutcome, DeleteTarget } from '../../shared/model/problems.js';
import type { RegistrationView } from '../../shared/registration.js';
import { isRequestName, parseRequest } from '../../shared/schemas.js';
import { deleteNodes, reportToCsv, reportToJson, scanNamespace } from '../engine/forensics/index.js';
import { RegistrationManager } from '../engine/registrations/registration-manager.js';
import { toDaemonCommand, toDockerRun } from '../engine/registrations/registration-commands.js';
import { silentLogger, type Logger } from '../engine/util/logger.js';
import { ZkError } from '../engine/zk/errors.js';
import type { ZkSession } from '../engine/zk/session.js';
import { packageVersion } from './app-version.js';
import { Connection } from './connection.js';
import { HostError, toErrorPayload } from './errors.js';
import { hostChoices } from './local-addresses.js';
import { cleanupTargetProblem, problemsExportFilename } from './problem-targets.js';
import { ProfileStore, type Profile } from './profile-store.js';
import { RegistrationFileStore } from './registration-store.js';
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
  /** Start the saved registrations marked "start on launch" (default true). */
  startRegistrationsOnLaunch?: boolean;
}

/** The client id of in-process callers (tests, the CLI); transports pass one per window or socket. */
export const LOCAL_CLIENT = 'local';
/** The transient profile the sandbox is reached through. */
export const SANDBOX_PROFILE_ID = 'sandbox';
/** Deletions made by problems.delete, one JSON object a line, in the data directory. */
export const AUDIT_LOG_FILE = 'audit.jsonl';
/**
 * How long registrations.start (and an update that restarts) waits for the first write before answering with
 * the view as it is (registering, reconnecting): the provider keeps trying and pushes registration.state.
 */
const START_WAIT_MS = 8_000;

/** Rethrows host and ZooKeeper errors as they are; anything else the manager throws becomes `code`. */
function asHostError(error: unknown, code: 'invalid-request' | 'conflict'): Error {
  if (error instanceof HostError || error instanceof ZkError) return error;
  return new HostError(code, error instanceof Error ? error.message : String(error));
}

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
  private readonly opening = new Map<string, Promise<ConnectionView>>();
  private readonly registrationStore: RegistrationFileStore;
  private readonly registrations: RegistrationManager;
  /** Settles (never rejects) once saved registrations are loaded. */
  private readonly registrationsLoaded: Promise<void>;
  private registrationsProblem: string | null = null;
  private launching: Promise<void> = Promise.resolve();
  private disposed = false;
  private disposing: Promise<void> | undefined;

  constructor(private readonly options: RangerHostOptions) {
    this.logger = options.logger ?? silentLogger;
    this.profiles = new ProfileStore(options.dataDir, options.secrets ?? new MemorySecretStore(), this.logger);
    this.sandbox = new SandboxController(this.logger, (view) => this.emit({ name: 'sandbox.state', payload: view }));
    this.version = options.version ?? packageVersion();
    this.registrationStore = new RegistrationFileStore(options.dataDir);
    this.registrations = new RegistrationManager({
      store: this.registrationStore,
      sessionFor: (profileId) => this.sessionFor(profileId),
      logger: this.logger,
    });
    this.registrations.on('registration', (view) => this.emit({ name: 'registration.state', payload: view }));
    this.registrations.on('removed', (id) => this.emit({ name: 'registration.removed', payload: { id } }));
    this.registrationsLoaded = this.loadRegistrations();
    if (options.startRegistrationsOnLaunch ?? true) {
      this.launching = this.registrationsLoaded.then(() => this.startOnLaunch());
    }
  }

  /** The transport entry point: any name, any params, always an envelope. */
  async handle(name: string, params: unknown, clientId: string = LOCAL_CLIENT): Promise<ResponseEnvelope<unknown>> {
    if (!isRequestName(name)) return { ok: false, error: { code: 'unknown-request', message: `unknown request '${String(name).slice(0, 100)}'` } };
    if (this.disposed) return { ok: false, error: { code: 'unavailable', message: 'Ranger Desk is shutting down' } };
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

  private connectionOf(profileId: string): Connection | undefined {
    return [...this.connections.values()].find((connection) => connection.profileId === profileId);
  }

  /** Opens (or joins) the connection of a profile; concurrent callers share one connection. */
  private openProfile(profileId: string): Promise<ConnectionView> {
    const existing = this.connectionOf(profileId);
    if (existing) return Promise.resolve(existing.view());
    let opening = this.opening.get(profileId);
    if (!opening) {
      opening = this.createConnection(profileId).finally(() => this.opening.delete(profileId));
      this.opening.set(profileId, opening);
    }
    return opening;
  }

  private async createConnection(profileId: string): Promise<ConnectionView> {
    const profile = await this.profiles.get(profileId);
    if (this.disposed) throw new HostError('unavailable', 'Ranger Desk is shutting down');
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

  /**
   * Closes a connection. Registrations publishing through it are stopped first (their nodes are deleted while
   * the session still lives); it is forgotten before that, so nothing new starts on it meanwhile.
   */
  private async closeConnection(id: string): Promise<boolean> {
    const connection = this.connections.get(id);
    if (!connection) return false;
    this.connections.delete(id);
    if (connection.profileId !== null) await this.stopRegistrationsOf(connection.profileId);
    await connection.close();
    return true;
  }

  // ---- registrations (issue 5) ----

  /** Why saved registrations could not be loaded at start (the file was kept as `.corrupt`), or null. */
  async registrationsLoadProblem(): Promise<string | null> {
    await this.registrationsLoaded;
    return this.registrationsProblem;
  }

  private async loadRegistrations(): Promise<void> {
    const file = this.registrationStore.file;
    let result: { loaded: number; error: string | null };
    try {
      result = await this.registrations.load();
    } catch (error) {
      // Unreadable (permissions, a directory): leave it alone and do not write over it either.
      this.registrationsProblem = `could not read ${file}: ${(error as Error).message}`;
      this.registrationStore.refuseWrites(this.registrationsProblem);
      this.logger.error(this.registrationsProblem);
      return;
    }
    if (result.error === null) {
      if (result.loaded > 0) this.logger.info(`loaded ${result.loaded} registration(s) from ${file}`);
      return;
    }
    try {
      const kept = await this.registrationStore.keepCorruptCopy();
      this.registrationsProblem = `${result.error}; the file was kept as ${kept} and no registrations were loaded`;
    } catch (error) {
      this.registrationsProblem = `${result.error}; it could not be copied aside (${(error as Error).message})`;
      this.registrationStore.refuseWrites(this.registrationsProblem);
    }
    this.logger.warn(`${file}: ${this.registrationsProblem}`);
  }

  private async startOnLaunch(): Promise<void> {
    const due = this.registrations.list().filter((view) => view.spec.startOnLaunch);
    await Promise.all(
      due.map(async (view) => {
        try {
          await this.openForPublishing(view.spec.profileId);
        } catch (error) {
          this.logger.warn(`not starting registration ${view.path} on launch: ${(error as Error).message}`);
          return;
        }
        if (this.disposed) return;
        await this.registrations.start(view.id).catch((error: unknown) => {
          this.logger.warn(`registration ${view.path} did not start on launch: ${(error as Error).message}`);
        });
      }),
    );
  }

  /** The session registrations of a profile publish on: its open connection (opened before starting). */
  private sessionFor(profileId: string): ZkSession {
    const connection = this.connectionOf(profileId);
    if (!connection) throw new HostError('unavailable', `the connection of profile ${profileId} is not open`);
    return connection.session;
  }

  private async publishingProfile(profileId: string): Promise<Profile> {
    const profile = await this.profiles.get(profileId);
    if (profile.readOnly) throw new HostError('read-only', `${profile.name} is a read-only connection: registrations cannot publish through it`);
    return profile;
  }

  /** Checks the profile may publish and opens its connection (it then shows in connections.list). */
  private async openForPublishing(profileId: string): Promise<void> {
    await this.publishingProfile(profileId);
    await this.openProfile(profileId);
    if (this.disposed) throw new HostError('unavailable', 'Ranger Desk is shutting down');
  }

  private async registration(id: string): Promise<RegistrationView> {
    await this.registrationsLoaded;
    try {
      return this.registrations.get(id);
    } catch {
      throw new HostError('not-found', `no registration with id ${id}`);
    }
  }

  /**
   * Waits for a start (or restart) at most START_WAIT_MS: a ZooKeeper that is down would otherwise hold the
   * request forever while the provider retries. Later changes arrive as registration.state.
   */
  private async settleStart(id: string, work: Promise<RegistrationView>): Promise<RegistrationView> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<RegistrationView | undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), START_WAIT_MS);
    });
    // Whatever happens after the answer is reported through events, not as an unhandled rejection.
    work.catch(() => undefined);
    try {
      const settled = await Promise.race([work, late]);
      return settled ?? (await this.registration(id));
    } finally {
      clearTimeout(timer);
    }
  }

  private async stopRegistrationsOf(profileId: string): Promise<void> {
    await this.registrationsLoaded;
    const running = this.registrations.list().filter((view) => view.spec.profileId === profileId && view.state !== 'stopped');
    if (running.length > 0) this.logger.info(`stopping ${running.length} registration(s) publishing through the closing connection`);
    await Promise.all(running.map((view) => this.registrations.stop(view.id)));
  }

  // ---- stale-node forensics (issue 6) ----

  private async deleteProblemNodes(connectionId: string, targets: DeleteTarget[]): Promise<DeleteOutcome[]> {
    const connection = this.connection(connectionId);
    const view = connection.view();
    const profile = view.profileId === null ? undefined : await this.profiles.get(view.profileId).catch(() => undefined);
    if (view.readOnly || profile?.readOnly) throw new HostError('read-only', `${view.name} is a read-only connection: nothing may be deleted through it`);
    for (const target of targets) {
      const problem = cleanupTargetProblem(target.path);
      if (problem) throw new HostError('invalid-request', problem);
    }
    // A node our own running registration publishes is stopped, not deleted behind its provider's back (which
    // would recreate it). A registration in conflict does not own its node: that node may be cleaned up.
    await this.registrationsLoaded;
    const ours = new Map(
      this.registrations
        .list()
        .filter((registration) => registration.spec.profileId === view.profileId && registration.state !== 'stopped' && registration.state !== 'conflict')
        .map((registration) => [registration.path, registration]),
    );
    const session = await connection.ready();
    const allowed = targets.filter((target) => !ours.has(target.path));
    const deleted = await deleteNodes(session, allowed, {
      auditLogPath: join(this.options.dataDir, AUDIT_LOG_FILE),
      connectionLabel: view.name,
      zombieThresholdMs: connection.zombieThresholdMs,
    });
    const byPath = new Map(deleted.map((outcome) => [outcome.path, outcome]));
    return targets.map((target): DeleteOutcome => {
      const own = ours.get(target.path);
      if (own) return { path: target.path, result: 'failed', detail: `published by this app's registration of ${own.spec.serviceName}: stop it instead` };
      return byPath.get(target.path) ?? { path: target.path, result: 'failed', detail: 'not attempted' };
    });
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

    'registrations.list': async () => {
      await this.registrationsLoaded;
      return this.registrations.list();
    },
    'registrations.create': async (spec) => {
      await this.registrationsLoaded;
      await this.publishingProfile(spec.profileId);
      return this.registrations.create(spec).catch((error: unknown) => {
        throw asHostError(error, 'invalid-request');
      });
    },
    'registrations.update': async ({ id, spec }) => {
      const current = await this.registration(id);
      await this.publishingProfile(spec.profileId);
      // A running registration restarts with the new spec, possibly on another connection.
      if (current.state !== 'stopped') await this.openForPublishing(spec.profileId);
      const updating = this.registrations.update(id, spec).catch((error: unknown) => {
        throw asHostError(error, 'invalid-request');
      });
      return this.settleStart(id, updating);
    },
    'registrations.start': async ({ id, override }) => {
      const current = await this.registration(id);
      await this.openForPublishing(current.spec.profileId);
      // A provider that lost its node to another session is still running: restart it to take the node over.
      if (override && current.state === 'conflict') await this.registrations.stop(id);
      if (this.disposed) throw new HostError('unavailable', 'Ranger Desk is shutting down');
      const starting = this.registrations.start(id, { override: override ?? false }).catch((error: unknown) => {
        throw asHostError(error, 'conflict');
      });
      return this.settleStart(id, starting);
    },
    'registrations.stop': async ({ id }) => {
      await this.registration(id);
      return this.registrations.stop(id);
    },
    'registrations.drain': async ({ id, drained }) => {
      await this.registration(id);
      try {
        return this.registrations.drain(id, drained);
      } catch (error) {
        throw asHostError(error, 'conflict');
      }
    },
    'registrations.duplicate': async ({ id }) => {
      await this.registration(id);
      return this.registrations.duplicate(id);
    },
    'registrations.delete': async ({ id }) => {
      await this.registrationsLoaded;
      if (!this.registrations.list().some((view) => view.id === id)) return { deleted: false };
      await this.registrations.remove(id);
      return { deleted: true };
    },
    'registrations.export': async ({ ids }) => {
      await this.registrationsLoaded;
      const known = new Set(this.registrations.list().map((view) => view.id));
      const unknown = ids?.find((id) => !known.has(id));
      if (unknown !== undefined) throw new HostError('not-found', `no registration with id ${unknown}`);
      return { json: `${JSON.stringify(this.registrations.exportFile(ids), null, 2)}\n` };
    },
    'registrations.import': async ({ json }) => {
      await this.registrationsLoaded;
      let content: unknown;
      try {
        content = JSON.parse(json);
      } catch (error) {
        throw new HostError('invalid-request', `not a registrations file: ${(error as Error).message}`);
      }
      return this.registrations.importFile(content).catch((error: unknown) => {
        throw asHostError(error, 'invalid-request');
      });
    },
    'registrations.commands': async ({ id }) => {
      const { spec } = await this.registration(id);
      const { connectionString } = await this.profiles.get(spec.profileId);
      return { daemon: toDaemonCommand(spec, connectionString), docker: toDockerRun(spec, connectionString) };
    },
    'registrations.hosts': async () => hostChoices(),

    'problems.scan': async ({ connectionId, namespace, zombieThresholdMs }) => {
      const connection = this.connection(connectionId);
      return scanNamespace(await connection.ready(), namespace, { zombieThresholdMs: zombieThresholdMs ?? connection.zombieThresholdMs });
    },
    'problems.delete': ({ connectionId, targets }) => this.deleteProblemNodes(connectionId, targets),
    'problems.export': async ({ connectionId, namespace, format, zombieThresholdMs }) => {
      const connection = this.connection(connectionId);
      const scan = await scanNamespace(await connection.ready(), namespace, { zombieThresholdMs: zombieThresholdMs ?? connection.zombieThresholdMs });
      return {
        filename: problemsExportFilename(namespace, scan.scannedAt, format),
        content: format === 'csv' ? reportToCsv(scan.reports) : reportToJson(scan.reports),
      };
    },
  };

  /**
   * Shuts down: first every registration is stopped (each node deleted from ZooKeeper while its session is
   * still open), then every connection closes and the sandbox stops. New requests are refused meanwhile.
   * Calling it again returns the same promise.
   */
  dispose(): Promise<void> {
    this.disposing ??= this.shutDown();
    return this.disposing;
  }

  private async shutDown(): Promise<void> {
    this.disposed = true;
    await this.registrationsLoaded;
    await this.registrations.stopAll();
    // Starts on launch that were in flight have now settled (their providers were stopped).
    await this.launching.catch(() => undefined);
    await Promise.all([...this.opening.values()].map((opening) => opening.catch(() => undefined)));
    await Promise.all([...this.connections.keys()].map((id) => this.closeConnection(id)));
    await this.sandbox.stop();
    this.subscribers.clear();
  }
}
