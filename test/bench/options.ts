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
  /** Run the web mode section (issue 4): the host as a child process, the renderer in Chromium. */
  web: boolean;
  /** Page loads per case, cold and warm (the median is reported). */
  webRuns: number;
  /** Instances heartbeating once a second while the host's CPU is measured. */
  webHeartbeats: number;
  /** Length of the web mode's measured load window. */
  webSeconds: number;
  /** Profile the host over a further load window and summarise where its CPU goes. */
  webProfile: boolean;
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
    .addOption(new Option('--no-web', 'skip the web mode section (host child process + Chromium)'))
    .option('--web-runs <n>', 'page loads per case, cold and warm (median reported; default 3)', positiveInt('--web-runs', 100), 3)
    .option('--web-heartbeats <n>', 'instances heartbeating once a second in the web load window (default 2000, quick 200)', positiveInt('--web-heartbeats', 1_000_000))
    .option('--web-seconds <s>', 'web load window (default 20, quick 5)', positiveInt('--web-seconds', 3600))
    .option('--web-profile', "then profile the web mode's host over one more window and list its top self time", false)
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
    web: boolean;
    webRuns: number;
    webHeartbeats?: number;
    webSeconds?: number;
    webProfile: boolean;
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
    web: raw.web,
    webRuns: raw.webRuns,
    webHeartbeats: raw.webHeartbeats ?? (quick ? 200 : 2000),
    webSeconds: raw.webSeconds ?? (quick ? 5 : 20),
    webProfile: raw.webProfile,
  };
}
