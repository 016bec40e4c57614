import type { LogEntry } from '../../shared/contract.js';
import type { InstanceStatus } from '../../shared/model/instance-view.js';
import type { JsonValue } from '../../shared/model/json.js';
import type { InstanceRecord } from '../engine/registry/instance-record.js';

/** Past this many entries of one kind in one change, the log says "N instances added" instead of listing them. */
export const LOG_DETAIL_LIMIT = 20;

function describeRecord(record: InstanceRecord): string {
  if (!record.decoded.ok) return `unreadable (${record.decoded.reason})`;
  const { node } = record.decoded;
  return node.healthcheckStatus;
}

/** Log entries for instances added or removed, summarised when there are many at once. */
export function membershipEntries(
  base: { at: number; namespace: string; service: string },
  kind: 'instance-added' | 'instance-removed',
  records: readonly InstanceRecord[],
): LogEntry[] {
  if (records.length === 0) return [];
  const verb = kind === 'instance-added' ? 'added' : 'removed';
  if (records.length > LOG_DETAIL_LIMIT) {
    return [{ ...base, instance: null, kind, detail: `${records.length} instances ${verb}` }];
  }
  return records.map((record) => ({
    ...base,
    instance: record.name,
    kind,
    detail: kind === 'instance-added' ? `added, ${describeRecord(record)}` : 'removed',
  }));
}

export function healthEntry(base: { at: number; namespace: string; service: string }, instance: string, from: InstanceStatus, to: InstanceStatus, why?: string): LogEntry {
  return { ...base, instance, kind: 'health-changed', detail: `${from} → ${to}${why ? ` (${why})` : ''}` };
}

/**
 * True when the new reading differs from the old one in more than the heartbeat: the UI shows heartbeats as an
 * age, so they produce no log entry. Health is compared separately (a status change is its own entry).
 */
export function dataChanged(before: InstanceRecord, after: InstanceRecord): boolean {
  if (!before.decoded.ok || !after.decoded.ok) {
    if (before.decoded.ok !== after.decoded.ok) return false; // a status change, logged as such
    return !sameBytes(before.data, after.data);
  }
  const a = before.decoded.node;
  const b = after.decoded.node;
  return (
    a.host !== b.host ||
    a.port !== b.port ||
    a.routingWeight !== b.routingWeight ||
    a.portScheme !== b.portScheme ||
    !sameJson(a.nodeData, b.nodeData)
  );
}

/** Deep equality of JSON values without serialising them: this runs for every heartbeat. */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] as JsonValue, b[i] as JsonValue)) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key) || !sameJson(a[key] as JsonValue, b[key] as JsonValue)) return false;
  }
  return true;
}

function sameBytes(a: Buffer | null, b: Buffer | null): boolean {
  if (a === null || b === null) return a === b;
  return a.equals(b);
}

/** What changed between two readings, for the detail of a data-changed entry. */
export function describeDataChange(before: InstanceRecord, after: InstanceRecord): string {
  if (!before.decoded.ok || !after.decoded.ok) return `data changed (${before.stat.dataLength} → ${after.stat.dataLength} bytes)`;
  const a = before.decoded.node;
  const b = after.decoded.node;
  const changes: string[] = [];
  if (a.host !== b.host || a.port !== b.port) changes.push(`address ${a.host}:${a.port} → ${b.host}:${b.port}`);
  if (a.routingWeight !== b.routingWeight) changes.push(`routingWeight ${a.routingWeight} → ${b.routingWeight}`);
  if (a.portScheme !== b.portScheme) changes.push(`portScheme ${String(a.portScheme)} → ${String(b.portScheme)}`);
  if (!sameJson(a.nodeData, b.nodeData)) changes.push('nodeData changed');
  return changes.join(', ');
}
