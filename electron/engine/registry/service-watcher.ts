import { EventEmitter } from 'node:events';
import { servicePath } from '../../../shared/model/names.js';
import { isZkError } from '../zk/errors.js';
import type { WatchEvent, ZkSession } from '../zk/session.js';
import { CoalescedTask } from '../util/coalesced-task.js';
import { silentLogger, type Logger } from '../util/logger.js';
import { makeRecord, type InstanceRecord, type ServiceDelta } from './instance-record.js';

export interface ServiceWatcherEvents {
  change: [delta: ServiceDelta];
  error: [error: Error];
}

export interface ServiceWatcherOptions {
  session: ZkSession;
  namespace: string;
  service: string;
  logger?: Logger;
}

/**
 * Mirrors one service's instances from ZooKeeper, driven by watches: a children watch for membership and a
 * data watch per instance for health and heartbeats. `resync()` re-reads membership and any instance whose
 * read failed (the safety net for what a lost watch could leave behind).
 */
export class ServiceWatcher extends EventEmitter<ServiceWatcherEvents> {
  readonly namespace: string;
  readonly service: string;
  readonly path: string;
  private readonly session: ZkSession;
  private readonly logger: Logger;
  private readonly records = new Map<string, InstanceRecord>();
  /** Instances whose last read failed for a reason other than NO_NODE: re-read on resync. */
  private readonly unread = new Set<string>();
  private active = false;
  private missing = false;
  private loaded = false;
  private readonly childrenLoad = new CoalescedTask(
    () => this.loadChildrenOnce(),
    () => this.active,
  );

  constructor(options: ServiceWatcherOptions) {
    super();
    this.session = options.session;
    this.namespace = options.namespace;
    this.service = options.service;
    this.path = servicePath(options.namespace, options.service);
    this.logger = options.logger ?? silentLogger;
  }

  /** Current instances, in znode-name order. */
  instances(): InstanceRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): InstanceRecord | undefined {
    return this.records.get(name);
  }

  get size(): number {
    return this.records.size;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  get serviceMissing(): boolean {
    return this.missing;
  }

  /** Starts watching; resolves after the first full read of every instance. */
  async start(): Promise<void> {
    this.active = true;
    await this.loadChildren();
    this.loaded = true;
  }

  stop(): void {
    this.active = false;
  }

  /** Re-reads everything, re-arming every watch (after a new session all watches are gone). */
  async reload(): Promise<void> {
    if (!this.active) return;
    const names = [...this.records.keys()];
    await Promise.all([this.loadChildren(), ...names.map((name) => this.readInstance(name))]);
  }

  /** The periodic safety net: membership, plus instances whose last read failed. */
  async resync(): Promise<void> {
    if (!this.active) return;
    const retry = [...this.unread];
    await Promise.all([this.loadChildren(), ...retry.map((name) => this.readInstance(name))]);
  }

  private readonly onChildrenEvent = (event: WatchEvent): void => {
    if (!this.active) return;
    if (event.type === 'children-changed' || event.type === 'deleted' || event.type === 'created') void this.loadChildren();
  };

  private readonly onDataEvent = (event: WatchEvent): void => {
    if (!this.active) return;
    const name = event.path.slice(this.path.length + 1);
    if (event.type === 'deleted') {
      this.removeInstances([name]);
    } else if (event.type === 'data-changed' && this.records.has(name)) {
      void this.readInstance(name);
    }
  };

  /** Lists children (arming the children watch), reads new ones, drops gone ones. Coalesces concurrent calls. */
  private loadChildren(): Promise<void> {
    return this.childrenLoad.run();
  }

  private async loadChildrenOnce(): Promise<void> {
    let children: string[];
    try {
      ({ children } = await this.session.getChildren(this.path, this.onChildrenEvent));
    } catch (error) {
      if (!isZkError(error, 'NO_NODE')) {
        this.reportError(error);
        return;
      }
      // The service is not there (yet): watch for its creation and report it empty.
      const stat = await this.session.exists(this.path, this.onChildrenEvent).catch((existsError: unknown) => {
        this.reportError(existsError);
        return undefined;
      });
      if (stat) {
        this.childrenLoad.requestAgain();
        return;
      }
      const wasMissing = this.missing;
      this.missing = true;
      const removed = this.takeAll();
      if (removed.length > 0 || !wasMissing) this.emitDelta({ added: [], updated: [], removed });
      return;
    }
    const wasMissing = this.missing;
    this.missing = false;
    const present = new Set(children);
    const gone = [...this.records.keys()].filter((name) => !present.has(name));
    const fresh = children.filter((name) => !this.records.has(name));
    if (gone.length > 0) this.removeInstances(gone);
    if (fresh.length > 0) await this.readNewInstances(fresh);
    else if (wasMissing) this.emitDelta({ added: [], updated: [], removed: [] });
  }

  /** Reads many new instances with their requests pipelined, and reports them as one delta. */
  private async readNewInstances(names: string[]): Promise<void> {
    const results = await Promise.all(names.map((name) => this.fetch(name)));
    const added: InstanceRecord[] = [];
    for (const record of results) {
      if (!record || !this.active || this.records.has(record.name)) continue;
      this.records.set(record.name, record);
      added.push(record);
    }
    if (added.length > 0) this.emitDelta({ added, updated: [], removed: [] });
  }

  private async readInstance(name: string): Promise<void> {
    const record = await this.fetch(name);
    if (!record || !this.active) return;
    const before = this.records.get(name);
    // An older read may land after a newer one: keep the latest modification.
    if (before && BigInt(`0x${before.stat.mzxid}`) > BigInt(`0x${record.stat.mzxid}`)) return;
    this.records.set(name, record);
    this.emitDelta(before ? { added: [], updated: [{ before, after: record }], removed: [] } : { added: [record], updated: [], removed: [] });
  }

  /** getData with the data watch armed; undefined when the node is gone or the read failed. */
  private async fetch(name: string): Promise<InstanceRecord | undefined> {
    const path = `${this.path}/${name}`;
    try {
      const { data, stat } = await this.session.getData(path, this.onDataEvent);
      this.unread.delete(name);
      return makeRecord(name, path, data, stat, this.records.get(name));
    } catch (error) {
      if (isZkError(error, 'NO_AUTH')) return this.fetchForbidden(name, path);
      if (isZkError(error, 'NO_NODE')) {
        this.unread.delete(name);
        this.removeInstances([name]);
      } else {
        this.unread.add(name);
        this.reportError(error);
      }
      return undefined;
    }
  }

  /** A node whose ACL forbids reading still shows up, with the reason: its stat needs no permission. */
  private async fetchForbidden(name: string, path: string): Promise<InstanceRecord | undefined> {
    const stat = await this.session.exists(path, this.onDataEvent).catch(() => null);
    this.unread.delete(name);
    if (!stat) return undefined;
    return {
      name,
      path,
      data: null,
      stat,
      decoded: { ok: false, reason: 'no-access', message: 'this session is not allowed to read it (ACL); add credentials to the connection' },
      readAt: Date.now(),
    };
  }

  private removeInstances(names: string[]): void {
    const removed: InstanceRecord[] = [];
    for (const name of names) {
      const record = this.records.get(name);
      if (record) {
        this.records.delete(name);
        removed.push(record);
      }
      this.unread.delete(name);
    }
    if (removed.length > 0) this.emitDelta({ added: [], updated: [], removed });
  }

  private takeAll(): InstanceRecord[] {
    const all = [...this.records.values()];
    this.records.clear();
    this.unread.clear();
    return all;
  }

  private emitDelta(parts: Pick<ServiceDelta, 'added' | 'updated' | 'removed'>): void {
    this.emit('change', { namespace: this.namespace, service: this.service, serviceMissing: this.missing, ...parts });
  }

  private reportError(error: unknown): void {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.logger.debug(`${this.path}: ${failure.message}`);
    if (this.listenerCount('error') > 0) this.emit('error', failure);
  }
}
