import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ZkError } from '../../engine/zk/errors.js';
import { colorsEnabled, makeColors } from '../shared/colors.js';
import { checkZkTarget, type ZkTarget } from '../shared/connect.js';
import { parseDurationMs } from '../shared/duration.js';
import { CliError, commanderMessage, ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { COMMANDS } from './commands.js';
import type { RangerctlContext } from './context.js';

interface GlobalFlags {
  zk: string;
  auth?: string;
  timeout: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

function durationOption(text: string): number {
  try {
    return parseDurationMs(text);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function buildProgram(io: CliIO): Command {
  const program = new Command('rangerctl')
    .description('Inspect and use a Ranger service registry on ZooKeeper.')
    .option('--zk <connection>', 'ZooKeeper connection string host:port[,host:port...][/chroot]', io.env.RANGER_ZK || 'localhost:2181')
    .option('--auth <user:password>', 'digest credentials for ZooKeeper')
    .option('--timeout <duration>', 'how long to wait for ZooKeeper to connect or answer (ms, or with s: 5s)', durationOption, DEFAULT_TIMEOUT_MS)
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined })
    .showHelpAfterError(false);
  program.addHelpText('after', '\nExit codes: 0 ok, 1 nothing found, problems found (stale) or failed, 2 bad usage, 3 ZooKeeper unreachable.');
  return program;
}

/** Maps what went wrong to one line on stderr and an exit code; stack traces only for the unexpected. */
function report(error: unknown, io: CliIO, zk: () => ZkTarget): number {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return ExitCode.ok;
    // Without a command commander has just printed the help itself.
    if (error.code === 'commander.help') return ExitCode.usage;
    io.err(`rangerctl: ${commanderMessage(error)}\n`);
    io.err(`Run 'rangerctl --help' for usage.\n`);
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    io.err(`rangerctl: ${error.message}\n`);
    if (error.exitCode === ExitCode.usage) io.err(`Run 'rangerctl --help' for usage.\n`);
    return error.exitCode;
  }
  if (error instanceof ZkError) {
    if (error.code === 'NO_AUTH') {
      io.err(`rangerctl: not allowed to read ${error.path} (NO_AUTH); pass --auth user:password\n`);
      return ExitCode.failure;
    }
    if (['CONNECTION_LOSS', 'OPERATION_TIMEOUT', 'SESSION_EXPIRED', 'CLOSED'].includes(error.code)) {
      io.err(`rangerctl: lost ZooKeeper at ${zk().connectionString}: ${error.message}\n`);
      return ExitCode.unreachable;
    }
  }
  io.err(`rangerctl: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.failure;
}

/** rangerctl from arguments to exit code. */
export async function runRangerctl(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  const zkTarget = (): ZkTarget => {
    const flags = program.opts<GlobalFlags>();
    return { connectionString: flags.zk, digestAuth: flags.auth, timeoutMs: flags.timeout };
  };
  const context: RangerctlContext = {
    io,
    colors: makeColors(colorsEnabled(io.stdoutIsTTY, io.env)),
    exitCode: ExitCode.ok,
    zk: () => {
      const target = zkTarget();
      checkZkTarget(target);
      return target;
    },
    zkGiven: () => program.getOptionValueSource('zk') === 'cli' || Boolean(io.env.RANGER_ZK),
  };
  for (const module of COMMANDS) module.register(program, context);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return report(error, io, zkTarget);
  }
}
