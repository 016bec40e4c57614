import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAEMON_FLAG_LABELS } from '../../electron/cli/daemon/daemon-args.js';
import {
  DAEMON_ENV,
  providerOptionsFor,
  rawInputFromEnv,
  resolveDaemonConfig,
  type DaemonConfig,
  type RawDaemonInput,
} from '../../electron/cli/daemon/daemon-options.js';
import { UsageError } from '../../electron/cli/shared/exit-codes.js';
import { silentLogger } from '../../electron/engine/util/logger.js';

const REQUIRED: RawDaemonInput = { zk: 'zk-1:2181,zk-2:2181/ranger', service: 'orders', host: 'app-1', port: '8080', environment: 'stage' };

function resolve(raw: RawDaemonInput): DaemonConfig {
  return resolveDaemonConfig(raw, DAEMON_FLAG_LABELS);
}

function problems(raw: RawDaemonInput): string {
  try {
    resolve(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected a usage error for ${JSON.stringify(raw)}`);
}

describe('the environment the container entrypoint reads', () => {
  it('maps every Python container variable to the provider options', () => {
    const env = {
      RANGER_ZK: 'zookeeper:2181',
      SERVICE_NAME: 'python-test',
      HOST: 'localhost',
      PORT: '12211',
      ENV: 'stage',
      NAMESPACE: 'myorg',
      HEALTH_CHECK: 'localhost:12211/health',
      REGION: 'IN-nm',
      TAGS: 'identity, auth',
      UNRELATED: 'ignored',
    };
    const config = resolveDaemonConfig(rawInputFromEnv(env), DAEMON_ENV);
    expect(providerOptionsFor(config, silentLogger)).toEqual({
      zk: 'zookeeper:2181',
      service: { host: 'localhost', port: 12211, environment: 'stage', namespace: 'myorg', serviceName: 'python-test', region: 'IN-nm', tags: ['identity', 'auth'] },
      healthCheck: { url: 'http://localhost:12211/health', method: 'GET' },
      updateIntervalMs: 1000,
      healthCheckTimeoutMs: undefined,
      logger: silentLogger,
    });
  });

  it('defaults NAMESPACE to org, treats blank variables as unset, and publishes healthy without HEALTH_CHECK', () => {
    const env = { RANGER_ZK: 'zk:2181', SERVICE_NAME: 's', HOST: 'h', PORT: '1', ENV: 'prod', NAMESPACE: '', HEALTH_CHECK: ' ', TAGS: '', REGION: '' };
    const options = providerOptionsFor(resolveDaemonConfig(rawInputFromEnv(env), DAEMON_ENV), silentLogger);
    expect(options.service).toEqual({ host: 'h', port: 1, environment: 'prod', namespace: 'org', serviceName: 's' });
    expect(options.healthCheck).toBeUndefined();
  });

  it('reads our two additions, UPDATE_INTERVAL and HEALTH_CHECK_TIMEOUT, in seconds', () => {
    const env = { RANGER_ZK: 'zk', SERVICE_NAME: 's', HOST: 'h', PORT: '1', ENV: 'e', UPDATE_INTERVAL: '0.5', HEALTH_CHECK_TIMEOUT: '2' };
    expect(resolveDaemonConfig(rawInputFromEnv(env), DAEMON_ENV)).toMatchObject({ updateIntervalMs: 500, healthCheckTimeoutMs: 2000 });
  });

  it('names the missing variables, not flags', () => {
    expect(() => resolveDaemonConfig(rawInputFromEnv({ RANGER_ZK: 'zk', PORT: 'eighty' }), DAEMON_ENV)).toThrow(
      "missing SERVICE_NAME, HOST, ENV; PORT: port must be an integer from 1 to 65535, got 'eighty'",
    );
  });
});

describe('flags to provider options', () => {
  it('keeps any environment name, a multi-host chroot connection string, and fractional intervals', () => {
    const config = resolve({ ...REQUIRED, environment: 'prod.eu.blue', interval: '0.5', healthCheckTimeout: '0.25' });
    expect(config).toMatchObject({ zk: { connectionString: 'zk-1:2181,zk-2:2181/ranger' }, updateIntervalMs: 500, healthCheckTimeoutMs: 250 });
    expect(config.service.environment).toBe('prod.eu.blue');
  });

  it('adds http:// to a health URL without a scheme and keeps https', () => {
    expect(resolve({ ...REQUIRED, healthCheckUrl: 'localhost:8080/health?pretty=true' }).healthCheckUrl).toBe('http://localhost:8080/health?pretty=true');
    expect(resolve({ ...REQUIRED, healthCheckUrl: 'https://app/health' }).healthCheckUrl).toBe('https://app/health');
  });

  it.each<[RawDaemonInput, string]>([
    [{ ...REQUIRED, port: '99999' }, "-p/--port: port must be an integer from 1 to 65535, got '99999'"],
    [{ ...REQUIRED, port: '80.5' }, "-p/--port: port must be an integer from 1 to 65535, got '80.5'"],
    [{ ...REQUIRED, interval: 'fast' }, "-i/--interval must be a number of seconds from 0.1 to 600, got 'fast'"],
    [{ ...REQUIRED, interval: '0.01' }, "-i/--interval must be a number of seconds from 0.1 to 600, got '0.01'"],
    [{ ...REQUIRED, healthCheckTimeout: '0' }, "-hct/--healthCheckTimeout must be a number of seconds greater than 0 and at most 600, got '0'"],
    [{ ...REQUIRED, healthCheckUrl: 'http://' }, "-hcu/--healthCheckUrl 'http://' is not a valid URL"],
    [{ ...REQUIRED, healthCheckUrl: 'ftp://host/x' }, "-hcu/--healthCheckUrl 'ftp://host/x' must be an http or https URL"],
    [{ ...REQUIRED, zk: 'zk:99999' }, "-zk/--zkConnectionString: ZooKeeper connection string 'zk:99999': port 99999 is outside 1..65535"],
    [{ ...REQUIRED, service: 'a/b' }, "-s/--service: service name 'a/b' must not contain '/'"],
    [{ ...REQUIRED, namespace: 'zookeeper' }, "-n/--namespace: namespace 'zookeeper' is reserved by ZooKeeper"],
    [{ ...REQUIRED, host: 'my host' }, "-host/--host: host 'my host' must not contain '/' or spaces"],
    [{ service: 's' }, 'missing -zk/--zkConnectionString, -host/--host, -p/--port, -e/--environment'],
  ])('refuses %j', (raw, message) => {
    expect(problems(raw)).toBe(message);
  });

  it('reports every problem at once', () => {
    expect(problems({ ...REQUIRED, port: '0', interval: 'x' }).split('; ')).toHaveLength(2);
  });
});

describe('the container files agree with the code', () => {
  const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

  it("the Dockerfile's entrypoint is the package's ranger-daemon bin", () => {
    const entrypoint = /^ENTRYPOINT (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    const bin = (JSON.parse(read('package.json')) as { bin: Record<string, string> }).bin['ranger-daemon'];
    expect(JSON.parse(entrypoint ?? '[]')).toEqual(['node', bin]);
  });

  it("the compose example's daemon environment is complete and valid", () => {
    const compose = read('docker/compose.yaml');
    const block = /^ {2}ranger-daemon:\n(?:.*\n)*? {4}environment:\n((?: {6}.*\n)+)/m.exec(compose)?.[1] ?? '';
    const env = Object.fromEntries(
      block
        .split('\n')
        .map((line) => /^ {6}([A-Z_]+): (.*)$/.exec(line))
        .filter((match) => match !== null)
        .map((match) => [match[1], (match[2] ?? '').replace(/^"(.*)"$/, '$1')]),
    );
    expect(Object.keys(env).every((name) => Object.values(DAEMON_ENV).includes(name))).toBe(true);
    const config = resolveDaemonConfig(rawInputFromEnv(env), DAEMON_ENV);
    expect(config).toMatchObject({ service: { namespace: 'myorg', serviceName: 'sample-service', port: 8080 }, healthCheckUrl: 'http://sample-service:8080/health' });
  });
});
