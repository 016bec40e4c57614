import type { Logger } from '../../engine/util/logger.js';

export interface LineLoggerOptions {
  write: (line: string) => void;
  /** Debug lines (one per tick) only when verbose. */
  verbose: boolean;
  now?: () => Date;
}

/** A Logger that prints one line per message: ISO timestamp, level, message. */
export function lineLogger(options: LineLoggerOptions): Logger {
  const now = options.now ?? (() => new Date());
  const line = (level: string, message: string): void => options.write(`${now().toISOString()} ${level.padEnd(5)} ${message}\n`);
  return {
    debug: (message) => {
      if (options.verbose) line('DEBUG', message);
    },
    info: (message) => line('INFO', message),
    warn: (message) => line('WARN', message),
    error: (message) => line('ERROR', message),
  };
}

/**
 * A Logger for a long-running rangerctl command: info as plain lines, warnings and errors prefixed; no debug.
 * Once `stopping()` is true, warnings are dropped: a terminal's Ctrl-C reaches the whole process group, so a
 * sandbox's ZooKeeper dies at the same moment and every demo provider would warn that it could not delete its node.
 */
export function noticeLogger(write: (text: string) => void, stopping: () => boolean = () => false): Logger {
  return {
    debug() {},
    info: (message) => write(`rangerctl: ${message}\n`),
    warn: (message) => {
      if (!stopping()) write(`rangerctl: warning: ${message}\n`);
    },
    error: (message) => write(`rangerctl: error: ${message}\n`),
  };
}
