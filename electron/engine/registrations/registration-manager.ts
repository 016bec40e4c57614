import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { instancePath } from '../../../shared/model/names.js';
import {
  registrationFileSchema,
  registrationSpecSchema,
  savedRegistrationSchema,
  type HealthResultView,
  type RegistrationFile,
  type RegistrationInput,
  type RegistrationSpec,
  type RegistrationState,
  type RegistrationView,
  type SavedRegistration,
} from '../../../shared/registration.js';
import { ProviderConflictError, RangerServiceProvider, type ProviderState } from '../provider/ranger-service-provider.js';
import type { ZkSession } from '../zk/session.js';
import { silentLogger, type Logger } from '../util/logger.js';
import type { z } from 'zod';

/** Where registrations are kept: the host supplies an atomic file (or anything else). */
export interface RegistrationStore {
  load(): Promise<string | undefined>;
  save(text: string): Promise<void>;
}

export interface RegistrationManagerOptions {
  store: RegistrationStore;
  /** The (shared) session of a saved connection profile; throws when the profile is unknown. */
  sessionFor: (profileId: string) => ZkSession;
  logger?: Logger;
}

export interface RegistrationManagerEvents {
  registration: [view: RegistrationView];
  removed: [id: string];
}

const HISTORY_LENGTH = 20;

interface Entry {
  saved: SavedRegistration;
  provider: RangerServiceProvider | undefined;
  state: RegistrationState;
  owner: string | null;
  lastWriteAt: number | null;
  history: HealthResultView[];
  drained: boolean;
  conflict: RegistrationView['conflict'];
  error: string | null;
}

function describe(prefix: string, error: z.ZodError): string {
  return `${prefix}: ${error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ')}`;
}

function fromProviderState(state: ProviderState, drained: boolean): RegistrationState {
  switch (state) {
    case 'registered':
      return 'registered';
    case 'unhealthy':
      return drained ? 'draining' : 'unhealthy';
    case 'reconnecting':
      return 'reconnecting';
    case 'conflict':
      return 'conflict';
    case 'stopped':
    case 'idle':
      return 'stopped';
    case 'registering':
      return 'registering';
  }
}

/**
 * The desktop's registrations: saved specs, one provider per running registration on the profile's shared
 * session, live status, and explicit conflict overrides. Nothing is written to ZooKeeper but these nodes.
 */
export class RegistrationManager extends EventEmitter<RegistrationManagerEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly logger: Logger;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: RegistrationManagerOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
  }

  /** Loads saved registrations; a file that cannot be read is reported and left untouched. */
  async load(): Promise<{ loaded: number; error: string | null }> {
    const text = await this.options.store.load();
    if (text === undefined) return { loaded: 0, error: null };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { loaded: 0, error: `saved registrations are not JSON: ${(error as Error).message}` };
    }
    const file = registrationFileSchema.safeParse(parsed);
    if (!file.success) return { loaded: 0, error: describe('saved registrations are invalid', file.error) };
    for (const registration of file.data.registrations) {
      const saved = savedRegistrationSchema.parse({ ...registration, id: registration.id ?? randomUUID() });
      this.entries.set(saved.id, this.newEntry(saved));
    }
    return { loaded: file.data.registrations.length, error: null };
  }

  /** Starts every registration marked "start on launch". */
  async startOnLaunch(): Promise<void> {
    await Promise.all(
      [...this.entries.values()].filter((entry) => entry.saved.startOnLaunch).map((entry) => this.start(entry.saved.id).catch(() => undefined)),
    );
  }

  private newEntry(saved: SavedRegistration): Entry {
    return { saved, provider: undefined, state: 'stopped', owner: null, lastWriteAt: null, history: [], drained: false, conflict: null, error: null };
  }

  list(): RegistrationView[] {
    return [...this.entries.values()].map((entry) => this.view(entry));
  }

  get(id: string): RegistrationView {
    return this.view(this.entry(id));
  }

  /** Paths of running registrations (the browse view marks these as ours). */
  ownPaths(): Set<string> {
    return new Set([...this.entries.values()].filter((entry) => entry.provider).map((entry) => this.pathOf(entry.saved)));
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no registration with id ${id}`);
    return entry;
  }

  private pathOf(spec: RegistrationSpec): string {
    return instancePath(spec.namespace, spec.serviceName, spec.host, spec.port);
  }

  private view(entry: Entry): RegistrationView {
    const { id, ...spec } = entry.saved;
    return {
      id,
      spec,
      state: entry.state,
      path: this.pathOf(spec),
      owner: entry.owner,
      lastWriteAt: entry.lastWriteAt,
      lastHealth: entry.history.at(-1) ?? null,
      history: [...entry.history],
      drained: entry.drained,
      conflict: entry.conflict,
      error: entry.error,
    };
  }

  private changed(entry: Entry): void {
    this.emit('registration', this.view(entry));
  }

  private persist(): Promise<void> {
    const file: RegistrationFile = { format: 'ranger-desk-registrations', version: 1, registrations: [...this.entries.values()].map((entry) => entry.saved) };
    const text = `${JSON.stringify(file, null, 2)}\n`;
    // Writes are serialised so an older snapshot never lands after a newer one.
    // A failed save reaches its own caller but does not block the next one.
    const save = this.saving.catch(() => undefined).then(() => this.options.store.save(text));
    this.saving = save;
    return save;
  }

  /** Validates and saves a new registration (stopped). */
  async create(input: RegistrationInput): Promise<RegistrationView> {
    const spec = registrationSpecSchema.safeParse(input);
    if (!spec.success) throw new Error(describe('invalid registration', spec.error));
    const entry = this.newEntry({ ...spec.data, id: randomUUID() });
    this.entries.set(entry.saved.id, entry);
    await this.persist();
    this.changed(entry);
    return this.view(entry);
  }

  /** Replaces a registration's spec; a running one is restarted with it. */
  async update(id: string, input: RegistrationInput): Promise<RegistrationView> {
    const entry = this.entry(id);
    const spec = registrationSpecSchema.safeParse(input);
    if (!spec.success) throw new Error(describe('invalid registration', spec.error));
    const wasRunning = entry.provider !== undefined;
    if (wasRunning) await this.stop(id);
    entry.saved = { ...spec.data, id };
    await this.persist();
    if (wasRunning) await this.start(id).catch(() => undefined);
    this.changed(entry);
    return this.view(entry);
  }

  /** Registers the node. Without `override`, a node owned by another live session is left alone (state conflict). */
  async start(id: string, options: { override?: boolean } = {}): Promise<RegistrationView> {
    const entry = this.entry(id);
    if (entry.provider) return this.view(entry);
    const path = this.pathOf(entry.saved);
    const clash = [...this.entries.values()].find((other) => other !== entry && other.provider && this.pathOf(other.saved) === path);
    if (clash) throw new Error(`${path} is already published by registration ${clash.saved.serviceName} (${clash.saved.id}); stop it first`);
    const session = this.options.sessionFor(entry.saved.profileId);
    const spec = entry.saved;
    const provider = new RangerServiceProvider({
      zk: session,
      service: {
        host: spec.host,
        port: spec.port,
        environment: spec.environment,
        namespace: spec.namespace,
        serviceName: spec.serviceName,
        region: spec.region,
        tags: spec.tags,
        routingWeight: spec.routingWeight,
        portScheme: spec.portScheme,
      },
      healthCheck: spec.healthCheck
        ? {
            url: spec.healthCheck.url,
            method: spec.healthCheck.method,
            timeoutMs: spec.healthCheck.timeoutMs,
            expectedStatus: spec.healthCheck.expectedStatus.length > 0 ? (spec.healthCheck.expectedStatus as [number, ...number[]]) : undefined,
          }
        : undefined,
      updateIntervalMs: spec.updateIntervalMs,
      onConflict: options.override ? 'overwrite' : 'fail',
      logger: this.logger,
    });
    entry.provider = provider;
    entry.conflict = null;
    entry.error = null;
    entry.drained = false;
    entry.state = 'registering';
    provider.on('state', (state) => {
      if (entry.provider !== provider) return;
      entry.state = fromProviderState(state, entry.drained);
      this.changed(entry);
    });
    provider.on('health', (result) => {
      if (entry.provider !== provider) return;
      entry.history = [...entry.history, result].slice(-HISTORY_LENGTH);
      this.changed(entry);
    });
    provider.on('written', (info) => {
      if (entry.provider !== provider) return;
      entry.lastWriteAt = info.writtenAt;
      entry.owner = info.stat.ephemeralOwner;
      this.changed(entry);
    });
    provider.on('conflict', (info) => {
      if (entry.provider !== provider) return;
      entry.conflict = { path: info.path, owner: info.owner, data: info.data };
      this.changed(entry);
    });
    provider.on('error', (error) => {
      if (entry.provider !== provider) return;
      entry.error = error.message;
    });
    this.changed(entry);
    try {
      await provider.start();
    } catch (error) {
      entry.provider = undefined;
      entry.state = error instanceof ProviderConflictError ? 'conflict' : 'stopped';
      entry.error = error instanceof ProviderConflictError ? null : (error as Error).message;
      if (error instanceof ProviderConflictError) {
        entry.conflict = { path: error.conflict.path, owner: error.conflict.owner, data: error.conflict.data };
      }
      await provider.stop().catch(() => undefined);
      this.changed(entry);
    }
    return this.view(entry);
  }

  /** Stops publishing: the node is deleted at once if our session owns it. */
  async stop(id: string): Promise<RegistrationView> {
    const entry = this.entry(id);
    const provider = entry.provider;
    entry.provider = undefined;
    if (provider) await provider.stop();
    entry.state = 'stopped';
    entry.owner = null;
    entry.drained = false;
    this.changed(entry);
    return this.view(entry);
  }

  /** Publishes unhealthy on purpose so clients move away (or back to the real health). */
  drain(id: string, drained: boolean): RegistrationView {
    const entry = this.entry(id);
    if (!entry.provider) throw new Error('start the registration before draining it');
    entry.drained = drained;
    entry.provider.setDrained(drained);
    this.changed(entry);
    return this.view(entry);
  }

  /** A stopped copy with a new id. */
  async duplicate(id: string): Promise<RegistrationView> {
    const { id: _id, ...spec } = this.entry(id).saved;
    return this.create({ ...spec, startOnLaunch: false });
  }

  async remove(id: string): Promise<void> {
    await this.stop(id);
    this.entries.delete(id);
    await this.persist();
    this.emit('removed', id);
  }

  exportFile(ids?: string[]): RegistrationFile {
    const chosen = [...this.entries.values()].filter((entry) => !ids || ids.includes(entry.saved.id));
    return { format: 'ranger-desk-registrations', version: 1, registrations: chosen.map((entry) => entry.saved) };
  }

  /** Imports a file's registrations as new, stopped ones; all or nothing. */
  async importFile(content: unknown): Promise<RegistrationView[]> {
    const file = registrationFileSchema.safeParse(content);
    if (!file.success) throw new Error(describe('not a registrations file', file.error));
    const created = file.data.registrations.map(({ id: _id, ...spec }) => this.newEntry({ ...spec, startOnLaunch: spec.startOnLaunch, id: randomUUID() }));
    for (const entry of created) this.entries.set(entry.saved.id, entry);
    await this.persist();
    for (const entry of created) this.changed(entry);
    return created.map((entry) => this.view(entry));
  }

  /** On quit: every registration is deleted from ZooKeeper before the process exits. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.entries.values()].filter((entry) => entry.provider).map((entry) => this.stop(entry.saved.id)));
  }
}
