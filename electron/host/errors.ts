import type { ErrorCode, ErrorPayload } from '../../shared/contract.js';
import { ZkError, type ZkErrorCode } from '../engine/zk/errors.js';

/** A failure the host reports to the UI with a stable code. */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

// The session will come back by itself from these: the UI should say "unavailable", not "broken".
const UNAVAILABLE: ReadonlySet<ZkErrorCode> = new Set(['CONNECTION_LOSS', 'SESSION_EXPIRED', 'OPERATION_TIMEOUT', 'CLOSED']);

/** Maps anything thrown while handling a request to the payload the transports carry. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof HostError) return { code: error.code, message: error.message };
  if (error instanceof ZkError) {
    if (error.code === 'NO_NODE') return { code: 'not-found', message: `${error.path} does not exist` };
    if (error.code === 'BAD_VERSION') return { code: 'conflict', message: error.message };
    if (error.code === 'NO_AUTH') return { code: 'zookeeper', message: `${error.message} (not authorized: check the profile's credentials)` };
    if (UNAVAILABLE.has(error.code)) return { code: 'unavailable', message: error.message };
    return { code: 'zookeeper', message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'internal error' };
}
