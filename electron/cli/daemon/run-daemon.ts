/** Runs one provider until SIGINT/SIGTERM, logging one line per state change (and per update when verbose). */
import { RangerServiceProvider } from '../../engine/provider/ranger-service-provider.js';
import type { HealthCheckResult } from '../../engine/health/health-check.js';
import { ExitCode, UsageError } from '../shared/exit-codes.js';
import { lineLogger } from '../shared/log.js';
import { providerOptionsFor, type DaemonConfig } from './daemon-options.js';
import { logConnection } from './connection-log.js';

export interface RunDaemonOptions {
  config: DaemonConfig;
  verbose: boolean;
  /** Where log lines go. */
  write: (text: string) => void;
  /** Says where the settings came from in the first log line. */
  source: string;
  /** How often to repeat that ZooKeeper is still unreachable (default 10 s). */
  stillTryingEveryMs?: number;
  /** Bound on deleting the node at shutdown, so the process exits within 2 s even if ZooKeeper hangs. */
  stopTimeoutMs?: number;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
/** What stop() may take at most, leaving room in the 2 s promised between a signal and the exit. */
const STOP_BUDGET_MS = 1200;
function describe(config: DaemonConfig): string {
  const { service } = config;
  const parts = [
    `environment ${service.environment}`,
    service.region === undefined ? undefined : `region ${service.region}`,
    service.tags === undefined ? undefined : `tags ${service.tags.join(',')}`,
    `every ${config.updateIntervalMs / 1000} s`,
    config.healthCheckUrl === undefined ? 'no health check (published healthy)' : `health check GET ${config.healthCheckUrl}`,
  ];
  return parts.filter((part) => part !== undefined).join(', ');
}

/** Resolves with the exit code once a signal has stopped the provider (its node deleted) or it failed. */
export async function runDaemon(options: RunDaemonOptions): Promise<number> {
  const { config } = options;
  const logger = lineLogger({ write: options.write, verbose: options.verbose });
  let provider: RangerServiceProvider;
  try {
    provider = new RangerServiceProvider(providerOptionsFor(config, logger));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const session = provider.zkSession;
  logger.info(`publishing ${provider.path} (${describe(config)}); settings from ${options.source}`);
  const detachConnectionLog = logConnection(session, logger, options.stillTryingEveryMs ?? 10_000);

  let lastHealth: HealthCheckResult | undefined;
  provider.on('health', (result) => {
    lastHealth = result;
  });
  provider.on('written', (info) => {
    logger.debug(`updated ${info.path}: ${info.status} (${lastHealth?.detail ?? 'no check'}), version ${info.stat.version}`);
  });
  // The engine logs each failed update; without a listener an 'error' event would crash the process.
  provider.on('error', () => undefined);

  let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
  const signalled = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => resolve(signal);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  });
  const failed = provider.start().then(
    () => new Promise<never>(() => undefined),
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  );

  try {
    const outcome = await Promise.race([signalled, failed]);
    if (outcome instanceof Error) {
      logger.error(`could not register ${provider.path}: ${outcome.message}`);
      await provider.stop(options.stopTimeoutMs ?? STOP_BUDGET_MS);
      return ExitCode.failure;
    }
    logger.info(`${outcome} received: deleting ${provider.path}`);
    // stop() ends the ticks and deletes the node at once; a health check in flight does not hold it up.
    await provider.stop(options.stopTimeoutMs ?? STOP_BUDGET_MS);
    return ExitCode.ok;
  } finally {
    detachConnectionLog();
    if (onSignal) for (const signal of SIGNALS) process.off(signal, onSignal);
  }
}
