/**
 * The desktop window's security settings, as plain data and pure functions so unit tests can assert them
 * without Electron. main.ts applies exactly these.
 */
import type { WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../web/csp.js';

export const REQUEST_CHANNEL = 'ranger:request';
export const EVENT_CHANNEL = 'ranger:event';

/** The renderer is untrusted: isolated, sandboxed, no Node, web security on, nothing beyond the preload. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** The CSP sent with every response the window loads; a dev server URL relaxes it only for Vite's hot reload. */
export function windowCsp(devServerUrl?: string): string {
  return contentSecurityPolicy(devServerUrl ? { devServer: new URL(devServerUrl).origin } : {});
}

/** The privileged scheme the built renderer is served from (not file://, so 'self' and the CSP header mean something). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ranger-desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** How the app scheme is registered (before app ready): standard and secure, like https, with fetch allowed. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

/** Where the renderer comes from: the built files over the app scheme, or a Vite dev server in development. */
export interface RendererSource {
  devServerUrl?: string;
}

/** True when a frame URL is our own renderer, the only page allowed to call the host. */
export function isTrustedRendererUrl(url: string | undefined, source: RendererSource): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node's URL gives custom schemes an opaque origin, so compare scheme and host.
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.port === '') return true;
  return source.devServerUrl !== undefined && parsed.origin === new URL(source.devServerUrl).origin;
}

/** The app never navigates: everything happens inside the one page. Returns whether to allow it. */
export function allowNavigation(_url: string): boolean {
  return false;
}

/** window.open and target=_blank links never open windows. */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permission requests (camera, notifications, ...) are all refused: the app needs none. */
export function allowPermission(_permission: string): boolean {
  return false;
}
