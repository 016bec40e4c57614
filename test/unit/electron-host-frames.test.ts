import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RegistryFrame } from '../../shared/contract.js';
import type { InstanceView } from '../../shared/model/instance-view.js';
import { FrameBuilder } from '../../electron/host/frame-builder.js';
import { mergeFrames } from '../../electron/host/frame-merge.js';
import { asText, isInstancePath, prettyJson } from '../../electron/host/node-detail.js';
import type { HostEvent, HostEventListener } from '../../electron/host/ranger-host.js';
import { TimelineRing } from '../../electron/host/timeline.js';
import { answerAppRequest } from '../../electron/main/app-protocol.js';
import { SafeStorageSecretStore } from '../../electron/main/safe-storage-secret-store.js';
import { WindowEventForwarder } from '../../electron/main/window-events.js';
import { visibleState } from '../../electron/main/window-state.js';
import { silentLogger } from '../../electron/engine/util/logger.js';
import { HIGH_WATER_BYTES, SocketSession } from '../../electron/web/socket-session.js';

function view(name: string, healthcheckStatus: 'healthy' | 'unhealthy' = 'healthy'): InstanceView {
  return {
    name,
    path: `/ns/svc/${name}`,
    host: 'h',
    port: 1,
    environment: null,
    region: null,
    tags: [],
    healthcheckStatus,
    lastUpdatedMs: 1,
    healthySinceMs: null,
    routingWeight: 1,
    portScheme: 'http',
    owner: '0',
    ctimeMs: 0,
    mtimeMs: 0,
    version: 0,
    dataLength: 0,
    unreadable: null,
    warnings: [],
  };
}

function frame(parts: Partial<RegistryFrame>): RegistryFrame {
  return { connectionId: 'c', namespace: 'ns', at: 1, services: [], removedServices: [], instances: [], log: [], ...parts };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('FrameBuilder', () => {
  it('keeps the latest upsert per instance and drops an instance added and removed within one frame', () => {
    const builder = new FrameBuilder();
    builder.upsert('svc', view('a:1'), false);
    builder.upsert('svc', view('a:1', 'unhealthy'), false);
    builder.upsert('svc', view('b:2'), true);
    builder.remove('svc', 'b:2');
    builder.remove('svc', 'c:3');
    const content = builder.take();
    expect(content.instances).toEqual([{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['c:3'] }]);
    expect(content.touchedServices).toEqual(['svc']);
    expect(builder.isEmpty).toBe(true);
  });

  it('turns removed-then-added into an upsert, and a removed service drops its pending instances', () => {
    const builder = new FrameBuilder();
    builder.remove('svc', 'a:1');
    builder.upsert('svc', view('a:1'), true);
    builder.upsert('gone', view('x:1'), true);
    builder.removeService('gone');
    const content = builder.take();
    expect(content.instances).toEqual([{ service: 'svc', upserts: [view('a:1')], removed: [] }]);
    expect(content.removedServices).toEqual(['gone']);
    expect(content.touchedServices).toEqual(['svc']);
  });
});

describe('mergeFrames', () => {
  it('says what both frames said, the later state winning', () => {
    const counts = (healthy: number) => ({ healthy, unhealthy: 0, zombie: 0, unreadable: 0, total: healthy });
    const earlier = frame({
      at: 1,
      services: [{ service: 'svc', counts: counts(2) }, { service: 'old', counts: counts(1) }],
      instances: [{ service: 'svc', upserts: [view('a:1'), view('b:2')], removed: [] }, { service: 'old', upserts: [view('o:1')], removed: [] }],
      log: [{ at: 1, namespace: 'ns', service: 'svc', instance: 'b:2', kind: 'instance-added', detail: 'added' }],
    });
    const later = frame({
      at: 2,
      services: [{ service: 'svc', counts: counts(1) }],
      removedServices: ['old'],
      instances: [{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['b:2'] }],
      log: [{ at: 2, namespace: 'ns', service: 'svc', instance: 'b:2', kind: 'instance-removed', detail: 'removed' }],
    });
    const merged = mergeFrames(earlier, later);
    expect(merged.at).toBe(2);
    expect(merged.services).toEqual([{ service: 'svc', counts: counts(1) }]);
    expect(merged.removedServices).toEqual(['old']);
    expect(merged.instances).toEqual([{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: ['b:2'] }]);
    expect(merged.log.map((entry) => entry.kind)).toEqual(['instance-added', 'instance-removed']);
  });
});

describe('TimelineRing', () => {
  it('keeps the newest samples, oldest first, within its capacity', () => {
    const ring = new TimelineRing(3);
    for (let at = 1; at <= 5; at++) ring.push({ at, healthy: at, unhealthy: 0, zombie: 0, unreadable: 0 });
    expect(ring.toArray().map((point) => point.at)).toEqual([3, 4, 5]);
  });
});

describe('node detail formatting', () => {
  it('shows text only when it is text, and JSON pretty-printed without losing int64 precision', () => {
    expect(asText(Buffer.from('héllo\n\tworld'))).toBe('héllo\n\tworld');
    expect(asText(Buffer.from([0xff, 0xfe]))).toBeNull();
    expect(asText(Buffer.from('a\u0000b'))).toBeNull();
    expect(prettyJson('{"t":-9223372036854775808,"n":[1.0]}')).toBe('{\n  "t": -9223372036854775808,\n  "n": [\n    1.0\n  ]\n}');
    expect(prettyJson('not json')).toBeNull();
    expect(prettyJson('')).toBeNull();
    expect(isInstancePath('/ns/svc/h:1')).toBe(true);
    expect(isInstancePath('/ns/id-generator/x')).toBe(false);
    expect(isInstancePath('/zookeeper/config/x')).toBe(false);
    expect(isInstancePath('/ns/svc')).toBe(false);
  });
});

/** A host stand-in that lets a test push events to one listener. */
function fakeHost(): { host: { onEvent: (listener: HostEventListener) => () => void; handle: () => Promise<never>; detachClient: () => Promise<void> }; push: (event: HostEvent) => void; detached: () => boolean } {
  let listener: HostEventListener | undefined;
  let detached = false;
  return {
    host: {
      onEvent: (next) => {
        listener = next;
        return () => {
          listener = undefined;
        };
      },
      handle: () => Promise.reject(new Error('not used')),
      detachClient: () => {
        detached = true;
        return Promise.resolve();
      },
    },
    push: (event) => listener?.(event),
    detached: () => detached,
  };
}

describe('SocketSession backpressure', () => {
  it('sends at once while the socket keeps up, then holds and merges frames until it drains', async () => {
    const sent: { name: string; payload: RegistryFrame }[] = [];
    const socket = { bufferedAmount: 0, send: (data: string) => sent.push(JSON.parse(data) as { name: string; payload: RegistryFrame }) };
    const { host, push, detached } = fakeHost();
    const session = new SocketSession(socket, host, 'ws-1', silentLogger);
    push({ name: 'registry.frame', payload: frame({ at: 1, instances: [{ service: 'svc', upserts: [view('a:1')], removed: [] }] }) });
    expect(sent).toHaveLength(1);

    socket.bufferedAmount = HIGH_WATER_BYTES + 1;
    for (let at = 2; at <= 50; at++) {
      push({ name: 'registry.frame', payload: frame({ at, instances: [{ service: 'svc', upserts: [view('a:1', at % 2 ? 'healthy' : 'unhealthy')], removed: [] }] }) });
    }
    expect(sent).toHaveLength(1);
    expect(session.merged).toBe(48);

    socket.bufferedAmount = 0;
    await vi.waitFor(() => expect(sent).toHaveLength(2), { timeout: 2000, interval: 10 });
    expect(sent[1]?.payload).toMatchObject({ at: 50, instances: [{ service: 'svc', upserts: [view('a:1', 'unhealthy')], removed: [] }] });
    await session.close();
    expect(detached()).toBe(true);
  });
});

describe('WindowEventForwarder', () => {
  it('holds events until the page is ready and never sends to a destroyed window', () => {
    const sent: unknown[] = [];
    let destroyed = false;
    const { host, push } = fakeHost();
    const forwarder = new WindowEventForwarder({ isDestroyed: () => destroyed, send: (_channel, payload) => sent.push(payload) }, host, 'window-1');
    const sandbox = (running: boolean): HostEvent => ({ name: 'sandbox.state', payload: { available: true, running, connectionString: null, demo: false, message: null } });
    push(sandbox(false));
    push(sandbox(true));
    expect(sent).toEqual([]);
    expect(forwarder.heldCount).toBe(1);
    forwarder.setReady();
    expect(sent).toEqual([{ name: 'sandbox.state', payload: expect.objectContaining({ running: true }) }]);
    destroyed = true;
    push(sandbox(false));
    expect(sent).toHaveLength(1);
  });
});

describe('window state', () => {
  it('keeps saved bounds only when a display shows them', () => {
    const saved = { bounds: { x: 100, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(visibleState(saved, [{ x: 0, y: 0, width: 1920, height: 1080 }])).toEqual(saved);
    expect(visibleState(saved, [{ x: 3000, y: 0, width: 1920, height: 1080 }])).toMatchObject({ bounds: { width: 1000, height: 700, x: 0, y: 0 } });
    expect(visibleState(undefined, [])).toBeUndefined();
  });
});

describe('SafeStorageSecretStore', () => {
  const reversing = { isEncryptionAvailable: () => true, encryptString: (text: string) => Buffer.from([...text].reverse().join('')), decryptString: (data: Buffer) => [...data.toString()].reverse().join('') };

  it('writes only ciphertext, and reads it back in a new store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SafeStorageSecretStore(dir, reversing, silentLogger);
    await store.set('profile:1:digest', 'ops:secret');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('ops:secret');
    const again = new SafeStorageSecretStore(dir, reversing, silentLogger);
    expect(await again.get('profile:1:digest')).toBe('ops:secret');
    await again.delete('profile:1:digest');
    expect(await new SafeStorageSecretStore(dir, reversing, silentLogger).has('profile:1:digest')).toBe(false);
  });

  it('keeps secrets in memory only when the OS has no real encryption', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-secrets-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = new SafeStorageSecretStore(dir, { ...reversing, getSelectedStorageBackend: () => 'basic_text' }, silentLogger);
    await store.set('k', 'user:pw');
    expect(store.persistent).toBe(false);
    expect(await store.get('k')).toBe('user:pw');
    expect(() => readFileSync(join(dir, 'secrets.json'))).toThrow();
  });
});

describe('the app:// protocol', () => {
  it('serves the built renderer with the CSP and refuses anything outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ranger-app-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
    writeFileSync(join(dir, 'renderer', 'assets', 'a.js'), 'x');
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'renderer', 'assets', 'link.txt'));
    const root = join(dir, 'renderer');
    const index = await answerAppRequest(root, 'app://ranger-desk/', "default-src 'self'");
    expect(index).toMatchObject({ status: 200, headers: { 'Content-Security-Policy': "default-src 'self'", 'Content-Type': 'text/html; charset=utf-8' } });
    expect((await answerAppRequest(root, 'app://ranger-desk/assets/a.js', 'x')).headers['Content-Type']).toBe('text/javascript; charset=utf-8');
    for (const url of ['app://ranger-desk/../secret.txt', 'app://ranger-desk/%2e%2e/secret.txt', 'app://ranger-desk/assets/link.txt', 'app://other/index.html']) {
      const answer = await answerAppRequest(root, url, 'x');
      expect(answer.status, url).toBeGreaterThanOrEqual(400);
      expect(String(answer.body), url).not.toContain('secret');
    }
  });
});
