import type { Logger } from '../engine/util/logger.js';
import type { RangerHost } from './ranger-host.js';

/**
 * Disposes the host (registrations deleted first, then sessions closed), waiting at most `timeoutMs`: the
 * process may then exit, and whatever was not deleted is ephemeral and expires with its session.
 */
export async function disposeWithin(host: Pick<RangerHost, 'dispose'>, timeoutMs: number, logger?: Logger): Promise<'disposed' | 'timed-out' | 'failed'> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([host.dispose().then(() => 'disposed' as const), timedOut]);
    if (outcome === 'timed-out') logger?.warn(`shutting down took longer than ${timeoutMs} ms; leftover nodes expire with their sessions`);
    return outcome;
  } catch (error) {
    logger?.error(`shutting down failed: ${(error as Error).message}`);
    return 'failed';
  } finally {
    clearTimeout(timer);
  }
}
