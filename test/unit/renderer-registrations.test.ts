import { describe, expect, it } from 'vitest';
import { registrationSpecSchema, type RegistrationSpec, type RegistrationView } from '../../shared/registration.js';
import {
  emptyRegistrationForm,
  hasRegistrationErrors,
  hostSuggestions,
  parseStatusCodes,
  parseTags,
  readRegistrationForm,
  registrationFormFrom,
  type RegistrationFormValues,
} from '../../renderer/state/registration-form.js';
import { healthSummary, historyTicks, isOurs, isOverriding, isPublishing, normalizeOwner, oursSet, removeRegistration, sortRegistrations, stateTone, upsertRegistration } from '../../renderer/state/registrations.js';
import { formatRoute, parseRoute, DEFAULT_ROUTE } from '../../renderer/state/route.js';

function filled(patch: Partial<RegistrationFormValues> = {}): RegistrationFormValues {
  return { ...emptyRegistrationForm({ profileId: 'p1', namespace: 'myorg', host: 'laptop.local' }), serviceName: 'orders', port: '8080', ...patch };
}

const SPEC: RegistrationSpec = registrationSpecSchema.parse({
  profileId: 'p1',
  serviceName: 'orders',
  namespace: 'myorg',
  host: '127.0.0.1',
  port: 9301,
  environment: 'stage',
});

function view(id: string, patch: Partial<RegistrationView> = {}, spec: Partial<RegistrationSpec> = {}): RegistrationView {
  const merged = { ...SPEC, ...spec };
  return {
    id,
    spec: merged,
    state: 'registered',
    path: `/${merged.namespace}/${merged.serviceName}/${merged.host}:${merged.port}`,
    owner: '18f00000000a0001',
    lastWriteAt: 1_700_000_000_000,
    lastHealth: null,
    history: [],
    drained: false,
    conflict: null,
    error: null,
    ...patch,
  };
}

describe('registration form -> RegistrationInput', () => {
  it('sends the typed values as the contract wants them', () => {
    const { input, errors } = readRegistrationForm(
      filled({
        region: ' eu-west-1 ',
        tags: 'api, canary,, api ',
        routingWeight: '2.5',
        portScheme: 'https',
        healthUrl: ' http://localhost:8080/health ',
        healthMethod: 'POST',
        healthTimeoutMs: '750',
        healthExpectedStatus: '200, 204',
        updateIntervalSeconds: '0.5',
        startOnLaunch: true,
      }),
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      profileId: 'p1',
      serviceName: 'orders',
      namespace: 'myorg',
      host: 'laptop.local',
      port: 8080,
      environment: 'stage',
      region: 'eu-west-1',
      tags: ['api', 'canary'],
      routingWeight: 2.5,
      portScheme: 'https',
      healthCheck: { url: 'http://localhost:8080/health', method: 'POST', timeoutMs: 750, expectedStatus: [200, 204] },
      updateIntervalMs: 500,
      startOnLaunch: true,
    });
    // What the form sends is what the host accepts.
    expect(registrationSpecSchema.safeParse(input).success).toBe(true);
  });

  it('sends no health check and a null region when those fields are empty', () => {
    const { input, errors } = readRegistrationForm(filled());
    expect(errors).toEqual({});
    expect(input.healthCheck).toBeNull();
    expect(input.region).toBeNull();
    expect(input.tags).toEqual([]);
    expect(input.updateIntervalMs).toBe(1000);
  });

  it('gives the host’s reasons inline: port range, names with "/", URL', () => {
    const { errors } = readRegistrationForm(filled({ port: '70000', serviceName: 'a/b', namespace: 'zookeeper', healthUrl: 'localhost:8080/health' }));
    expect(errors.port).toBe('Port must be an integer from 1 to 65535, got 70000');
    expect(errors.serviceName).toBe("Service 'a/b' must not contain '/'");
    expect(errors.namespace).toBe("Namespace 'zookeeper' is reserved by ZooKeeper");
    expect(errors.healthUrl).toBe('Must be an http:// or https:// URL');
  });

  it('says when a number field is not a number, before the schema', () => {
    const { errors } = readRegistrationForm(filled({ port: '80a', routingWeight: 'heavy', updateIntervalSeconds: '', healthUrl: 'http://x/h', healthTimeoutMs: 'soon', healthExpectedStatus: '200, 2OO' }));
    expect(errors.port).toBe('The port must be a whole number from 1 to 65535, not "80a"');
    expect(errors.routingWeight).toBe('The routing weight must be a number, not "heavy"');
    expect(errors.updateIntervalSeconds).toBe('Enter the update interval in seconds');
    expect(errors.healthTimeoutMs).toBe('The timeout in milliseconds must be a number, not "soon"');
    expect(errors.healthExpectedStatus).toContain('"2OO" is not an HTTP status code');
    expect(readRegistrationForm(filled({ port: '' })).errors.port).toBe('Enter the port the service listens on (1 to 65535)');
  });

  it('checks ranges the schema enforces: interval, timeout, weight, host', () => {
    const { errors } = readRegistrationForm(filled({ updateIntervalSeconds: '0.1', routingWeight: '-1', host: 'my host', healthUrl: 'http://x/h', healthTimeoutMs: '10' }));
    expect(errors.updateIntervalSeconds).toBe('Update interval must be at least 500 ms');
    expect(errors.routingWeight).toBe('Routing weight must not be negative');
    expect(errors.host).toBe('Host must not contain "/" or spaces');
    expect(errors.healthTimeoutMs).toBe('Timeout must be at least 50 ms');
  });

  it('needs a writable connection', () => {
    expect(readRegistrationForm(filled({ profileId: '' })).errors.profileId).toBe('Choose a connection');
    const readOnly = readRegistrationForm(filled(), { readOnlyProfiles: new Map([['p1', 'prod']]) });
    expect(readOnly.errors.profileId).toContain('“prod” is read-only');
    expect(hasRegistrationErrors(readOnly.errors)).toBe(true);
    expect(hasRegistrationErrors(readRegistrationForm(filled()).errors)).toBe(false);
  });

  it('round-trips a saved spec through the form', () => {
    const spec = registrationSpecSchema.parse({
      ...SPEC,
      region: 'us-east-1',
      tags: ['a', 'b'],
      routingWeight: 3,
      healthCheck: { url: 'https://svc/health', method: 'GET', timeoutMs: 400, expectedStatus: [200] },
      updateIntervalMs: 2500,
      startOnLaunch: true,
    });
    const { input, errors } = readRegistrationForm(registrationFormFrom(spec));
    expect(errors).toEqual({});
    expect(registrationSpecSchema.parse(input)).toEqual(spec);
  });

  it('parses tags and status codes', () => {
    expect(parseTags(' x ,y,,x, z')).toEqual(['x', 'y', 'z']);
    expect(parseStatusCodes('200 204,200')).toEqual([200, 204]);
    expect(parseStatusCodes('')).toEqual([]);
    expect(parseStatusCodes('99')).toEqual({ problem: expect.stringContaining('"99"') as unknown });
  });

  it('offers the hostname, localhost and each address once', () => {
    expect(hostSuggestions({ hostname: 'laptop', addresses: ['127.0.0.1', '192.168.1.20', 'localhost'] })).toEqual(['laptop', 'localhost', '127.0.0.1', '192.168.1.20']);
    expect(hostSuggestions(null)).toEqual(['localhost']);
  });
});

describe('our own registrations in the browse view', () => {
  const row = (path: string, owner: string) => ({ path, owner });

  it('marks a row ours when a running registration has its path and owner', () => {
    const set = oursSet([view('a'), view('b', { state: 'unhealthy', owner: '0x18F00000000A0002' }, { port: 9302 })]);
    expect(isOurs(set, row('/myorg/orders/127.0.0.1:9301', '18f00000000a0001'))).toBe(true);
    // Owners compare as session ids: 0x prefix, case and leading zeros do not matter.
    expect(isOurs(set, row('/myorg/orders/127.0.0.1:9302', '018f00000000a0002'))).toBe(true);
  });

  it('does not mark a node at our path that another session owns', () => {
    const set = oursSet([view('a')]);
    expect(isOurs(set, row('/myorg/orders/127.0.0.1:9301', '18f00000000a9999'))).toBe(false);
    expect(isOurs(set, row('/myorg/orders/127.0.0.1:9399', '18f00000000a0001'))).toBe(false);
  });

  it('ignores stopped and conflicting registrations, and those without an owner yet', () => {
    const set = oursSet([view('a', { state: 'stopped' }), view('b', { state: 'conflict', owner: null }), view('c', { state: 'registering', owner: null })]);
    expect(set.size).toBe(0);
    expect(isOurs(set, row('/myorg/orders/127.0.0.1:9301', '18f00000000a0001'))).toBe(false);
    expect(oursSet(null).size).toBe(0);
  });

  it('counts an override (our data in a node another session owns) as running, and a refused start as not', () => {
    const overriding = view('a', { state: 'conflict', owner: '18f00000000b0001', conflict: { path: '/myorg/orders/127.0.0.1:9301', owner: '18f00000000b0001', data: '{}' } });
    const refused = view('b', { state: 'conflict', owner: null, conflict: { path: '/myorg/orders/127.0.0.1:9301', owner: '18f00000000b0001', data: '{}' } });
    expect([isOverriding(overriding), isPublishing(overriding)]).toEqual([true, true]);
    expect([isOverriding(refused), isPublishing(refused)]).toEqual([false, false]);
    expect(isOurs(oursSet([overriding, refused]), row('/myorg/orders/127.0.0.1:9301', '18f00000000b0001'))).toBe(true);
  });

  it('normalises session ids', () => {
    expect(normalizeOwner('0x00AB')).toBe('ab');
    expect(normalizeOwner('0')).toBe('0');
    expect(normalizeOwner('000')).toBe('0');
  });
});

describe('registration list and status text', () => {
  it('upserts and removes by id, keeping order', () => {
    const list = upsertRegistration(upsertRegistration([], view('a')), view('b'));
    const updated = upsertRegistration(list, view('a', { state: 'draining', drained: true }));
    expect(updated.map((item) => [item.id, item.state])).toEqual([
      ['a', 'draining'],
      ['b', 'registered'],
    ]);
    expect(removeRegistration(updated, 'a').map((item) => item.id)).toEqual(['b']);
  });

  it('sorts by namespace, service and address (ports numerically)', () => {
    const sorted = sortRegistrations([view('1', {}, { port: 10000 }), view('2', {}, { port: 9 }), view('3', {}, { serviceName: 'billing' })]);
    expect(sorted.map((item) => item.id)).toEqual(['3', '2', '1']);
  });

  it('pads the history to 20 ticks, newest last', () => {
    const results = Array.from({ length: 25 }, (_, index) => ({ healthy: index % 2 === 0, latencyMs: index, detail: '', checkedAt: index }));
    const ticks = historyTicks(results);
    expect(ticks).toHaveLength(20);
    expect(ticks[19]?.checkedAt).toBe(24);
    const few = historyTicks(results.slice(0, 3));
    expect(few.slice(0, 17).every((tick) => tick === null)).toBe(true);
    expect(few[19]?.checkedAt).toBe(2);
  });

  it('says health results and states plainly', () => {
    expect(healthSummary({ healthy: true, latencyMs: 3.4, detail: 'HTTP 200', checkedAt: 0 })).toBe('healthy · 3 ms · HTTP 200');
    expect(healthSummary({ healthy: false, latencyMs: 1002, detail: '', checkedAt: 0 })).toBe('unhealthy · 1002 ms');
    expect(healthSummary(null)).toBe('no check yet');
    expect(stateTone('registered')).toBe('ok');
    expect(stateTone('conflict')).toBe('bad');
    expect(stateTone('draining')).toBe('warn');
    expect(stateTone('stopped')).toBe('idle');
  });
});

describe('routes of the new views', () => {
  it('keeps the namespace in the Problems route and the connection in Registrations', () => {
    const problems = { ...DEFAULT_ROUTE, view: 'problems' as const, connectionId: 'c1', namespace: 'myorg' };
    expect(formatRoute(problems)).toBe('#/problems?c=c1&ns=myorg');
    expect(parseRoute(formatRoute(problems))).toMatchObject({ view: 'problems', connectionId: 'c1', namespace: 'myorg' });
    expect(parseRoute('#/registrations?c=c1')).toMatchObject({ view: 'registrations', connectionId: 'c1' });
  });
});
