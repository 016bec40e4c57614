import type { LogEntry, NamespaceSnapshot, RegistryFrame, ServiceSummary, TimelinePoint } from '../../shared/contract.js';
import { instanceStatus, type InstanceStatus, type InstanceView, type StatusCounts } from '../../shared/model/instance-view.js';
import { RangerFinderHub } from '../engine/finder/ranger-finder-hub.js';
import type { InstanceRecord, ServiceDelta } from '../engine/registry/instance-record.js';
import type { Logger } from '../engine/util/logger.js';
import type { ZkSession } from '../engine/zk/session.js';
import { dataChanged, describeDataChange, healthEntry, membershipEntries } from './event-log.js';
import { FrameBuilder } from './frame-builder.js';
import { viewOf } from './instance-views.js';
import { TimelineRing } from './timeline.js';

export interface NamespaceFeedOptions {
  connectionId: string;
  session: ZkSession;
  namespace: string;
  zombieThresholdMs: number;
  onFrame: (frame: RegistryFrame) => void;
  logger: Logger;
  /** At most one frame per this many ms (default 100: ~10 frames a second). */
  frameIntervalMs?: number;
  /** Timeline samples and zombie checks (default 1000 ms). */
  sampleIntervalMs?: number;
  startTimeoutMs?: number;
}

interface Tracked {
  view: InstanceView;
  status: InstanceStatus;
}

function countsKey(counts: StatusCounts): string {
  return `${counts.healthy}/${counts.unhealthy}/${counts.zombie}/${counts.unreadable}`;
}

/**
 * Follows one namespace on a connection's session with a RangerFinderHub and turns its raw deltas into
 * coalesced registry frames, the event log and per-service timelines.
 */
export class NamespaceFeed {
  /** Transport clients that asked for this namespace; the feed stops when the last one leaves. */
  readonly clients = new Set<string>();
  readonly namespace: string;
  private readonly hub: RangerFinderHub;
  private readonly services = new Map<string, Map<string, Tracked>>();
  private readonly sentCounts = new Map<string, string>();
  private readonly timelines = new Map<string, TimelineRing>();
  private readonly builder = new FrameBuilder();
  private readonly frameIntervalMs: number;
  private readonly sampleIntervalMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = 0;
  private running = false;
  /** Frames sent so far (diagnostics and tests). */
  framesSent = 0;

  constructor(private readonly options: NamespaceFeedOptions) {
    this.namespace = options.namespace;
    this.frameIntervalMs = options.frameIntervalMs ?? 100;
    this.sampleIntervalMs = options.sampleIntervalMs ?? 1000;
    this.hub = new RangerFinderHub({
      zk: options.session,
      namespace: options.namespace,
      zombieThresholdMs: options.zombieThresholdMs,
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
      logger: options.logger,
    });
  }

  /** Loads the namespace; afterwards every change flows into frames. */
  async start(): Promise<void> {
    await this.hub.start();
    // No await between reading the hub and attaching listeners: nothing can slip between the two.
    const now = Date.now();
    for (const service of this.hub.services()) this.services.set(service, this.readService(service, now));
    this.hub.on('instances', (delta) => this.onDelta(delta));
    this.hub.on('error', (error) => this.options.logger.debug(`${this.namespace}: ${error.message}`));
    this.running = true;
    this.sample();
    // The first sample only starts the timelines: the snapshot, not a frame, tells subscribers the counts.
    this.builder.take();
    this.sampleTimer = setInterval(() => this.sample(), this.sampleIntervalMs);
    this.sampleTimer.unref();
  }

  stop(): void {
    this.running = false;
    clearInterval(this.sampleTimer);
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.hub.removeAllListeners();
    this.hub.stop();
  }

  private readService(service: string, now: number): Map<string, Tracked> {
    const tracked = new Map<string, Tracked>();
    for (const record of this.hub.getInstances(service)) {
      const view = viewOf(record);
      tracked.set(record.name, { view, status: instanceStatus(view, now, this.options.zombieThresholdMs) });
    }
    return tracked;
  }

  /**
   * Counts from each instance's status as last evaluated (on its last change, and at every one-second sample,
   * which also catches heartbeats turning into zombies), so a frame does not re-evaluate whole services.
   */
  private summary(service: string, tracked: Map<string, Tracked>): ServiceSummary {
    const counts: StatusCounts = { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: 0 };
    for (const entry of tracked.values()) {
      counts[entry.status]++;
      counts.total++;
    }
    this.sentCounts.set(service, countsKey(counts));
    return { service, counts };
  }

  /** Everything now; any changes not yet sent are flushed first so the next frame continues from here. */
  snapshot(): NamespaceSnapshot {
    if (!this.builder.isEmpty) this.flush();
    const at = Date.now();
    const services: ServiceSummary[] = [];
    const instances: Record<string, InstanceView[]> = {};
    for (const [service, tracked] of [...this.services].sort(([a], [b]) => a.localeCompare(b))) {
      services.push(this.summary(service, tracked));
      instances[service] = [...tracked.values()].map((entry) => entry.view).sort((a, b) => a.name.localeCompare(b.name));
    }
    return { connectionId: this.options.connectionId, namespace: this.namespace, at, services, instances };
  }

  timeline(service: string): TimelinePoint[] {
    return this.timelines.get(service)?.toArray() ?? [];
  }

  private base(service: string, at: number): { at: number; namespace: string; service: string } {
    return { at, namespace: this.namespace, service };
  }

  private addService(service: string, at: number): Map<string, Tracked> {
    const tracked = new Map<string, Tracked>();
    this.services.set(service, tracked);
    this.builder.touchService(service);
    this.builder.addLog([{ ...this.base(service, at), instance: null, kind: 'service-added', detail: 'service appeared' }]);
    return tracked;
  }

  private onDelta(delta: ServiceDelta): void {
    if (!this.running) return;
    const at = Date.now();
    const threshold = this.options.zombieThresholdMs;
    const { service } = delta;
    const tracked = this.services.get(service) ?? this.addService(service, at);
    const log: LogEntry[] = [];
    const added: InstanceRecord[] = [];
    for (const record of delta.added) {
      const view = viewOf(record);
      const status = instanceStatus(view, at, threshold);
      const previous = tracked.get(record.name);
      tracked.set(record.name, { view, status });
      this.builder.upsert(service, view, previous === undefined);
      if (!previous) added.push(record);
      else if (previous.status !== status) log.push(healthEntry(this.base(service, at), record.name, previous.status, status));
    }
    log.push(...membershipEntries(this.base(service, at), 'instance-added', added));
    for (const { before, after } of delta.updated) {
      const view = viewOf(after);
      const status = instanceStatus(view, at, threshold);
      const previous = tracked.get(after.name);
      tracked.set(after.name, { view, status });
      // Heartbeats still go out as upserts (the UI shows their age) but are not worth a log line.
      this.builder.upsert(service, view, previous === undefined);
      if (previous && previous.status !== status) {
        const why = view.unreadable ? view.unreadable.reason : undefined;
        log.push(healthEntry(this.base(service, at), after.name, previous.status, status, why));
      } else if (dataChanged(before, after)) {
        log.push({ ...this.base(service, at), instance: after.name, kind: 'data-changed', detail: describeDataChange(before, after) });
      }
    }
    const removed = delta.removed.filter((record) => tracked.delete(record.name));
    for (const record of removed) this.builder.remove(service, record.name);
    log.push(...membershipEntries(this.base(service, at), 'instance-removed', removed));
    this.builder.addLog(log);
    this.scheduleFlush();
  }

  /** Services come and go with the namespace's children; the hub is the authority. */
  private reconcileServices(at: number): void {
    const current = new Set(this.hub.services());
    for (const service of [...this.services.keys()]) {
      if (current.has(service)) continue;
      this.services.delete(service);
      this.sentCounts.delete(service);
      this.timelines.delete(service);
      this.builder.removeService(service);
      this.builder.addLog([{ ...this.base(service, at), instance: null, kind: 'service-removed', detail: 'service disappeared' }]);
    }
    for (const service of current) {
      if (!this.services.has(service)) {
        const tracked = this.addService(service, at);
        for (const [name, entry] of this.readService(service, at)) {
          tracked.set(name, entry);
          this.builder.upsert(service, entry.view, true);
        }
      }
    }
  }

  /** Once a second: heartbeats age into zombies without any event, so statuses, counts and timelines are sampled. */
  private sample(): void {
    if (!this.running) return;
    const at = Date.now();
    const threshold = this.options.zombieThresholdMs;
    // While ZooKeeper is unreachable nothing can heartbeat to us: statuses stay as last seen rather than all
    // turning zombie (the connection state tells the user the view is stale).
    const frozen = this.hub.isStale;
    this.reconcileServices(at);
    for (const [service, tracked] of this.services) {
      const counts: StatusCounts = { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: 0 };
      for (const [name, entry] of tracked) {
        const status = frozen ? entry.status : instanceStatus(entry.view, at, threshold);
        if (status !== entry.status && (status === 'zombie' || entry.status === 'zombie')) {
          const why = status === 'zombie' ? `no heartbeat for ${Math.round(threshold / 1000)} s` : undefined;
          this.builder.addLog([healthEntry(this.base(service, at), name, entry.status, status, why)]);
        }
        entry.status = status;
        counts[status]++;
        counts.total++;
      }
      let ring = this.timelines.get(service);
      if (!ring) {
        ring = new TimelineRing();
        this.timelines.set(service, ring);
      }
      ring.push({ at, healthy: counts.healthy, unhealthy: counts.unhealthy, zombie: counts.zombie, unreadable: counts.unreadable });
      if (this.sentCounts.get(service) !== countsKey(counts)) this.builder.touchService(service);
    }
    if (!this.builder.isEmpty) this.scheduleFlush();
  }

  /** At most one frame per interval: the first change after a quiet spell goes out at once, bursts wait. */
  private scheduleFlush(): void {
    if (this.flushTimer || !this.running) return;
    const delay = Math.max(0, this.lastFlushAt + this.frameIntervalMs - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    if (!this.running) return;
    const at = Date.now();
    this.lastFlushAt = at;
    const content = this.builder.take();
    const services: ServiceSummary[] = [];
    for (const service of content.touchedServices) {
      const tracked = this.services.get(service);
      if (tracked) services.push(this.summary(service, tracked));
    }
    if (services.length === 0 && content.removedServices.length === 0 && content.instances.length === 0 && content.log.length === 0) return;
    this.framesSent++;
    this.options.onFrame({
      connectionId: this.options.connectionId,
      namespace: this.namespace,
      at,
      services,
      removedServices: content.removedServices,
      instances: content.instances,
      log: content.log,
    });
  }
}
