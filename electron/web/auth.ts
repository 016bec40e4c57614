import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { hostChoices } from '../host/local-addresses.js';

export const TOKEN_COOKIE = 'ranger_desk_token';

/** A fresh random token per run: 32 bytes, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

// Hashing first makes the comparison constant-time whatever the lengths.
function sameSecret(a: string, b: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export type TokenCheck = { ok: true; fromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/** The token may come as `?token=` (first visit) or the cookie set then; the query wins when both are present. */
export function checkToken(request: IncomingMessage, url: URL, token: string): TokenCheck {
  const fromQuery = url.searchParams.get('token');
  const presented = fromQuery ?? cookieValue(request.headers.cookie, TOKEN_COOKIE);
  if (presented === undefined || presented === '') return { ok: false, status: 401, reason: 'a token is required: open the URL that Ranger Desk printed' };
  if (!sameSecret(presented, token)) return { ok: false, status: 403, reason: 'wrong token: open the URL that Ranger Desk printed for this run' };
  return { ok: true, fromQuery: fromQuery !== null };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

function originFor(host: string, port: number): string {
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/**
 * The origins a page served by this server can have: its own; the loopback aliases when bound to loopback; and,
 * bound to every interface, each name and address this machine is reached by.
 */
export function allowedOrigins(host: string, port: number, machine: { hostname: string; addresses: string[] } = hostChoices()): Set<string> {
  const origins = new Set([originFor(host, port)]);
  if (LOOPBACK_NAMES.has(host) || WILDCARD_HOSTS.has(host)) {
    origins.add(`http://127.0.0.1:${port}`);
    origins.add(`http://localhost:${port}`);
  }
  if (WILDCARD_HOSTS.has(host)) {
    for (const address of machine.addresses) origins.add(originFor(address, port));
  }
  return origins;
}

/** The host to print in the URL: a wildcard bind is reached by this machine's name, not by 0.0.0.0. */
export function urlHostFor(bindHost: string, machineName: string = hostChoices().hostname): string {
  if (WILDCARD_HOSTS.has(bindHost)) return machineName;
  return bindHost.includes(':') && !bindHost.startsWith('[') ? `[${bindHost}]` : bindHost;
}
