import type { Command } from 'commander';
import type { CommandModule } from '../rangerctl/context.js';

export const lsCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('ls')
      .description('list namespaces; a namespace\'s services with health counts; or a service\'s instances')
      .argument('[target]', 'NAMESPACE or NAMESPACE/SERVICE (none: list namespaces)')
      .option('--json', 'print everything read as one JSON document (int64 timestamps as strings)')
      .action(async (target: string | undefined, flags: { json?: boolean }) => {
        // Loaded on use: each command pays only for its own modules at startup.
        const { runLs } = await import('../ls/run-ls.js');
        context.exitCode = await runLs({ target, json: flags.json === true, zk: context.zk(), io: context.io, colors: context.colors });
      });
  },
};
