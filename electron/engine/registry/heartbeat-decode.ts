import { decodeServiceNode, LONG_MAX_VALUE, LONG_MIN_VALUE, type DecodeResult, type ServiceNode } from '../../../shared/model/service-node.js';

/**
 * A provider's heartbeat rewrites its node with nothing changed but the digits of `lastUpdatedTimeStamp`, once a
 * second, and every one costs the reader a getData and a decode. When the new bytes differ from the previous
 * reading only there, the previous decode is reused with the new timestamp instead of parsing the JSON again:
 * the result is what decodeServiceNode would return (test/unit/heartbeat-decode.test.ts compares them).
 *
 * The shortcut is taken only when it is certain: the previous reading decoded, its text holds no backslash (so
 * no escaped key can hide a second `lastUpdatedTimeStamp`), the key occurs exactly once and at the top level,
 * both values are plain JSON integers inside int64, and every byte before and after the value is the same.
 */
const KEY = Buffer.from('"lastUpdatedTimeStamp":');
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** Bytes that may follow a number in a JSON object. */
function endsNumber(byte: number | undefined): boolean {
  return byte === 0x2c /* , */ || byte === 0x7d /* } */ || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Where the JSON integer starting at `start` ends, or -1 if there is none (leading zeros are not JSON). */
function integerEnd(data: Buffer, start: number): number {
  let index = start;
  if (data[index] === MINUS) index++;
  const first = index;
  while (index < data.length && (data[index] ?? 0) >= ZERO && (data[index] ?? 0) <= NINE) index++;
  const digits = index - first;
  if (digits === 0 || (digits > 1 && data[first] === ZERO)) return -1;
  return endsNumber(data[index]) ? index : -1;
}

/** True when `position` lies directly inside the top-level object, outside any string (text without escapes). */
function atTopLevel(data: Buffer, position: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < position; index++) {
    const byte = data[index];
    if (byte === QUOTE) inString = !inString;
    else if (inString) continue;
    else if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) depth++;
    else if (byte === 0x7d /* } */ || byte === 0x5d /* ] */) depth--;
  }
  return depth === 1 && !inString;
}

/** The new timestamp when `next` is `previous` with only the lastUpdatedTimeStamp digits changed, else undefined. */
export function heartbeatOnlyTimestamp(previous: Buffer, next: Buffer): bigint | undefined {
  const key = previous.indexOf(KEY);
  if (key < 0 || previous.indexOf(KEY, key + KEY.length) >= 0 || previous.indexOf(BACKSLASH) >= 0) return undefined;
  const start = key + KEY.length;
  if (next.length < start || previous.compare(next, 0, start, 0, start) !== 0) return undefined;
  const previousEnd = integerEnd(previous, start);
  const nextEnd = integerEnd(next, start);
  if (previousEnd < 0 || nextEnd < 0) return undefined;
  const rest = previous.length - previousEnd;
  if (next.length - nextEnd !== rest || previous.compare(next, nextEnd, next.length, previousEnd, previous.length) !== 0) return undefined;
  if (!atTopLevel(previous, key)) return undefined;
  const value = BigInt(next.toString('latin1', start, nextEnd));
  return value < LONG_MIN_VALUE || value > LONG_MAX_VALUE ? undefined : value;
}

/**
 * decodeServiceNode(data), reusing `previous` (the decode of `previousData`) when the new data is a heartbeat of
 * it. The node is a new object; its nodeData and the warnings are shared with the previous reading's.
 */
export function decodeWithPrevious(data: Buffer | null, previousData: Buffer | null, previous: DecodeResult | undefined): DecodeResult {
  if (data !== null && previousData !== null && previous?.ok) {
    const timestamp = heartbeatOnlyTimestamp(previousData, data);
    if (timestamp !== undefined) {
      const node = previous.node;
      // Spelled out in decodeServiceNode's field order (not a spread, which is slower for a copy of a copy).
      const next: ServiceNode = {
        host: node.host,
        port: node.port,
        routingWeight: node.routingWeight,
        nodeData: node.nodeData,
        healthcheckStatus: node.healthcheckStatus,
        lastUpdatedTimeStamp: timestamp,
        healthySinceTimeStamp: node.healthySinceTimeStamp,
        portScheme: node.portScheme,
      };
      return { ok: true, node: next, warnings: previous.warnings };
    }
  }
  return decodeServiceNode(data);
}
