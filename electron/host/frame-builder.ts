import type { LogEntry } from '../../shared/contract.js';
import type { InstanceView } from '../../shared/model/instance-view.js';

type Pending = { kind: 'upsert'; view: InstanceView; addedInFrame: boolean } | { kind: 'removed' };

/** What one frame carries, before the service summaries are computed at flush time. */
export interface FrameContent {
  touchedServices: string[];
  removedServices: string[];
  instances: { service: string; upserts: InstanceView[]; removed: string[] }[];
  log: LogEntry[];
}

/**
 * Accumulates registry changes between two frames. The latest upsert of an instance wins; an instance added
 * and removed inside one frame never shows up at all; a removed then re-added instance is an upsert.
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

  addLog(entries: LogEntry[]): void {
    for (const entry of entries) this.log.push(entry);
  }

  /** Returns the accumulated content and starts the next frame empty. */
  take(): FrameContent {
    const instances: FrameContent['instances'] = [];
    for (const [service, entries] of this.instances) {
      const upserts: InstanceView[] = [];
      const removed: string[] = [];
      for (const [name, pending] of entries) {
        if (pending.kind === 'upsert') upserts.push(pending.view);
        else removed.push(name);
      }
      if (upserts.length > 0 || removed.length > 0) instances.push({ service, upserts, removed });
    }
    const content = { touchedServices: [...this.touched], removedServices: [...this.removedServices], instances, log: this.log };
    this.touched.clear();
    this.removedServices.clear();
    this.instances.clear();
    this.log = [];
    return content;
  }
}
