import { CliError, ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { HelpShown, parseDaemonArgs } from './daemon-args.js';
import { resolveDaemonConfig } from './daemon-options.js';
import { runDaemon } from './run-daemon.js';

/** ranger-daemon from arguments to exit code: usage errors are one message and exit 2, before anything connects. */
export async function runDaemonCli(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    const parsed = parseDaemonArgs(argv, io.env, io);
    const config = resolveDaemonConfig(parsed.raw, parsed.labels);
    return await runDaemon({
      config,
      verbose: parsed.verbose,
      write: io.err,
      source: parsed.source === 'flags' ? 'flags' : 'the environment (no flags given)',
    });
  } catch (error) {
    if (error instanceof HelpShown) return ExitCode.ok;
    if (!(error instanceof CliError)) throw error;
    io.err(`ranger-daemon: ${error.message}\n`);
    if (error.exitCode === ExitCode.usage) io.err(`Run 'ranger-daemon --help' for usage.\n`);
    return error.exitCode;
  }
}
