import type { FinderCore } from '../../engine/finder/finder-core.js';
import { RangerFinderHub } from '../../engine/finder/ranger-finder-hub.js';
import { RangerServiceFinder } from '../../engine/finder/ranger-service-finder.js';
import { namespacePath, servicePath } from '../../../shared/model/names.js';
import type { Colors } from '../shared/colors.js';
import { openCliSession, type ZkTarget } from '../shared/connect.js';
import { ExitCode } from '../shared/exit-codes.js';
import type { CliIO } from '../shared/io.js';
import { toJsonText } from '../shared/json.js';
import { parseTarget } from '../shared/target.js';
import { InstanceTracker } from './instance-tracker.js';
import { eventText, type InstanceEvent, type SyncedEvent } from './watch-event.js';

export interface WatchOptions {
  target: string;
  json: boolean;
  verbose: boolean;
  zk: ZkTarget;
  io: CliIO;
  colors: Colors;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** `rangerctl watch NS[/SVC]`: the current instances, then one line per change, until SIGINT or SIGTERM. */
export async function runWatch(options: WatchOptions): Promise<number> {
  const target = parseTarget(options.target, { serviceRequired: false });
  const { io, colors } = options;
  const session = await openCliSession(options.zk);
  // Watches must outlive an outage: only the initial load is bounded by --timeout.
  const common = { zk: session, namespace: target.namespace, startTimeoutMs: options.zk.timeoutMs };
  const finder: FinderCore =
    target.service === undefined ? new RangerFinderHub(common) : new RangerServiceFinder({ ...common, services: target.service });
  const tracker = new InstanceTracker(target.namespace);
  let initial = true;
  const print = (events: readonly InstanceEvent[]): void => {
    for (const event of events) {
      if (event.event === 'heartbeat' && !options.verbose) continue;
      io.out(`${options.json ? toJsonText(event, false) : eventText(event, colors)}\n`);
    }
  };
  finder.on('instances', (delta) => print(tracker.apply(delta, new Date(), initial)));
  finder.on('stale', (stale) =>
    io.err(stale ? `rangerctl: ZooKeeper at ${options.zk.connectionString} is unreachable; waiting for it\n` : 'rangerctl: reconnected to ZooKeeper\n'),
  );
  // Failed reads during an outage are expected (and said once, by 'stale'); others are worth a line.
  finder.on('error', (error) => {
    if (!finder.isStale) io.err(`rangerctl: warning: ${error.message}\n`);
  });
  let sweep: NodeJS.Timeout | undefined;
  let onSignal: (() => void) | undefined;
  try {
    const stopped = new Promise<void>((resolve) => {
      onSignal = resolve;
      for (const signal of SIGNALS) process.on(signal, onSignal);
    });
    let interrupted = false;
    await Promise.race([finder.start(), stopped.then(() => (interrupted = true))]);
    if (interrupted) return ExitCode.ok;
    initial = false;
    const label = target.service === undefined ? target.namespace : `${target.namespace}/${target.service}`;
    const path = target.service === undefined ? namespacePath(target.namespace) : servicePath(target.namespace, target.service);
    if (!(await session.exists(path))) io.err(`rangerctl: ${path} does not exist (yet); watching for it\n`);
    if (options.json) {
      const synced: SyncedEvent = { time: new Date().toISOString(), event: 'synced', namespace: target.namespace, ...(target.service === undefined ? {} : { service: target.service }), instances: tracker.size };
      io.out(`${toJsonText(synced, false)}\n`);
    } else {
      io.err(`rangerctl: watching ${label} (${tracker.size} instance${tracker.size === 1 ? '' : 's'}); Ctrl-C to stop\n`);
    }
    sweep = setInterval(() => print(tracker.sweep(new Date())), 1000);
    await stopped;
    return ExitCode.ok;
  } finally {
    clearInterval(sweep);
    if (onSignal) for (const signal of SIGNALS) process.off(signal, onSignal);
    finder.stop();
    session.close();
  }
}
