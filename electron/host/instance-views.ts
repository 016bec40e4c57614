import { toInstanceView, type InstanceView } from '../../shared/model/instance-view.js';
import type { InstanceRecord } from '../engine/registry/instance-record.js';

/** The UI's view of a record. Never throws: whatever ZooKeeper holds, the host keeps running. */
export function viewOf(record: InstanceRecord): InstanceView {
  try {
    return toInstanceView(record.name, record.path, record.decoded, record.stat);
  } catch (error) {
    return {
      name: record.name,
      path: record.path,
      host: null,
      port: null,
      environment: null,
      region: null,
      tags: [],
      healthcheckStatus: null,
      lastUpdatedMs: null,
      healthySinceMs: null,
      routingWeight: null,
      portScheme: null,
      owner: record.stat.ephemeralOwner,
      ctimeMs: record.stat.ctime,
      mtimeMs: record.stat.mtime,
      version: record.stat.version,
      dataLength: record.stat.dataLength,
      unreadable: { reason: 'invalid-field', message: error instanceof Error ? error.message : String(error) },
      warnings: [],
    };
  }
}
