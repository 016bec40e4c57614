import type { HeartbeatPatch, InstanceChanges, LogEntry } from '../../shared/contract.js';
import { withHeartbeat, type InstanceView } from '../../shared/model/instance-view.js';

type Pending = { kind: 'upsert'; view: InstanceView; addedInFrame: boolean } | { kind: 'removed' } | { kind: 'heartbeat'; patch: HeartbeatPatch };

/** What one frame carries, before the service summaries are computed at flush time. */
export interface FrameContent {
  touchedServices: string[];
  removedServices: string[];
  instances: InstanceChanges[];
  log: LogEntry[];
}

/**
 * Accumulates registry changes between two frames. The latest upsert of an instance wins; an instance added
 * and removed inside one frame never shows up at all; a removed then re-added instance is an upsert; a
 * heartbeat after an upsert in the same frame is folded into the upsert, and the latest heartbeat wins.
 */
export class FrameBuilder {
  private readonly touched = new Set<string>();
  private readonly removedServices = new Set<string>();
  private readonly instances = new Map<string, Map<string, Pending>>();
  private log: LogEntry[] = [];

  get isEmpty(): boolean {
    return this.touched.size === 0 && this.removedServices.size === 0 && this.instances.size === 0 && this.log.length === 0;
  }

  private serviceEntries(service: string): Map<string, Pending> {
    let entries = this.instances.get(service);
    if (!entries) {
      entries = new Map();
      this.instances.set(service, entries);
    }
    return entries;
  }

  /** `isNew`: the instance was not in the registry as last sent (an addition rather than an update). */
  upsert(service: string, view: InstanceView, isNew: boolean): void {
    this.touchService(service);
    const entries = this.serviceEntries(service);
    const previous = entries.get(view.name);
    const addedInFrame = previous?.kind === 'upsert' ? previous.addedInFrame : isNew && previous === undefined;
    entries.set(view.name, { kind: 'upsert', view, addedInFrame });
  }

  /**
   * A heartbeat-only change of an instance the receivers already hold (sent in a snapshot or an earlier
   * upsert). It does not touch the service: its counts did not change.
   */
  heartbeat(service: string, patch: HeartbeatPatch): void {
    const entries = this.serviceEntries(service);
    const previous = entries.get(patch.name);
    if (previous?.kind === 'upsert') {
      entries.set(patch.name, { kind: 'upsert', view: withHeartbeat(previous.view, patch), addedInFrame: previous.addedInFrame });
    } else if (previous?.kind === 'heartbeat') {
      previous.patch = patch;
    } else if (previous === undefined) {
      entries.set(patch.name, { kind: 'heartbeat', patch });
    }
    // After a removal in this frame the instance is gone for the receivers: a heartbeat cannot bring it back
    // (only an upsert can, and the feed sends one when it reappears).
  }

  remove(service: string, name: string): void {
    this.touchService(service);
    const entries = this.serviceEntries(service);
    const previous = entries.get(name);
    if (previous?.kind === 'upsert' && previous.addedInFrame) entries.delete(name);
    else entries.set(name, { kind: 'removed' });
  }

  touchService(service: string): void {
    this.removedServices.delete(service);
    this.touched.add(service);
  }

  removeService(service: string): void {
    this.touched.delete(service);
    this.instances.delete(service);
    this.removedServices.add(service);
  }

  addLog(entries: readonly LogEntry[]): void {
    for (const entry of entries) this.log.push(entry);
  }

  addLogEntry(entry: LogEntry): void {
    this.log.push(entry);
  }

  /** Returns the accumulated content and starts the next frame empty. */
  take(): FrameContent {
    const instances: InstanceChanges[] = [];
    for (const [service, entries] of this.instances) {
      const upserts: InstanceView[] = [];
      const removed: string[] = [];
      const heartbeats: HeartbeatPatch[] = [];
      for (const [name, pending] of entries) {
        if (pending.kind === 'upsert') upserts.push(pending.view);
        else if (pending.kind === 'heartbeat') heartbeats.push(pending.patch);
        else removed.push(name);
      }
      if (heartbeats.length > 0) instances.push({ service, upserts, removed, heartbeats });
      else if (upserts.length > 0 || removed.length > 0) instances.push({ service, upserts, removed });
    }
    const content = { touchedServices: [...this.touched], removedServices: [...this.removedServices], instances, log: this.log };
    this.touched.clear();
    this.removedServices.clear();
    this.instances.clear();
    this.log = [];
    return content;
  }
}
