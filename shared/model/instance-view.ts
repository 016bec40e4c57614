import { isNeverUpdated, isZombie } from './eligibility.js';
import type { DecodeResult, ServiceNode } from './service-node.js';
import { readShardInfo } from './shard-info.js';

/** How an instance looks to a person: served, reporting unhealthy, silent too long, or unreadable data. */
export type InstanceStatus = 'healthy' | 'unhealthy' | 'zombie' | 'unreadable';

export interface StatusCounts {
  healthy: number;
  unhealthy: number;
  zombie: number;
  unreadable: number;
  total: number;
}

/** One instance znode as the UI and CLI show it: JSON-safe, timestamps as numbers (null when never updated). */
export interface InstanceView {
  name: string;
  path: string;
  host: string | null;
  port: number | null;
  environment: string | null;
  region: string | null;
  tags: string[];
  healthcheckStatus: 'healthy' | 'unhealthy' | null;
  lastUpdatedMs: number | null;
  healthySinceMs: number | null;
  routingWeight: number | null;
  portScheme: string | null;
  /** Ephemeral owner session in hex; '0' for a persistent node. */
  owner: string;
  ctimeMs: number;
  mtimeMs: number;
  version: number;
  dataLength: number;
  unreadable: { reason: string; message: string } | null;
  /** What a strict Java reader would reject (unknown fields, upper-case enums...). */
  warnings: string[];
}

export interface InstanceStatInput {
  ephemeralOwner: string;
  ctime: number;
  mtime: number;
  version: number;
  dataLength: number;
}

function safeMs(value: bigint): number | null {
  if (value === 0n) return null;
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : null;
}

/** A decoded node's heartbeat as InstanceView.lastUpdatedMs shows it: null when never updated. */
export function lastUpdatedMsOf(node: ServiceNode): number | null {
  return isNeverUpdated(node) ? null : safeMs(node.lastUpdatedTimeStamp);
}

/** The fields a heartbeat moves: the provider's timestamp and the znode's modification time and version. */
export type HeartbeatFields = Pick<InstanceView, 'lastUpdatedMs' | 'mtimeMs' | 'version'>;

/**
 * `view` with a later heartbeat: a new object, the rest of the view shared. Spelled out rather than spread:
 * this runs for every heartbeat on a view that is itself such a copy, and V8 copies spreads of copies slowly.
 */
export function withHeartbeat(view: InstanceView, heartbeat: HeartbeatFields): InstanceView {
  // In toInstanceView's order, so that views keep one shape.
  return {
    name: view.name,
    path: view.path,
    owner: view.owner,
    ctimeMs: view.ctimeMs,
    mtimeMs: heartbeat.mtimeMs,
    version: heartbeat.version,
    dataLength: view.dataLength,
    host: view.host,
    port: view.port,
    environment: view.environment,
    region: view.region,
    tags: view.tags,
    healthcheckStatus: view.healthcheckStatus,
    lastUpdatedMs: heartbeat.lastUpdatedMs,
    healthySinceMs: view.healthySinceMs,
    routingWeight: view.routingWeight,
    portScheme: view.portScheme,
    unreadable: view.unreadable,
    warnings: view.warnings,
  };
}

export function toInstanceView(name: string, path: string, decoded: DecodeResult, stat: InstanceStatInput): InstanceView {
  const base = {
    name,
    path,
    owner: stat.ephemeralOwner,
    ctimeMs: stat.ctime,
    mtimeMs: stat.mtime,
    version: stat.version,
    dataLength: stat.dataLength,
  };
  if (!decoded.ok) {
    return {
      ...base,
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
      unreadable: { reason: decoded.reason, message: decoded.message },
      warnings: [],
    };
  }
  const { node } = decoded;
  const shard = readShardInfo(node.nodeData);
  return {
    ...base,
    host: node.host,
    port: node.port,
    environment: shard.environment,
    region: shard.region,
    tags: shard.tags ?? [],
    healthcheckStatus: node.healthcheckStatus,
    lastUpdatedMs: lastUpdatedMsOf(node),
    healthySinceMs: safeMs(node.healthySinceTimeStamp),
    routingWeight: node.routingWeight,
    portScheme: node.portScheme,
    unreadable: null,
    warnings: decoded.warnings.map((warning) => warning.message),
  };
}

/** The status at `nowMs`: zombie wins over the reported health, since finders drop zombies either way. */
export function instanceStatus(view: InstanceView, nowMs: number, zombieThresholdMs: number): InstanceStatus {
  return statusAt(Boolean(view.unreadable), view.healthcheckStatus, view.lastUpdatedMs, nowMs, zombieThresholdMs);
}

/** instanceStatus from the only fields it reads, for callers that keep them outside a view. */
export function statusAt(
  unreadable: boolean,
  healthcheckStatus: InstanceView['healthcheckStatus'],
  lastUpdatedMs: number | null,
  nowMs: number,
  zombieThresholdMs: number,
): InstanceStatus {
  if (unreadable) return 'unreadable';
  if (lastUpdatedMs === null || lastUpdatedMs < nowMs - zombieThresholdMs) return 'zombie';
  return healthcheckStatus === 'unhealthy' ? 'unhealthy' : 'healthy';
}

/** The same rule on a decoded node (for callers without views, such as the CLI). */
export function decodedStatus(decoded: DecodeResult, nowMs: number, zombieThresholdMs: number): InstanceStatus {
  if (!decoded.ok) return 'unreadable';
  if (isZombie(decoded.node, nowMs, zombieThresholdMs)) return 'zombie';
  return decoded.node.healthcheckStatus;
}

export function countStatuses(views: Iterable<InstanceView>, nowMs: number, zombieThresholdMs: number): StatusCounts {
  const counts: StatusCounts = { healthy: 0, unhealthy: 0, zombie: 0, unreadable: 0, total: 0 };
  for (const view of views) {
    counts[instanceStatus(view, nowMs, zombieThresholdMs)]++;
    counts.total++;
  }
  return counts;
}

// Re-exported for callers that only need the zombie rule on a decoded node.
export { isZombie };
