import { readFile } from 'node:fs/promises';
import { contentType, lookupStatic } from '../web/static-files.js';
import { APP_HOST, APP_SCHEME } from './window-options.js';

export interface ProtocolAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/**
 * Answers a request for app://ranger-desk/<path> from the built renderer directory, with the CSP on every
 * response. The same traversal-safe lookup as the web mode; any other host under the scheme is refused.
 */
export async function answerAppRequest(rendererDir: string, requestUrl: string, csp: string): Promise<ProtocolAnswer> {
  const headers = { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' };
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400, headers, body: 'bad request' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404, headers, body: 'not found' };
  const path = url.pathname === '/' ? '/index.html' : url.pathname;
  const found = await lookupStatic(rendererDir, path);
  if (!found.ok) {
    const body = path === '/index.html' ? 'Ranger Desk: the renderer is not built. Run `npm run build:renderer`, then start the app again.' : 'not found';
    return { status: found.status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }, body };
  }
  return { status: 200, headers: { ...headers, 'Content-Type': contentType(found.file) }, body: await readFile(found.file) };
}
