import { describe, expect, it } from 'vitest';
import type { NamespaceSnapshot, RegistryFrame } from '../../shared/contract.js';
import type { InstanceView } from '../../shared/model/instance-view.js';
import { activeChange, applyFrame, classifyUpsert, fromSnapshot, largestService, LOG_LIMIT, serviceRows } from '../../renderer/state/registry-state.js';

const NOW = 1_700_000_000_000;
const ZOMBIE_MS = 60_000;

function view(name: string, patch: Partial<InstanceView> = {}): InstanceView {
  const [host = name, port = '80'] = name.split(':');
  return {
    name,
    path: `/ns/orders/${name}`,
    host,
    port: Number(port),
    environment: 'prod',
    region: 'eu-west-1',
    tags: ['api'],
    healthcheckStatus: 'healthy',
    lastUpdatedMs: NOW - 500,
    healthySinceMs: NOW - 60_000,
    routingWeight: 1,
    portScheme: 'http',
    owner: '18f0000000000001',
    ctimeMs: NOW - 120_000,
    mtimeMs: NOW - 500,
    version: 10,
    dataLength: 200,
    unreadable: null,
    warnings: [],
    ...patch,
  };
}

function snapshot(instances: Record<string, InstanceView[]>): NamespaceSnapshot {
  return {
    connectionId: 'c1',
    namespace: 'ns',
    at: NOW - 1000,
    services: Object.entries(instances).map(([service, views]) => ({ service, counts: { healthy: views.length, unhealthy: 0, zombie: 0, unreadable: 0, total: views.length } })),
    instances,
  };
}

function frame(patch: Partial<RegistryFrame>): RegistryFrame {
  return { connectionId: 'c1', namespace: 'ns', at: NOW, services: [], removedServices: [], instances: [], log: [], ...patch };
}

describe('renderer registry state', () => {
  it('builds per-service maps keyed by instance name from a snapshot', () => {
    const state = fromSnapshot(snapshot({ orders: [view('a:1'), view('b:2')], billing: [view('c:3')] }));
    expect([...state.services.keys()].sort()).toEqual(['billing', 'orders']);
    expect(state.services.get('orders')?.instances.get('b:2')?.port).toBe(2);
    expect(largestService(state)).toBe('orders');
  });

  it('applies upserts and removals, touching only the services in the frame', () => {
    const state = fromSnapshot(snapshot({ orders: [view('a:1'), view('b:2')], billing: [view('c:3')] }));
    const next = applyFrame(
      state,
      frame({ instances: [{ service: 'orders', upserts: [view('a:1', { healthcheckStatus: 'unhealthy' }), view('d:4')], removed: ['b:2'] }] }),
      NOW,
      ZOMBIE_MS,
    );
    const orders = next.services.get('orders');
    expect([...(orders?.instances.keys() ?? [])].sort()).toEqual(['a:1', 'd:4']);
    expect(orders?.instances.get('a:1')?.healthcheckStatus).toBe('unhealthy');
    expect(next.services.get('billing')).toBe(state.services.get('billing'));
    // The old state is untouched (React compares by identity).
    expect(state.services.get('orders')?.instances.size).toBe(2);
    expect(next.frames).toBe(1);
  });

  it('marks added rows and health changes, but not plain heartbeats', () => {
    const state = fromSnapshot(snapshot({ orders: [view('a:1'), view('b:2')] }));
    const next = applyFrame(
      state,
      frame({
        instances: [
          {
            service: 'orders',
            upserts: [view('a:1', { lastUpdatedMs: NOW, mtimeMs: NOW, version: 11 }), view('b:2', { healthcheckStatus: 'unhealthy' }), view('e:5')],
            removed: [],
          },
        ],
      }),
      NOW,
      ZOMBIE_MS,
    );
    const changes = next.services.get('orders')?.changes ?? new Map();
    expect(changes.has('a:1')).toBe(false);
    expect(changes.get('b:2')?.kind).toBe('health');
    expect(changes.get('e:5')?.kind).toBe('added');
    expect(activeChange(changes, 'b:2', NOW + 1000, 1500)).not.toBeNull();
    expect(activeChange(changes, 'b:2', NOW + 2000, 1500)).toBeNull();
  });

  it('classifies a zombie coming back as a health change and a tag edit as a data change', () => {
    const zombie = view('a:1', { lastUpdatedMs: NOW - 120_000 });
    expect(classifyUpsert(zombie, view('a:1', { lastUpdatedMs: NOW }), NOW, ZOMBIE_MS)).toBe('health');
    expect(classifyUpsert(view('a:1'), view('a:1', { tags: ['api', 'canary'] }), NOW, ZOMBIE_MS)).toBe('data');
    expect(classifyUpsert(view('a:1'), view('a:1', { version: 99, lastUpdatedMs: NOW }), NOW, ZOMBIE_MS)).toBeNull();
    expect(classifyUpsert(undefined, view('a:1'), NOW, ZOMBIE_MS)).toBe('added');
  });

  it('removes services, adds new ones from summaries, and ignores frames of another namespace', () => {
    const state = fromSnapshot(snapshot({ orders: [view('a:1')], billing: [view('c:3')] }));
    const other = applyFrame(state, frame({ namespace: 'other', removedServices: ['orders'] }), NOW, ZOMBIE_MS);
    expect(other).toBe(state);
    const next = applyFrame(
      state,
      frame({ removedServices: ['billing'], services: [{ service: 'search', counts: { healthy: 1, unhealthy: 0, zombie: 0, unreadable: 0, total: 1 } }], instances: [{ service: 'search', upserts: [view('s:9')], removed: [] }] }),
      NOW,
      ZOMBIE_MS,
    );
    expect([...next.services.keys()].sort()).toEqual(['orders', 'search']);
    expect(next.services.get('search')?.instances.get('s:9')).toBeDefined();
  });

  it('keeps the event log bounded, oldest first', () => {
    let state = fromSnapshot(snapshot({ orders: [view('a:1')] }));
    const entry = (index: number) => ({ at: NOW + index, namespace: 'ns', service: 'orders', instance: 'a:1', kind: 'health-changed' as const, detail: `#${index}` });
    for (let batch = 0; batch < 5; batch++) {
      state = applyFrame(state, frame({ log: Array.from({ length: 500 }, (_, index) => entry(batch * 500 + index)) }), NOW, ZOMBIE_MS);
    }
    expect(state.log).toHaveLength(LOG_LIMIT);
    expect(state.log[state.log.length - 1]?.detail).toBe('#2499');
    expect(state.log[0]?.detail).toBe(`#${2500 - LOG_LIMIT}`);
  });

  it('recounts service statuses on the live clock, so zombies appear without a frame', () => {
    const state = fromSnapshot(snapshot({ orders: [view('a:1'), view('b:2', { healthcheckStatus: 'unhealthy' }), view('c:3', { unreadable: { reason: 'not-json', message: 'x' } })] }));
    expect(serviceRows(state, NOW, ZOMBIE_MS)[0]?.counts).toEqual({ healthy: 1, unhealthy: 1, zombie: 0, unreadable: 1, total: 3 });
    expect(serviceRows(state, NOW + 61_000, ZOMBIE_MS)[0]?.counts).toEqual({ healthy: 0, unhealthy: 0, zombie: 2, unreadable: 1, total: 3 });
  });

  it('leaves the same state after heartbeat patches as after the equivalent full upserts', () => {
    const zombie = view('z:9', { lastUpdatedMs: NOW - 120_000 });
    const initial = fromSnapshot(snapshot({ orders: [view('a:1'), view('b:2'), zombie], billing: [view('c:3')] }));
    const beats = [
      { service: 'orders', name: 'a:1', lastUpdatedMs: NOW, mtimeMs: NOW + 1, version: 11 },
      { service: 'orders', name: 'b:2', lastUpdatedMs: NOW - 100, mtimeMs: NOW - 99, version: 12 },
      // A zombie heartbeating again is a health change on the renderer's clock either way.
      { service: 'orders', name: 'z:9', lastUpdatedMs: NOW, mtimeMs: NOW, version: 13 },
      { service: 'billing', name: 'c:3', lastUpdatedMs: null, mtimeMs: NOW, version: 14 },
    ];
    const services = ['orders', 'billing'];
    const log = [{ at: NOW, namespace: 'ns', service: 'orders', instance: 'b:2', kind: 'health-changed' as const, detail: 'x' }];
    const patched = [
      frame({ instances: services.map((service) => ({ service, upserts: service === 'orders' ? [view('d:4')] : [], removed: [], heartbeats: beats.filter((beat) => beat.service === service).map(({ service: _, ...patch }) => patch) })), log }),
      frame({ at: NOW + 1000, instances: [{ service: 'orders', upserts: [], removed: ['b:2'], heartbeats: [{ name: 'a:1', lastUpdatedMs: NOW + 1000, mtimeMs: NOW + 1000, version: 15 }] }] }),
    ];
    // The full upsert the host would otherwise send: the view the receiver holds with the heartbeat fields moved.
    const asUpserts = (next: RegistryFrame, held: typeof initial): RegistryFrame => ({
      ...next,
      instances: next.instances.map(({ service, upserts, removed, heartbeats = [] }) => ({
        service,
        upserts: [...upserts, ...heartbeats.map(({ name, ...fields }) => ({ ...(held.services.get(service)?.instances.get(name) ?? view(name)), ...fields }))],
        removed,
      })),
    });
    let viaPatches = initial;
    let viaUpserts = initial;
    for (const [index, next] of patched.entries()) {
      viaPatches = applyFrame(viaPatches, next, NOW + index * 1000, ZOMBIE_MS);
      viaUpserts = applyFrame(viaUpserts, asUpserts(next, viaUpserts), NOW + index * 1000, ZOMBIE_MS);
    }
    expect(viaPatches).toEqual(viaUpserts);
    const orders = viaPatches.services.get('orders');
    expect(orders?.instances.get('a:1')).toEqual(view('a:1', { lastUpdatedMs: NOW + 1000, mtimeMs: NOW + 1000, version: 15 }));
    expect(orders?.changes.get('z:9')?.kind).toBe('health');
    expect(orders?.changes.has('a:1')).toBe(false);
    expect(viaPatches.services.get('billing')?.instances.get('c:3')?.lastUpdatedMs).toBeNull();
    // Untouched services keep their identity; a patch for an instance the renderer does not hold is ignored.
    const quiet = applyFrame(viaPatches, frame({ instances: [{ service: 'orders', upserts: [], removed: [], heartbeats: [{ name: 'gone:1', lastUpdatedMs: NOW, mtimeMs: NOW, version: 1 }] }] }), NOW, ZOMBIE_MS);
    expect(quiet.services.get('billing')).toBe(viaPatches.services.get('billing'));
    expect(quiet.services.get('orders')?.instances.has('gone:1')).toBe(false);
  });

  it('applies a heartbeat frame for 2,000 instances quickly', () => {
    const views = Array.from({ length: 10_000 }, (_, index) => view(`10.0.${Math.floor(index / 250)}.${index % 250}:8080`));
    const state = fromSnapshot(snapshot({ big: views }));
    const beats = views.slice(0, 2000).map((item) => ({ ...item, lastUpdatedMs: NOW, version: item.version + 1 }));
    const started = performance.now();
    const next = applyFrame(state, frame({ instances: [{ service: 'big', upserts: beats, removed: [] }] }), NOW, ZOMBIE_MS);
    const elapsed = performance.now() - started;
    expect(next.services.get('big')?.instances.size).toBe(10_000);
    expect(next.services.get('big')?.changes.size).toBe(0);
    expect(elapsed).toBeLessThan(100);
    // The same heartbeats as patches, as the host sends them.
    const patchStarted = performance.now();
    const patched = applyFrame(state, frame({ instances: [{ service: 'big', upserts: [], removed: [], heartbeats: beats.map(({ name, lastUpdatedMs, mtimeMs, version }) => ({ name, lastUpdatedMs, mtimeMs, version })) }] }), NOW, ZOMBIE_MS);
    expect(performance.now() - patchStarted).toBeLessThan(100);
    expect(patched.services.get('big')).toEqual(next.services.get('big'));
  });
});
