/** Decides what an update of an instance means to a person watching: health, data, or only a heartbeat. */
import type { InstanceRecord } from '../../engine/registry/instance-record.js';
import type { ServiceNode } from '../../../shared/model/service-node.js';
import type { InstanceStatus } from '../registry/instance-status.js';

export type UpdateKind = 'health' | 'data' | 'heartbeat';

export interface UpdateClass {
  kind: UpdateKind;
  /** Fields that differ, besides the heartbeat timestamp (`owner` when another session now owns the node). */
  changed: string[];
}

const COMPARED: readonly (keyof ServiceNode)[] = ['host', 'port', 'routingWeight', 'nodeData', 'healthcheckStatus', 'healthySinceTimeStamp', 'portScheme'];

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'bigint' || typeof b === 'bigint') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

function changedFields(before: InstanceRecord, after: InstanceRecord): string[] {
  const changed: string[] = [];
  if (before.decoded.ok && after.decoded.ok) {
    const [from, to] = [before.decoded.node, after.decoded.node];
    for (const field of COMPARED) if (!same(from[field], to[field])) changed.push(field);
  } else if (!(before.data ?? Buffer.alloc(0)).equals(after.data ?? Buffer.alloc(0))) {
    changed.push('data');
  }
  if (before.stat.ephemeralOwner !== after.stat.ephemeralOwner) changed.push('owner');
  return changed;
}

/**
 * `previous` is the status last shown (it may be `zombie` from the age sweep), `current` the status now. A status
 * change is a health change; otherwise any field but lastUpdatedTimeStamp is a data change; else a heartbeat.
 */
export function classifyUpdate(before: InstanceRecord, after: InstanceRecord, previous: InstanceStatus, current: InstanceStatus): UpdateClass {
  const changed = changedFields(before, after);
  if (previous !== current) return { kind: 'health', changed };
  return { kind: changed.length > 0 ? 'data' : 'heartbeat', changed };
}
