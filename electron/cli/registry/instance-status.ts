import type { InstanceRecord } from '../../engine/registry/instance-record.js';
import { DEFAULT_ZOMBIE_THRESHOLD_MS } from '../../../shared/model/eligibility.js';
import { decodedStatus, type InstanceStatus, type StatusCounts } from '../../../shared/model/instance-view.js';
import type { DecodeResult } from '../../../shared/model/service-node.js';

export type { InstanceStatus, StatusCounts };
export const INSTANCE_STATUSES: readonly InstanceStatus[] = ['healthy', 'unhealthy', 'zombie', 'unreadable'];

/**
 * What a finder makes of an instance. The four are disjoint: a stale heartbeat is a zombie whatever the status
 * says, so healthy means eligible.
 */
export function instanceStatus(decoded: DecodeResult, nowMs: number, zombieThresholdMs = DEFAULT_ZOMBIE_THRESHOLD_MS): InstanceStatus {
  return decodedStatus(decoded, nowMs, zombieThresholdMs);
}

export function countStatuses(records: readonly InstanceRecord[], nowMs: number): StatusCounts {
  const counts: StatusCounts = { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: records.length };
  for (const record of records) counts[instanceStatus(record.decoded, nowMs)]++;
  return counts;
}

/** ZooKeeper's ephemeralOwner as people write it (0x...), or null for a persistent node. */
export function ownerText(ephemeralOwner: string): string | null {
  return ephemeralOwner === '0' ? null : `0x${ephemeralOwner}`;
}
