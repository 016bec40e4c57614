import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/ipc.js';
import {
  allowNavigation,
  allowPermission,
  APP_ENTRY_URL,
  EVENT_CHANNEL,
  isTrustedRendererUrl,
  REQUEST_CHANNEL,
  secureWebPreferences,
  windowCsp,
  windowOpenPolicy,
} from '../../electron/main/window-options.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name ?? '', values]));
}

describe('the desktop window security settings', () => {
  it('isolates and sandboxes the renderer, without Node', () => {
    const prefs = secureWebPreferences('/app/dist/electron/preload/preload.js');
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('sends a strict CSP: only the app itself, no inline code, no eval, nothing framed', () => {
    const csp = directives(windowCsp());
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(windowCsp()).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    // Only a development server relaxes it, for Vite's hot reload.
    const dev = directives(windowCsp('http://localhost:5173/'));
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(dev.get('script-src')).not.toContain("'unsafe-eval'");
  });

  it('never navigates, never opens windows, grants no permissions', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', APP_ENTRY_URL, 'app://ranger-desk/other.html']) expect(allowNavigation(url)).toBe(false);
    expect(windowOpenPolicy()).toEqual({ action: 'deny' });
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(allowPermission(permission)).toBe(false);
  });

  it('trusts only our own renderer as an IPC sender', () => {
    expect(isTrustedRendererUrl(APP_ENTRY_URL, {})).toBe(true);
    expect(isTrustedRendererUrl('app://ranger-desk/index.html#/services/demo', {})).toBe(true);
    for (const url of ['app://evil/index.html', 'app://user@ranger-desk/index.html', 'https://ranger-desk/index.html', 'file:///index.html', 'http://localhost:5173/', 'about:blank', '', undefined, 'not a url']) {
      expect(isTrustedRendererUrl(url, {}), String(url)).toBe(false);
    }
    expect(isTrustedRendererUrl('http://localhost:5173/index.html', { devServerUrl: 'http://localhost:5173' })).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/index.html', { devServerUrl: 'http://localhost:5173' })).toBe(false);

    const mainFrame = { url: APP_ENTRY_URL };
    const sender = { mainFrame } as unknown as Parameters<typeof isTrustedSender>[0]['sender'];
    const frame = (value: object | null) => value as Parameters<typeof isTrustedSender>[0]['senderFrame'];
    expect(isTrustedSender({ sender, senderFrame: frame(mainFrame) }, {})).toBe(true);
    // An iframe, even one showing our own URL, and a frame that is gone are refused.
    expect(isTrustedSender({ sender, senderFrame: frame({ url: APP_ENTRY_URL }) }, {})).toBe(false);
    expect(isTrustedSender({ sender, senderFrame: frame(null) }, {})).toBe(false);
  });

  it('builds a preload that needs nothing but electron, on the same channels as main', () => {
    const source = readFileSync('electron/preload/preload.ts', 'utf8');
    const runtimeImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((match) => match[1]);
    expect(runtimeImports).toEqual(['electron']);
    expect(source).toContain(`const REQUEST_CHANNEL = '${REQUEST_CHANNEL}'`);
    expect(source).toContain(`const EVENT_CHANNEL = '${EVENT_CHANNEL}'`);
    expect(source.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    // The sandbox loads only CommonJS: the folder is compiled as such.
    expect(JSON.parse(readFileSync('electron/preload/package.json', 'utf8'))).toMatchObject({ type: 'commonjs' });
    const built = 'dist/electron/preload/preload.js';
    if (existsSync(built)) {
      const output = readFileSync(built, 'utf8');
      expect([...output.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
      expect(output).not.toMatch(/^\s*(import|export)\s/m);
    }
  });
});

describe('errors across the preload bridge', () => {
  it('rebuilds a RangerApiError from the plain object the preload rejects with', async () => {
    const { RangerApiError, toRangerApiError } = await import('../../shared/contract.js');
    const rebuilt = toRangerApiError({ name: 'RangerApiError', code: 'not-found', message: 'no such node' });
    expect(rebuilt).toBeInstanceOf(RangerApiError);
    expect(rebuilt).toMatchObject({ code: 'not-found', message: 'no such node' });
    expect(toRangerApiError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toRangerApiError({ code: 'made-up', message: 'x' })).toMatchObject({ code: 'internal', message: 'x' });
    expect(toRangerApiError('text')).toMatchObject({ code: 'internal', message: 'text' });
  });
});
