import { DEMO_NAMESPACE, DEMO_SERVICES } from '../../engine/sandbox/demo-services.js';
import { Sandbox } from '../../engine/sandbox/sandbox.js';
import { LOOPBACK } from '../../engine/sandbox/zookeeper-process.js';
import { CliError, ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { noticeLogger } from '../shared/log.js';
import { portIsFree } from '../shared/port.js';
import { stopSignal, stopWithin } from '../shared/signals.js';

export interface SandboxRunOptions {
  /** Undefined: a free port. */
  port: number | undefined;
  demo: boolean;
  io: CliIO;
}

const STOP_TIMEOUT_MS = 15_000;

/**
 * `rangerctl sandbox`: a throwaway ZooKeeper on 127.0.0.1 (temporary data dir), optionally with demo services,
 * until SIGINT or SIGTERM; then the server is stopped and its data deleted. Prints one line to stdout,
 * `Sandbox ZooKeeper: 127.0.0.1:PORT`; notices go to stderr.
 */
export async function runSandbox(options: SandboxRunOptions): Promise<number> {
  const { io } = options;
  if (!Sandbox.available()) throw new CliError(Sandbox.installHint, ExitCode.unreachable);
  // ZooKeeper would fail to bind, and another server already there would answer in its place.
  if (options.port !== undefined && !(await portIsFree(LOOPBACK, options.port))) {
    throw new CliError(`${LOOPBACK}:${options.port} is already in use: pick another --port, or leave it out for a free one`, ExitCode.failure);
  }
  let stopping = false;
  const logger = noticeLogger(io.err, () => stopping);
  // Caught from now on: a signal during start-up must still stop the JVM rather than orphan it.
  const signal = stopSignal();
  try {
    io.err('rangerctl: starting a local ZooKeeper sandbox…\n');
    let sandbox: Sandbox;
    try {
      sandbox = await Sandbox.start({ clientPort: options.port, demo: options.demo, logger: { ...logger, info() {} } });
    } catch (error) {
      throw new CliError(`the sandbox ZooKeeper did not start: ${(error as Error).message}`, ExitCode.failure, { cause: error });
    }
    io.out(`Sandbox ZooKeeper: ${sandbox.connectionString}\n`);
    if (options.demo) {
      const instances = DEMO_SERVICES.reduce((sum, service) => sum + service.instances, 0);
      io.err(
        `rangerctl: demo services in namespace '${DEMO_NAMESPACE}' (${DEMO_SERVICES.map((service) => service.name).join(', ')}: ${instances} instances heartbeating, health flipping now and then)\n`,
      );
    }
    io.err(`rangerctl: data in ${sandbox.server.dataDir}, deleted on stop; running until SIGINT or SIGTERM (Ctrl-C)\n`);
    const received = await signal.received;
    stopping = true;
    io.err(`rangerctl: ${received}: stopping the sandbox\n`);
    const stopped = await stopWithin(() => sandbox.stop(), STOP_TIMEOUT_MS);
    if (!stopped.ok) {
      io.err(`rangerctl: the sandbox ${stopped.reason}\n`);
      return ExitCode.failure;
    }
    return ExitCode.ok;
  } finally {
    signal.dispose();
  }
}
