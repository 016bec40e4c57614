import { ZkSession, type ZkConnectOptions } from './session.js';

/** What an engine accepts for `zk`: a connection string, connection options, or a session shared with others. */
export type ZkInput = string | ZkConnectOptions | ZkSession;

/** Builds (and validates) the session; an engine closes only a session it created itself. */
export function resolveSession(zk: ZkInput): { session: ZkSession; owned: boolean } {
  if (zk instanceof ZkSession) return { session: zk, owned: false };
  const options = typeof zk === 'string' ? { connectionString: zk } : zk;
  return { session: new ZkSession(options), owned: true };
}
