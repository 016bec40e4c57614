/** Command-line options of `npm run bench`, parsed with commander. */
import { Command, InvalidArgumentError, Option } from 'commander';

export interface BenchOptions {
  /** host:port of an existing ZooKeeper; undefined starts a private one. */
  zk: string | undefined;
  services: number;
  instances: number;
  quick: boolean;
  /** Cold loads measured per contender (hub, raw read); the median is reported. */
  coldRuns: number;
  /** Samples for each latency (health flip, removal). */
  samples: number;
  /** Length of the idle window. */
  idleSeconds: number;
  /** Sessions the registry is written through (the instances are spread over them). */
  writers: number;
  /** Requests in flight per batch while populating. */
  batch: number;
  outDir: string;
  /** Skip the memory measurement (it runs in a child process). */
  memory: boolean;
}

function positiveInt(name: string, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) throw new InvalidArgumentError(`${name} must be an integer from 1 to ${max}`);
    return parsed;
  };
}

function hostPort(value: string): string {
  if (!/^[^\s/,]+:\d{1,5}(\/.*)?$/.test(value) && !/^[^\s/]+(,[^\s/]+)+$/.test(value)) {
    throw new InvalidArgumentError('expected host:port (or a ZooKeeper connection string)');
  }
  return value;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const program = new Command('bench')
    .description('Ranger Desk engine benchmark: populates a registry in ZooKeeper and measures the finder hub.')
    .option('--zk <host:port>', 'use this ZooKeeper instead of starting one (env RANGER_BENCH_ZK)', hostPort)
    .option('--services <n>', 'services in the namespace (default 200, quick 20)', positiveInt('--services', 10_000))
    .option('--instances <n>', 'instances per service (default 50, quick 10)', positiveInt('--instances', 10_000))
    .option('--quick', 'a smoke run: 20 x 10 registry, fewer samples, 5 s idle window', false)
    .option('--cold-runs <n>', 'cold loads per contender (median reported; default 5, quick 2)', positiveInt('--cold-runs', 100))
    .option('--samples <n>', 'samples per latency metric (default 200, quick 20)', positiveInt('--samples', 100_000))
    .option('--idle-seconds <s>', 'idle window for the request count (default 30, quick 5)', positiveInt('--idle-seconds', 3600))
    .option('--writers <n>', 'writer sessions used to populate', positiveInt('--writers', 64), 4)
    .option('--batch <n>', 'requests in flight per batch while populating', positiveInt('--batch', 100_000), 1000)
    .option('--out <dir>', 'where the JSON results go', 'bench-results')
    .addOption(new Option('--no-memory', 'skip the memory measurement (child process)'))
    .allowExcessArguments(false);
  program.parse([...argv], { from: 'user' });
  const raw = program.opts<{
    zk?: string;
    services?: number;
    instances?: number;
    quick: boolean;
    coldRuns?: number;
    samples?: number;
    idleSeconds?: number;
    writers: number;
    batch: number;
    out: string;
    memory: boolean;
  }>();
  const envZk = env.RANGER_BENCH_ZK?.trim();
  const quick = raw.quick;
  return {
    zk: raw.zk ?? (envZk ? hostPort(envZk) : undefined),
    services: raw.services ?? (quick ? 20 : 200),
    instances: raw.instances ?? (quick ? 10 : 50),
    quick,
    coldRuns: raw.coldRuns ?? (quick ? 2 : 5),
    samples: raw.samples ?? (quick ? 20 : 200),
    idleSeconds: raw.idleSeconds ?? (quick ? 5 : 30),
    writers: raw.writers,
    batch: raw.batch,
    outDir: raw.out,
    memory: raw.memory,
  };
}
