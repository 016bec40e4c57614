import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const mainEntry = join(process.cwd(), 'dist/electron/main/main.js');
const rendererEntry = join(process.cwd(), 'dist-renderer/index.html');

/** The Electron binary, or why there is none (the npm package installs without it under ELECTRON_SKIP_BINARY_DOWNLOAD=1). */
function electronBinary(): { path: string } | { reason: string } {
  let path: unknown;
  try {
    path = createRequire(import.meta.url)('electron');
  } catch (error) {
    return { reason: `the electron package has no binary (${(error as Error).message.split('\n')[0] ?? ''})` };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { reason: `no Electron binary at ${String(path)}` };
  if (!existsSync(mainEntry)) return { reason: `${mainEntry} is missing: run npm run build` };
  if (!existsSync(rendererEntry)) return { reason: `${rendererEntry} is missing: run npm run build:renderer` };
  return { path };
}

type RangerOnPage = { ranger: { request(name: string, params: object): Promise<unknown> } };

const binary = electronBinary();
const electronBinaryAvailable = 'path' in binary;
if (!electronBinaryAvailable) {
  console.warn(
    `[electron-app e2e] SKIPPED: ${binary.reason}. The same host and renderer are tested through the web mode; this test runs wherever Electron is installed with its binary.`,
  );
}

describe('the desktop app', () => {
  it.skipIf(!electronBinaryAvailable)(
    'opens a hardened window that reaches the host and shows the app',
    async () => {
      if (!('path' in binary)) return;
      const dataDir = mkdtempSync(join(tmpdir(), 'ranger-desk-e2e-'));
      // Chromium refuses its OS sandbox as root (CI containers); the renderer keeps Electron's sandbox: true.
      const rootArgs = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
      const app = await electron.launch({ executablePath: binary.path, args: [...rootArgs, mainEntry], env: { ...env, RANGER_DESK_DATA: dataDir }, timeout: 30_000 });
      try {
        const page = await app.firstWindow();
        await page.waitForSelector('[data-testid="app-ready"]', { timeout: 30_000 });
        expect(page.url()).toBe('app://ranger-desk/index.html');
        // The page (globalThis is its window) sees window.ranger (request and on) and nothing of Node.
        const surface = await page.evaluate(() => ({
          ranger: Object.keys((globalThis as unknown as { ranger: object }).ranger).sort(),
          require: typeof (globalThis as unknown as { require?: unknown }).require,
          process: typeof (globalThis as unknown as { process?: unknown }).process,
        }));
        expect(surface).toEqual({ ranger: ['on', 'request'], require: 'undefined', process: 'undefined' });
        expect(await page.evaluate(() => (globalThis as unknown as RangerOnPage).ranger.request('app.info', {}))).toMatchObject({ mode: 'electron' });
        // Errors keep their code across the bridge.
        const refused = await page.evaluate(() =>
          (globalThis as unknown as RangerOnPage).ranger.request('registry.node', { connectionId: 'x', path: 'no-slash' }).then(
            () => null,
            (error: { code?: string }) => error.code ?? 'no code',
          ),
        );
        expect(refused).toBe('invalid-request');
        // window.open is denied: no second window appears.
        await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'));
        expect(app.windows()).toHaveLength(1);
        mkdirSync('test-results', { recursive: true });
        await page.screenshot({ path: join('test-results', 'electron-app.png') });
      } finally {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
