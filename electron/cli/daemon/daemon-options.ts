/**
 * What the daemon is asked to do, from flags or from the environment, checked and turned into provider options.
 * Pure: no I/O, so the container entrypoint's logic (environment -> options) is unit-tested directly.
 */
import { normalizeHealthCheckUrl } from '../../engine/health/health-check.js';
import type { RangerServiceProviderOptions } from '../../engine/provider/ranger-service-provider.js';
import type { Logger } from '../../engine/util/logger.js';
import { parseConnectionString } from '../../engine/zk/connection-string.js';
import { nameProblem, portProblem } from '../../../shared/model/names.js';
import { parseSecondsMs } from '../shared/duration.js';
import { UsageError } from '../shared/exit-codes.js';
import { DEFAULT_NAMESPACE } from './defaults.js';

export { DEFAULT_NAMESPACE };

export const DAEMON_FIELDS = [
  'zk',
  'namespace',
  'service',
  'host',
  'port',
  'environment',
  'interval',
  'region',
  'tags',
  'healthCheckUrl',
  'healthCheckTimeout',
] as const;
export type DaemonField = (typeof DAEMON_FIELDS)[number];

/** The daemon's inputs as text, exactly as given (flag values or environment variables). */
export type RawDaemonInput = Partial<Record<DaemonField, string>>;

/** How each input is named to the user, so a message points at the flag or variable they actually used. */
export type FieldLabels = Readonly<Record<DaemonField, string>>;

/** The Python container's variables; UPDATE_INTERVAL and HEALTH_CHECK_TIMEOUT are our additions. */
export const DAEMON_ENV: FieldLabels = {
  zk: 'RANGER_ZK',
  namespace: 'NAMESPACE',
  service: 'SERVICE_NAME',
  host: 'HOST',
  port: 'PORT',
  environment: 'ENV',
  interval: 'UPDATE_INTERVAL',
  region: 'REGION',
  tags: 'TAGS',
  healthCheckUrl: 'HEALTH_CHECK',
  healthCheckTimeout: 'HEALTH_CHECK_TIMEOUT',
};

const MAX_SECONDS = 600;

export interface DaemonConfig {
  zk: { connectionString: string; digestAuth?: string };
  service: {
    host: string;
    port: number;
    environment: string;
    namespace: string;
    serviceName: string;
    region?: string;
    tags?: string[];
  };
  /** With a scheme (a bare `host:port/path` means http); none means the node is published healthy. */
  healthCheckUrl: string | undefined;
  updateIntervalMs: number;
  /** Undefined: the engine's default (the update interval, at most 5 s). */
  healthCheckTimeoutMs: number | undefined;
}

/** Reads the container variables; empty ones count as unset (compose writes `VAR=` for a blank value). */
export function rawInputFromEnv(env: Readonly<Record<string, string | undefined>>): RawDaemonInput {
  const raw: RawDaemonInput = {};
  for (const field of DAEMON_FIELDS) {
    const value = env[DAEMON_ENV[field]];
    if (value !== undefined && value.trim() !== '') raw[field] = value;
  }
  return raw;
}

export function hasAnyField(raw: RawDaemonInput): boolean {
  return DAEMON_FIELDS.some((field) => raw[field] !== undefined);
}

function secondsProblem(label: string, text: string, minimumMs: number): string | undefined {
  const ms = parseSecondsMs(text);
  if (ms === undefined || ms < minimumMs || ms > MAX_SECONDS * 1000) {
    const range = minimumMs <= 1 ? `greater than 0 and at most ${MAX_SECONDS}` : `from ${minimumMs / 1000} to ${MAX_SECONDS}`;
    return `${label} must be a number of seconds ${range}, got '${text}'`;
  }
  return undefined;
}

function healthUrlProblem(label: string, url: string): string | undefined {
  const normalized = normalizeHealthCheckUrl(url.trim());
  if (!URL.canParse(normalized)) return `${label} '${url}' is not a valid URL`;
  const parsed = new URL(normalized);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${label} '${url}' must be an http or https URL`;
  if (parsed.hostname === '') return `${label} '${url}' has no host`;
  return undefined;
}

function listOf(text: string | undefined): string[] | undefined {
  const items = (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

/** Checks every input and reports all problems at once (exit 2), naming each by the label the user knows. */
export function resolveDaemonConfig(raw: RawDaemonInput, labels: FieldLabels): DaemonConfig {
  const problems: string[] = [];
  const required = ['zk', 'service', 'host', 'port', 'environment'] as const;
  const missing = required.filter((field) => raw[field] === undefined || raw[field].trim() === '');
  if (missing.length > 0) problems.push(`missing ${missing.map((field) => labels[field]).join(', ')}`);

  const zk = raw.zk?.trim() ?? '';
  if (zk !== '') {
    try {
      parseConnectionString(zk);
    } catch (error) {
      problems.push(`${labels.zk}: ${(error as Error).message}`);
    }
  }
  const namespace = raw.namespace?.trim() || DEFAULT_NAMESPACE;
  const serviceName = raw.service?.trim() ?? '';
  for (const [field, kind, value] of [
    ['namespace', 'namespace', namespace],
    ['service', 'service name', serviceName],
  ] as const) {
    const problem = value === '' ? undefined : nameProblem(kind, value);
    if (problem) problems.push(`${labels[field]}: ${problem}`);
  }
  const host = raw.host?.trim() ?? '';
  if (/[/\s]/.test(host)) problems.push(`${labels.host}: host '${host}' must not contain '/' or spaces`);
  const portText = raw.port?.trim() ?? '';
  const port = /^\d+$/.test(portText) ? Number(portText) : Number.NaN;
  if (portText !== '' && portProblem(port)) problems.push(`${labels.port}: port must be an integer from 1 to 65535, got '${portText}'`);

  const intervalText = raw.interval?.trim();
  if (intervalText !== undefined) {
    const problem = secondsProblem(labels.interval, intervalText, 100);
    if (problem) problems.push(problem);
  }
  const timeoutText = raw.healthCheckTimeout?.trim();
  if (timeoutText !== undefined) {
    const problem = secondsProblem(labels.healthCheckTimeout, timeoutText, 1);
    if (problem) problems.push(problem);
  }
  const url = raw.healthCheckUrl?.trim() || undefined;
  if (url !== undefined) {
    const problem = healthUrlProblem(labels.healthCheckUrl, url);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new UsageError(problems.join('; '));

  const region = raw.region?.trim() || undefined;
  const tags = listOf(raw.tags);
  return {
    zk: { connectionString: zk },
    service: {
      host,
      port,
      environment: raw.environment?.trim() ?? '',
      namespace,
      serviceName,
      ...(region === undefined ? {} : { region }),
      ...(tags === undefined ? {} : { tags }),
    },
    healthCheckUrl: url === undefined ? undefined : normalizeHealthCheckUrl(url),
    updateIntervalMs: intervalText === undefined ? 1000 : (parseSecondsMs(intervalText) ?? 1000),
    healthCheckTimeoutMs: timeoutText === undefined ? undefined : parseSecondsMs(timeoutText),
  };
}

/** The provider options for a checked config: one GET health check when a URL is given, else always healthy. */
export function providerOptionsFor(config: DaemonConfig, logger: Logger): RangerServiceProviderOptions {
  return {
    zk: config.zk.digestAuth === undefined ? config.zk.connectionString : { connectionString: config.zk.connectionString, digestAuth: config.zk.digestAuth },
    service: config.service,
    healthCheck: config.healthCheckUrl === undefined ? undefined : { url: config.healthCheckUrl, method: 'GET' },
    updateIntervalMs: config.updateIntervalMs,
    healthCheckTimeoutMs: config.healthCheckTimeoutMs,
    logger,
  };
}
