import { decodeServiceNode, type DecodeResult } from '../../../shared/model/service-node.js';
import type { NodeStat } from '../zk/stat.js';
import { decodeWithPrevious } from './heartbeat-decode.js';

/** One child of a service znode as last read: its raw bytes, stat, and what the codec made of them. */
export interface InstanceRecord {
  /** The znode name, normally host:port. */
  name: string;
  path: string;
  data: Buffer | null;
  stat: NodeStat;
  decoded: DecodeResult;
  /** When this process last read it, epoch ms. */
  readAt: number;
}

/**
 * A reading of an instance node. With `previous` (the last reading of the same node), a heartbeat (the same
 * bytes but for lastUpdatedTimeStamp's digits) reuses its decode instead of parsing the JSON again.
 */
export function makeRecord(name: string, path: string, data: Buffer | null, stat: NodeStat, previous?: InstanceRecord): InstanceRecord {
  const decoded = previous ? decodeWithPrevious(data, previous.data, previous.decoded) : decodeServiceNode(data);
  return { name, path, data, stat, decoded, readAt: Date.now() };
}

/** What changed in one service between two moments. */
export interface ServiceDelta {
  namespace: string;
  service: string;
  added: InstanceRecord[];
  updated: { before: InstanceRecord; after: InstanceRecord }[];
  removed: InstanceRecord[];
  /** True when the service znode itself is gone (or not there yet). */
  serviceMissing: boolean;
}
