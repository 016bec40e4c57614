import type { Command } from 'commander';
import type { CommandModule } from '../rangerctl/context.js';
import { portOption } from '../shared/port.js';

export const sandboxCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('sandbox')
      .description('run a throwaway ZooKeeper on 127.0.0.1 (connection string on stdout) until SIGINT or SIGTERM, then delete its data')
      .option('--port <port>', 'client port (default: a free one)', portOption)
      .option('--demo', 'register demo services that heartbeat and flip health (default)')
      .option('--no-demo', 'an empty registry')
      .action(async (flags: { port?: number; demo?: boolean }) => {
        const { runSandbox } = await import('../sandbox/run-sandbox.js');
        context.exitCode = await runSandbox({ port: flags.port, demo: flags.demo !== false, io: context.io });
      });
  },
};
