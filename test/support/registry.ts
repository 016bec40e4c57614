import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ZkSession, type ZkConnectOptions } from '../../electron/engine/zk/session.js';

export function zkConnectionString(): string {
  return inject('zkConnectionString');
}

/** A namespace no other test uses. */
export function uniqueNamespace(prefix = 'test'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A connected raw session, the way another (non-Ranger) client would write to the registry. */
export async function openSession(options: Partial<ZkConnectOptions> = {}): Promise<ZkSession> {
  const session = new ZkSession({ connectionString: zkConnectionString(), sessionTimeoutMs: 6000, ...options }).connect();
  await session.waitConnected(10_000);
  return session;
}
