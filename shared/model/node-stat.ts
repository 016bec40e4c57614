/** A ZooKeeper Stat with int64 fields as plain values: zxids and session ids in hex, times in epoch ms. */
export interface NodeStat {
  czxid: string;
  mzxid: string;
  pzxid: string;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  /** Session id of the owner in hex, '0' for a persistent node. */
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}
