import type { Command } from 'commander';
import type { CommandModule } from '../rangerctl/context.js';
import { UsageError } from '../shared/exit-codes.js';
import { portOption } from '../shared/port.js';

interface WebFlags {
  host: string;
  port?: number;
  sandbox?: boolean;
}

export const webCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('web')
      .description('serve Ranger Desk in a browser (token-protected URL on stdout) until SIGINT or SIGTERM; opens --zk, or a local sandbox')
      .option('--host <address>', 'address to listen on; anything but loopback exposes the UI to the network', '127.0.0.1')
      .option('--port <port>', 'port to listen on (default: a free one)', portOption)
      .option('--sandbox', 'also start a local sandbox ZooKeeper with demo services and open it')
      .action(async (flags: WebFlags) => {
        if (context.zk().digestAuth !== undefined) {
          throw new UsageError('web does not take --auth: save a profile with its credentials in the UI instead');
        }
        const [{ runWeb }, { defaultDataDir }] = await Promise.all([import('../web/run-web.js'), import('../../web/data-dir.js')]);
        const sandbox = flags.sandbox === true;
        context.exitCode = await runWeb({
          // With --sandbox alone, only the sandbox is opened; the global --zk (or RANGER_ZK) otherwise.
          zk: sandbox && !context.zkGiven() ? undefined : context.zk().connectionString,
          host: flags.host,
          port: flags.port,
          sandbox,
          dataDir: defaultDataDir(context.io.env),
          io: context.io,
        });
      });
  },
};
