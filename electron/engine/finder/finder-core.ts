import { EventEmitter } from 'node:events';
import { DEFAULT_ZOMBIE_THRESHOLD_MS, isEligible } from '../../../shared/model/eligibility.js';
import { nameProblem } from '../../../shared/model/names.js';
import type { ServiceNode } from '../../../shared/model/service-node.js';
import type { ServiceDelta, InstanceRecord } from '../registry/instance-record.js';
import { ServiceWatcher } from '../registry/service-watcher.js';
import { resolveSession, type ZkInput } from '../zk/resolve-session.js';
import type { ZkSession, ZkState } from '../zk/session.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { applyCriteria, type Criteria } from './criteria.js';
import { RandomNodeSelector, type NodeSelector } from './selectors.js';

export interface FinderCommonOptions {
  zk: ZkInput;
  namespace: string;
  selector?: NodeSelector;
  /** Applied on top of the health and zombie filter, for every query without its own criteria. */
  criteria?: Criteria;
  /** Heartbeats older than this are zombies (default 60000 ms, as Java and Python). */
  zombieThresholdMs?: number;
  /** Safety-net resync of membership and failed reads (default 30000 ms). Watches do the real work. */
  resyncIntervalMs?: number;
  /** `start()` rejects if the first full load takes longer (default 15000 ms). */
  startTimeoutMs?: number;
  logger?: Logger;
}

export interface FinderEvents {
  /** The eligible nodes of a service changed (membership or health), with the new list. */
  change: [change: { service: string; nodes: ServiceNode[] }];
  /** Every raw change of a service's instances, heartbeats included. */
  instances: [delta: ServiceDelta];
  /** True while ZooKeeper is unreachable and the finder serves its last known good lists. */
  stale: [stale: boolean];
  state: [state: ZkState];
  error: [error: Error];
}

function checkPositive(name: string, value: number | undefined, minimum: number): void {
  if (value !== undefined && (!Number.isFinite(value) || value < minimum)) {
    throw new Error(`${name} must be a number of at least ${minimum}, got ${value}`);
  }
}

/**
 * What the service finder and the hub share: watched services, eligibility with a frozen clock while
 * disconnected (Java's behaviour: the last known list survives an outage), selection, change events.
 */
export abstract class FinderCore extends EventEmitter<FinderEvents> {
  readonly namespace: string;
  protected readonly session: ZkSession;
  protected readonly ownsSession: boolean;
  protected readonly logger: Logger;
  protected readonly watchers = new Map<string, ServiceWatcher>();
  protected readonly selector: NodeSelector;
  protected readonly criteria: Criteria | undefined;
  readonly zombieThresholdMs: number;
  protected readonly resyncIntervalMs: number;
  protected readonly startTimeoutMs: number;
  protected started = false;
  private resyncTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private disconnectedAt: number | undefined;
  private readonly eligibleKeys = new Map<string, string>();

  constructor(options: FinderCommonOptions) {
    super();
    const problem = nameProblem('namespace', options.namespace);
    if (problem) throw new Error(problem);
    checkPositive('zombieThresholdMs', options.zombieThresholdMs, 1);
    checkPositive('resyncIntervalMs', options.resyncIntervalMs, 1000);
    checkPositive('startTimeoutMs', options.startTimeoutMs, 1);
    this.namespace = options.namespace;
    this.selector = options.selector ?? new RandomNodeSelector();
    this.criteria = options.criteria;
    this.zombieThresholdMs = options.zombieThresholdMs ?? DEFAULT_ZOMBIE_THRESHOLD_MS;
    this.resyncIntervalMs = options.resyncIntervalMs ?? 30_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 15_000;
    this.logger = options.logger ?? silentLogger;
    const resolved = resolveSession(options.zk);
    this.session = resolved.session;
    this.ownsSession = resolved.owned;
  }

  get zkSession(): ZkSession {
    return this.session;
  }

  /** True while disconnected: answers come from the last known registry. */
  get isStale(): boolean {
    return this.disconnectedAt !== undefined;
  }

  /** The clock eligibility is judged by: frozen at the moment ZooKeeper became unreachable. */
  protected evaluationTime(): number {
    return this.disconnectedAt ?? Date.now();
  }

  private readonly onState = (state: ZkState): void => {
    this.emit('state', state);
    if (state === 'connected') return;
    if (this.disconnectedAt === undefined && state !== 'connecting') {
      this.disconnectedAt = Date.now();
      this.logger.warn(`ZooKeeper unreachable (${state}): serving the last known nodes of ${this.namespace}`);
      this.emit('stale', true);
    }
  };

  private readonly onConnected = (info: { newSession: boolean }): void => {
    if (this.disconnectedAt !== undefined) {
      this.disconnectedAt = undefined;
      this.emit('stale', false);
    }
    // A new session has no watches: read everything again. On the same session the client re-arms them.
    if (info.newSession && this.started) void this.reloadAll();
  };

  protected abstract reloadAll(): Promise<void>;
  protected abstract resyncAll(): Promise<void>;
  protected abstract load(): Promise<void>;

  /** Connects (if the finder owns its session) and resolves after the first full load. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.session.on('state', this.onState);
    this.session.on('connected', this.onConnected);
    if (this.ownsSession) this.session.connect();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`finder for ${this.namespace} did not load within ${this.startTimeoutMs} ms (ZooKeeper at ${this.session.options.connectionString})`)),
        this.startTimeoutMs,
      );
    });
    try {
      await Promise.race([this.session.waitConnected(this.startTimeoutMs).then(() => this.load()), deadline]);
    } finally {
      clearTimeout(timer);
    }
    this.resyncTimer = setInterval(() => void this.resyncAll(), this.resyncIntervalMs);
    this.resyncTimer.unref();
    // Heartbeats age without any event: look once a second for nodes that turned zombie.
    this.sweepTimer = setInterval(() => this.sweep(), 1000);
    this.sweepTimer.unref();
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    clearInterval(this.resyncTimer);
    clearInterval(this.sweepTimer);
    this.session.off('state', this.onState);
    this.session.off('connected', this.onConnected);
    for (const watcher of this.watchers.values()) watcher.stop();
    if (this.ownsSession) this.session.close();
  }

  protected createWatcher(service: string): ServiceWatcher {
    const watcher = new ServiceWatcher({ session: this.session, namespace: this.namespace, service, logger: this.logger });
    watcher.on('change', (delta) => this.onDelta(delta));
    watcher.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    this.watchers.set(service, watcher);
    return watcher;
  }

  protected dropWatcher(service: string): void {
    const watcher = this.watchers.get(service);
    if (!watcher) return;
    watcher.stop();
    this.watchers.delete(service);
    this.eligibleKeys.delete(service);
    this.emit('change', { service, nodes: [] });
  }

  private onDelta(delta: ServiceDelta): void {
    this.emit('instances', delta);
    // A heartbeat that keeps a healthy node healthy cannot change the eligible set: skip the work.
    const onlyHeartbeats =
      delta.added.length === 0 &&
      delta.removed.length === 0 &&
      delta.updated.every(({ before, after }) => healthOf(before) === 'healthy' && healthOf(after) === 'healthy');
    if (!onlyHeartbeats) this.evaluate(delta.service);
  }

  private sweep(): void {
    if (this.listenerCount('change') === 0) return;
    for (const service of this.watchers.keys()) this.evaluate(service);
  }

  private evaluate(service: string): void {
    const nodes = this.eligibleNodes(service);
    const key = nodes.map((node) => `${node.host}:${node.port}`).sort().join(',');
    if (this.eligibleKeys.get(service) === key) return;
    this.eligibleKeys.set(service, key);
    this.emit('change', { service, nodes });
  }

  /** Healthy, non-zombie nodes of the service, before any criteria. */
  protected eligibleNodes(service: string): ServiceNode[] {
    const watcher = this.watchers.get(service);
    if (!watcher) return [];
    const now = this.evaluationTime();
    const nodes: ServiceNode[] = [];
    for (const record of watcher.instances()) {
      if (record.decoded.ok && isEligible(record.decoded.node, now, this.zombieThresholdMs)) nodes.push(record.decoded.node);
    }
    return nodes;
  }

  /** Every eligible node of the service matching the criteria; `[]` when none. */
  getAllNodes(service: string, criteria: Criteria | undefined = this.criteria): ServiceNode[] {
    return applyCriteria(this.eligibleNodes(service), criteria);
  }

  /** One eligible node picked by the selector, or undefined when none is eligible. */
  getNode(service: string, criteria: Criteria | undefined = this.criteria): ServiceNode | undefined {
    const nodes = this.getAllNodes(service, criteria);
    return nodes.length === 0 ? undefined : this.selector.select(nodes, service);
  }

  /** Everything read for the service, eligible or not, unreadable included (for inspectors). */
  getInstances(service: string): InstanceRecord[] {
    return this.watchers.get(service)?.instances() ?? [];
  }

  /** The services being followed. */
  services(): string[] {
    return [...this.watchers.keys()].sort();
  }
}

function healthOf(record: InstanceRecord): string {
  return record.decoded.ok ? record.decoded.node.healthcheckStatus : 'unreadable';
}
