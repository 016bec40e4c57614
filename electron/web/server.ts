import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { join, resolve } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { RangerHost } from '../host/ranger-host.js';
import { silentLogger, type Logger } from '../engine/util/logger.js';
import { allowedOrigins, checkToken, newToken, tokenCookie, urlHostFor } from './auth.js';
import { contentSecurityPolicy } from './csp.js';
import { SocketSession } from './socket-session.js';
import { contentType, lookupStatic, openStatic } from './static-files.js';

export interface WebServerOptions {
  /** Loopback by default; anything else exposes the registry to the network (the token still guards it). */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  rangerHost: RangerHost;
  /** The built renderer (vite build output). */
  staticDir: string;
  /** A fixed token (tests); a random one per run otherwise. */
  token?: string;
  logger?: Logger;
}

export interface WebServer {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The URL to open, token included. */
  readonly url: string;
  /** Open WebSocket sessions (diagnostics). */
  readonly sessions: ReadonlySet<SocketSession>;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
const MAX_MESSAGE_BYTES = 1024 * 1024;

function securityHeaders(host: string, port: number): Record<string, string> {
  const wsHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return {
    'Content-Security-Policy': contentSecurityPolicy({ connectSrc: [`ws://${wsHost}:${port}`] }),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
  socket.destroy();
}

const NOT_BUILT =
  'Ranger Desk: the renderer is not built. Run `npm run build:renderer` (it writes dist-renderer/), then start the web mode again.';

/**
 * Serves the built renderer and the WebSocket transport to a RangerHost. A token is required on every request
 * (401 without, 403 when wrong); the first visit with `?token=` sets an HttpOnly, SameSite=Strict cookie. The
 * WebSocket also requires the page's Origin to be this server's own.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const bindHost = options.host ?? '127.0.0.1';
  const token = options.token ?? newToken();
  const logger = options.logger ?? silentLogger;
  const staticDir = resolve(options.staticDir);
  const sessions = new Set<SocketSession>();
  let headers: Record<string, string> = {};
  let origins = new Set<string>();
  let nextClient = 1;

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch((error: unknown) => {
      logger.error(`web: ${request.method ?? '?'} ${request.url ?? '?'} failed: ${(error as Error).message}`);
      if (!response.headersSent) plain(response, 500, 'internal error', headers);
      else response.destroy();
    });
  });

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const auth = checkToken(request, url, token);
    if (!auth.ok) return plain(response, auth.status, auth.reason, headers);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(response, 405, 'method not allowed', { ...headers, Allow: 'GET, HEAD' });
    const extra: Record<string, string> = auth.fromQuery ? { 'Set-Cookie': tokenCookie(token) } : {};
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    if (path === '/index.html' && !existsSync(join(staticDir, 'index.html'))) return plain(response, 503, NOT_BUILT, { ...headers, ...extra });
    const found = await lookupStatic(staticDir, path);
    if (!found.ok) return plain(response, found.status, found.status === 400 ? 'bad request' : 'not found', { ...headers, ...extra });
    response.writeHead(200, { ...headers, ...extra, 'Content-Type': contentType(found.file), 'Content-Length': found.size });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    const stream = openStatic(found.file);
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const auth = checkToken(request, url, token);
    if (!auth.ok) return refuseUpgrade(socket, auth.status, auth.status === 401 ? 'Unauthorized' : 'Forbidden');
    const origin = request.headers.origin;
    if (!origin || !origins.has(origin)) return refuseUpgrade(socket, 403, 'Forbidden');
    wss.handleUpgrade(request, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const session = new SocketSession(ws, options.rangerHost, `ws-${nextClient++}`, logger);
    sessions.add(session);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
      void session.onMessage(text);
    });
    ws.on('error', (error) => logger.debug(`web: socket ${session.clientId}: ${error.message}`));
    ws.on('close', () => {
      sessions.delete(session);
      void session.close();
    });
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  headers = securityHeaders(bindHost, port);
  origins = allowedOrigins(bindHost, port);
  const urlHost = urlHostFor(bindHost);

  return {
    host: bindHost,
    port,
    token,
    url: `http://${urlHost}:${port}/?token=${token}`,
    sessions,
    async close() {
      for (const client of wss.clients) client.terminate();
      await Promise.all([...sessions].map((session) => session.close()));
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
    },
  };
}
