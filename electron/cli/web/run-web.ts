import { isIP } from 'node:net';
import { findZooKeeperInstall, INSTALL_HINT } from '../../engine/sandbox/zookeeper-install.js';
import { runWebMode, type WebMode } from '../../web/index.js';
import { CliError, ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { noticeLogger } from '../shared/log.js';
import { stopSignal, stopWithin } from '../shared/signals.js';

export interface WebOptions {
  /** The ZooKeeper to open at start; none with --sandbox alone. */
  zk: string | undefined;
  host: string;
  /** Undefined: a free port. */
  port: number | undefined;
  sandbox: boolean;
  /** Profiles and settings (shared with the desktop app). */
  dataDir: string;
  io: CliIO;
}

const STOP_TIMEOUT_MS = 10_000;

/** Loopback names and addresses: `localhost`, 127.0.0.0/8, `::1` in any spelling (also IPv4-mapped 127.x). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) !== 6) return false;
  // The URL parser writes an IPv6 address in its one canonical form (::ffff:127.0.0.1 becomes ::ffff:7f00:1).
  const canonical = new URL(`http://[${bare}]/`).hostname;
  return canonical === '[::1]' || canonical.startsWith('[::ffff:7f');
}

/** Listening failures are the user's to fix (port taken, address not on this machine): one line, exit 1. */
function listenError(error: unknown, host: string, port: number | undefined): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${host}:${port ?? 'a free port'}`;
  if (code === 'EADDRINUSE') return new CliError(`cannot listen on ${where}: the port is already in use (pick another --port, or leave it out for a free one)`, ExitCode.failure);
  if (code === 'EACCES') return new CliError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`, ExitCode.failure);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new CliError(`cannot listen on ${where}: no such address on this machine`, ExitCode.failure);
  return error;
}

/**
 * `rangerctl web`: the web mode (the renderer and a WebSocket to a RangerHost) until SIGINT or SIGTERM. Prints one
 * line to stdout, `Ranger Desk web: <url with its token>`; notices go to stderr.
 */
export async function runWeb(options: WebOptions): Promise<number> {
  const { io } = options;
  if (options.sandbox && !findZooKeeperInstall()) throw new CliError(`--sandbox needs a local ZooKeeper. ${INSTALL_HINT}`, ExitCode.unreachable);
  if (!isLoopbackHost(options.host)) {
    io.err(`rangerctl: warning: listening on ${options.host}: the UI will be reachable from the network (the token is still required on every request)\n`);
  }
  const signal = stopSignal();
  let stopping = false;
  try {
    let mode: WebMode;
    try {
      mode = await runWebMode({
        zk: options.zk,
        host: options.host,
        port: options.port,
        sandbox: options.sandbox,
        dataDir: options.dataDir,
        handleSignals: false,
        print: (line) => io.out(`${line}\n`),
        logger: noticeLogger(io.err, () => stopping),
      });
    } catch (error) {
      throw listenError(error, options.host, options.port);
    }
    io.err('rangerctl: serving until SIGINT or SIGTERM (Ctrl-C)\n');
    const received = await signal.received;
    stopping = true;
    io.err(`rangerctl: ${received}: stopping\n`);
    const stopped = await stopWithin(() => mode.stop(), STOP_TIMEOUT_MS);
    if (!stopped.ok) {
      io.err(`rangerctl: the web mode ${stopped.reason}\n`);
      return ExitCode.failure;
    }
    return ExitCode.ok;
  } finally {
    signal.dispose();
  }
}
