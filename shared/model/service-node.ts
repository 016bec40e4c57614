/**
 * The ServiceNode codec: reads the Java and Python dialects leniently and writes Java's exact bytes.
 * int64 timestamps are bigint so that Long.MIN_VALUE survives a read and a write unchanged.
 */
import { isLosslessNumber, parse as parseLossless, type LosslessNumber } from 'lossless-json';
import type { JsonValue } from './json.js';

export type HealthcheckStatus = 'healthy' | 'unhealthy';
export type PortScheme = 'http' | 'https' | 'tcp';

export const LONG_MIN_VALUE = -9223372036854775808n;
export const LONG_MAX_VALUE = 9223372036854775807n;

export interface ServiceNode {
  host: string;
  port: number;
  routingWeight: number;
  /** Usually a ShardInfo ({environment, region, tags}), but writers put any shape here. */
  nodeData: JsonValue;
  healthcheckStatus: HealthcheckStatus;
  /** Epoch ms; Long.MIN_VALUE when the provider never ran a health check. */
  lastUpdatedTimeStamp: bigint;
  /** Epoch ms of the first healthy update; 0 when unknown. */
  healthySinceTimeStamp: bigint;
  portScheme: PortScheme | null;
}

/** Why a node's data cannot be read as a ServiceNode. */
export type UnreadableReason =
  | 'empty'
  | 'not-utf8'
  | 'not-json'
  | 'not-object'
  | 'missing-host'
  | 'missing-port'
  | 'invalid-field'
  /** The ACL does not let this session read the data (ZooKeeper NO_AUTH). */
  | 'no-access';

/** Something a lenient reader accepted that a strict Java reader (plain ObjectMapper) rejects or reads differently. */
export interface DialectWarning {
  code: 'unknown-field' | 'enum-case' | 'number-as-string' | 'fractional-number';
  field: string;
  message: string;
}

export type DecodeResult =
  | { ok: true; node: ServiceNode; warnings: DialectWarning[] }
  | { ok: false; reason: UnreadableReason; message: string };

const KNOWN_FIELDS = new Set([
  'host',
  'port',
  'routingWeight',
  'nodeData',
  'healthcheckStatus',
  'lastUpdatedTimeStamp',
  'healthySinceTimeStamp',
  'portScheme',
]);

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

class FieldError extends Error {
  constructor(
    readonly reason: UnreadableReason,
    message: string,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);
}

/**
 * Converts parsed JSON into plain JSON values. Only integers beyond 2^53 keep their decimal text (a double
 * would change them); other numbers become numbers, which is what either parser below yields for them.
 */
function toJsonValue(value: unknown): JsonValue {
  if (isLosslessNumber(value)) {
    const text = value.value;
    const asNumber = Number(text);
    if (/^-?\d+$/.test(text) && !Number.isSafeInteger(asNumber)) return text;
    return Number.isFinite(asNumber) ? asNumber : text;
  }
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (isRecord(value)) {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = toJsonValue(item);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return null;
}

/** The decimal text of a JSON number, or of a string holding one (sloppy writers), else undefined. */
function numericText(field: string, value: unknown, warnings: DialectWarning[]): string | undefined {
  if (isLosslessNumber(value)) return (value as LosslessNumber).value;
  // From the fast path: a number of at most 15 digits without exponent, so its text is exact.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value)) {
    warnings.push({ code: 'number-as-string', field, message: `${field} is a string ("${value}"), not a number` });
    return value.trim();
  }
  return undefined;
}

function readInt64(field: string, value: unknown, fallback: bigint, warnings: DialectWarning[]): bigint {
  if (value === undefined || value === null) return fallback;
  const text = numericText(field, value, warnings);
  if (text === undefined) throw new FieldError('invalid-field', `${field} is not a number: ${JSON.stringify(toJsonValue(value))}`);
  let result: bigint;
  if (/^-?\d+$/.test(text)) {
    result = BigInt(text);
  } else {
    warnings.push({ code: 'fractional-number', field, message: `${field} is not an integer (${text})` });
    result = BigInt(Math.trunc(Number(text)));
  }
  if (result < LONG_MIN_VALUE || result > LONG_MAX_VALUE) {
    throw new FieldError('invalid-field', `${field} ${text} is outside the int64 range`);
  }
  return result;
}

function readEnum<T extends string>(
  field: string,
  value: unknown,
  allowed: readonly T[],
  fallback: T | null,
  warnings: DialectWarning[],
): T | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value !== 'string') throw new FieldError('invalid-field', `${field} is not a string`);
  const lower = value.toLowerCase() as T;
  if (!allowed.includes(lower)) {
    throw new FieldError('invalid-field', `${field} "${value}" is not one of ${allowed.join(', ')}`);
  }
  if (lower !== value) {
    warnings.push({ code: 'enum-case', field, message: `${field} "${value}" is not lower-case` });
  }
  return lower;
}

function decodeObject(object: Record<string, unknown>): { node: ServiceNode; warnings: DialectWarning[] } {
  const warnings: DialectWarning[] = [];
  for (const key of Object.keys(object)) {
    if (!KNOWN_FIELDS.has(key)) warnings.push({ code: 'unknown-field', field: key, message: `unknown field "${key}"` });
  }

  const host = object.host;
  if (host === undefined || host === null || host === '') throw new FieldError('missing-host', 'host is missing');
  if (typeof host !== 'string') throw new FieldError('invalid-field', 'host is not a string');

  if (object.port === undefined || object.port === null) throw new FieldError('missing-port', 'port is missing');
  const portText = numericText('port', object.port, warnings);
  const port = portText === undefined ? Number.NaN : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new FieldError('invalid-field', `port ${JSON.stringify(toJsonValue(object.port))} is not a port number`);
  }

  let routingWeight = 1.0;
  if (object.routingWeight !== undefined && object.routingWeight !== null) {
    const weightText = numericText('routingWeight', object.routingWeight, warnings);
    routingWeight = weightText === undefined ? Number.NaN : Number(weightText);
    if (!Number.isFinite(routingWeight)) throw new FieldError('invalid-field', 'routingWeight is not a number');
  }

  const healthcheckStatus =
    readEnum('healthcheckStatus', object.healthcheckStatus, ['healthy', 'unhealthy'] as const, 'healthy', warnings) ??
    'healthy';
  const portScheme = readEnum('portScheme', object.portScheme, ['http', 'https', 'tcp'] as const, 'http', warnings);

  return {
    node: {
      host,
      port,
      routingWeight,
      nodeData: object.nodeData === undefined ? null : toJsonValue(object.nodeData),
      healthcheckStatus,
      lastUpdatedTimeStamp: readInt64('lastUpdatedTimeStamp', object.lastUpdatedTimeStamp, LONG_MIN_VALUE, warnings),
      healthySinceTimeStamp: readInt64('healthySinceTimeStamp', object.healthySinceTimeStamp, 0n, warnings),
      portScheme,
    },
    warnings,
  };
}

/**
 * Native JSON.parse is several times faster than a lossless parser, and exact whenever no number has 16 or more
 * digits or an exponent (Long.MIN_VALUE has 19): only such texts take the lossless path.
 */
function parseJson(text: string): unknown {
  return /\d{16}|\d[eE]/.test(text) ? parseLossless(text) : JSON.parse(text);
}

/**
 * Reads a znode's data as a ServiceNode. Never throws: data that cannot be read yields the reason.
 * Missing fields take Java's defaults; unknown fields and other leniencies are reported as warnings.
 */
export function decodeServiceNode(data: Uint8Array | string | null | undefined): DecodeResult {
  if (data === null || data === undefined || data.length === 0) return { ok: false, reason: 'empty', message: 'the node has no data' };
  let text: string;
  if (typeof data === 'string') {
    text = data;
  } else {
    try {
      text = utf8Decoder.decode(data);
    } catch {
      return { ok: false, reason: 'not-utf8', message: 'the data is not UTF-8 text' };
    }
  }
  if (text.trim().length === 0) return { ok: false, reason: 'empty', message: 'the data is blank' };
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (error) {
    return { ok: false, reason: 'not-json', message: `not JSON: ${(error as Error).message}` };
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'not-object', message: 'the JSON is not an object' };
  try {
    return { ok: true, ...decodeObject(parsed) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'invalid-field', message: String(error) };
  }
}

/** Formats a double as Java's Double.toString (and so Jackson) does: 1.0, 0.25, 1.0E7, 1.0E-4. */
export function javaDoubleText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a JSON number`);
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** Writes the ServiceNode exactly as Java Ranger does: field order, compact, nulls included, doubles as doubles. */
export function encodeServiceNode(node: ServiceNode): string {
  return (
    `{"host":${JSON.stringify(node.host)}` +
    `,"port":${node.port}` +
    `,"routingWeight":${javaDoubleText(node.routingWeight)}` +
    `,"nodeData":${JSON.stringify(node.nodeData)}` +
    `,"healthcheckStatus":${JSON.stringify(node.healthcheckStatus)}` +
    `,"lastUpdatedTimeStamp":${node.lastUpdatedTimeStamp.toString()}` +
    `,"healthySinceTimeStamp":${node.healthySinceTimeStamp.toString()}` +
    `,"portScheme":${JSON.stringify(node.portScheme)}}`
  );
}

export function encodeServiceNodeBytes(node: ServiceNode): Uint8Array {
  return utf8Encoder.encode(encodeServiceNode(node));
}
