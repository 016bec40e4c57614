import type { HeartbeatPatch } from '../../shared/contract.js';
import { lastUpdatedMsOf, toInstanceView, type InstanceView } from '../../shared/model/instance-view.js';
import type { InstanceRecord } from '../engine/registry/instance-record.js';
import { sameJson } from './event-log.js';

/** The UI's view of a record. Never throws: whatever ZooKeeper holds, the host keeps running. */
export function viewOf(record: InstanceRecord): InstanceView {
  try {
    return toInstanceView(record.name, record.path, record.decoded, record.stat);
  } catch (error) {
    // Read as unreadable data rather than lost: the same view any undecodable node gets.
    const message = error instanceof Error ? error.message : String(error);
    return toInstanceView(record.name, record.path, { ok: false, reason: 'invalid-field', message }, record.stat);
  }
}

function sameWarnings(a: readonly { message: string }[], b: readonly { message: string }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.message !== b[i]?.message) return false;
  return true;
}

/**
 * The heartbeat that turns `view` (the view of `before`) into the view of `after`, when the two readings differ
 * in nothing else the view shows: only `lastUpdatedTimeStamp` and the stat's mtime, version and mzxid moved.
 * Undefined when anything else differs (health, nodeData, weight, scheme, address, owner, data length, warnings,
 * readability): then the full view has to be built and sent. Builds no view: this runs for every heartbeat.
 */
export function heartbeatPatch(view: InstanceView, before: InstanceRecord, after: InstanceRecord): HeartbeatPatch | undefined {
  if (!before.decoded.ok || !after.decoded.ok || view.unreadable !== null) return undefined;
  if (before.stat.ephemeralOwner !== after.stat.ephemeralOwner || before.stat.ctime !== after.stat.ctime || before.stat.dataLength !== after.stat.dataLength) return undefined;
  const a = before.decoded.node;
  const b = after.decoded.node;
  if (
    a.healthcheckStatus !== b.healthcheckStatus ||
    a.host !== b.host ||
    a.port !== b.port ||
    a.routingWeight !== b.routingWeight ||
    a.portScheme !== b.portScheme ||
    a.healthySinceTimeStamp !== b.healthySinceTimeStamp ||
    !sameWarnings(before.decoded.warnings, after.decoded.warnings) ||
    !sameJson(a.nodeData, b.nodeData)
  ) {
    return undefined;
  }
  return { name: view.name, lastUpdatedMs: lastUpdatedMsOf(b), mtimeMs: after.stat.mtime, version: after.stat.version };
}
