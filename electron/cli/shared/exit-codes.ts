/** Exit codes shared by ranger-daemon and rangerctl (documented in docs/cli.md). */
export const ExitCode = {
  ok: 0,
  /** Nothing found: no eligible node, no such namespace or service, or an unexpected failure. */
  failure: 1,
  /** Bad flags or arguments; nothing was written. */
  usage: 2,
  /** ZooKeeper could not be reached (or did not answer) within the timeout. */
  unreachable: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line on stderr, exiting with its code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'UsageError';
  }
}

/** Commander's message as one line: without its `error: ` prefix, its suggestion kept (`(Did you mean --x?)`). */
export function commanderMessage(error: Error): string {
  return error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
}
