/** Turns the finder's raw deltas (and the passing of time) into watch events. No I/O: unit-testable. */
import type { InstanceRecord, ServiceDelta } from '../../engine/registry/instance-record.js';
import { instanceStatus, type InstanceStatus } from '../registry/instance-status.js';
import { classifyUpdate } from './classify-change.js';
import { instanceEvent, type InstanceEvent } from './watch-event.js';

interface Tracked {
  record: InstanceRecord;
  status: InstanceStatus;
}

export class InstanceTracker {
  private readonly tracked = new Map<string, Tracked>();

  constructor(private readonly namespace: string) {}

  get size(): number {
    return this.tracked.size;
  }

  /** Events for one delta; `initial` marks what was already there when the watch started. */
  apply(delta: ServiceDelta, now: Date, initial: boolean): InstanceEvent[] {
    const events: InstanceEvent[] = [];
    const base = { namespace: this.namespace, service: delta.service, now };
    const key = (record: InstanceRecord): string => `${delta.service}/${record.name}`;
    for (const record of delta.removed) {
      const last = this.tracked.get(key(record));
      this.tracked.delete(key(record));
      events.push(instanceEvent('removed', record, last?.status ?? instanceStatus(record.decoded, now.getTime()), base));
    }
    for (const record of delta.added) {
      const status = instanceStatus(record.decoded, now.getTime());
      this.tracked.set(key(record), { record, status });
      events.push(instanceEvent(initial ? 'present' : 'added', record, status, base));
    }
    for (const { before, after } of delta.updated) {
      const status = instanceStatus(after.decoded, now.getTime());
      const previous = this.tracked.get(key(after))?.status ?? instanceStatus(before.decoded, now.getTime());
      this.tracked.set(key(after), { record: after, status });
      const { kind, changed } = classifyUpdate(before, after, previous, status);
      events.push(instanceEvent(kind, after, status, { ...base, changed, ...(kind === 'health' ? { previousStatus: previous } : {}) }));
    }
    return events;
  }

  /** Heartbeats age without any ZooKeeper event: reports instances that turned zombie since last looked. */
  sweep(now: Date): InstanceEvent[] {
    const events: InstanceEvent[] = [];
    for (const [key, entry] of this.tracked) {
      const status = instanceStatus(entry.record.decoded, now.getTime());
      if (status === entry.status) continue;
      const service = key.slice(0, key.indexOf('/'));
      events.push(instanceEvent('health', entry.record, status, { namespace: this.namespace, service, now, previousStatus: entry.status, changed: [] }));
      entry.status = status;
    }
    return events;
  }
}
