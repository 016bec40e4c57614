/**
 * The table time, measured in Debian's Chromium (playwright-core): a fresh browser context opens the web mode's
 * URL with a deep link to the service (`#/browse?c=<connection>&ns=<namespace>&s=<service>`, see
 * renderer/state/route.ts). A script that runs before the page's own records, on the page's clock:
 *   - first paint (PerformanceObserver 'paint': first-paint, else first-contentful-paint);
 *   - the renderer's own marks `ranger:subscribe` (registry.subscribe sent) and `ranger:snapshot` (answered);
 *   - the first `[data-testid="instance-row"]` of that service's page in the DOM with a box in the viewport
 *     (a MutationObserver), and the next animation frame after it: the frame that paints it, i.e. visible;
 *   - main-thread long tasks (> 50 ms) in between.
 * Nothing polls from outside: playwright only waits for the script's record to be complete.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Milliseconds on the page's clock (performance.now(), 0 = navigation start); null when not seen. */
export interface PageTiming {
  firstPaint: number | null;
  firstContentfulPaint: number | null;
  subscribeSent: number | null;
  snapshotReceived: number | null;
  rowInDom: number | null;
  rowVisible: number | null;
  longTaskMs: number;
  longTasks: number;
  /** Rows in the table when the first one showed (the virtualized window). */
  rowsRendered: number;
}

export interface TableTime {
  /** First paint (or FCP) until the first instance row is visible: the measured figure. */
  tableMs: number;
  /** Navigation start until first paint. */
  firstPaintMs: number;
  /** First paint until the renderer sent registry.subscribe. */
  toSubscribeMs: number;
  /** registry.subscribe sent until the snapshot arrived (host work, transfer, JSON parse). */
  subscribeMs: number;
  /** Snapshot received until the row is visible (state, React render, layout, paint). */
  renderMs: number;
  timing: PageTiming;
}

/**
 * Runs in the page before its scripts (plain JavaScript: the bench is type-checked without the DOM library, and
 * a function handed to playwright would carry the TypeScript loader's helpers into the page). Records into
 * window.__rangerBench; SERVICE is replaced by the service's name as a JSON string.
 */
const RECORDER = `(() => {
  const service = SERVICE;
  const record = { firstPaint: null, firstContentfulPaint: null, subscribeSent: null, snapshotReceived: null, rowInDom: null, rowVisible: null, longTaskMs: 0, longTasks: 0, rowsRendered: 0 };
  window.__rangerBench = record;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-paint') record.firstPaint ??= entry.startTime;
      if (entry.name === 'first-contentful-paint') record.firstContentfulPaint ??= entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'ranger:subscribe') record.subscribeSent ??= entry.startTime;
      if (entry.name === 'ranger:snapshot') record.snapshotReceived ??= entry.startTime;
    }
  }).observe({ type: 'mark', buffered: true });
  try {
    new PerformanceObserver((list) => {
      if (record.rowVisible !== null) return;
      for (const entry of list.getEntries()) {
        record.longTasks++;
        record.longTaskMs += entry.duration;
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long task timing in this browser: the count stays 0
  }
  const selector = '[data-testid="service-page"][data-service="' + CSS.escape(service) + '"] [data-testid="instance-row"]';
  const observer = new MutationObserver(() => {
    if (record.rowInDom !== null) return;
    const row = document.querySelector(selector);
    if (!row) return;
    const box = row.getBoundingClientRect();
    if (box.height === 0 || box.width === 0 || box.bottom <= 0 || box.top >= window.innerHeight) return;
    if (typeof row.checkVisibility === 'function' && !row.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return;
    record.rowInDom = performance.now();
    record.rowsRendered = document.querySelectorAll(selector).length;
    observer.disconnect();
    // rAF callbacks run just before a frame is painted: the first one after the row appeared is that frame.
    requestAnimationFrame(() => {
      record.rowVisible = performance.now();
    });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-service', 'style', 'class'] });
})();`;

/** The record, read in the page (a function: the page's CSP forbids evaluating strings). */
function readRecord(): PageTiming | undefined {
  return (globalThis as { __rangerBench?: PageTiming }).__rangerBench;
}

/** True once the record is complete (runs in the page: no closures, no helpers). */
function recordDone(): boolean {
  const record = (globalThis as { __rangerBench?: PageTiming }).__rangerBench;
  return record !== undefined && record.rowVisible !== null && (record.firstPaint !== null || record.firstContentfulPaint !== null);
}

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** One page load in a fresh context (no cookies, no cache), until the service's first row is visible. */
export async function timeTable(browser: Browser, url: string, connectionId: string, namespace: string, service: string, timeoutMs: number): Promise<TableTime> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript({ content: RECORDER.replace('SERVICE', JSON.stringify(service)) });
    const hash = `#/browse?${new URLSearchParams({ c: connectionId, ns: namespace, s: service }).toString()}`;
    await page.goto(`${url}${hash}`, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(recordDone, undefined, { timeout: timeoutMs, polling: 100 });
    } catch (error) {
      const state = await page.evaluate(readRecord).catch(() => undefined);
      throw new Error(`no instance row of ${service} within ${timeoutMs} ms (${(error as Error).message.split('\n')[0] ?? ''}); page record ${JSON.stringify(state)}${errors.length > 0 ? `; page errors: ${errors.join(' | ')}` : ''}`, { cause: error });
    }
    const timing = await page.evaluate(readRecord);
    if (!timing) throw new Error('the page lost its timing record');
    const paint = timing.firstPaint ?? timing.firstContentfulPaint ?? Number.NaN;
    const visible = timing.rowVisible ?? Number.NaN;
    const subscribe = timing.subscribeSent ?? Number.NaN;
    const snapshot = timing.snapshotReceived ?? Number.NaN;
    return {
      tableMs: visible - paint,
      firstPaintMs: paint,
      toSubscribeMs: subscribe - paint,
      subscribeMs: snapshot - subscribe,
      renderMs: visible - snapshot,
      timing,
    };
  } finally {
    await context.close();
  }
}
