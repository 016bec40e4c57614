/**
 * End to end: publishing from the desktop. The web mode (host + HTTP/WebSocket server, in this process) serves
 * the BUILT renderer; Debian's Chromium drives it through playwright-core against the real ZooKeeper vitest's
 * globalSetup starts. The registered service's health endpoint is a local HTTP server this test controls.
 *
 * Every wait is a locator wait or a poll with a deadline; nothing sleeps for a fixed time.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/engine/util/logger.js';
import type { ZkSession } from '../../electron/engine/zk/session.js';
import { runWebMode, type WebMode } from '../../electron/web/index.js';
import { encodeServiceNode } from '../../shared/model/service-node.js';
import { openSession, uniqueNamespace, zkConnectionString } from '../support/registry.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RENDERER = resolve(import.meta.dirname, '../../dist-renderer');
const RESULTS = resolve(import.meta.dirname, '../../test-results');
const LIVE_MS = 10_000;
/** The registration's update interval: health is checked and the node written this often. */
const INTERVAL_MS = 1000;

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`registrations e2e skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

describe.skipIf(!hasChromium)('registrations in the web UI on a real ZooKeeper', () => {
  const namespace = uniqueNamespace('e2e-reg');
  const service = 'desk-e2e';
  let healthy = true;
  let healthServer: Server;
  let port: number;
  /** A second port, held by another session's node to make a conflict. */
  const conflictPort = 9399;
  let dataDir: string;
  let web: WebMode;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let raw: ZkSession;
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
  const item = (instancePort: number): Locator => page.locator(`[data-testid="registration-item"][data-instance="127.0.0.1:${instancePort}"]`);
  const row = (instancePort: number): Locator => page.locator(`[data-testid="instance-row"][data-instance="127.0.0.1:${instancePort}"]`);
  const nodePath = (instancePort: number) => `/${namespace}/${service}/127.0.0.1:${instancePort}`;

  beforeAll(async () => {
    if (!existsSync(join(RENDERER, 'index.html'))) {
      throw new Error(`no renderer build in ${RENDERER}: run \`npm run build:renderer\` (vite build) before the e2e tests`);
    }
    healthServer = createServer((request, response) => {
      note(`health ${request.method} ${request.url} -> ${healthy ? 200 : 503}`);
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'text/plain' });
      response.end(healthy ? 'ok' : 'failing');
    });
    await new Promise<void>((done) => healthServer.listen(0, '127.0.0.1', done));
    port = (healthServer.address() as AddressInfo).port;
    raw = await openSession({ sessionTimeoutMs: 30_000 });

    dataDir = mkdtempSync(join(tmpdir(), 'ranger-desk-e2e-reg-'));
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
    if (failed) console.error(`registrations e2e journal:\n${journal.join('\n')}`);
    if (page && failed) await shot(`registrations-failure-${new Date().toISOString().replace(/[:.]/g, '-')}`).catch(() => undefined);
    await browser?.close();
    await web?.stop();
    raw?.close();
    await new Promise<void>((done) => (healthServer ? healthServer.close(() => done()) : done()));
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

  it('validates the form inline with the host’s reasons, then registers', async () => {
    await page.getByTestId('nav-registrations').click();
    await page.getByTestId('registrations-empty').waitFor();
    await page.getByTestId('registration-new').click();
    const form = page.getByTestId('registration-form');
    await form.waitFor();
    // The connection just opened is the default, and Host offers this machine's names.
    expect(await page.getByTestId('reg-profile').locator('option:checked').textContent()).toBe('e2e cluster');
    await expect.poll(() => page.getByTestId('reg-host').inputValue(), { timeout: LIVE_MS }).not.toBe('');
    expect(await page.getByTestId('reg-host-options').locator('option[value="localhost"]').count()).toBe(1);

    await page.getByTestId('reg-namespace').fill(namespace);
    await page.getByTestId('reg-service').fill('bad/name');
    await page.getByTestId('reg-host').fill('127.0.0.1');
    await page.getByTestId('reg-port').fill('70000');
    await page.getByTestId('reg-health-url').fill('localhost/health');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await form.getByText('Port must be an integer from 1 to 65535, got 70000').waitFor();
    await form.getByText("Service 'bad/name' must not contain '/'").waitFor();
    await form.getByText('Must be an http:// or https:// URL').waitFor();
    await shot('registrations-form-invalid');
    // Nothing was sent.
    expect(await web.host.request('registrations.list', {})).toEqual([]);

    await page.getByTestId('reg-service').fill(service);
    await page.getByTestId('reg-port').fill(String(port));
    await page.getByTestId('reg-health-url').fill(`http://127.0.0.1:${port}/health`);
    await page.getByTestId('reg-health-timeout').fill('500');
    await page.getByTestId('reg-environment').fill('dev');
    await page.getByTestId('reg-tags').fill('desk, e2e');
    await page.getByTestId('reg-interval').fill(String(INTERVAL_MS / 1000));
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    const card = item(port);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('registered');
    await form.waitFor({ state: 'detached' });
    expect(await card.getByTestId('registration-path').textContent()).toBe(nodePath(port));
    await expect.poll(async () => (await card.getByTestId('registration-owner').textContent()) ?? '', { timeout: LIVE_MS }).toMatch(/^0x[0-9a-f]+$/);
    await expect.poll(() => card.locator('.tick-ok').count(), { timeout: LIVE_MS }).toBeGreaterThanOrEqual(2);
    expect(await card.getByTestId('registration-health').textContent()).toMatch(/^healthy · \d+ ms$/);
    await shot('registrations-view');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('registrations-view-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The same registration as a ranger-daemon command and as docker run, on the clipboard.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
    await card.getByTestId('reg-copy-daemon').click();
    await card.getByTestId('reg-copy-daemon').getByText('Copied').waitFor();
    const daemon = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(daemon).toContain(`ranger-daemon -zk ${zkConnectionString()} -n ${namespace} -s ${service} -host 127.0.0.1 -p ${port} -e dev`);
    await card.getByTestId('reg-copy-docker').click();
    await card.getByTestId('reg-copy-docker').getByText('Copied').waitFor();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toMatch(/^docker run .*-e SERVICE_NAME=desk-e2e /);

    // The node is in ZooKeeper, owned by the session the card shows.
    const stat = await raw.exists(nodePath(port));
    expect(stat).not.toBeNull();
    expect(`0x${stat?.ephemeralOwner}`).toBe(await card.getByTestId('registration-owner').textContent());
  });

  it('shows the instance healthy in Browse, marked as ours', async () => {
    await item(port).getByTestId('registration-path').getByRole('button').click();
    await page.locator(`[data-testid="service-page"][data-service="${service}"]`).waitFor({ timeout: LIVE_MS });
    await expect.poll(() => row(port).getAttribute('data-status'), { timeout: LIVE_MS }).toBe('healthy');
    expect(await row(port).getAttribute('data-ours')).toBe('true');
    expect(await row(port).getByTestId('ours-badge').textContent()).toBe('ours');
    // The detail panel opened on it, marked too.
    await page.getByTestId('node-detail').getByTestId('ours-badge').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('node-detail').waitFor({ state: 'detached' });
    await shot('registrations-browse-ours');
  });

  it('turns unhealthy within two intervals when its health endpoint fails, and back', async () => {
    note('health -> failing');
    healthy = false;
    const started = Date.now();
    await expect.poll(() => row(port).getAttribute('data-status'), { timeout: 2 * INTERVAL_MS, interval: 50 }).toBe('unhealthy');
    note(`seen unhealthy after ${Date.now() - started} ms`);
    // Still ours: the same node, the same session.
    expect(await row(port).getAttribute('data-ours')).toBe('true');
    healthy = true;
    await expect.poll(() => row(port).getAttribute('data-status'), { timeout: LIVE_MS }).toBe('healthy');
  });

  it('drains on purpose and back', async () => {
    await page.getByTestId('nav-registrations').click();
    const card = item(port);
    await card.getByTestId('reg-drain').click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('draining');
    await card.getByTestId('reg-undrain').click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('registered');
  });

  it('says who holds a conflicting node and registers only after the override', async () => {
    await raw.ensurePath(`/${namespace}/${service}`);
    const theirs = encodeServiceNode({
      host: '127.0.0.1',
      port: conflictPort,
      routingWeight: 1,
      nodeData: { environment: 'dev', region: null, tags: null },
      healthcheckStatus: 'healthy',
      lastUpdatedTimeStamp: BigInt(Date.now()),
      healthySinceTimeStamp: BigInt(Date.now()),
      portScheme: 'http',
    });
    await raw.create(nodePath(conflictPort), Buffer.from(theirs), 'ephemeral');

    await page.getByTestId('registration-new').click();
    await page.getByTestId('reg-namespace').fill(namespace);
    await page.getByTestId('reg-service').fill(service);
    await page.getByTestId('reg-host').fill('127.0.0.1');
    await page.getByTestId('reg-port').fill(String(conflictPort));
    await page.getByRole('button', { name: 'Register', exact: true }).click();

    const card = item(conflictPort);
    await expect.poll(() => card.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('conflict');
    const conflict = card.getByTestId('registration-conflict');
    await conflict.waitFor();
    expect(await conflict.getByTestId('conflict-owner').textContent()).toBe(`0x${raw.sessionId}`);
    expect(await conflict.getByTestId('conflict-data').textContent()).toContain(`"port": ${conflictPort}`);
    await shot('registrations-conflict');
    // Nothing was written: the node is still theirs.
    expect((await raw.exists(nodePath(conflictPort)))?.ephemeralOwner).toBe(raw.sessionId);

    // Overriding writes our data into their node, as Java Ranger does; the node stays theirs (their session).
    await conflict.getByRole('button', { name: 'Register anyway (override)' }).click();
    await expect.poll(() => card.getAttribute('data-overriding'), { timeout: LIVE_MS }).toBe('true');
    await expect.poll(async () => (await raw.getData(nodePath(conflictPort))).data?.toString() ?? '', { timeout: LIVE_MS }).toContain('"environment":"stage"');
    await card.getByTestId('registration-overriding').waitFor();
    await shot('registrations-overriding');

    // Delete asks first, then stops it and forgets it; the other session's node is not ours to delete.
    await card.getByTestId('reg-delete').click();
    await card.getByTestId('reg-delete-confirm').click();
    await card.waitFor({ state: 'detached', timeout: LIVE_MS });
    expect((await raw.exists(nodePath(conflictPort)))?.ephemeralOwner).toBe(raw.sessionId);
    await raw.remove(nodePath(conflictPort));
  });

  it('exports and imports registrations as JSON, and duplicates one', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: LIVE_MS }), page.getByTestId('registration-export').click()]);
    expect(download.suggestedFilename()).toBe('ranger-desk-registrations.json');
    const file = await download.path();
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { format: string; registrations: { serviceName: string; port: number }[] };
    expect(exported.format).toBe('ranger-desk-registrations');
    expect(exported.registrations.map((entry) => [entry.serviceName, entry.port])).toEqual([[service, port]]);

    await page.getByTestId('registration-import-file').setInputFiles({ name: 'regs.json', mimeType: 'application/json', buffer: readFileSync(file) });
    await page.getByTestId('registration-notice').getByText('Imported 1 registration from regs.json').waitFor({ timeout: LIVE_MS });
    await expect.poll(() => item(port).count(), { timeout: LIVE_MS }).toBe(2);
    // The imported copy is stopped; the running one is untouched.
    expect((await item(port).evaluateAll((cards) => cards.map((card) => card.getAttribute('data-state')))).sort()).toEqual(['registered', 'stopped']);

    const copy = item(port).and(page.locator('[data-state="stopped"]'));
    await copy.getByTestId('reg-duplicate').click();
    await expect.poll(() => item(port).count(), { timeout: LIVE_MS }).toBe(3);
    // Remove the stopped copies again.
    for (let left = 2; left > 0; left--) {
      const stopped = item(port).and(page.locator('[data-state="stopped"]')).first();
      await stopped.getByTestId('reg-delete').click();
      await stopped.getByTestId('reg-delete-confirm').click();
      await expect.poll(() => item(port).count(), { timeout: LIVE_MS }).toBe(left);
    }
  });

  it('stops: the node is deleted at once and the instance is gone from Browse', async () => {
    const card = item(port);
    await card.getByTestId('reg-stop').click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: LIVE_MS }).toBe('stopped');
    expect(await raw.exists(nodePath(port))).toBeNull();
    await page.getByTestId('nav-browse').click();
    await page.locator(`[data-testid="service-page"][data-service="${service}"]`).waitFor({ timeout: LIVE_MS });
    await page.getByTestId('instance-table').waitFor();
    await expect.poll(() => row(port).count(), { timeout: LIVE_MS }).toBe(0);
    await shot('registrations-browse-stopped');
    expect(pageErrors).toEqual([]);
  });
});
