import { afterEach, describe, expect, it } from 'vitest';
import { RangerServiceFinder, RangerServiceProvider } from '../../electron/engine/index.js';
import { javaFinderEligible, javaToolsAvailable, strictJavaRead } from '../support/java-tools.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// Java peers need a JDK and Debian's zookeeper.jar (with Jackson); CI installs both.
describe.skipIf(!javaToolsAvailable())('interoperability with a strict Java reader (Jackson, as Java Ranger reads)', () => {
  it('our provider writes bytes a strict Java reader accepts and writes back identically', async () => {
    const namespace = uniqueNamespace();
    const provider = new RangerServiceProvider({
      zk: zkConnectionString(),
      service: { host: '127.0.0.1', port: 9701, environment: 'stage', region: 'eu-1', tags: ['blue', 'canary'], namespace, serviceName: 'svc', routingWeight: 2.5, portScheme: 'https' },
      // No rewrite between our read and the JVM's: both must see the same bytes.
      updateIntervalMs: 600_000,
    });
    cleanups.push(() => provider.stop());
    await provider.start();
    const raw = await openSession();
    cleanups.push(() => raw.close());
    const { data } = await raw.getData(provider.path);
    const result = await strictJavaRead(zkConnectionString(), provider.path);
    expect(result).toMatchObject({ ok: true, host: '127.0.0.1', port: 9701, routingWeight: 2.5, environment: 'stage', region: 'eu-1', portScheme: 'https' });
    if (!result.ok) return;
    expect([...(result.tags ?? [])].sort()).toEqual(['blue', 'canary']);
    // Java's Set may reorder tags; everything else must be byte-identical.
    const normalise = (text: string): string => text.replace(/"tags":\[[^\]]*\]/, '"tags":[]');
    expect(normalise(result.reserialized)).toBe(normalise(data?.toString('utf8') ?? ''));
  });

  it("a Java-style finder serves our node, and drops it when we publish unhealthy", async () => {
    const namespace = uniqueNamespace();
    let healthy = true;
    const provider = new RangerServiceProvider({
      zk: zkConnectionString(),
      service: { host: '127.0.0.1', port: 9702, environment: 'stage', namespace, serviceName: 'svc' },
      healthCheck: () => healthy,
      updateIntervalMs: 200,
    });
    cleanups.push(() => provider.stop());
    await provider.start();
    expect((await javaFinderEligible(zkConnectionString(), namespace, 'svc')).eligible).toEqual(['127.0.0.1:9702']);
    healthy = false;
    const finder = new RangerServiceFinder({ zk: zkConnectionString(), namespace, services: 'svc' });
    cleanups.push(() => finder.stop());
    await finder.start();
    await expect.poll(() => finder.getAllNodes(), { timeout: 5000 }).toEqual([]);
    const javaView = await javaFinderEligible(zkConnectionString(), namespace, 'svc');
    expect(javaView.eligible).toEqual([]);
    expect(javaView.rejected[0]?.reason).toMatch(/^unhealthy/);
  });

  it('the strict Java reader and our reader agree on what other writers leave behind', async () => {
    const namespace = uniqueNamespace();
    const raw = await openSession();
    cleanups.push(() => raw.close());
    await raw.ensurePath(`/${namespace}/svc`);
    const now = Date.now();
    const cases: Record<string, string> = {
      'java:1': `{"host":"java","port":1,"routingWeight":1.0,"nodeData":{"environment":"stage","region":null,"tags":null},"healthcheckStatus":"healthy","lastUpdatedTimeStamp":${now},"healthySinceTimeStamp":${now},"portScheme":"http"}`,
      'python:2': `{"host": "python", "port": 2, "nodeData": {"environment": "stage", "region": "IN-nm", "tags": ["identity", "auth"]}, "healthcheckStatus": "healthy", "lastUpdatedTimeStamp": ${now}}`,
      'minlong:3': '{"host":"minlong","port":3,"healthcheckStatus":"healthy","lastUpdatedTimeStamp":-9223372036854775808}',
      'unknown:4': `{"host":"unknown","port":4,"lastUpdatedTimeStamp":${now},"zone":"x"}`,
      'upper:5': `{"host":"upper","port":5,"healthcheckStatus":"HEALTHY","lastUpdatedTimeStamp":${now}}`,
    };
    await Promise.all(Object.entries(cases).map(([name, text]) => raw.create(`/${namespace}/svc/${name}`, Buffer.from(text), 'persistent')));
    const java = await javaFinderEligible(zkConnectionString(), namespace, 'svc');
    const finder = new RangerServiceFinder({ zk: zkConnectionString(), namespace, services: 'svc' });
    cleanups.push(() => finder.stop());
    await finder.start();
    // What Java serves, we serve too.
    expect(java.eligible).toEqual(['java:1', 'python:2']);
    const ours = finder.getAllNodes().map((node) => `${node.host}:${node.port}`).sort();
    expect(ours).toEqual(expect.arrayContaining(java.eligible));
    // Where we are more lenient than Java, we say so with a warning on the node.
    const warned = finder.getInstances('svc').filter((record) => record.decoded.ok && record.decoded.warnings.length > 0).map((record) => record.name).sort();
    expect(warned).toEqual(['unknown:4', 'upper:5']);
    expect(java.rejected.map((rejection) => rejection.node).sort()).toEqual(['minlong:3', 'unknown:4', 'upper:5']);
  });
});
