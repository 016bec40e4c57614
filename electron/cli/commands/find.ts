import { Option, type Command } from 'commander';
import type { SelectorName } from '../../engine/finder/selectors.js';
import type { CommandModule } from '../rangerctl/context.js';

interface FindFlags {
  env?: string;
  region?: string;
  tag: string[];
  selector: SelectorName;
  all?: boolean;
  json?: boolean;
}

const SELECTORS: readonly SelectorName[] = ['random', 'round-robin', 'weighted'];

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((tag) => tag.trim()).filter(Boolean)];
}

export const findCommand: CommandModule = {
  register(program: Command, context) {
    program
      .command('find')
      .description('print what a Ranger finder returns for a service (healthy, fresh heartbeat, matching); exit 1 when nothing is eligible')
      .argument('<target>', 'NAMESPACE/SERVICE')
      .option('--env <environment>', 'only nodes of this environment')
      .option('--region <region>', 'only nodes of this region')
      .option('--tag <tag>', 'only nodes carrying this tag (repeat or comma-separate for several; all must match)', collect, [])
      .addOption(new Option('--selector <selector>', 'how one node is picked').choices(SELECTORS).default('random'))
      .option('--all', 'print every eligible node, not one')
      .option('--json', 'print the node (or with --all the array of nodes) as JSON')
      .action(async (target: string, flags: FindFlags) => {
        const { runFind } = await import('../find/run-find.js');
        context.exitCode = await runFind({
          target,
          env: flags.env,
          region: flags.region,
          tags: flags.tag,
          selector: flags.selector,
          all: flags.all === true,
          json: flags.json === true,
          zk: context.zk(),
          io: context.io,
        });
      });
  },
};
