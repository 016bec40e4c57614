/** The JSON form of an instance, shared by `ls --json` and `watch --json`. int64 fields are decimal strings. */
import type { InstanceRecord } from '../../engine/registry/instance-record.js';
import type { NodeStat } from '../../engine/zk/stat.js';
import { heartbeatAgeMs } from '../../../shared/model/eligibility.js';
import type { JsonValue } from '../../../shared/model/json.js';
import type { DialectWarning, ServiceNode } from '../../../shared/model/service-node.js';
import { instanceStatus, ownerText, type InstanceStatus } from './instance-status.js';

export interface ServiceNodeJson {
  host: string;
  port: number;
  routingWeight: number;
  nodeData: JsonValue;
  healthcheckStatus: string;
  lastUpdatedTimeStamp: string;
  healthySinceTimeStamp: string;
  portScheme: string | null;
}

export interface InstanceJson {
  name: string;
  path: string;
  status: InstanceStatus;
  /** ms since the last heartbeat; null when the node was never updated or cannot be read. */
  heartbeatAgeMs: number | null;
  /** Session that owns the ephemeral node, 0x...; null for a persistent node. */
  owner: string | null;
  node: ServiceNodeJson | null;
  unreadable: { reason: string; message: string } | null;
  warnings: DialectWarning[];
  /** The znode's data as text, exactly as stored (null when empty or not UTF-8). */
  data: string | null;
  stat: NodeStat;
}

export function serviceNodeJson(node: ServiceNode): ServiceNodeJson {
  return {
    ...node,
    lastUpdatedTimeStamp: node.lastUpdatedTimeStamp.toString(),
    healthySinceTimeStamp: node.healthySinceTimeStamp.toString(),
  };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function dataText(data: Buffer | null): string | null {
  if (!data || data.length === 0) return null;
  try {
    return utf8.decode(data);
  } catch {
    return null;
  }
}

export function instanceJson(record: InstanceRecord, nowMs: number): InstanceJson {
  const { decoded } = record;
  return {
    name: record.name,
    path: record.path,
    status: instanceStatus(decoded, nowMs),
    heartbeatAgeMs: decoded.ok ? heartbeatAgeMs(decoded.node, nowMs) : null,
    owner: ownerText(record.stat.ephemeralOwner),
    node: decoded.ok ? serviceNodeJson(decoded.node) : null,
    unreadable: decoded.ok ? null : { reason: decoded.reason, message: decoded.message },
    warnings: decoded.ok ? decoded.warnings : [],
    data: dataText(record.data),
    stat: record.stat,
  };
}
