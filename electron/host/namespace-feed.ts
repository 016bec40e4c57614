import type { HeartbeatPatch, NamespaceSnapshot, RegistryFrame, ServiceSummary, TimelinePoint } from '../../shared/contract.js';
import { statusAt, withHeartbeat, type InstanceStatus, type InstanceView, type StatusCounts } from '../../shared/model/instance-view.js';
import { RangerFinderHub } from '../engine/finder/ranger-finder-hub.js';
import type { InstanceRecord, ServiceDelta } from '../engine/registry/instance-record.js';
import type { Logger } from '../engine/util/logger.js';
import type { ZkSession } from '../engine/zk/session.js';
import { dataChanged, describeDataChange, healthEntry, membershipEntries } from './event-log.js';
import { FrameBuilder } from './frame-builder.js';
import { heartbeatPatch, viewOf } from './instance-views.js';
import { TimelineRing } from './timeline.js';

/** What the feed needs of a RangerFinderHub (tests pass a stand-in). */
export interface FeedSource {
  start(): Promise<void>;
  stop(): void;
  services(): string[];
  getInstances(service: string): InstanceRecord[];
  readonly isStale: boolean;
  on(event: 'instances', listener: (delta: ServiceDelta) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
}

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
  /** Instead of a RangerFinderHub on `session` (tests). */
  source?: FeedSource;
}

/**
 * One instance as the feed holds it. A heartbeat-only change is kept as its patch and leaves the built view
 * stale (never mutated: frames and snapshots already sent may still hold it); the view is rebuilt only when
 * someone asks for it, e.g. a snapshot or an upsert.
 */
class TrackedInstance {
  /** The reading the view was built from, or patched to. */
  record: InstanceRecord;
  status: InstanceStatus;
  private built: InstanceView;
  private patched: HeartbeatPatch | undefined;

  constructor(record: InstanceRecord, view: InstanceView, status: InstanceStatus) {
    this.record = record;
    this.built = view;
    this.status = status;
  }

  get view(): InstanceView {
    if (this.patched) {
      this.built = withHeartbeat(this.built, this.patched);
      this.patched = undefined;
    }
    return this.built;
  }

  get lastUpdatedMs(): number | null {
    return this.patched ? this.patched.lastUpdatedMs : this.built.lastUpdatedMs;
  }

  /** The view as built, whose heartbeat fields may be behind (everything else is current). */
  get staleView(): InstanceView {
    return this.built;
  }

  heartbeat(record: InstanceRecord, patch: HeartbeatPatch): void {
    this.record = record;
    this.patched = patch;
  }

  statusAt(nowMs: number, zombieThresholdMs: number): InstanceStatus {
    return statusAt(this.built.unreadable !== null, this.built.healthcheckStatus, this.lastUpdatedMs, nowMs, zombieThresholdMs);
  }
}

function emptyCounts(): StatusCounts {
  return { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: 0 };
}

function sameCounts(a: StatusCounts, b: StatusCounts | undefined): boolean {
  return b !== undefined && a.healthy === b.healthy && a.unhealthy === b.unhealthy && a.zombie === b.zombie && a.unreadable === b.unreadable && a.total === b.total;
}

/**
 * One followed service: its instances, their counts kept as statuses change (never recounted per frame), and
 * the earliest moment any of them can turn into a zombie, so the once-a-second sweep skips it until then.
 */
class ServiceFeed {
  readonly instances = new Map<string, TrackedInstance>();
  readonly counts = emptyCounts();
  /** The counts as last sent (in a frame or a snapshot). */
  sent: StatusCounts | undefined;
  /**
   * No instance (healthy or unhealthy) turns zombie before this instant has passed: the smallest
   * lastUpdatedMs + threshold, kept low (never raised between recounts), so a sweep at `now <= checkAt` cannot
   * find a status that time alone changed.
   */
  checkAt = Number.POSITIVE_INFINITY;
  readonly timeline = new TimelineRing();

  constructor(private readonly zombieThresholdMs: number) {}

  /** Adds or replaces an instance; returns the one it replaced. */
  put(name: string, entry: TrackedInstance): TrackedInstance | undefined {
    const previous = this.instances.get(name);
    if (previous) this.counts[previous.status]--;
    else this.counts.total++;
    this.instances.set(name, entry);
    this.counts[entry.status]++;
    this.watchDeadline(entry);
    return previous;
  }

  delete(name: string): boolean {
    const previous = this.instances.get(name);
    if (!previous) return false;
    this.instances.delete(name);
    this.counts[previous.status]--;
    this.counts.total--;
    return true;
  }

  setStatus(entry: TrackedInstance, status: InstanceStatus): void {
    if (entry.status === status) return;
    this.counts[entry.status]--;
    this.counts[status]++;
    entry.status = status;
  }

  /** Lowers checkAt to this instance's zombie deadline if it is one that time alone can change. */
  watchDeadline(entry: TrackedInstance): void {
    if (entry.status !== 'healthy' && entry.status !== 'unhealthy') return;
    const lastUpdatedMs = entry.lastUpdatedMs;
    if (lastUpdatedMs !== null && lastUpdatedMs + this.zombieThresholdMs < this.checkAt) this.checkAt = lastUpdatedMs + this.zombieThresholdMs;
  }

  summary(service: string): ServiceSummary {
    const counts = { ...this.counts };
    this.sent = counts;
    return { service, counts };
  }
}

/**
 * Follows one namespace on a connection's session with a RangerFinderHub and turns its raw deltas into
 * coalesced registry frames, the event log and per-service timelines. An update that moves only the heartbeat
 * goes out as a small patch, not a full view.
 */
export class NamespaceFeed {
  /** Transport clients that asked for this namespace; the feed stops when the last one leaves. */
  readonly clients = new Set<string>();
  readonly namespace: string;
  private readonly hub: FeedSource;
  private readonly services = new Map<string, ServiceFeed>();
  private readonly builder = new FrameBuilder();
  private readonly frameIntervalMs: number;
  private readonly sampleIntervalMs: number;
  private flushTimer: NodeJS.Timeout | undefined;
  private sampleTimer: NodeJS.Timeout | undefined;
  private lastFlushAt = 0;
  private lastSampleAt = Number.NEGATIVE_INFINITY;
  private running = false;
  /** Frames sent so far (diagnostics and tests). */
  framesSent = 0;

  constructor(private readonly options: NamespaceFeedOptions) {
    this.namespace = options.namespace;
    this.frameIntervalMs = options.frameIntervalMs ?? 100;
    this.sampleIntervalMs = options.sampleIntervalMs ?? 1000;
    this.hub =
      options.source ??
      new RangerFinderHub({
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

  private track(record: InstanceRecord, now: number): TrackedInstance {
    const view = viewOf(record);
    return new TrackedInstance(record, view, statusAt(view.unreadable !== null, view.healthcheckStatus, view.lastUpdatedMs, now, this.options.zombieThresholdMs));
  }

  private readService(service: string, now: number): ServiceFeed {
    const feed = new ServiceFeed(this.options.zombieThresholdMs);
    for (const record of this.hub.getInstances(service)) feed.put(record.name, this.track(record, now));
    return feed;
  }

  /** Everything now; any changes not yet sent are flushed first so the next frame continues from here. */
  snapshot(): NamespaceSnapshot {
    if (!this.builder.isEmpty) this.flush();
    const at = Date.now();
    const services: ServiceSummary[] = [];
    const instances: Record<string, InstanceView[]> = {};
    for (const service of [...this.services.keys()].sort((a, b) => a.localeCompare(b))) {
      const feed = this.services.get(service);
      if (!feed) continue;
      services.push(feed.summary(service));
      const views: InstanceView[] = [];
      for (const entry of feed.instances.values()) views.push(entry.view);
      instances[service] = views.sort((a, b) => a.name.localeCompare(b.name));
    }
    return { connectionId: this.options.connectionId, namespace: this.namespace, at, services, instances };
  }

  timeline(service: string): TimelinePoint[] {
    return this.services.get(service)?.timeline.toArray() ?? [];
  }

  private base(service: string, at: number): { at: number; namespace: string; service: string } {
    return { at, namespace: this.namespace, service };
  }

  private addService(service: string, at: number): ServiceFeed {
    const feed = new ServiceFeed(this.options.zombieThresholdMs);
    this.services.set(service, feed);
    this.builder.touchService(service);
    this.builder.addLogEntry({ ...this.base(service, at), instance: null, kind: 'service-added', detail: 'service appeared' });
    return feed;
  }

  private onDelta(delta: ServiceDelta): void {
    if (!this.running) return;
    const at = Date.now();
    const threshold = this.options.zombieThresholdMs;
    const { service } = delta;
    const feed = this.services.get(service) ?? this.addService(service, at);
    if (delta.added.length > 0) {
      const added: InstanceRecord[] = [];
      for (const record of delta.added) {
        const entry = this.track(record, at);
        const previous = feed.put(record.name, entry);
        this.builder.upsert(service, entry.view, previous === undefined);
        if (!previous) added.push(record);
        else if (previous.status !== entry.status) this.builder.addLogEntry(healthEntry(this.base(service, at), record.name, previous.status, entry.status));
      }
      this.builder.addLog(membershipEntries(this.base(service, at), 'instance-added', added));
    }
    for (const { before, after } of delta.updated) {
      const previous = feed.instances.get(after.name);
      if (previous) {
        // Heartbeats are the bulk of all traffic: a patch, no view, no log line, no summary (counts are unchanged).
        const patch = heartbeatPatch(previous.staleView, previous.record, after);
        if (patch && statusAt(false, previous.staleView.healthcheckStatus, patch.lastUpdatedMs, at, threshold) === previous.status) {
          previous.heartbeat(after, patch);
          feed.watchDeadline(previous);
          this.builder.heartbeat(service, patch);
          continue;
        }
      }
      const entry = this.track(after, at);
      feed.put(after.name, entry);
      this.builder.upsert(service, entry.view, previous === undefined);
      if (previous && previous.status !== entry.status) {
        const why = entry.view.unreadable ? entry.view.unreadable.reason : undefined;
        this.builder.addLogEntry(healthEntry(this.base(service, at), after.name, previous.status, entry.status, why));
      } else if (dataChanged(before, after)) {
        this.builder.addLogEntry({ ...this.base(service, at), instance: after.name, kind: 'data-changed', detail: describeDataChange(before, after) });
      }
    }
    if (delta.removed.length > 0) {
      const removed = delta.removed.filter((record) => feed.delete(record.name));
      for (const record of removed) this.builder.remove(service, record.name);
      this.builder.addLog(membershipEntries(this.base(service, at), 'instance-removed', removed));
    }
    this.scheduleFlush();
  }

  /** Services come and go with the namespace's children; the hub is the authority. */
  private reconcileServices(at: number): void {
    const current = this.hub.services();
    if (current.length === this.services.size && current.every((service) => this.services.has(service))) return;
    const present = new Set(current);
    for (const service of [...this.services.keys()]) {
      if (present.has(service)) continue;
      this.services.delete(service);
      this.builder.removeService(service);
      this.builder.addLogEntry({ ...this.base(service, at), instance: null, kind: 'service-removed', detail: 'service disappeared' });
    }
    for (const service of current) {
      if (!this.services.has(service)) {
        const feed = this.addService(service, at);
        for (const record of this.hub.getInstances(service)) {
          const entry = this.track(record, at);
          feed.put(record.name, entry);
          this.builder.upsert(service, entry.view, true);
        }
      }
    }
  }

  /**
   * Re-evaluates every instance of a service at `at` (heartbeats age into zombies without any event), logs the
   * transitions, and works out when the next one can happen.
   */
  private recheck(service: string, feed: ServiceFeed, at: number): void {
    const threshold = this.options.zombieThresholdMs;
    feed.checkAt = Number.POSITIVE_INFINITY;
    for (const [name, entry] of feed.instances) {
      const status = entry.statusAt(at, threshold);
      if (status !== entry.status && (status === 'zombie' || entry.status === 'zombie')) {
        const why = status === 'zombie' ? `no heartbeat for ${Math.round(threshold / 1000)} s` : undefined;
        this.builder.addLogEntry(healthEntry(this.base(service, at), name, entry.status, status, why));
      }
      feed.setStatus(entry, status);
      feed.watchDeadline(entry);
    }
  }

  /**
   * Once a second: heartbeats age into zombies without any event, so statuses, counts and timelines are
   * sampled. Only services in which an instance may have crossed the zombie threshold since are re-evaluated;
   * the others' counts are current already (every change updates them).
   */
  private sample(): void {
    if (!this.running) return;
    const at = Date.now();
    // While ZooKeeper is unreachable nothing can heartbeat to us: statuses stay as last seen rather than all
    // turning zombie (the connection state tells the user the view is stale).
    const frozen = this.hub.isStale;
    // Time only ever turns instances into zombies; a clock set back can turn them back: look at everything.
    const clockWentBack = at < this.lastSampleAt;
    this.lastSampleAt = at;
    this.reconcileServices(at);
    for (const [service, feed] of this.services) {
      if (!frozen && (clockWentBack || at > feed.checkAt)) this.recheck(service, feed, at);
      const { healthy, unhealthy, zombie, unreadable } = feed.counts;
      feed.timeline.push({ at, healthy, unhealthy, zombie, unreadable });
      if (!sameCounts(feed.counts, feed.sent)) this.builder.touchService(service);
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
      const feed = this.services.get(service);
      if (feed) services.push(feed.summary(service));
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
