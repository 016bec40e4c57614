const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

export interface StopSignal {
  /** Resolves with the first SIGINT or SIGTERM received since stopSignal() was called. */
  readonly received: Promise<NodeJS.Signals>;
  /** Removes the handlers (call once the command has stopped what it started). */
  dispose(): void;
}

/**
 * Catches SIGINT and SIGTERM from now on. A long-running command calls this before it starts anything, so that a
 * signal during start-up is not lost and does not kill the process while a child (a ZooKeeper JVM) still runs.
 * Later signals are swallowed while the command stops; stopWithin() bounds how long that may take.
 */
export function stopSignal(): StopSignal {
  let handler: ((signal: NodeJS.Signals) => void) | undefined;
  const received = new Promise<NodeJS.Signals>((resolve) => {
    handler = resolve;
    for (const signal of STOP_SIGNALS) process.on(signal, resolve);
  });
  return {
    received,
    dispose: () => {
      if (handler) for (const signal of STOP_SIGNALS) process.off(signal, handler);
    },
  };
}

/** Runs a stop, but gives up after the deadline: a stop that hangs must not keep the process alive forever. */
export async function stopWithin(stop: () => Promise<void>, timeoutMs: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ ok: false; reason: string }>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: `did not stop within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([
      stop().then(
        () => ({ ok: true }) as const,
        (error: unknown) => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }) as const,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
