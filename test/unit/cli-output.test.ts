import { describe, expect, it } from 'vitest';
import { makeRecord, type InstanceRecord, type ServiceDelta } from '../../electron/engine/registry/instance-record.js';
import type { NodeStat } from '../../electron/engine/zk/stat.js';
import { instanceJson } from '../../electron/cli/registry/instance-json.js';
import { countStatuses } from '../../electron/cli/registry/instance-status.js';
import { instancesTable } from '../../electron/cli/ls/ls-view.js';
import { colorsEnabled, makeColors } from '../../electron/cli/shared/colors.js';
import { formatAge } from '../../electron/cli/shared/format.js';
import { InstanceTracker } from '../../electron/cli/watch/instance-tracker.js';
import { encodeServiceNode, LONG_MIN_VALUE, type ServiceNode } from '../../shared/model/service-node.js';

const NOW = 1_800_000_000_000;
const plain = makeColors(false);

function stat(owner: string, version = 0): NodeStat {
  return { czxid: '1', mzxid: String(version + 1), pzxid: '1', ctime: NOW, mtime: NOW, version, cversion: 0, aversion: 0, ephemeralOwner: owner, dataLength: 0, numChildren: 0 };
}

function node(overrides: Partial<ServiceNode> = {}): ServiceNode {
  return {
    host: 'h', port: 1, routingWeight: 1, nodeData: { environment: 'stage', region: null, tags: ['a', 'b'] },
    healthcheckStatus: 'healthy', lastUpdatedTimeStamp: BigInt(NOW - 500), healthySinceTimeStamp: BigInt(NOW - 10_000), portScheme: 'http',
    ...overrides,
  };
}

function record(name: string, data: ServiceNode | string, owner = 'abc', version = 0): InstanceRecord {
  const text = typeof data === 'string' ? data : encodeServiceNode(data);
  return makeRecord(name, `/ns/svc/${name}`, Buffer.from(text), stat(owner, version));
}

function delta(parts: Partial<Pick<ServiceDelta, 'added' | 'removed' | 'updated'>>): ServiceDelta {
  return { namespace: 'ns', service: 'svc', added: [], removed: [], updated: [], serviceMissing: false, ...parts };
}

describe('instance status and JSON', () => {
  const records = [
    record('h:1', node()),
    record('h:2', node({ healthcheckStatus: 'unhealthy' })),
    record('h:3', node({ lastUpdatedTimeStamp: BigInt(NOW - 120_000) })),
    record('h:4', node({ healthcheckStatus: 'unhealthy', lastUpdatedTimeStamp: LONG_MIN_VALUE })),
    record('h:5', 'not json'),
  ];

  it('counts healthy, unhealthy, zombie and unreadable as disjoint groups', () => {
    expect(countStatuses(records, NOW)).toEqual({ healthy: 1, unhealthy: 1, zombie: 2, unreadable: 1, total: 5 });
  });

  it('writes int64 timestamps as exact decimal strings, Long.MIN_VALUE included', () => {
    const never = instanceJson(records[3] as InstanceRecord, NOW);
    expect(never).toMatchObject({ status: 'zombie', heartbeatAgeMs: null, owner: '0xabc', node: { lastUpdatedTimeStamp: '-9223372036854775808' } });
    expect(JSON.parse(JSON.stringify(never)).node.lastUpdatedTimeStamp).toBe('-9223372036854775808');
    expect(instanceJson(records[4] as InstanceRecord, NOW)).toMatchObject({ status: 'unreadable', node: null, unreadable: { reason: 'not-json' }, data: 'not json' });
    expect(instanceJson(record('h:6', node(), '0'), NOW).owner).toBeNull();
  });

  it('renders the instance table with host:port, shard info, health, age and owner', () => {
    const table = instancesTable({ name: 'svc', helper: false, children: 5, instances: records }, NOW, plain);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]?.split(/\s{2,}/)).toEqual(['INSTANCE', 'ENVIRONMENT', 'REGION', 'TAGS', 'HEALTH', 'HEARTBEAT', 'OWNER']);
    expect(lines[1]?.split(/\s{2,}/)).toEqual(['h:1', 'stage', '-', 'a,b', 'healthy', '500ms', '0xabc']);
    expect(lines[3]?.split(/\s{2,}/)).toEqual(['h:3', 'stage', '-', 'a,b', 'zombie', '2m00s', '0xabc']);
    expect(lines[4]).toContain('never');
    expect(lines[5]).toContain('unreadable: not-json');
    expect(table).not.toContain('\u001b[');
    expect(instancesTable({ name: 'svc', helper: false, children: 5, instances: records }, NOW, makeColors(true))).toContain('\u001b[32mhealthy');
  });
});

describe('watch events', () => {
  it('reports initial instances as present, then added, data, health and removed; heartbeats are their own kind', () => {
    const tracker = new InstanceTracker('ns');
    const at = new Date(NOW);
    const first = record('h:1', node());
    expect(tracker.apply(delta({ added: [first] }), at, true).map((event) => event.event)).toEqual(['present']);

    const beat = record('h:1', node({ lastUpdatedTimeStamp: BigInt(NOW) }), 'abc', 1);
    expect(tracker.apply(delta({ updated: [{ before: first, after: beat }] }), at, false)).toMatchObject([{ event: 'heartbeat', changed: [] }]);

    const retagged = record('h:1', node({ lastUpdatedTimeStamp: BigInt(NOW), nodeData: { environment: 'prod', region: null, tags: null } }), 'abc', 2);
    expect(tracker.apply(delta({ updated: [{ before: beat, after: retagged }] }), at, false)).toMatchObject([{ event: 'data', changed: ['nodeData'] }]);

    const sick = record('h:1', node({ healthcheckStatus: 'unhealthy' }), 'abc', 3);
    expect(tracker.apply(delta({ updated: [{ before: retagged, after: sick }] }), at, false)).toMatchObject([
      { event: 'health', status: 'unhealthy', previousStatus: 'healthy', changed: ['nodeData', 'healthcheckStatus'] },
    ]);

    const other = record('h:2', node());
    expect(tracker.apply(delta({ added: [other], removed: [sick] }), at, false).map((event) => [event.event, event.instance, event.status])).toEqual([
      ['removed', 'h:1', 'unhealthy'],
      ['added', 'h:2', 'healthy'],
    ]);
  });

  it('reports a heartbeat that stops as a health change to zombie, once', () => {
    const tracker = new InstanceTracker('ns');
    tracker.apply(delta({ added: [record('h:1', node())] }), new Date(NOW), true);
    expect(tracker.sweep(new Date(NOW + 30_000))).toEqual([]);
    expect(tracker.sweep(new Date(NOW + 61_000))).toMatchObject([{ event: 'health', previousStatus: 'healthy', status: 'zombie' }]);
    expect(tracker.sweep(new Date(NOW + 62_000))).toEqual([]);
  });

  it('reports a new owner session as a data change', () => {
    const tracker = new InstanceTracker('ns');
    const before = record('h:1', node());
    tracker.apply(delta({ added: [before] }), new Date(NOW), true);
    const after = record('h:1', node({ lastUpdatedTimeStamp: BigInt(NOW) }), 'def', 1);
    expect(tracker.apply(delta({ updated: [{ before, after }] }), new Date(NOW), false)).toMatchObject([{ event: 'data', changed: ['owner'], owner: '0xdef' }]);
  });
});

describe('small formats', () => {
  it('formats heartbeat ages', () => {
    expect([formatAge(null), formatAge(850), formatAge(12_400), formatAge(185_000), formatAge(8_040_000), formatAge(-2000)]).toEqual([
      'never', '850ms', '12s', '3m05s', '2h14m', '-2s',
    ]);
  });

  it('uses colours only on a terminal without NO_COLOR', () => {
    expect(colorsEnabled(true, {})).toBe(true);
    expect(colorsEnabled(false, {})).toBe(false);
    expect(colorsEnabled(true, { NO_COLOR: '1' })).toBe(false);
    expect(colorsEnabled(true, { TERM: 'dumb' })).toBe(false);
  });
});
