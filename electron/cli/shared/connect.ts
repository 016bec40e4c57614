import { parseConnectionString } from '../../engine/zk/connection-string.js';
import { ZkSession } from '../../engine/zk/session.js';
import { CliError, ExitCode, UsageError } from './exit-codes.js';

export interface ZkTarget {
  connectionString: string;
  digestAuth: string | undefined;
  timeoutMs: number;
}

/** Checks the connection string and credentials up front, so a typo is a usage error and not a hang. */
export function checkZkTarget(target: ZkTarget): void {
  try {
    parseConnectionString(target.connectionString);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (target.digestAuth !== undefined && !/^[^:]+:.*$/.test(target.digestAuth)) {
    throw new UsageError(`--auth must be user:password, got '${target.digestAuth}'`);
  }
}

/**
 * Opens a session for a one-shot command. ZooKeeper not answering within the timeout is exit 3 with one line,
 * never a stack trace; every later request is bounded by the same timeout.
 */
export async function openCliSession(target: ZkTarget): Promise<ZkSession> {
  checkZkTarget(target);
  const session = new ZkSession({
    connectionString: target.connectionString,
    digestAuth: target.digestAuth,
    operationTimeoutMs: target.timeoutMs,
  }).connect();
  try {
    await session.waitConnected(target.timeoutMs);
  } catch (error) {
    const reason = session.state === 'auth-failed' ? 'authentication failed' : `no answer within ${target.timeoutMs} ms`;
    session.close();
    throw new CliError(`cannot reach ZooKeeper at ${target.connectionString}: ${reason}`, ExitCode.unreachable, { cause: error });
  }
  return session;
}
