import type { Stat } from 'node-zookeeper-client';
import type { NodeStat } from '../../../shared/model/node-stat.js';

export type { NodeStat };

function int64(buffer: unknown): bigint {
  return Buffer.isBuffer(buffer) && buffer.length === 8 ? buffer.readBigInt64BE(0) : 0n;
}

export function sessionIdHex(id: Buffer | bigint): string {
  const value = typeof id === 'bigint' ? id : int64(id);
  return BigInt.asUintN(64, value).toString(16);
}

export function toNodeStat(stat: Stat): NodeStat {
  return {
    czxid: sessionIdHex(int64(stat.czxid)),
    mzxid: sessionIdHex(int64(stat.mzxid)),
    pzxid: sessionIdHex(int64(stat.pzxid)),
    ctime: Number(int64(stat.ctime)),
    mtime: Number(int64(stat.mtime)),
    version: stat.version,
    cversion: stat.cversion,
    aversion: stat.aversion,
    ephemeralOwner: sessionIdHex(int64(stat.ephemeralOwner)),
    dataLength: stat.dataLength,
    numChildren: stat.numChildren,
  };
}
