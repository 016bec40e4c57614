import { Exception } from 'node-zookeeper-client';

export type ZkErrorCode =
  | 'NO_NODE'
  | 'NODE_EXISTS'
  | 'BAD_VERSION'
  | 'NOT_EMPTY'
  | 'NO_AUTH'
  | 'CONNECTION_LOSS'
  | 'SESSION_EXPIRED'
  | 'OPERATION_TIMEOUT'
  | 'NO_CHILDREN_FOR_EPHEMERALS'
  | 'CLOSED'
  | 'OTHER';

const CODES: Record<number, ZkErrorCode> = {
  [Exception.NO_NODE]: 'NO_NODE',
  [Exception.NODE_EXISTS]: 'NODE_EXISTS',
  [Exception.BAD_VERSION]: 'BAD_VERSION',
  [Exception.NOT_EMPTY]: 'NOT_EMPTY',
  [Exception.NO_AUTH]: 'NO_AUTH',
  [Exception.CONNECTION_LOSS]: 'CONNECTION_LOSS',
  [Exception.SESSION_EXPIRED]: 'SESSION_EXPIRED',
  [Exception.OPERATION_TIMEOUT]: 'OPERATION_TIMEOUT',
  [Exception.NO_CHILDREN_FOR_EPHEMERALS]: 'NO_CHILDREN_FOR_EPHEMERALS',
};

/** A ZooKeeper failure with a stable code and the path it concerned. */
export class ZkError extends Error {
  constructor(
    readonly code: ZkErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'ZkError';
  }
}

export function toZkError(error: unknown, operation: string, path: string): ZkError {
  if (error instanceof ZkError) return error;
  if (error instanceof Exception) {
    const code = CODES[error.getCode()] ?? 'OTHER';
    return new ZkError(code, path, `${operation} ${path}: ${error.getName()}`);
  }
  return new ZkError('OTHER', path, `${operation} ${path}: ${String(error)}`);
}

export function isZkError(error: unknown, code: ZkErrorCode): error is ZkError {
  return error instanceof ZkError && error.code === code;
}
