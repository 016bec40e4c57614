import type { RegistryFrame, ServiceSummary } from '../../shared/contract.js';
import type { InstanceView } from '../../shared/model/instance-view.js';

/** A merged frame keeps at most this many log entries (the newest). */
export const MERGED_LOG_LIMIT = 1000;

/**
 * Folds a later frame of the same connection and namespace into an earlier one, for a transport that has to
 * hold frames back (a slow socket): the result says what both said, latest state winning.
 */
export function mergeFrames(earlier: RegistryFrame, later: RegistryFrame): RegistryFrame {
  const summaries = new Map<string, ServiceSummary>(earlier.services.map((summary) => [summary.service, summary]));
  const removedServices = new Set(earlier.removedServices);
  const instances = new Map<string, Map<string, InstanceView | null>>();
  for (const entry of earlier.instances) {
    const byName = new Map<string, InstanceView | null>();
    for (const view of entry.upserts) byName.set(view.name, view);
    for (const name of entry.removed) byName.set(name, null);
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
    for (const view of entry.upserts) byName.set(view.name, view);
    for (const name of entry.removed) byName.set(name, null);
  }
  const log = [...earlier.log, ...later.log];
  return {
    connectionId: later.connectionId,
    namespace: later.namespace,
    at: later.at,
    services: [...summaries.values()],
    removedServices: [...removedServices],
    instances: [...instances].map(([service, byName]) => ({
      service,
      upserts: [...byName.values()].filter((view): view is InstanceView => view !== null),
      removed: [...byName].filter(([, view]) => view === null).map(([name]) => name),
    })),
    log: log.length > MERGED_LOG_LIMIT ? log.slice(log.length - MERGED_LOG_LIMIT) : log,
  };
}
