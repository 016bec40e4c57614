import { describe, expect, it } from 'vitest';
import {
  decodeServiceNode,
  encodeServiceNode,
  javaDoubleText,
  LONG_MIN_VALUE,
  type DecodeResult,
  type ServiceNode,
} from '../../shared/model/service-node.js';
import { isEligible, isNeverUpdated } from '../../shared/model/eligibility.js';
import { readShardInfo } from '../../shared/model/shard-info.js';
import { nameProblem, parseInstanceName } from '../../shared/model/names.js';

const JAVA_JSON =
  '{"host":"app-1.example.com","port":8080,"routingWeight":1.0,"nodeData":{"environment":"stage","region":null,"tags":null},"healthcheckStatus":"healthy","lastUpdatedTimeStamp":1700000000123,"healthySinceTimeStamp":1700000000125,"portScheme":"http"}';
const PYTHON_JSON =
  '{"host": "localhost", "port": 12211, "nodeData": {"environment": "stage", "region": "IN-nm", "tags": ["identity", "auth"]}, "healthcheckStatus": "healthy", "lastUpdatedTimeStamp": 1639044989841}';

function readable(result: DecodeResult): Extract<DecodeResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a readable node, got ${result.reason}: ${result.message}`);
  return result;
}

describe('ServiceNode codec', () => {
  it('reads a Java node and writes back the same bytes', () => {
    const { node, warnings } = readable(decodeServiceNode(Buffer.from(JAVA_JSON)));
    expect(warnings).toEqual([]);
    expect(node).toEqual<ServiceNode>({
      host: 'app-1.example.com',
      port: 8080,
      routingWeight: 1,
      nodeData: { environment: 'stage', region: null, tags: null },
      healthcheckStatus: 'healthy',
      lastUpdatedTimeStamp: 1700000000123n,
      healthySinceTimeStamp: 1700000000125n,
      portScheme: 'http',
    });
    expect(encodeServiceNode(node)).toBe(JAVA_JSON);
  });

  it('reads the Python dialect with Java defaults for missing fields', () => {
    const { node } = readable(decodeServiceNode(PYTHON_JSON));
    expect(node.routingWeight).toBe(1);
    expect(node.healthySinceTimeStamp).toBe(0n);
    expect(node.portScheme).toBe('http');
    expect(node.lastUpdatedTimeStamp).toBe(1639044989841n);
    expect(readShardInfo(node.nodeData)).toEqual({ environment: 'stage', region: 'IN-nm', tags: ['identity', 'auth'] });
    expect(encodeServiceNode(node)).toBe(
      '{"host":"localhost","port":12211,"routingWeight":1.0,"nodeData":{"environment":"stage","region":"IN-nm","tags":["identity","auth"]},"healthcheckStatus":"healthy","lastUpdatedTimeStamp":1639044989841,"healthySinceTimeStamp":0,"portScheme":"http"}',
    );
  });

  it('keeps Long.MIN_VALUE exact through a read and a write', () => {
    const text = JAVA_JSON.replace('1700000000123', '-9223372036854775808');
    const { node } = readable(decodeServiceNode(text));
    expect(node.lastUpdatedTimeStamp).toBe(LONG_MIN_VALUE);
    expect(isNeverUpdated(node)).toBe(true);
    expect(encodeServiceNode(node)).toBe(text);
  });

  it('a missing lastUpdatedTimeStamp means Long.MIN_VALUE, as in Java', () => {
    const { node } = readable(decodeServiceNode('{"host":"h","port":1}'));
    expect(node.lastUpdatedTimeStamp).toBe(LONG_MIN_VALUE);
    expect(node.healthcheckStatus).toBe('healthy');
  });

  it('rejects the rounded value JSON.parse makes of Long.MIN_VALUE, as Java does', () => {
    const result = decodeServiceNode(JAVA_JSON.replace('1700000000123', '-9223372036854776000'));
    expect(result).toMatchObject({ ok: false, reason: 'invalid-field' });
  });

  it('accepts unknown fields and upper-case enums but warns that strict Java readers drop them', () => {
    const { node, warnings } = readable(
      decodeServiceNode('{"host":"h","port":1,"healthcheckStatus":"HEALTHY","portScheme":"HTTPS","extra":{"a":1}}'),
    );
    expect(node.healthcheckStatus).toBe('healthy');
    expect(node.portScheme).toBe('https');
    expect(warnings.map((w) => `${w.code}:${w.field}`).sort()).toEqual([
      'enum-case:healthcheckStatus',
      'enum-case:portScheme',
      'unknown-field:extra',
    ]);
  });

  it('reads numbers written as strings by sloppy writers', () => {
    const { node, warnings } = readable(
      decodeServiceNode('{"host":"h","port":"8080","routingWeight":"0.5","lastUpdatedTimeStamp":"1700000000000"}'),
    );
    expect(node.port).toBe(8080);
    expect(node.routingWeight).toBe(0.5);
    expect(node.lastUpdatedTimeStamp).toBe(1700000000000n);
    expect(warnings.every((w) => w.code === 'number-as-string')).toBe(true);
  });

  it('reads the same values whichever parser the text needs', () => {
    // No long number: the fast native parser. A 19-digit field elsewhere forces the lossless one.
    const fast = readable(decodeServiceNode('{"host":"h","port":1,"lastUpdatedTimeStamp":1700000000123,"nodeData":{"w":1.50,"n":12}}'));
    const lossless = readable(
      decodeServiceNode('{"host":"h","port":1,"lastUpdatedTimeStamp":1700000000123,"nodeData":{"w":1.50,"n":12,"id":1234567890123456789}}'),
    );
    expect(fast.node.nodeData).toEqual({ w: 1.5, n: 12 });
    expect(lossless.node.nodeData).toEqual({ w: 1.5, n: 12, id: '1234567890123456789' });
    expect(lossless.node.lastUpdatedTimeStamp).toBe(fast.node.lastUpdatedTimeStamp);
    expect(readable(decodeServiceNode('{"host":"h","port":1,"lastUpdatedTimeStamp":1.7e12}')).node.lastUpdatedTimeStamp).toBe(1700000000000n);
  });

  it('accepts nodeData of any shape and null tags', () => {
    for (const nodeData of ['[1,2]', '"text"', '42', '{"deep":{"x":[true,null]}}', '{}', 'null']) {
      const { node } = readable(decodeServiceNode(`{"host":"h","port":1,"nodeData":${nodeData}}`));
      expect(node.nodeData).toEqual(JSON.parse(nodeData));
      expect(readShardInfo(node.nodeData).tags === null || Array.isArray(readShardInfo(node.nodeData).tags)).toBe(true);
    }
  });

  it.each([
    [null, 'empty'],
    ['', 'empty'],
    ['   ', 'empty'],
    [Buffer.from([0xff, 0xfe, 0x00]), 'not-utf8'],
    ['not json', 'not-json'],
    ['{"host":"h",', 'not-json'],
    ['[1,2]', 'not-object'],
    ['"a string"', 'not-object'],
    ['{"port":1}', 'missing-host'],
    ['{"host":"","port":1}', 'missing-host'],
    ['{"host":"h"}', 'missing-port'],
    ['{"host":"h","port":"eighty"}', 'invalid-field'],
    ['{"host":"h","port":70000}', 'invalid-field'],
    ['{"host":"h","port":1.5}', 'invalid-field'],
    ['{"host":7,"port":1}', 'invalid-field'],
    ['{"host":"h","port":1,"healthcheckStatus":"degraded"}', 'invalid-field'],
    ['{"host":"h","port":1,"lastUpdatedTimeStamp":"yesterday"}', 'invalid-field'],
    ['{"host":"h","port":1,"routingWeight":"heavy"}', 'invalid-field'],
  ] as const)('reports %j as unreadable: %s', (data, reason) => {
    const result = decodeServiceNode(data);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(0);
    }
  });
});

describe('javaDoubleText', () => {
  it.each([
    [1, '1.0'],
    [0.5, '0.5'],
    [0, '0.0'],
    [2.25, '2.25'],
    [123456.5, '123456.5'],
    [1e7, '1.0E7'],
    [12345678.9, '1.23456789E7'],
    [0.0001, '1.0E-4'],
    [-3, '-3.0'],
  ])('%d is written %s', (value, text) => {
    expect(javaDoubleText(value)).toBe(text);
  });
});

describe('eligibility', () => {
  const base = readable(decodeServiceNode(JAVA_JSON)).node;
  const now = 1700000000123 + 1000;
  it('serves a healthy node with a fresh heartbeat', () => expect(isEligible(base, now)).toBe(true));
  it('skips an unhealthy node', () => expect(isEligible({ ...base, healthcheckStatus: 'unhealthy' }, now)).toBe(false));
  it('skips a zombie', () => expect(isEligible(base, now + 60_000)).toBe(false));
  it('keeps a heartbeat exactly at the threshold', () => expect(isEligible(base, 1700000000123 + 60_000)).toBe(true));
  it('skips a node never updated', () => expect(isEligible({ ...base, lastUpdatedTimeStamp: LONG_MIN_VALUE }, now)).toBe(false));
});

describe('names', () => {
  it('rejects unusable namespace and service names', () => {
    expect(nameProblem('namespace', '')).toMatch(/empty/);
    expect(nameProblem('service', 'a/b')).toMatch(/'\/'/);
    expect(nameProblem('service', 'ok-name_1.2')).toBeUndefined();
  });
  it('parses host:port znode names, IPv6 included', () => {
    expect(parseInstanceName('app-1:8080')).toEqual({ host: 'app-1', port: 8080 });
    expect(parseInstanceName('::1:9000')).toEqual({ host: '::1', port: 9000 });
    expect(parseInstanceName('no-port')).toBeUndefined();
    expect(parseInstanceName('h:99999')).toBeUndefined();
  });
});
