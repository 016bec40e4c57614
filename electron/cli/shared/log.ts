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
