import type { Command } from 'commander';
import type { CommandModule } from '../rangerctl/context.js';

export const watchCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('watch')
      .description('print the instances of a namespace or service, then one line per change, until interrupted')
      .argument('<target>', 'NAMESPACE or NAMESPACE/SERVICE')
      .option('--json', 'one JSON object per line (a "synced" line marks the end of the initial listing)')
      .option('--verbose', 'also print heartbeats (updates that only move lastUpdatedTimeStamp)')
      .action(async (target: string, flags: { json?: boolean; verbose?: boolean }) => {
        const { runWatch } = await import('../watch/run-watch.js');
        context.exitCode = await runWatch({
          target,
          json: flags.json === true,
          verbose: flags.verbose === true,
          zk: context.zk(),
          io: context.io,
          colors: context.colors,
        });
      });
  },
};
