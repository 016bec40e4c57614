/** One line of `rangerctl watch`, as JSON (one object per line) or as text. */
import type { InstanceRecord } from '../../engine/registry/instance-record.js';
import { readShardInfo } from '../../../shared/model/shard-info.js';
import { serviceNodeJson, type ServiceNodeJson } from '../registry/instance-json.js';
import { ownerText, type InstanceStatus } from '../registry/instance-status.js';
import { statusColor, type Colors } from '../shared/colors.js';
import { dash } from '../shared/format.js';

/** `present`: there when the watch started; the others happened while watching. */
export type InstanceEventKind = 'present' | 'added' | 'removed' | 'health' | 'data' | 'heartbeat';

export interface InstanceEvent {
  time: string;
  event: InstanceEventKind;
  namespace: string;
  service: string;
  instance: string;
  status: InstanceStatus;
  /** For `health`: the status before. */
  previousStatus?: InstanceStatus;
  /** For `health` and `data`: the fields that changed. */
  changed?: string[];
  owner: string | null;
  /** The node as now published (as last seen, for `removed`); null when unreadable. */
  node: ServiceNodeJson | null;
}

/** Printed once the current registry has been listed: every later line is a change. */
export interface SyncedEvent {
  time: string;
  event: 'synced';
  namespace: string;
  service?: string;
  instances: number;
}

export function instanceEvent(
  kind: InstanceEventKind,
  record: InstanceRecord,
  status: InstanceStatus,
  extra: { previousStatus?: InstanceStatus; changed?: string[]; namespace: string; service: string; now: Date },
): InstanceEvent {
  return {
    time: extra.now.toISOString(),
    event: kind,
    namespace: extra.namespace,
    service: extra.service,
    instance: record.name,
    status,
    ...(extra.previousStatus === undefined ? {} : { previousStatus: extra.previousStatus }),
    ...(extra.changed === undefined ? {} : { changed: extra.changed }),
    owner: ownerText(record.stat.ephemeralOwner),
    node: record.decoded.ok ? serviceNodeJson(record.decoded.node) : null,
  };
}

function shardText(event: InstanceEvent): string {
  if (!event.node) return 'unreadable data';
  const shard = readShardInfo(event.node.nodeData);
  return `env=${dash(shard.environment)} region=${dash(shard.region)} tags=${dash(shard.tags?.join(','))}`;
}

export function eventText(event: InstanceEvent, colors: Colors): string {
  const status = statusColor(colors, event.status)(event.status);
  const where = `${event.namespace}/${event.service}/${event.instance}`;
  let detail: string;
  switch (event.event) {
    case 'present':
    case 'added':
      detail = `${status}  ${shardText(event)}  owner=${event.owner ?? 'persistent'}`;
      break;
    case 'removed':
      detail = colors.dim(`was ${event.status}`);
      break;
    case 'health': {
      const previous = event.previousStatus ?? event.status;
      detail = `${statusColor(colors, previous)(previous)} -> ${status}`;
      break;
    }
    case 'data':
      detail = `changed ${(event.changed ?? []).join(', ')}`;
      break;
    case 'heartbeat':
      detail = colors.dim(`lastUpdatedTimeStamp ${event.node?.lastUpdatedTimeStamp ?? '-'}`);
      break;
  }
  return `${colors.dim(event.time)}  ${event.event.padEnd(9)} ${where}  ${detail}`;
}
