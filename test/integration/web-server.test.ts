import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/contract.js';
import { RangerServiceProvider } from '../../electron/engine/index.js';
import { RangerHost } from '../../electron/host/index.js';
import { startWebServer, type WebServer } from '../../electron/web/index.js';
import { uniqueNamespace, zkConnectionString } from '../support/registry.js';

let root: string;
let server: WebServer;
let host: RangerHost;
let origin: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ranger-web-'));
  const staticDir = join(root, 'dist-renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(staticDir, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(root, 'secret.txt'), 'outside the static dir');
  host = new RangerHost({ dataDir: join(root, 'data'), mode: 'web' });
  server = await startWebServer({ rangerHost: host, staticDir, port: 0 });
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await host.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** A raw HTTP request: fetch would normalise `..` away before it reached the server. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = (): string => `ranger_desk_token=${server.token}`;

/** Opens a WebSocket; resolves with the socket, or with the HTTP status the upgrade was refused with. */
function openSocket(path: string, headers: Record<string, string>): Promise<{ socket?: WebSocket; refused?: number }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers });
    socket.once('open', () => resolve({ socket }));
    socket.once('unexpected-response', (_req, res) => resolve({ refused: res.statusCode }));
    socket.once('error', () => resolve({ refused: -1 }));
  });
}

class Client {
  private nextId = 1;
  readonly events: { name: string; payload: unknown }[] = [];
  private readonly pending = new Map<number, (message: ServerMessage) => void>();
  readonly responses: ServerMessage[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as ServerMessage;
      if (message.kind === 'event') this.events.push({ name: message.name, payload: message.payload });
      else {
        this.responses.push(message);
        this.pending.get(message.id)?.(message);
      }
    });
  }

  request(name: string, params: unknown): Promise<ServerMessage> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.socket.send(JSON.stringify({ kind: 'request', id, name, params }));
    });
  }
}

describe('web server HTTP', () => {
  it('refuses requests without a token (401) or with a wrong one (403)', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=nope')).status).toBe(403);
    expect((await get('/assets/app.js', { Cookie: 'ranger_desk_token=nope' })).status).toBe(403);
    expect((await get('/ws')).status).toBe(401);
  });

  it('serves index.html with the token, sets the cookie, then accepts the cookie', async () => {
    const first = await get(`/?token=${server.token}`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.body).toContain('<div id="root">');
    expect(first.headers['set-cookie']).toEqual([`ranger_desk_token=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const csp = first.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(first.headers['x-content-type-options']).toBe('nosniff');

    const script = await get('/assets/app.js', { Cookie: cookie() });
    expect(script).toMatchObject({ status: 200, body: 'console.log("app")' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['set-cookie']).toBeUndefined();
    expect((await get('/assets/app.css', { Cookie: cookie() })).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(`/assets/app.js?token=${server.token}`)).status).toBe(200);
    expect((await get('/assets/missing.js', { Cookie: cookie() })).status).toBe(404);
    expect((await get('/', { Cookie: cookie() }, 'POST')).status).toBe(405);
    const head = await get('/', { Cookie: cookie() }, 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
  });

  it('refuses path traversal however it is spelled', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e%5csecret.txt', '/assets/%00app.js', '/.%2e/secret.txt']) {
      const response = await get(path, { Cookie: cookie() });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.body, path).not.toContain('outside the static dir');
    }
  });
});

describe('web server WebSocket', () => {
  it('refuses a socket without a token, with a wrong token, or from another origin', async () => {
    expect(await openSocket('/ws', { Origin: origin })).toEqual({ refused: 401 });
    expect(await openSocket('/ws?token=wrong', { Origin: origin })).toEqual({ refused: 403 });
    expect(await openSocket(`/ws?token=${server.token}`, { Origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await openSocket(`/ws?token=${server.token}`, {})).toEqual({ refused: 403 });
    expect(await openSocket(`/ws?token=${server.token}`, { Origin: `http://127.0.0.1:${server.port + 1}` })).toEqual({ refused: 403 });
    expect(await openSocket(`/elsewhere?token=${server.token}`, { Origin: origin })).toEqual({ refused: 404 });
  });

  it('round-trips requests with the cookie, answers malformed messages, and forwards frames', async () => {
    const opened = await openSocket('/ws', { Origin: origin, Cookie: cookie() });
    expect(opened.socket).toBeDefined();
    const client = new Client(opened.socket as WebSocket);
    try {
      expect(await client.request('app.info', {})).toEqual({ kind: 'response', id: 1, response: { ok: true, result: { version: expect.any(String), mode: 'web', platform: process.platform } } });
      expect(await client.request('profiles.save', { name: '' , connectionString: 'x:1' })).toMatchObject({ response: { ok: false, error: { code: 'invalid-request', message: expect.stringContaining('name') } } });

      client.socket.send('this is not json');
      client.socket.send(JSON.stringify({ kind: 'request', id: 77, name: 42 }));
      await vi.waitFor(() => {
        expect(client.responses).toContainEqual({ kind: 'response', id: -1, response: { ok: false, error: { code: 'invalid-request', message: 'malformed message: not JSON' } } });
        expect(client.responses).toContainEqual({ kind: 'response', id: 77, response: { ok: false, error: { code: 'invalid-request', message: expect.stringContaining('malformed message') } } });
      }, { timeout: 2000, interval: 10 });

      const namespace = uniqueNamespace('web');
      let healthy = true;
      const provider = new RangerServiceProvider({
        zk: zkConnectionString(),
        updateIntervalMs: 200,
        healthCheck: () => healthy,
        service: { host: '127.0.0.1', port: 9601, environment: 'stage', namespace, serviceName: 'orders' },
      });
      await provider.start();
      try {
        const profile = await client.request('profiles.save', { name: 'zk', connectionString: zkConnectionString() });
        const profileId = (profile as { response: { result: { id: string } } }).response.result.id;
        const connection = await client.request('connections.open', { profileId });
        const connectionId = (connection as { response: { result: { id: string } } }).response.result.id;
        const subscribed = await client.request('registry.subscribe', { connectionId, namespace });
        expect(subscribed).toMatchObject({ response: { ok: true, result: { namespace, services: [{ service: 'orders' }] } } });
        healthy = false;
        await vi.waitFor(
          () => expect(client.events).toContainEqual({ name: 'registry.frame', payload: expect.objectContaining({ namespace, log: [expect.objectContaining({ kind: 'health-changed', detail: 'healthy → unhealthy' })] }) }),
          { timeout: 5000, interval: 20 },
        );
        expect(client.events).toContainEqual({ name: 'connection.state', payload: expect.objectContaining({ id: connectionId, state: 'connected' }) });
      } finally {
        await provider.stop();
      }
    } finally {
      client.socket.close();
    }
  });
});
