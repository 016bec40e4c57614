import type { Logger } from '../engine/util/logger.js';

/** Logs to stderr, so that stdout carries only what a command prints on purpose (e.g. the web mode's URL line). */
export const stderrLogger: Logger = {
  debug() {},
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message) => process.stderr.write(`error: ${message}\n`),
};
