/** ranger-daemon's command line: the Python daemon's flags, single-dash multi-letter ones included. */
import { Command, CommanderError, Option } from 'commander';
import { commanderMessage, UsageError } from '../shared/exit-codes.js';
import { rewriteSingleDashFlags, type SingleDashAliases } from '../shared/single-dash.js';
import { DAEMON_ENV, hasAnyField, rawInputFromEnv, type DaemonField, type FieldLabels, type RawDaemonInput } from './daemon-options.js';

interface FlagSpec {
  field: DaemonField;
  /** The single-dash spelling, one letter (commander's own) or several (rewritten). */
  short: string;
  long: string;
  value: string;
  description: string;
}

const FLAGS: readonly FlagSpec[] = [
  { field: 'zk', short: '-zk', long: '--zkConnectionString', value: '<connection>', description: 'ZooKeeper connection string, host:port[,host:port...][/chroot] (required)' },
  { field: 'namespace', short: '-n', long: '--namespace', value: '<namespace>', description: 'namespace for discovery (default: "org")' },
  { field: 'service', short: '-s', long: '--service', value: '<name>', description: 'name of the service to register (required)' },
  { field: 'host', short: '-host', long: '--host', value: '<host>', description: 'hostname of the service (required)' },
  { field: 'port', short: '-p', long: '--port', value: '<port>', description: 'port of the service (required)' },
  { field: 'environment', short: '-e', long: '--environment', value: '<env>', description: 'environment the service runs in, any name (required)' },
  { field: 'interval', short: '-i', long: '--interval', value: '<seconds>', description: 'update interval in seconds, fractions allowed (default: 1)' },
  { field: 'region', short: '-r', long: '--region', value: '<region>', description: 'region, published in the node data' },
  { field: 'tags', short: '-t', long: '--tags', value: '<tags>', description: 'comma-separated tags, published in the node data' },
  { field: 'healthCheckUrl', short: '-hcu', long: '--healthCheckUrl', value: '<url>', description: 'URL to GET each interval; no scheme means http; none: always healthy' },
  { field: 'healthCheckTimeout', short: '-hct', long: '--healthCheckTimeout', value: '<seconds>', description: 'health check timeout in seconds (default: the interval, at most 5)' },
];

export const DAEMON_FLAG_LABELS: FieldLabels = Object.fromEntries(FLAGS.map((flag) => [flag.field, `${flag.short}/${flag.long}`])) as Record<
  DaemonField,
  string
>;

const MULTI_LETTER = FLAGS.filter((flag) => flag.short.length > 2);

export const DAEMON_SINGLE_DASH: SingleDashAliases = {
  aliases: Object.fromEntries(MULTI_LETTER.map((flag) => [flag.short, flag.long])),
  takesValue: new Set(FLAGS.flatMap((flag) => [flag.short, flag.long])),
};

export interface ParsedDaemonArgs {
  raw: RawDaemonInput;
  labels: FieldLabels;
  source: 'flags' | 'environment';
  verbose: boolean;
}

/** Help was shown (exit 0), so there is nothing to run. */
export class HelpShown extends Error {}

function buildCommand(write: { out: (text: string) => void; err: (text: string) => void }): Command {
  const command = new Command('ranger-daemon')
    .description(
      'Registers host:port in the Ranger registry on ZooKeeper and keeps it updated with a health check until SIGINT or SIGTERM.\n' +
        `Without flags it reads ${Object.values(DAEMON_ENV).join(', ')} from the environment.`,
    )
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .allowExcessArguments(false)
    .configureOutput({ writeOut: write.out, writeErr: write.err, outputError: () => undefined })
    .configureHelp({
      // Show the Python spelling (-zk) beside the long name, as commander only knows one-letter short flags.
      optionTerm: (option) => {
        const flag = MULTI_LETTER.find((spec) => spec.long === option.long);
        return flag ? `${flag.short}, ${option.flags}` : option.flags;
      },
    });
  for (const flag of FLAGS) {
    const flags = flag.short.length === 2 ? `${flag.short}, ${flag.long} ${flag.value}` : `${flag.long} ${flag.value}`;
    command.addOption(new Option(flags, flag.description));
  }
  command.option('-v, --verbose', 'log every update, not only state changes');
  return command;
}

/**
 * Parses the daemon's arguments. With no registration flag at all, the inputs come from the environment (the
 * container's mode); otherwise only from flags. Throws UsageError (exit 2) or HelpShown.
 */
export function parseDaemonArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  write: { out: (text: string) => void; err: (text: string) => void },
): ParsedDaemonArgs {
  const command = buildCommand(write);
  try {
    command.parse(rewriteSingleDashFlags(argv, DAEMON_SINGLE_DASH), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) throw new HelpShown();
      throw new UsageError(commanderMessage(error));
    }
    throw error;
  }
  const options = command.opts<Partial<Record<string, string | boolean>>>();
  const raw: RawDaemonInput = {};
  for (const flag of FLAGS) {
    const value = options[command.options.find((option) => option.long === flag.long)?.attributeName() ?? ''];
    if (typeof value === 'string') raw[flag.field] = value;
  }
  const verbose = options.verbose === true;
  if (hasAnyField(raw)) return { raw, labels: DAEMON_FLAG_LABELS, source: 'flags', verbose };
  return { raw: rawInputFromEnv(env), labels: DAEMON_ENV, source: 'environment', verbose };
}
