/** Where a command writes and what it may read: the process by default, something else in unit tests. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colours, human-friendly extras). */
  stdoutIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** Waits until everything written so far has reached the OS: process.exit() would otherwise cut off a pipe. */
async function flushed(stream: NodeJS.WriteStream): Promise<void> {
  // The callback of an empty write runs after every earlier chunk has been handed to the OS (or failed).
  await new Promise<void>((resolve) => stream.write('', () => resolve()));
}

/** Exits with the code once stdout and stderr are flushed, whatever handles are still open. */
export async function exitAfterFlush(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * When the reader of our output goes away (`rangerctl ls --json | head`): a one-shot command stops quietly, as
 * other Unix tools do, not with a stack trace; the daemon keeps publishing (its logs are lost, its node is not).
 */
export function onClosedPipe(action: 'exit' | 'ignore'): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      if (action === 'exit') process.exit(0);
    });
  }
}
