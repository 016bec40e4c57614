/** Runs the built CLIs (dist/electron/cli) as child processes, the way users and scripts do. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const RANGERCTL = fileURLToPath(new URL('../../dist/electron/cli/rangerctl.js', import.meta.url));
export const RANGER_DAEMON = fileURLToPath(new URL('../../dist/electron/cli/ranger-daemon.js', import.meta.url));

/** Fails with the fix when the CLIs have not been built (npm test builds first). */
export function requireBuiltClis(): void {
  for (const script of [RANGERCTL, RANGER_DAEMON]) {
    if (!existsSync(script)) throw new Error(`${script} is missing: run 'npm run build' first`);
  }
}

/** Only PATH from the parent: HOST, ENV or RANGER_ZK set in a developer's shell must not leak into a test. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...extra };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** A running CLI whose output is collected as it comes, so a test can wait for a line instead of sleeping. */
export class CliProcess {
  stdout = '';
  stderr = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<CliResult>;
  private readonly started = performance.now();
  private waiters: (() => void)[] = [];

  constructor(script: string, args: readonly string[], env: Record<string, string> = cleanEnv()) {
    this.child = spawn(process.execPath, [script, ...args], { env });
    this.child.stdout.on('data', (chunk: Buffer) => this.collect('stdout', chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.collect('stderr', chunk));
    this.exited = new Promise((resolve) => {
      this.child.on('close', (code) => {
        resolve({ code, stdout: this.stdout, stderr: this.stderr, elapsedMs: performance.now() - this.started });
        this.notify();
      });
    });
  }

  private collect(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    this[stream] += chunk.toString('utf8');
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  lines(stream: 'stdout' | 'stderr'): string[] {
    return this[stream].split('\n').filter((line) => line.length > 0);
  }

  /** Resolves with the first complete line matching, or rejects after the deadline (or at exit) with the output so far. */
  waitForLine(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => fail(`no ${stream} line matching ${pattern} within ${timeoutMs} ms`), timeoutMs);
      const fail = (why: string): void => {
        clearTimeout(deadline);
        reject(new Error(`${why}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`));
      };
      const check = (): void => {
        const line = this[stream].split('\n').slice(0, -1).find((candidate) => pattern.test(candidate));
        if (line !== undefined) {
          clearTimeout(deadline);
          resolve(line);
        } else if (!this.running && this.child.stdout.readableEnded && this.child.stderr.readableEnded) {
          fail(`exited (${this.child.exitCode ?? this.child.signalCode}) before a ${stream} line matched ${pattern}`);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** Sends the signal and resolves at exit, with the time from the signal to the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<CliResult & { stopMs: number }> {
    const sent = performance.now();
    if (this.running) this.child.kill(signal);
    const result = await this.exited;
    return { ...result, stopMs: performance.now() - sent };
  }

  wait(): Promise<CliResult> {
    return this.exited;
  }
}

/** Runs a CLI to completion (killed after the deadline, which then fails the test). */
export async function runCli(script: string, args: readonly string[], env: Record<string, string> = cleanEnv(), timeoutMs = 20_000): Promise<CliResult> {
  const child = new CliProcess(script, args, env);
  const timer = setTimeout(() => void child.stop('SIGKILL'), timeoutMs);
  try {
    return await child.wait();
  } finally {
    clearTimeout(timer);
  }
}

export function rangerctl(connectionString: string, ...args: string[]): Promise<CliResult> {
  return runCli(RANGERCTL, ['--zk', connectionString, ...args]);
}
