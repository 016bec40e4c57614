import { EventEmitter } from 'node:events';
import { instancePath, servicePath } from '../../../shared/model/names.js';
import { makeShardInfo } from '../../../shared/model/shard-info.js';
import {
  decodeServiceNode,
  encodeServiceNodeBytes,
  type HealthcheckStatus,
  type ServiceNode,
} from '../../../shared/model/service-node.js';
import { compileHealthChecks, runHealthChecks, type HealthCheckResult, type HealthCheckSpec, type RunnableCheck } from '../health/health-check.js';
import { isZkError } from '../zk/errors.js';
import { resolveSession, type ZkInput } from '../zk/resolve-session.js';
import type { ZkSession } from '../zk/session.js';
import type { NodeStat } from '../zk/stat.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { describeIssues, providerTimingSchema, serviceDetailsSchema, type ServiceDetails } from './provider-options.js';

export type ProviderState = 'idle' | 'registering' | 'registered' | 'unhealthy' | 'reconnecting' | 'conflict' | 'stopped';

export interface RangerServiceProviderOptions {
  zk: ZkInput;
  service: ServiceDetails;
  /** One check or several; all must pass. HTTP(S) GET/POST or any async function. */
  healthCheck?: HealthCheckSpec | HealthCheckSpec[];
  /** How often checks run and the node is rewritten (default 1000 ms). */
  updateIntervalMs?: number;
  /** Bound for each check without its own timeout (default: the update interval, at most 5 s). */
  healthCheckTimeoutMs?: number;
  /** When another live session already owns host:port: overwrite its data (Java's behaviour) or refuse. */
  onConflict?: 'overwrite' | 'fail';
  logger?: Logger;
}

export interface ConflictInfo {
  path: string;
  /** Owner session of the existing node in hex; '0' when it is a persistent node. */
  owner: string;
  /** The existing node's data as text (may be another dialect or unreadable). */
  data: string;
  stat: NodeStat;
}

export interface WriteInfo {
  path: string;
  status: HealthcheckStatus;
  writtenAt: number;
  stat: NodeStat;
  ownedBySelf: boolean;
}

export interface RangerServiceProviderEvents {
  state: [state: ProviderState];
  health: [result: HealthCheckResult];
  written: [info: WriteInfo];
  conflict: [info: ConflictInfo];
  error: [error: Error];
}

export class ProviderConflictError extends Error {
  constructor(readonly conflict: ConflictInfo) {
    super(`${conflict.path} is already registered by live session 0x${conflict.owner}; refusing to overwrite (onConflict: 'fail')`);
    this.name = 'ProviderConflictError';
  }
}

/**
 * Publishes one service instance: an ephemeral znode /<namespace>/<service>/<host>:<port> rewritten every
 * interval with the result of its health checks. Re-registers by itself after a session expiry.
 */
export class RangerServiceProvider extends EventEmitter<RangerServiceProviderEvents> {
  readonly path: string;
  private readonly session: ZkSession;
  private readonly ownsSession: boolean;
  private readonly checks: RunnableCheck[];
  private readonly intervalMs: number;
  private readonly checkTimeoutMs: number;
  private readonly onConflict: 'overwrite' | 'fail';
  private readonly logger: Logger;
  private readonly baseNode: Omit<ServiceNode, 'healthcheckStatus' | 'lastUpdatedTimeStamp' | 'healthySinceTimeStamp'>;
  private readonly parentPath: string;

  private currentState: ProviderState = 'idle';
  private status: HealthcheckStatus | undefined;
  private healthySince = 0n;
  private drained = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private tickInFlight: Promise<void> | undefined;
  private writeInFlight: Promise<void> | undefined;
  private parentsEnsuredFor: string | undefined;
  private lastOwner: string | undefined;
  private lastWrite: WriteInfo | undefined;
  private lastHealth: HealthCheckResult | undefined;
  private firstWrite: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly onSessionState = (state: string): void => {
    if (!this.running) return;
    if (state === 'disconnected' || state === 'expired' || state === 'connecting') this.setState('reconnecting');
  };
  private readonly onSessionConnected = (info: { newSession: boolean }): void => {
    if (!this.running) return;
    // Same session: the node is still ours. New session: it is gone, so look again before the first write.
    if (info.newSession) {
      this.logger.warn(`session expired; registering ${this.path} again on a new session`);
      this.lastOwner = undefined;
    }
    this.scheduleTick(0);
  };

  constructor(options: RangerServiceProviderOptions) {
    super();
    const details = serviceDetailsSchema.safeParse(options.service);
    if (!details.success) throw new Error(describeIssues('invalid service', details.error));
    const timing = providerTimingSchema.safeParse({
      updateIntervalMs: options.updateIntervalMs,
      healthCheckTimeoutMs: options.healthCheckTimeoutMs,
      onConflict: options.onConflict,
    });
    if (!timing.success) throw new Error(describeIssues('invalid provider options', timing.error));
    const specs = options.healthCheck === undefined ? [] : Array.isArray(options.healthCheck) ? options.healthCheck : [options.healthCheck];
    this.checks = compileHealthChecks(specs);
    const service = details.data;
    this.path = instancePath(service.namespace, service.serviceName, service.host, service.port);
    this.parentPath = servicePath(service.namespace, service.serviceName);
    this.intervalMs = timing.data.updateIntervalMs;
    this.checkTimeoutMs = timing.data.healthCheckTimeoutMs ?? Math.min(this.intervalMs, 5000);
    this.onConflict = timing.data.onConflict;
    this.logger = options.logger ?? silentLogger;
    this.baseNode = {
      host: service.host,
      port: service.port,
      routingWeight: service.routingWeight,
      nodeData: options.service.nodeData ?? { ...makeShardInfo(service.environment, service.region, service.tags) },
      portScheme: service.portScheme,
    };
    // Built last: everything above can throw on bad input, and nothing has connected yet.
    const resolved = resolveSession(options.zk);
    this.session = resolved.session;
    this.ownsSession = resolved.owned;
  }

  get state(): ProviderState {
    return this.currentState;
  }

  get lastWritten(): WriteInfo | undefined {
    return this.lastWrite;
  }

  get lastHealthResult(): HealthCheckResult | undefined {
    return this.lastHealth;
  }

  get isDrained(): boolean {
    return this.drained;
  }

  get zkSession(): ZkSession {
    return this.session;
  }

  private setState(state: ProviderState): void {
    if (this.currentState === state) return;
    this.currentState = state;
    this.emit('state', state);
  }

  /**
   * Starts publishing. Resolves once the node is first written (it keeps retrying while ZooKeeper is unreachable);
   * rejects with ProviderConflictError when another session owns host:port and onConflict is 'fail'.
   * With `block: true` it resolves only after SIGINT or SIGTERM has stopped the provider.
   */
  async start(options: { block?: boolean } = {}): Promise<void> {
    if (this.running) throw new Error('provider is already started');
    if (this.currentState === 'stopped') throw new Error('a stopped provider cannot be started again; create a new one');
    this.running = true;
    this.setState('registering');
    this.session.on('state', this.onSessionState);
    this.session.on('connected', this.onSessionConnected);
    if (this.ownsSession) this.session.connect();
    const registered = new Promise<void>((resolve, reject) => {
      this.firstWrite = { resolve, reject };
    });
    if (this.session.state === 'connected') this.scheduleTick(0);
    else this.logger.info(`connecting to ZooKeeper at ${this.session.options.connectionString}`);
    await registered;
    if (options.block) await this.blockUntilSignal();
  }

  private blockUntilSignal(): Promise<void> {
    return new Promise((resolve) => {
      const onSignal = (signal: NodeJS.Signals): void => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        this.logger.info(`${signal} received, deregistering`);
        void this.stop().finally(resolve);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
  }

  /** Publishes unhealthy on purpose (clients move away) while true; health checks resume when false. */
  setDrained(drained: boolean): void {
    this.drained = drained;
    if (this.running) this.scheduleTick(0);
  }

  private scheduleTick(delayMs: number): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.runTick();
    }, delayMs);
  }

  private async runTick(): Promise<void> {
    if (this.tickInFlight) {
      await this.tickInFlight;
      return;
    }
    const started = Date.now();
    this.tickInFlight = this.tick()
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (failure instanceof ProviderConflictError) {
          this.running = false;
          this.setState('conflict');
          this.firstWrite?.reject(failure);
          this.firstWrite = undefined;
          return;
        }
        this.logger.warn(`update of ${this.path} failed: ${failure.message}`);
        // Transient by nature (the next tick retries): an 'error' without listeners must not throw.
        if (this.listenerCount('error') > 0) this.emit('error', failure);
      })
      .finally(() => {
        this.tickInFlight = undefined;
      });
    await this.tickInFlight;
    // The next tick is due one interval after this one started; a slow check does not stack ticks.
    if (this.running) this.scheduleTick(Math.max(0, this.intervalMs - (Date.now() - started)));
  }

  private async tick(): Promise<void> {
    const health = this.drained
      ? { healthy: false, latencyMs: 0, detail: 'drained: published unhealthy on purpose', checkedAt: Date.now() }
      : await runHealthChecks(this.checks, this.checkTimeoutMs);
    if (!this.running) return;
    const status: HealthcheckStatus = health.healthy ? 'healthy' : 'unhealthy';
    this.lastHealth = health;
    const previous = this.status;
    if (status !== previous) {
      if (status === 'healthy') this.healthySince = BigInt(Date.now());
      this.status = status;
    }
    this.emit('health', health);
    if (this.session.state !== 'connected') {
      this.setState('reconnecting');
      return;
    }
    this.writeInFlight = this.publish(status);
    try {
      await this.writeInFlight;
    } finally {
      this.writeInFlight = undefined;
    }
    // Logged once written, so a reader who sees the line also sees the new status in ZooKeeper.
    if (previous !== undefined && status !== previous) this.logger.info(`health of ${this.path} changed to ${status} (${health.detail})`);
  }

  private nodeFor(status: HealthcheckStatus): ServiceNode {
    return {
      ...this.baseNode,
      healthcheckStatus: status,
      lastUpdatedTimeStamp: BigInt(Date.now()),
      healthySinceTimeStamp: this.healthySince,
    };
  }

  private async conflictWith(stat: NodeStat): Promise<ConflictInfo> {
    const existing = await this.session.getData(this.path).catch(() => undefined);
    return { path: this.path, owner: stat.ephemeralOwner, data: existing?.data?.toString('utf8') ?? '', stat };
  }

  /** Writes the node: create it on first write or after it vanished, else overwrite its data. */
  private async publish(status: HealthcheckStatus): Promise<void> {
    const sessionId = this.session.sessionId;
    if (this.parentsEnsuredFor !== sessionId) {
      await this.session.ensurePath(this.parentPath);
      this.parentsEnsuredFor = sessionId;
    }
    if (this.lastOwner === undefined) {
      // First write on this session: look before writing, so a live owner is surfaced, not silently fought.
      const existing = await this.session.exists(this.path);
      if (existing && existing.ephemeralOwner !== sessionId) {
        const conflict = await this.conflictWith(existing);
        this.emit('conflict', conflict);
        this.logger.warn(
          conflict.owner === '0'
            ? `${this.path} exists as a PERSISTENT node (it will never expire); ${this.onConflict === 'fail' ? 'not overwriting' : 'overwriting its data'}`
            : `${this.path} is already registered by live session 0x${conflict.owner}; ${this.onConflict === 'fail' ? 'not overwriting' : 'overwriting its data, as Java Ranger does'}`,
        );
        if (this.onConflict === 'fail') throw new ProviderConflictError(conflict);
      }
    }
    const bytes = encodeServiceNodeBytes(this.nodeFor(status));
    let stat: NodeStat;
    try {
      stat = await this.session.setData(this.path, bytes);
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) throw error;
      try {
        await this.session.create(this.path, bytes, 'ephemeral');
      } catch (createError) {
        // Someone else created it between our two requests: the next tick overwrites or reports it.
        if (isZkError(createError, 'NODE_EXISTS')) return;
        throw createError;
      }
      const created = await this.session.exists(this.path);
      if (!created) return;
      stat = created;
      if (this.lastOwner !== undefined) this.logger.info(`registered ${this.path} again`);
    }
    const ownedBySelf = stat.ephemeralOwner === sessionId;
    if (this.lastOwner !== undefined && this.lastOwner !== stat.ephemeralOwner && !ownedBySelf) {
      this.emit('conflict', await this.conflictWith(stat));
    }
    if (this.lastOwner === undefined) this.logger.info(`registered ${this.path} (${status}) on session 0x${sessionId}`);
    this.lastOwner = stat.ephemeralOwner;
    this.lastWrite = { path: this.path, status, writtenAt: Date.now(), stat, ownedBySelf };
    this.emit('written', this.lastWrite);
    this.setState(ownedBySelf ? (status === 'healthy' ? 'registered' : 'unhealthy') : 'conflict');
    this.firstWrite?.resolve();
    this.firstWrite = undefined;
  }

  /**
   * Stops publishing and deletes the node if this session still owns it (guarded by its version), then closes a
   * session the provider created. Bounded: an unreachable ZooKeeper cannot hold it longer than `timeoutMs`.
   */
  async stop(timeoutMs = 2000): Promise<void> {
    if (this.currentState === 'stopped') return;
    this.running = false;
    clearTimeout(this.timer);
    this.session.off('state', this.onSessionState);
    this.session.off('connected', this.onSessionConnected);
    this.firstWrite?.reject(new Error('provider stopped before it registered'));
    this.firstWrite = undefined;
    const deregister = async (): Promise<void> => {
      // Wait for a write in progress, not for a health check: a hanging check must not delay the delete.
      await this.writeInFlight?.catch(() => undefined);
      if (this.session.state !== 'connected') return;
      const stat = await this.session.exists(this.path);
      if (stat && stat.ephemeralOwner === this.session.sessionId) {
        await this.session.remove(this.path, stat.version).catch((error: unknown) => {
          if (!isZkError(error, 'NO_NODE')) throw error;
        });
        this.logger.info(`deleted ${this.path}`);
      }
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        deregister(),
        new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            this.logger.warn(`could not delete ${this.path} within ${timeoutMs} ms; it expires with the session`);
            resolve();
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      this.logger.warn(`could not delete ${this.path}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
      if (this.ownsSession) this.session.close();
      this.setState('stopped');
      this.logger.info(`stopped publishing ${this.path}`);
    }
  }

  /** Reads back what is published now (for diagnostics). */
  async readPublished(): Promise<ServiceNode | undefined> {
    const { data } = await this.session.getData(this.path);
    const decoded = decodeServiceNode(data);
    return decoded.ok ? decoded.node : undefined;
  }
}
