/**
 * Real Java peers for interop tests.
 *
 * Each tool is a single Java file under ./java/, run with Java 17's single-file source launcher against
 * the ZooKeeper Java client and Jackson that Debian's `zookeeper` package ships
 * (/usr/share/java/zookeeper.jar; its manifest Class-Path pulls in jackson-*, netty, slf4j-api, jute).
 * Each run compiles the file first (about 1-2 s); every tool prints exactly one JSON line on stdout.
 *
 * Guard suites with `javaToolsAvailable()` (e.g. `describe.skipIf(!javaToolsAvailable())`).
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const JAVA_DIR = fileURLToPath(new URL('./java/', import.meta.url));
const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar';
const TIMEOUT_MS = 30_000;

/** The strict Java read of one node (Jackson with FAIL_ON_UNKNOWN_PROPERTIES, case-sensitive enums). */
export type StrictReadResult =
  | {
      ok: true;
      host: string | null;
      port: number;
      routingWeight: number;
      /** From nodeData; null when nodeData is null or lacks it. */
      environment: string | null;
      region: string | null;
      /** Java deserializes tags into a HashSet, so the order is Java's hash order, not the input order. */
      tags: string[] | null;
      healthcheckStatus: 'healthy' | 'unhealthy' | null;
      /** int64 as a decimal string, exact (e.g. "-9223372036854775808" when absent). */
      lastUpdatedTimeStamp: string;
      healthySinceTimeStamp: string;
      portScheme: 'http' | 'https' | 'tcp' | null;
      /** What Jackson writes back for the parsed POJO: Java's exact compact byte layout. */
      reserialized: string;
    }
  | { ok: false; error: string };

export interface JavaFinderResult {
  /** host:port of eligible nodes (from their data), ordered by znode name. */
  eligible: string[];
  /** Rejected znodes, ordered by znode name; reason starts with parse-error:, unhealthy:, zombie: or vanished:. */
  rejected: { node: string; reason: string }[];
}

let available: boolean | undefined;

/** True when `java` is on PATH and Debian's ZooKeeper jar is installed. */
export function javaToolsAvailable(): boolean {
  if (available === undefined) {
    let javaOk: boolean;
    try {
      execFileSync('java', ['-version'], { stdio: 'ignore', timeout: TIMEOUT_MS });
      javaOk = true;
    } catch {
      javaOk = false;
    }
    available = javaOk && existsSync(ZOOKEEPER_JAR);
  }
  return available;
}

interface RunOutput {
  stdout: string;
  stderr: string;
}

function runTool(tool: string, args: string[]): Promise<RunOutput> {
  const javaArgs = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', ZOOKEEPER_JAR, join(JAVA_DIR, `${tool}.java`), ...args];
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      javaArgs,
      { timeout: TIMEOUT_MS, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) {
          const how = error.killed ? `killed (${String(error.signal)}, timeout ${TIMEOUT_MS} ms?)` : `exit ${String(error.code)}`;
          reject(new Error(`Java tool ${tool} failed: ${how}; stderr: ${toolStderr(stderr)}`));
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}

/** stderr without SLF4J's "no binding" chatter, which every run prints. */
function toolStderr(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('SLF4J:'));
  return lines.length > 0 ? lines.join('\n') : '(empty)';
}

function lastLine(tool: string, out: RunOutput): string {
  const lines = out.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines[lines.length - 1];
  if (last === undefined) {
    throw new Error(`Java tool ${tool} printed nothing on stdout; stderr: ${toolStderr(out.stderr)}`);
  }
  return last;
}

function lastJsonLine(tool: string, out: RunOutput): Record<string, unknown> {
  const line = lastLine(tool, out);
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`Java tool ${tool} printed non-JSON output: ${line}; stderr: ${toolStderr(out.stderr)}`);
  }
  if (!isRecord(parsed)) {
    throw new Error(`Java tool ${tool} printed JSON that is not an object: ${line}; stderr: ${toolStderr(out.stderr)}`);
  }
  return parsed;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function shapeError(tool: string, what: string, line: Record<string, unknown>): Error {
  return new Error(`Java tool ${tool} output has ${what}: ${JSON.stringify(line)}`);
}

function str(tool: string, o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw shapeError(tool, `no string "${key}"`, o);
  return v;
}

function strOrNull(tool: string, o: Record<string, unknown>, key: string): string | null {
  const v = o[key];
  if (v === null) return null;
  if (typeof v !== 'string') throw shapeError(tool, `no string-or-null "${key}"`, o);
  return v;
}

function num(tool: string, o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== 'number') throw shapeError(tool, `no number "${key}"`, o);
  return v;
}

function stringArray(tool: string, o: Record<string, unknown>, key: string): string[] {
  const v = o[key];
  if (!Array.isArray(v)) throw shapeError(tool, `no array "${key}"`, o);
  return v.map((item: unknown) => {
    if (typeof item !== 'string') throw shapeError(tool, `a non-string in "${key}"`, o);
    return item;
  });
}

function oneOf<T extends string>(tool: string, o: Record<string, unknown>, key: string, values: readonly T[]): T | null {
  const v = strOrNull(tool, o, key);
  if (v === null) return null;
  const found = values.find((candidate) => candidate === v);
  if (found === undefined) throw shapeError(tool, `an unexpected "${key}"`, o);
  return found;
}

/**
 * Read `path` with the strict Java reader. A node Jackson rejects gives `{ ok: false, error }`;
 * ZooKeeper failures (no such node, unreachable server) reject the promise.
 */
export async function strictJavaRead(connectString: string, path: string): Promise<StrictReadResult> {
  const tool = 'StrictRangerReader';
  const line = lastJsonLine(tool, await runTool(tool, [connectString, path]));
  if (line.ok === false) {
    return { ok: false, error: str(tool, line, 'error') };
  }
  if (line.ok !== true) throw shapeError(tool, 'no boolean "ok"', line);
  return {
    ok: true,
    host: strOrNull(tool, line, 'host'),
    port: num(tool, line, 'port'),
    routingWeight: num(tool, line, 'routingWeight'),
    environment: strOrNull(tool, line, 'environment'),
    region: strOrNull(tool, line, 'region'),
    tags: line.tags === null ? null : stringArray(tool, line, 'tags'),
    healthcheckStatus: oneOf(tool, line, 'healthcheckStatus', ['healthy', 'unhealthy'] as const),
    lastUpdatedTimeStamp: str(tool, line, 'lastUpdatedTimeStamp'),
    healthySinceTimeStamp: str(tool, line, 'healthySinceTimeStamp'),
    portScheme: oneOf(tool, line, 'portScheme', ['http', 'https', 'tcp'] as const),
    reserialized: str(tool, line, 'reserialized'),
  };
}

/**
 * Force the expiry of a live session: resume it from a second connection with the same id and password and
 * close it there (ConnectRequest and closeSession pipelined, retried if the owner's client grabs the session
 * back first; see SessionExpirer.java). Rejects if the session is not alive (expired, closed, wrong password).
 * `sessionId` is the 8-byte big-endian buffer node-zookeeper-client's `client.getSessionId()` returns,
 * `sessionPassword` what `client.getSessionPassword()` returns. The owner's ephemerals are gone when this
 * resolves; the owner's client sees the expired state when it next reaches the server.
 */
export async function expireSession(connectString: string, sessionId: Buffer, sessionPassword: Buffer): Promise<void> {
  const tool = 'SessionExpirer';
  if (sessionId.length !== 8) {
    throw new Error(`${tool}: sessionId must be 8 bytes, got ${sessionId.length}`);
  }
  if (sessionPassword.length === 0) {
    throw new Error(`${tool}: sessionPassword is empty`);
  }
  const out = await runTool(tool, [connectString, sessionId.toString('hex'), sessionPassword.toString('base64')]);
  const line = lastLine(tool, out);
  if (line !== 'expired') {
    throw new Error(`Java tool ${tool} printed ${JSON.stringify(line)} instead of "expired"; stderr: ${toolStderr(out.stderr)}`);
  }
}

/** Which nodes of /namespace/service a Java Ranger finder (strict Jackson, healthy, not a zombie) would use. */
export async function javaFinderEligible(
  connectString: string,
  namespace: string,
  service: string,
  zombieThresholdMs?: number,
): Promise<JavaFinderResult> {
  const tool = 'JavaStyleFinder';
  const args = [connectString, namespace, service];
  if (zombieThresholdMs !== undefined) {
    if (!Number.isSafeInteger(zombieThresholdMs)) {
      throw new Error(`${tool}: zombieThresholdMs must be an integer, got ${zombieThresholdMs}`);
    }
    args.push(String(zombieThresholdMs));
  }
  const line = lastJsonLine(tool, await runTool(tool, args));
  const rejectedRaw = line.rejected;
  if (!Array.isArray(rejectedRaw)) throw shapeError(tool, 'no array "rejected"', line);
  return {
    eligible: stringArray(tool, line, 'eligible'),
    rejected: rejectedRaw.map((entry: unknown) => {
      if (!isRecord(entry)) throw shapeError(tool, 'a non-object in "rejected"', line);
      return { node: str(tool, entry, 'node'), reason: str(tool, entry, 'reason') };
    }),
  };
}
