import type { Command } from 'commander';
import type { DaemonField, FieldLabels, RawDaemonInput } from '../daemon/daemon-options.js';
import { DEFAULT_NAMESPACE } from '../daemon/defaults.js';
import type { CommandModule } from '../rangerctl/context.js';

type ProvideFlags = Partial<Record<Exclude<DaemonField, 'zk'>, string>> & { verbose?: boolean };

/** rangerctl spells the daemon's flags in kebab-case; ZooKeeper comes from the global --zk and --auth. */
export const PROVIDE_LABELS: FieldLabels = {
  zk: '--zk',
  namespace: '--namespace',
  service: '--service',
  host: '--host',
  port: '--port',
  environment: '--environment',
  interval: '--interval',
  region: '--region',
  tags: '--tags',
  healthCheckUrl: '--health-check-url',
  healthCheckTimeout: '--health-check-timeout',
};

export const provideCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('provide')
      .description('register host:port and keep it updated until SIGINT or SIGTERM (ranger-daemon with long flag names)')
      .option('--namespace <namespace>', `namespace (default: "${DEFAULT_NAMESPACE}")`)
      .option('--service <name>', 'service name (required)')
      .option('--host <host>', 'host of the service (required)')
      .option('--port <port>', 'port of the service (required)')
      .option('--environment <env>', 'environment, any name (required)')
      .option('--interval <seconds>', 'update interval in seconds, fractions allowed (default: 1)')
      .option('--region <region>', 'region, published in the node data')
      .option('--tags <tags>', 'comma-separated tags, published in the node data')
      .option('--health-check-url <url>', 'URL to GET each interval; no scheme means http; none: always healthy')
      .option('--health-check-timeout <seconds>', 'health check timeout in seconds (default: the interval, at most 5)')
      .option('--verbose', 'log every update, not only state changes')
      .action(async (flags: ProvideFlags) => {
        const [{ resolveDaemonConfig }, { runDaemon }] = await Promise.all([import('../daemon/daemon-options.js'), import('../daemon/run-daemon.js')]);
        const zk = context.zk();
        const { verbose, ...fields } = flags;
        const raw: RawDaemonInput = { ...fields, zk: zk.connectionString };
        const config = resolveDaemonConfig(raw, PROVIDE_LABELS);
        if (zk.digestAuth !== undefined) config.zk.digestAuth = zk.digestAuth;
        context.exitCode = await runDaemon({ config, verbose: verbose === true, write: context.io.err, source: 'rangerctl provide' });
      });
  },
};
