import type { Logger } from '../../engine/util/logger.js';
import type { ZkSession, ZkState } from '../../engine/zk/session.js';

/**
 * Logs the ZooKeeper connection's changes, one line each (connected, lost, reconnected, credentials refused), and
 * every `stillTryingEveryMs` while it is unreachable. Expiry is the provider's to log: it registers again.
 * The repeating timer also keeps the process alive while nothing else is scheduled. Returns the detach function.
 */
export function logConnection(session: ZkSession, logger: Logger, stillTryingEveryMs: number): () => void {
  const where = session.options.connectionString;
  let unreachableSince: number | undefined = Date.now();
  let everConnected = false;
  const onConnected = ({ sessionId }: { sessionId: string }): void => {
    logger.info(`${everConnected ? 'reconnected' : 'connected'} to ZooKeeper at ${where} (session 0x${sessionId})`);
    everConnected = true;
    unreachableSince = undefined;
  };
  const onState = (state: ZkState): void => {
    if (state === 'disconnected') {
      unreachableSince ??= Date.now();
      logger.warn(`lost the connection to ZooKeeper at ${where}; reconnecting (the node stays while the session lives)`);
    } else if (state === 'expired') {
      unreachableSince ??= Date.now();
    } else if (state === 'auth-failed') {
      logger.error(`ZooKeeper at ${where} rejected the credentials`);
    }
  };
  session.on('connected', onConnected);
  session.on('state', onState);
  const stillTrying = setInterval(() => {
    if (unreachableSince === undefined) return;
    logger.warn(`still trying to reach ZooKeeper at ${where} (${Math.round((Date.now() - unreachableSince) / 1000)} s so far)`);
  }, stillTryingEveryMs);
  return () => {
    clearInterval(stillTrying);
    session.off('connected', onConnected);
    session.off('state', onState);
  };
}
