import type { RegistrationSpec } from '../../../shared/registration.js';

/** Quotes for a POSIX shell only when needed. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

/** The same registration as a `ranger-daemon` command line (the Python daemon's flags). */
export function toDaemonCommand(spec: RegistrationSpec, connectionString: string): string {
  const args = ['ranger-daemon', '-zk', connectionString, '-n', spec.namespace, '-s', spec.serviceName, '-host', spec.host, '-p', String(spec.port), '-e', spec.environment];
  if (spec.region) args.push('-r', spec.region);
  if (spec.tags.length > 0) args.push('-t', spec.tags.join(','));
  if (spec.updateIntervalMs !== 1000) args.push('-i', seconds(spec.updateIntervalMs));
  if (spec.healthCheck) args.push('-hcu', spec.healthCheck.url, '-hct', seconds(spec.healthCheck.timeoutMs));
  return args.map(shellQuote).join(' ');
}

/** The daemon image built from this repository's Dockerfile. */
export const DAEMON_IMAGE = 'ranger-desk/ranger-daemon';

/** The same registration as `docker run`, driven by the environment variables the Python image uses. */
export function toDockerRun(spec: RegistrationSpec, connectionString: string): string {
  const env: [string, string][] = [
    ['RANGER_ZK', connectionString],
    ['SERVICE_NAME', spec.serviceName],
    ['HOST', spec.host],
    ['PORT', String(spec.port)],
    ['ENV', spec.environment],
    ['NAMESPACE', spec.namespace],
  ];
  if (spec.healthCheck) env.push(['HEALTH_CHECK', spec.healthCheck.url]);
  if (spec.region) env.push(['REGION', spec.region]);
  if (spec.tags.length > 0) env.push(['TAGS', spec.tags.join(',')]);
  const parts = ['docker', 'run', '--rm', '-d', '--network', 'host', ...env.flatMap(([key, value]) => ['-e', `${key}=${value}`]), '--name', `ranger-${spec.serviceName}-${spec.port}`, DAEMON_IMAGE];
  return parts.map(shellQuote).join(' ');
}
