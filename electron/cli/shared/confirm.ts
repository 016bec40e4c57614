import { createInterface } from 'node:readline/promises';

export interface ConfirmStreams {
  input: NodeJS.ReadableStream;
  /** Where the question is written: stderr, so that stdout keeps only the command's results. */
  output: NodeJS.WritableStream;
  /** Whether input and output are a terminal (line editing, Ctrl-C handled by readline). */
  terminal: boolean;
}

/**
 * Asks one yes/no question and reads one line. Only `y` or `yes` (any case) is a yes; an empty answer, anything
 * else, end of input (Ctrl-D) and Ctrl-C are a no.
 */
export async function confirm(question: string, streams: ConfirmStreams): Promise<boolean> {
  const rl = createInterface({ input: streams.input, output: streams.output, terminal: streams.terminal });
  const abort = new AbortController();
  // Without a listener, readline only pauses on Ctrl-C and the question would wait forever.
  rl.on('SIGINT', () => {
    streams.output.write('\n');
    abort.abort();
  });
  let settled = false;
  const closed = new Promise<string>((resolve) =>
    rl.once('close', () => {
      // End of input before an answer: end the question's line.
      if (!settled) streams.output.write('\n');
      resolve('');
    }),
  );
  try {
    const answer = await Promise.race([rl.question(question, { signal: abort.signal }), closed]);
    return /^\s*y(es)?\s*$/i.test(answer);
  } catch {
    // Aborted (Ctrl-C) or the input failed: not a yes.
    return false;
  } finally {
    settled = true;
    rl.close();
  }
}

/** The terminal the process runs in, when stdin is one; otherwise no question can be asked. */
export function terminalConfirm(): { interactive: boolean; ask: (question: string) => Promise<boolean> } {
  return {
    interactive: process.stdin.isTTY === true,
    ask: (question) => confirm(question, { input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY === true && process.stderr.isTTY === true }),
  };
}
