/**
 * End to end: stale-node forensics in the UI. A raw ZooKeeper session (another, non-Ranger client) writes a
 * zombie and a broken node; the Problems view scans, explains and, after a confirmation, deletes the zombie.
 * The web mode serves the BUILT renderer to Debian's Chromium, against the real ZooKeeper of vitest's globalSetup.
 *
 * Every wait is a locator wait or a poll with a deadline; nothing sleeps for a fixed time.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RangerServiceProvider } from '../../electron/engine/index.js';
import { silentLogger } from '../../electron/engine/util/logger.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { runWebMode, type WebMode } from '../../electron/web/index.js';
import { encodeServiceNode, type ServiceNode } from '../../shared/model/service-node.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RENDERER = resolve(import.meta.dirname, '../../dist-renderer');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const LIVE_MS = 10_000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`problems e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

function javaNode(host: string, port: number, lastUpdated: bigint): Buffer {
  const node: ServiceNode = {
    host,
    port,
    routingWeight: 1,
    nodeData: { environment: 'stage', region: null, tags: null },
    healthcheckStatus: 'healthy',
    lastUpdatedTimeStamp: lastUpdated,
    healthySinceTimeStamp: 0n,
    portScheme: 'http',
  };
  return Buffer.from(encodeServiceNode(node));
}

describe.skipIf(!hasChromium)('problems view in the web UI on a real ZooKeeper', () => {
  const namespace = uniqueNamespace('e2e-stale');
  const service = 'svc';
  const zombie = `/${namespace}/${service}/10.0.0.1:1`;
  const broken = `/${namespace}/${service}/10.0.0.5:5`;
  let raw: ZkSession;
  let healthy: RangerServiceProvider;
  let dataDir: string;
  let web: WebMode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const journal: string[] = [];
  const note = (line: string) => journal.push(`${new Date().toISOString().slice(11, 23)} ${line}`);
  let failed = false;
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  const shot = async (name: string) => {
    mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, `${name}.png`) });
  };
  const problemRow = (path: string): Locator => page.locator(`[data-testid="problem-row"][data-path="${path}"]`);
  const problemRows = (): Locator => page.getByTestId('problem-row');

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) {
      throw new Error(`no renderer build in ${RENDERER}: run \`npm run build:renderer\` (vite build) before the e2e tests`);
    }
    raw = await openSession({ sessionTimeoutMs: 30_000 });
    await raw.ensurePath(`/${namespace}/${service}`);
    // A live session whose heartbeat stopped two minutes ago, and data no finder can read.
    await raw.create(zombie, javaNode('10.0.0.1', 1, BigInt(Date.now() - 120_000)), 'ephemeral');
    await raw.create(broken, Buffer.from('{"host": "10.0.0.5", "port": '), 'ephemeral');
    // A healthy provider beside them: not a problem, never offered for deletion.
    healthy = new RangerServiceProvider({ zk: zkConnectionString(), service: { host: '127.0.0.1', port: 9951, environment: 'stage', namespace, serviceName: service } });
    await healthy.start();

    dataDir = mkdtempSync(join(tmpdir(), 'ranger-desk-e2e-stale-'));
    web = await runWebMode({ host: '127.0.0.1', port: 0, dataDir, staticDir: RENDERER, handleSignals: false, print: () => undefined, logger: silentLogger });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') note(`page ${message.type()}: ${message.text()}`);
    });
  });

  afterAll(async () => {
    if (failed) console.error(`problems e2e journal:\n${journal.join('\n')}`);
    if (page && failed) await shot(`problems-failure-${new Date().toISOString().replace(/[:.]/g, '-')}`).catch(() => undefined);
    await browser?.close();
    await web?.stop();
    await healthy?.stop();
    raw?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects through a new profile', async () => {
    await page.goto(web.url);
    await page.getByTestId('app-ready').waitFor({ timeout: LIVE_MS });
    await page.getByTestId('get-started-new').click();
    await page.getByTestId('profile-name').fill('e2e cluster');
    await page.getByTestId('profile-connection').fill(zkConnectionString());
    await page.getByTestId('profile-save-connect').click();
    await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: LIVE_MS });
  });

  it('scans the namespace and explains the zombie and the broken node', async () => {
    await page.getByTestId('nav-problems').click();
    await page.getByTestId('problems-view').waitFor();
    await expect.poll(() => page.getByTestId('problems-namespace').locator(`option[value="${namespace}"]`).count(), { timeout: LIVE_MS }).toBe(1);
    await page.getByTestId('problems-namespace').selectOption(namespace);
    expect(await page.getByTestId('problems-threshold').inputValue()).toBe('60');
    const summary = page.getByTestId('scan-summary');
    // Opening a namespace scans it once; "Scan again" asks for a fresh one.
    await summary.waitFor({ timeout: LIVE_MS });
    const first = Number(await summary.getAttribute('data-scanned-at'));
    await page.getByTestId('problems-scan').click();
    await expect.poll(async () => Number(await summary.getAttribute('data-scanned-at')), { timeout: LIVE_MS }).toBeGreaterThan(first);

    await expect.poll(() => problemRows().count(), { timeout: LIVE_MS }).toBe(2);
    expect(await problemRow(zombie).getAttribute('data-codes')).toBe('zombie');
    expect(await problemRow(broken).getAttribute('data-codes')).toBe('broken-data');
    expect(await problemRow(zombie).locator('.code-badge').textContent()).toBe('zombie');
    expect(await problemRow(zombie).textContent()).toMatch(/2m \d\ds ago/);
    expect(await problemRow(zombie).locator('.verdict').allTextContents()).toEqual(['skips', 'skips']);
    expect(await page.getByTestId('problem-node-count').textContent()).toBe('2 problem nodes');

    // Filter by code.
    await page.getByTestId('problem-code-filter').locator('button[data-code="zombie"]').click();
    await expect.poll(() => problemRows().count()).toBe(1);
    expect(await problemRows().first().getAttribute('data-path')).toBe(zombie);
    await shot('problems-view-filtered');
    await page.getByTestId('problem-code-filter').locator('button[data-code="all"]').click();
    await expect.poll(() => problemRows().count()).toBe(2);
    await shot('problems-view');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('problems-view-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows counts per service in Browse and the reasons in node detail', async () => {
    await page.getByTestId('nav-browse').click();
    const serviceItem = page.locator(`[data-testid="service-item"][data-service="${service}"]`);
    await serviceItem.waitFor({ timeout: LIVE_MS });
    expect(await serviceItem.getAttribute('data-problems')).toBe('2');
    expect(await serviceItem.getByTestId('service-problem-count').textContent()).toContain('2');
    await serviceItem.click();
    await page.locator('[data-testid="instance-row"][data-instance="10.0.0.1:1"]').click();
    const reasons = page.getByTestId('node-detail').getByTestId('node-scan-problems');
    await reasons.waitFor({ timeout: LIVE_MS });
    expect(await reasons.getAttribute('data-codes')).toBe('zombie');
    expect(await reasons.textContent()).toContain('Java finder: skips');
    await shot('problems-browse-detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('node-detail').waitFor({ state: 'detached' });
  });

  it('deletes the selected zombie after a confirmation listing it with its reason, then rescans', async () => {
    await page.getByTestId('nav-problems').click();
    await expect.poll(() => problemRows().count(), { timeout: LIVE_MS }).toBe(2);
    const deleteButton = page.getByTestId('problem-delete');
    expect(await deleteButton.isDisabled()).toBe(true);
    // Select-all of the filtered rows, then narrow to the zombie by hand.
    await page.getByTestId('problem-select-all').check();
    expect(await page.getByTestId('selection-count').textContent()).toBe('2 nodes selected');
    await page.getByTestId('problem-select-all').uncheck();
    await problemRow(zombie).getByTestId('problem-select').check();
    expect(await page.getByTestId('selection-count').textContent()).toBe('1 node selected');

    await deleteButton.click();
    const dialog = page.getByTestId('delete-confirm');
    await dialog.waitFor();
    const items = dialog.getByTestId('delete-confirm-item');
    expect(await items.count()).toBe(1);
    expect(await items.first().getAttribute('data-path')).toBe(zombie);
    expect(await items.first().textContent()).toContain('zombie');
    await shot('problems-confirm');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('problems-confirm-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    // Esc cancels without deleting.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await raw.exists(zombie)).not.toBeNull();

    await deleteButton.click();
    await dialog.getByTestId('delete-confirm-button').click();
    const outcome = page.locator(`[data-testid="delete-outcome"][data-path="${zombie}"]`);
    await outcome.waitFor({ timeout: LIVE_MS });
    expect(await outcome.getAttribute('data-result')).toBe('deleted');
    await problemRow(zombie).waitFor({ state: 'detached', timeout: LIVE_MS });
    await expect.poll(() => problemRows().count(), { timeout: LIVE_MS }).toBe(1);
    expect(await problemRow(broken).count()).toBe(1);
    expect(await raw.exists(zombie)).toBeNull();
    expect(await raw.exists(broken)).not.toBeNull();
    await shot('problems-after-delete');
  });

  it('exports the report as JSON and CSV', async () => {
    const [json] = await Promise.all([page.waitForEvent('download', { timeout: LIVE_MS }), page.getByTestId('problems-export-json').click()]);
    const reports = JSON.parse(readFileSync(await json.path(), 'utf8')) as unknown;
    expect(JSON.stringify(reports)).toContain(broken);
    const [csv] = await Promise.all([page.waitForEvent('download', { timeout: LIVE_MS }), page.getByTestId('problems-export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    expect(readFileSync(await csv.path(), 'utf8')).toContain(broken);
  });

  it('does not offer deletes on a read-only connection, and says why', async () => {
    const profile = await web.host.request('profiles.save', { name: 'read only', connectionString: zkConnectionString(), readOnly: true });
    await web.host.request('connections.open', { profileId: profile.id });
    await page.locator('[data-testid="connection-tab"][data-connection="read only"]').click();
    await page.getByTestId('nav-problems').click();
    await page.getByTestId('problems-namespace').selectOption(namespace);
    await expect.poll(() => problemRows().count(), { timeout: LIVE_MS }).toBe(1);
    await problemRow(broken).getByTestId('problem-select').check();
    expect(await page.getByTestId('problem-delete').isDisabled()).toBe(true);
    expect(await page.getByTestId('problems-readonly').textContent()).toContain('read-only');
    await shot('problems-read-only');
    expect(pageErrors).toEqual([]);
  });
});
