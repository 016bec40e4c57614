import { LONG_MIN_VALUE, type ServiceNode } from './service-node.js';

/** Java and Python finders both drop nodes whose heartbeat is older than this. */
export const DEFAULT_ZOMBIE_THRESHOLD_MS = 60_000;

/** A node is served when it is healthy and its heartbeat is within the zombie threshold. */
export function isEligible(node: ServiceNode, nowMs: number, zombieThresholdMs = DEFAULT_ZOMBIE_THRESHOLD_MS): boolean {
  return node.healthcheckStatus === 'healthy' && node.lastUpdatedTimeStamp >= BigInt(Math.floor(nowMs - zombieThresholdMs));
}

export function isZombie(node: ServiceNode, nowMs: number, zombieThresholdMs = DEFAULT_ZOMBIE_THRESHOLD_MS): boolean {
  return node.lastUpdatedTimeStamp < BigInt(Math.floor(nowMs - zombieThresholdMs));
}

/** True for Long.MIN_VALUE or 0: the provider never completed a health check. */
export function isNeverUpdated(node: ServiceNode): boolean {
  return node.lastUpdatedTimeStamp === LONG_MIN_VALUE || node.lastUpdatedTimeStamp === 0n;
}

/** Milliseconds since the last heartbeat (negative when it is in the future), or null when never updated. */
export function heartbeatAgeMs(node: ServiceNode, nowMs: number): number | null {
  if (isNeverUpdated(node)) return null;
  return nowMs - Number(node.lastUpdatedTimeStamp);
}
