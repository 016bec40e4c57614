import { decodeServiceNode, type DecodeResult } from '../../../shared/model/service-node.js';
import type { NodeStat } from '../zk/stat.js';

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

export function makeRecord(name: string, path: string, data: Buffer | null, stat: NodeStat): InstanceRecord {
  return { name, path, data, stat, decoded: decodeServiceNode(data), readAt: Date.now() };
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
