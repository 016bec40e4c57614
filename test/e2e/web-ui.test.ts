/**
 * End to end: the web mode (host + HTTP/WebSocket server, in this process) serving the BUILT renderer
 * (dist-renderer/), driven in Debian's Chromium through playwright-core, against the real ZooKeeper that
 * vitest's globalSetup starts. Instances are registered with the real RangerServiceProvider.
 *
 * Every wait is a locator wait or a poll with a deadline; nothing sleeps for a fixed time.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RangerServiceProvider } from '../../electron/engine/index.js';
import { silentLogger } from '../../electron/engine/util/logger.js';
import { runWebMode, type WebMode } from '../../electron/web/index.js';
import { uniqueNamespace, zkConnectionString } from '../support/registry.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RENDERER = resolve(import.meta.dirname, '../../dist-renderer');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const LIVE_MS = 10_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`web-ui e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)('web UI on a real ZooKeeper', () => {
  const namespace = uniqueNamespace('e2e');
  const health = new Map<number, boolean>([
    [9101, true],
    [9102, true],
    [9103, true],
  ]);
  const providers = new Map<number, RangerServiceProvider>();
  let dataDir: string;
  let web: WebMode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  /** What the providers and the page went through, printed when a test fails (a flake must explain itself). */
  const journal: string[] = [];
  const note = (line: string) => journal.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  let failed = false;
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) {
      throw new Error(`no renderer build in ${RENDERER}: run \`npm run build:renderer\` (vite build) before the e2e tests`);
    }
    for (const [port, region, tags] of [
      [9101, 'eu-west-1', ['api', 'canary']],
      [9102, 'eu-west-1', ['api']],
      [9103, 'us-east-1', ['api']],
    ] as const) {
      const provider = new RangerServiceProvider({
        zk: zkConnectionString(),
        updateIntervalMs: 250,
        healthCheck: () => health.get(port) ?? false,
        service: { host: '127.0.0.1', port, environment: 'prod', namespace, serviceName: 'orders', region, tags: [...tags] },
      });
      providers.set(port, provider);
      provider.on('state', (state) => note(`provider ${port}: ${state}`));
      provider.on('error', (error) => note(`provider ${port} error: ${error.message}`));
      await provider.start();
    }
    dataDir = mkdtempSync(join(tmpdir(), 'ranger-desk-e2e-'));
    web = await runWebMode({ host: '127.0.0.1', port: 0, dataDir, staticDir: RENDERER, handleSignals: false, print: () => undefined, logger: silentLogger });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') note(`page ${message.type()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    if (failed) console.error(`web-ui e2e journal:\n${journal.join('\n')}`);
    if (page) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: join(RESULTS, `web-ui-${new Date().toISOString().replace(/[:.]/g, '-')}.png`) }).catch(() => undefined);
    }
    await browser?.close();
    await web?.stop();
    for (const provider of providers.values()) await provider.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const row = (port: number): Locator => page.locator(`[data-testid="instance-row"][data-instance="127.0.0.1:${port}"]`);
  const rows = (): Locator => page.getByTestId('instance-row');

  it('refuses a request without the token: HTTP 401 and no app', async () => {
    const base = web.url.replace(/\?token=.*$/, '');
    const plain = await fetch(base);
    expect(plain.status).toBe(401);
    const stranger = await browser.newContext();
    try {
      const visit = await stranger.newPage();
      const response = await visit.goto(base);
      expect(response?.status()).toBe(401);
      expect(await visit.locator('#root').count()).toBe(0);
      expect(await visit.getByTestId('app-ready').count()).toBe(0);
    } finally {
      await stranger.close();
    }
  });

  it('connects through a new profile and browses to the instances', async () => {
    await page.goto(web.url);
    await page.getByTestId('app-ready').waitFor({ timeout: LIVE_MS });
    // Nothing is connected yet: the getting-started screen offers a profile (and the sandbox).
    await page.getByTestId('get-started-new').click();
    const form = page.getByTestId('profile-form');
    await form.waitFor();
    await page.getByTestId('profile-name').fill('e2e cluster');
    await page.getByTestId('profile-connection').fill('127.0.0.1:99999');
    await page.getByTestId('profile-save-connect').click();
    // Inline validation says why, and nothing is sent.
    await form.getByText('Port 99999 is outside 1 to 65535.').waitFor();
    await page.getByTestId('profile-connection').fill(zkConnectionString());
    await page.getByTestId('profile-save-connect').click();

    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: LIVE_MS });
    await page.getByTestId('namespace-filter').fill(namespace);
    await page.locator(`[data-testid="namespace-item"][data-namespace="${namespace}"]`).click();
    const service = page.locator('[data-testid="service-item"][data-service="orders"]');
    await service.click();
    await expect.poll(() => service.getAttribute('aria-selected'), { timeout: LIVE_MS }).toBe('true');
    await expect.poll(() => rows().count(), { timeout: LIVE_MS }).toBe(3);
    for (const port of [9101, 9102, 9103]) expect(await row(port).getAttribute('data-status')).toBe('healthy');
    // The table is a real table with sortable headers.
    expect(await page.locator('table[data-testid="instance-table"] th[aria-sort="descending"]').count()).toBe(1);
    // A marker on the page's global: it survives only if the page is never reloaded.
    await page.evaluate(() => {
      (globalThis as unknown as { e2eMarker: string }).e2eMarker = 'same page';
    });
  });

  it('shows a health flip without a reload and marks the row', async () => {
    note('flipping 9102 to unhealthy');
    health.set(9102, false);
    await expect.poll(() => row(9102).getAttribute('data-status'), { timeout: LIVE_MS }).toBe('unhealthy');
    // Problems sort first by default.
    expect(await rows().first().getAttribute('data-instance')).toBe('127.0.0.1:9102');
    await page.locator('[data-testid="log-entry"][data-kind="health-changed"][data-instance="127.0.0.1:9102"]').first().waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate(() => (globalThis as unknown as { e2eMarker?: string }).e2eMarker)).toBe('same page');
  });

  it('follows heartbeats without a reload: the data version moves on (heartbeat patches)', async () => {
    const headers = await page.locator('table[data-testid="instance-table"] th').allTextContents();
    const column = headers.findIndex((text) => text.includes('Data version'));
    expect(column).toBeGreaterThanOrEqual(0);
    const version = async (): Promise<number> => Number(((await row(9101).locator('td').nth(column).textContent()) ?? '').replace(/,/g, ''));
    const first = await version();
    await expect.poll(version, { timeout: LIVE_MS }).toBeGreaterThan(first);
    // A heartbeat is no change worth a mark, and no log line.
    expect(await row(9101).getAttribute('data-change')).toBeNull();
    expect(await page.locator('[data-testid="log-entry"][data-instance="127.0.0.1:9101"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { e2eMarker?: string }).e2eMarker)).toBe('same page');
  });

  it('drops a removed instance from the table', async () => {
    note('stopping 9103');
    await providers.get(9103)?.stop();
    await row(9103).waitFor({ state: 'detached', timeout: LIVE_MS });
    await expect.poll(() => rows().count(), { timeout: LIVE_MS }).toBe(2);
    await page.locator('[data-testid="log-entry"][data-kind="instance-removed"][data-instance="127.0.0.1:9103"]').first().waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate(() => (globalThis as unknown as { e2eMarker?: string }).e2eMarker)).toBe('same page');
  });

  it('filters by text and by status', async () => {
    await page.keyboard.press('/');
    await expect.poll(() => page.evaluate<string | null>('document.activeElement && document.activeElement.getAttribute("data-testid")')).toBe('instance-search');
    await page.keyboard.type('canary');
    await expect.poll(() => rows().count(), { timeout: LIVE_MS }).toBe(1);
    expect(await rows().first().getAttribute('data-instance')).toBe('127.0.0.1:9101');
    await page.getByTestId('instance-search').fill('');
    await page.getByTestId('status-filter').selectOption('unhealthy');
    await expect.poll(() => rows().count(), { timeout: LIVE_MS }).toBe(1);
    expect(await rows().first().getAttribute('data-instance')).toBe('127.0.0.1:9102');
    await page.getByTestId('status-filter').selectOption('');
    await expect.poll(() => rows().count(), { timeout: LIVE_MS }).toBe(2);
    // Sorting by a column header: by address, 9101 comes first; clicking again flips it.
    const instanceHeader = page.locator('table[data-testid="instance-table"] th', { hasText: 'Instance' });
    await instanceHeader.getByRole('button').click();
    expect(await instanceHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(await rows().first().getAttribute('data-instance')).toBe('127.0.0.1:9101');
    await instanceHeader.getByRole('button').click();
    expect(await instanceHeader.getAttribute('aria-sort')).toBe('descending');
    expect(await rows().first().getAttribute('data-instance')).toBe('127.0.0.1:9102');
  });

  it('opens the node detail from the keyboard with JSON, raw bytes and stat, and closes it with Esc', async () => {
    // Rows sorted by address descending: 9102, then 9101. Arrow down to it and press Enter.
    await rows().first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('node-detail');
    await detail.waitFor();
    expect(await detail.getAttribute('data-instance')).toBe('127.0.0.1:9101');
    const json = detail.getByTestId('node-json');
    await json.waitFor({ timeout: LIVE_MS });
    expect(await json.textContent()).toContain('"port": 9101');
    expect(await detail.getByTestId('node-stat').textContent()).toContain('ephemeralOwner');
    expect(await detail.getByTestId('node-raw-text').textContent()).toContain('"healthcheckStatus":"healthy"');
    expect(await detail.textContent()).toContain(`/${namespace}/orders/127.0.0.1:9101`);
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
