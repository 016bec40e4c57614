import { parse as parseLossless, stringify as stringifyLossless } from 'lossless-json';
import type { NodeDetail, NodeStatView } from '../../shared/contract.js';
import { HELPER_TREES } from '../../shared/model/names.js';
import type { NodeStat } from '../engine/zk/stat.js';
import { viewOf } from './instance-views.js';
import { makeRecord } from '../engine/registry/instance-record.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The data as text when it is valid UTF-8 without binary control characters; null otherwise. */
export function asText(data: Buffer): string | null {
  let text: string;
  try {
    text = utf8.decode(data);
  } catch {
    return null;
  }
  // Tabs and line breaks are text; other C0 controls mean binary data.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return null;
  }
  return text;
}

/** Indented JSON that keeps int64 numbers exact (a plain JSON.parse would round Long.MIN_VALUE). */
export function prettyJson(text: string | null): string | null {
  if (text === null || text.trim() === '') return null;
  try {
    return stringifyLossless(parseLossless(text), undefined, 2) ?? null;
  } catch {
    return null;
  }
}

/** Is this an instance znode, /<namespace>/<service>/<child>, outside ZooKeeper's own tree and helper trees? */
export function isInstancePath(path: string): boolean {
  const segments = path.split('/').filter(Boolean);
  return segments.length === 3 && segments[0] !== 'zookeeper' && !HELPER_TREES.has(segments[1] ?? '');
}

export function statView(stat: NodeStat): NodeStatView {
  return { ...stat };
}

export function nodeDetail(path: string, data: Buffer | null, stat: NodeStat): NodeDetail {
  const bytes = data ?? Buffer.alloc(0);
  const text = asText(bytes);
  const name = path.slice(path.lastIndexOf('/') + 1);
  return {
    path,
    exists: true,
    stat: statView(stat),
    text,
    base64: bytes.toString('base64'),
    prettyJson: prettyJson(text),
    instance: isInstancePath(path) ? viewOf(makeRecord(name, path, data, stat)) : null,
  };
}

export function missingNode(path: string): NodeDetail {
  return { path, exists: false, stat: null, text: null, base64: '', prettyJson: null, instance: null };
}
