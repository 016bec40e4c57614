import { describe, expect, it } from 'vitest';
import { DAEMON_SINGLE_DASH, HelpShown, parseDaemonArgs } from '../../electron/cli/daemon/daemon-args.js';
import { parseDurationMs, parseSecondsMs } from '../../electron/cli/shared/duration.js';
import { UsageError } from '../../electron/cli/shared/exit-codes.js';
import { rewriteSingleDashFlags } from '../../electron/cli/shared/single-dash.js';
import { parseTarget } from '../../electron/cli/shared/target.js';

const silent = { out: () => undefined, err: () => undefined };

describe('rewriteSingleDashFlags', () => {
  const rewrite = (argv: string[]): string[] => rewriteSingleDashFlags(argv, DAEMON_SINGLE_DASH);

  it("rewrites the Python daemon's multi-letter single-dash flags to long names", () => {
    expect(rewrite(['-zk', 'zk:2181', '-host', 'h', '-hcu', 'h:1/health', '-hct', '2'])).toEqual([
      '--zkConnectionString', 'zk:2181', '--host', 'h', '--healthCheckUrl', 'h:1/health', '--healthCheckTimeout', '2',
    ]);
  });

  it('keeps the =value form and leaves one-letter flags to commander', () => {
    expect(rewrite(['-zk=a:1', '-p', '80', '-s', 'x'])).toEqual(['--zkConnectionString=a:1', '-p', '80', '-s', 'x']);
  });

  it('never rewrites a value, even one that looks like a flag, nor anything after --', () => {
    expect(rewrite(['-s', '-host', '-e', '-zk', '--', '-hcu'])).toEqual(['-s', '-host', '-e', '-zk', '--', '-hcu']);
    expect(rewrite(['--service', '-hcu', '-host', 'h'])).toEqual(['--service', '-hcu', '--host', 'h']);
  });
});

describe('parseDaemonArgs', () => {
  it('reads the Python command line from the README', () => {
    const argv = ['-zk', 'localhost:2181', '-s', 'myapp', '-host', 'localhost', '-p', '12211', '-n', 'org', '-e', 'stage', '-hcu', 'http://localhost:12211/healthcheck?pretty=true'];
    const parsed = parseDaemonArgs(argv, {}, silent);
    expect(parsed.source).toBe('flags');
    expect(parsed.raw).toEqual({
      zk: 'localhost:2181', service: 'myapp', host: 'localhost', port: '12211', namespace: 'org', environment: 'stage',
      healthCheckUrl: 'http://localhost:12211/healthcheck?pretty=true',
    });
  });

  it('accepts the long names, --name=value, and --verbose', () => {
    const parsed = parseDaemonArgs(['--zkConnectionString=z:1', '--service', 's', '--healthCheckTimeout', '0.5', '-v'], {}, silent);
    expect(parsed.raw).toMatchObject({ zk: 'z:1', service: 's', healthCheckTimeout: '0.5' });
    expect(parsed.verbose).toBe(true);
  });

  it('reads the environment only when no registration flag is given', () => {
    const env = { RANGER_ZK: 'zk:2181', SERVICE_NAME: 'from-env' };
    expect(parseDaemonArgs([], env, silent)).toMatchObject({ source: 'environment', raw: { zk: 'zk:2181', service: 'from-env' } });
    expect(parseDaemonArgs(['--verbose'], env, silent)).toMatchObject({ source: 'environment', verbose: true });
    expect(parseDaemonArgs(['-s', 'from-flag'], env, silent)).toMatchObject({ source: 'flags', raw: { service: 'from-flag' } });
  });

  it('turns unknown flags, missing values and stray arguments into usage errors', () => {
    expect(() => parseDaemonArgs(['--bogus'], {}, silent)).toThrow(new UsageError("unknown option '--bogus'"));
    expect(() => parseDaemonArgs(['-p'], {}, silent)).toThrow(/argument missing/);
    expect(() => parseDaemonArgs(['-s', 'a', 'extra'], {}, silent)).toThrow(/too many arguments/);
  });

  it('prints help to the out stream and says so', () => {
    let help = '';
    expect(() => parseDaemonArgs(['--help'], {}, { out: (text) => (help += text), err: () => undefined })).toThrow(HelpShown);
    expect(help).toContain('-zk, --zkConnectionString <connection>');
    expect(help).toContain('-hcu, --healthCheckUrl <url>');
  });
});

describe('durations and targets', () => {
  it('parses --timeout as ms or seconds and refuses anything else', () => {
    expect(parseDurationMs('500')).toBe(500);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(() => parseDurationMs('5x')).toThrow(/'5x' is not a duration/);
    expect(() => parseDurationMs('0')).toThrow(/too short/);
  });

  it('parses seconds with fractions, as -i 0.5', () => {
    expect(parseSecondsMs('0.5')).toBe(500);
    expect(parseSecondsMs('2')).toBe(2000);
    expect(parseSecondsMs('.25')).toBe(250);
    expect(parseSecondsMs('0')).toBeUndefined();
    expect(parseSecondsMs('-1')).toBeUndefined();
    expect(parseSecondsMs('1e3')).toBeUndefined();
  });

  it('reads NAMESPACE[/SERVICE] and names what is wrong', () => {
    expect(parseTarget('org', { serviceRequired: false })).toEqual({ namespace: 'org', service: undefined });
    expect(parseTarget('/org/svc', { serviceRequired: true })).toEqual({ namespace: 'org', service: 'svc' });
    expect(() => parseTarget('org', { serviceRequired: true })).toThrow("'org' is not NAMESPACE/SERVICE");
    expect(() => parseTarget('a/b/c', { serviceRequired: false })).toThrow(/is not NAMESPACE or NAMESPACE\/SERVICE/);
    expect(() => parseTarget('zookeeper', { serviceRequired: false })).toThrow(/reserved/);
    expect(() => parseTarget('org/', { serviceRequired: true })).toThrow(/service must not be empty/);
  });
});
