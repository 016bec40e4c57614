import type { HeartbeatPatch, InstanceChanges, RegistryFrame, ServiceSummary } from '../../shared/contract.js';
import { withHeartbeat, type InstanceView } from '../../shared/model/instance-view.js';

/** A merged frame keeps at most this many log entries (the newest). */
export const MERGED_LOG_LIMIT = 1000;

/** The latest change of one instance: a full view, a removal (null), or a heartbeat patch. */
type Change = InstanceView | null | { patch: HeartbeatPatch };

function isPatch(change: Change | undefined): change is { patch: HeartbeatPatch } {
  return change !== undefined && change !== null && 'patch' in change;
}

function fold(byName: Map<string, Change>, entry: InstanceChanges): void {
  for (const view of entry.upserts) byName.set(view.name, view);
  for (const name of entry.removed) byName.set(name, null);
  for (const patch of entry.heartbeats ?? []) {
    const previous = byName.get(patch.name);
    if (previous === undefined || isPatch(previous)) byName.set(patch.name, { patch });
    else if (previous !== null) byName.set(patch.name, withHeartbeat(previous, patch));
    // After a removal a heartbeat cannot apply (the receiver no longer holds the instance).
  }
}

/**
 * Folds a later frame of the same connection and namespace into an earlier one, for a transport that has to
 * hold frames back (a slow socket): the result says what both said, latest state winning. A heartbeat on top of
 * an earlier upsert becomes part of that upsert.
 */
export function mergeFrames(earlier: RegistryFrame, later: RegistryFrame): RegistryFrame {
  const summaries = new Map<string, ServiceSummary>(earlier.services.map((summary) => [summary.service, summary]));
  const removedServices = new Set(earlier.removedServices);
  const instances = new Map<string, Map<string, Change>>();
  for (const entry of earlier.instances) {
    const byName = new Map<string, Change>();
    fold(byName, entry);
    instances.set(entry.service, byName);
  }
  for (const service of later.removedServices) {
    summaries.delete(service);
    instances.delete(service);
    removedServices.add(service);
  }
  for (const summary of later.services) {
    removedServices.delete(summary.service);
    summaries.set(summary.service, summary);
  }
  for (const entry of later.instances) {
    let byName = instances.get(entry.service);
    if (!byName) {
      byName = new Map();
      instances.set(entry.service, byName);
    }
    fold(byName, entry);
  }
  const log = [...earlier.log, ...later.log];
  return {
    connectionId: later.connectionId,
    namespace: later.namespace,
    at: later.at,
    services: [...summaries.values()],
    removedServices: [...removedServices],
    instances: [...instances].map(([service, byName]) => {
      const upserts: InstanceView[] = [];
      const removed: string[] = [];
      const heartbeats: HeartbeatPatch[] = [];
      for (const [name, change] of byName) {
        if (change === null) removed.push(name);
        else if (isPatch(change)) heartbeats.push(change.patch);
        else upserts.push(change);
      }
      return heartbeats.length > 0 ? { service, upserts, removed, heartbeats } : { service, upserts, removed };
    }),
    log: log.length > MERGED_LOG_LIMIT ? log.slice(log.length - MERGED_LOG_LIMIT) : log,
  };
}
