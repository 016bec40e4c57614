import { describe, expect, it } from 'vitest';
import { decodeWithPrevious, heartbeatOnlyTimestamp } from '../../electron/engine/registry/heartbeat-decode.js';
import { decodeServiceNode, encodeServiceNode, makeShardInfo, type ServiceNode } from '../../shared/model/index.js';

const NOW = 1_700_000_000_000n;

function node(patch: Partial<ServiceNode> = {}): ServiceNode {
  return {
    host: 'app-1.example.internal',
    port: 8080,
    routingWeight: 1,
    nodeData: { ...makeShardInfo('production', 'eu-west-1', ['api', 'canary']) },
    healthcheckStatus: 'healthy',
    lastUpdatedTimeStamp: NOW,
    healthySinceTimeStamp: NOW - 60_000n,
    portScheme: 'http',
    ...patch,
  };
}

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');

/** What the reader gets for `next` after `previous`: must always equal a plain decode of `next`. */
function reread(previous: string, next: string): ReturnType<typeof decodeServiceNode> {
  return decodeWithPrevious(bytes(next), bytes(previous), decodeServiceNode(bytes(previous)));
}

describe('decoding a heartbeat against the previous reading', () => {
  it('reuses the previous decode when only the timestamp digits changed, and equals a full decode', () => {
    const before = encodeServiceNode(node());
    const after = encodeServiceNode(node({ lastUpdatedTimeStamp: NOW + 1000n }));
    const previous = decodeServiceNode(bytes(before));
    const result = decodeWithPrevious(bytes(after), bytes(before), previous);
    expect(result).toEqual(decodeServiceNode(bytes(after)));
    expect(result.ok && previous.ok && result.node.nodeData).toBe(previous.ok && previous.node.nodeData);
    expect(heartbeatOnlyTimestamp(bytes(before), bytes(after))).toBe(NOW + 1000n);
    // Never updated (Long.MIN_VALUE, 19 digits) to a first heartbeat, and a shorter or longer number.
    for (const [from, to] of [[-9223372036854775808n, NOW], [NOW, 0n], [5n, 9223372036854775807n], [NOW, -1n]] as const) {
      const a = encodeServiceNode(node({ lastUpdatedTimeStamp: from }));
      const b = encodeServiceNode(node({ lastUpdatedTimeStamp: to }));
      expect(heartbeatOnlyTimestamp(bytes(a), bytes(b))).toBe(to);
      expect(reread(a, b)).toEqual(decodeServiceNode(bytes(b)));
    }
  });

  it('decodes in full whenever anything but the timestamp digits differs, or the shortcut could be wrong', () => {
    const base = encodeServiceNode(node());
    const cases: [string, string][] = [
      ['health', encodeServiceNode(node({ healthcheckStatus: 'unhealthy', lastUpdatedTimeStamp: NOW + 1n }))],
      ['nodeData', encodeServiceNode(node({ nodeData: { ...makeShardInfo('production', 'eu-west-1', ['api']) }, lastUpdatedTimeStamp: NOW + 1n }))],
      ['string timestamp', base.replace(`"lastUpdatedTimeStamp":${NOW}`, `"lastUpdatedTimeStamp":"${NOW + 1n}"`)],
      ['fractional', base.replace(`"lastUpdatedTimeStamp":${NOW}`, `"lastUpdatedTimeStamp":${NOW + 1n}.5`)],
      ['exponent', base.replace(`"lastUpdatedTimeStamp":${NOW}`, '"lastUpdatedTimeStamp":17e11')],
      ['leading zero', base.replace(`"lastUpdatedTimeStamp":${NOW}`, `"lastUpdatedTimeStamp":0${NOW}`)],
      ['beyond int64', base.replace(`"lastUpdatedTimeStamp":${NOW}`, '"lastUpdatedTimeStamp":9223372036854775808')],
      ['not JSON', base.replace(`"lastUpdatedTimeStamp":${NOW}`, '"lastUpdatedTimeStamp":-')],
      ['null', base.replace(`"lastUpdatedTimeStamp":${NOW}`, '"lastUpdatedTimeStamp":null')],
      ['truncated', base.slice(0, base.indexOf(String(NOW)) + 5)],
    ];
    for (const [what, next] of cases) {
      expect(heartbeatOnlyTimestamp(bytes(base), bytes(next)), what).toBeUndefined();
      expect(reread(base, next), what).toEqual(decodeServiceNode(bytes(next)));
    }
  });

  it('takes no shortcut on texts where the key it finds may not be the one that counts', () => {
    const stamp = (value: bigint) => `"lastUpdatedTimeStamp":${value}`;
    const texts = (make: (value: bigint) => string): [string, string] => [make(NOW), make(NOW + 1000n)];
    const cases: Record<string, [string, string]> = {
      // Only in nodeData: the top-level field is absent (Long.MIN_VALUE), whatever the nested one says.
      nested: texts((value) => `{"host":"h","port":1,"nodeData":{${stamp(value)}}}`),
      // Twice: the last one wins in JSON.parse.
      duplicate: texts((value) => `{"host":"h","port":1,${stamp(value)},${stamp(NOW)}}`),
      // An escaped key would be invisible to a byte search.
      escaped: texts((value) => `{"host":"h","port":1,${stamp(value)},"lastUpdatedTime\\u0053tamp":${NOW}}`),
      // Inside an array or a string.
      array: texts((value) => `{"host":"h","port":1,"nodeData":[{${stamp(value)}}]}`),
      string: texts((value) => `{"host":"h","port":1,"nodeData":"{${stamp(value).replace(/"/g, "'")}}"}`),
    };
    for (const [what, [before, after]] of Object.entries(cases)) {
      expect(reread(before, after), what).toEqual(decodeServiceNode(bytes(after)));
      if (what !== 'string') expect(heartbeatOnlyTimestamp(bytes(before), bytes(after)), what).toBeUndefined();
    }
    // Python's json.dumps puts a space after the colon: still read in full, still right.
    const spaced = (value: bigint) => `{"host": "h", "port": 1, "lastUpdatedTimeStamp": ${value}, "healthcheckStatus": "HEALTHY"}`;
    expect(reread(spaced(NOW), spaced(NOW + 5n))).toEqual(decodeServiceNode(bytes(spaced(NOW + 5n))));
  });

  it('always equals a full decode over random edits of a node', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['0', '9', '-', '.', 'e', '"', ',', '}', '{', ' ', '\\', 'x', '12345678901234567890', '"lastUpdatedTimeStamp":1'];
    const templates = [
      (value: bigint) => encodeServiceNode(node({ lastUpdatedTimeStamp: value })),
      (value: bigint) => encodeServiceNode(node({ lastUpdatedTimeStamp: value, nodeData: { lastUpdatedTimeStamp: 7, note: 'héllo "x"', list: [1.5] } })).replace('[1.5]', '[1.5,12345678901234567890]'),
      (value: bigint) => `{"port":"8080","host":"h","healthcheckStatus":"UNHEALTHY","lastUpdatedTimeStamp":${value},"extra":[{"a":1e3}]}`,
    ];
    const stampOf = (): bigint => BigInt(random(2 ** 30)) * BigInt(1 + random(1_000_000)) - BigInt(random(3)) * 2n ** 62n;
    let shortcuts = 0;
    for (let round = 0; round < 6000; round++) {
      const template = templates[random(templates.length)] ?? templates[0];
      if (!template) throw new Error('no template');
      const base = template(stampOf());
      let next = random(4) === 0 ? base : template(stampOf());
      for (let edits = random(3); edits > 0; edits--) {
        const at = random(next.length);
        next = random(2) === 0 ? next.slice(0, at) + (pieces[random(pieces.length)] ?? '') + next.slice(at) : next.slice(0, at) + next.slice(at + 1);
      }
      const result = reread(base, next);
      expect(result, next).toEqual(decodeServiceNode(bytes(next)));
      if (heartbeatOnlyTimestamp(bytes(base), bytes(next)) !== undefined) shortcuts++;
    }
    expect(shortcuts).toBeGreaterThan(100);
  });
});
