/**
 * Import-based use, as the Python README's `ranger_daemon_trigger(sys.argv[1:])`:
 *
 *   import { rangerDaemonTrigger } from 'ranger-desk/dist/electron/cli/ranger-daemon-trigger.js';
 *   await rangerDaemonTrigger(process.argv.slice(2));
 *
 * Importing this module runs nothing. The promise resolves after SIGINT/SIGTERM has deleted the node, or at once
 * after a usage error; either way `process.exitCode` is set (0, or 2 for bad arguments, like argparse).
 */
import { runDaemonCli } from './daemon/daemon-cli.js';
import { processIO } from './shared/io.js';

export async function rangerDaemonTrigger(argv: string[]): Promise<void> {
  process.exitCode = await runDaemonCli(argv, processIO());
}
