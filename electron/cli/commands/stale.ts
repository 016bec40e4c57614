import { Option, type Command } from 'commander';
import { DEFAULT_DELETABLE_CODES } from '../../../shared/model/problems.js';
import type { CommandModule } from '../rangerctl/context.js';
import { DEFAULT_THRESHOLD_MS, resolveStaleFlags, thresholdOption, type StaleFlags } from '../stale/stale-options.js';

export const staleCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('stale')
      .description('find the instance nodes finders skip or should not trust (zombie, unhealthy, broken data, persistent...); exit 1 when there is any')
      .argument('<namespace>', 'NAMESPACE')
      .addOption(
        new Option('--threshold <duration>', 'heartbeat age beyond which a node is a zombie (ms, or with s: 90s)').argParser(thresholdOption).default(DEFAULT_THRESHOLD_MS, '60s'),
      )
      .addOption(new Option('--json', 'print an array with one object per problem node (with --delete: one per targeted node and its outcome)').conflicts(['csv']))
      .addOption(new Option('--csv', 'print the report as CSV, one row per problem node').conflicts(['json', 'delete']))
      .option('--delete', 'delete the problem nodes that have one of the --codes, after a confirmation; version-guarded and audit-logged')
      .option('--codes <codes>', `comma-separated problem codes that --delete removes (default: ${DEFAULT_DELETABLE_CODES.join(',')})`)
      .option('--yes', 'with --delete: do not ask (required when stdin is not a terminal)')
      .action(async (target: string, flags: StaleFlags) => {
        // Loaded on use: each command pays only for its own modules at startup.
        const [{ runStale }, { terminalConfirm }, { defaultDataDir }, { join }] = await Promise.all([
          import('../stale/run-stale.js'),
          import('../shared/confirm.js'),
          import('../../web/data-dir.js'),
          import('node:path'),
        ]);
        const terminal = terminalConfirm();
        // Every flag is checked (and a delete without a terminal refused) before ZooKeeper is contacted.
        const resolved = resolveStaleFlags(target, flags, terminal.interactive);
        context.exitCode = await runStale({
          ...resolved,
          zk: context.zk(),
          io: context.io,
          colors: context.colors,
          ask: terminal.ask,
          auditLogPath: join(defaultDataDir(context.io.env), 'audit.jsonl'),
        });
      });
  },
};
