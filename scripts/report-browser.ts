/**
 * Opens a report.html in Debian's Chromium (playwright-core, no browser download) with the network
 * cut off, and records what a careful reviewer would check: console errors, page errors, dialogs
 * (an `alert` means injected script ran), and every request the page tried to make.
 * Used by test/report/browser.test.ts, test/report/demo.test.ts, bench/report.bench.ts and `tsx scripts/report-screenshot.ts`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface ReportBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchReportBrowser(): Promise<ReportBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'sesame-chromium-'));
  // A new, empty profile each time (playwright passes it as --user-data-dir).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageRecord {
  page: Page;
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
  /** Every request other than the report file itself; each was aborted. */
  requests: string[];
  loadMs: number;
}

/** Opens `file` in a new page, blocking and recording every request but the report itself. */
export async function openReport(rb: ReportBrowser, file: string, viewport?: { width: number; height: number }): Promise<PageRecord> {
  const page = await rb.context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const url = pathToFileURL(path.resolve(file)).href;
  const record: PageRecord = { page, consoleErrors: [], pageErrors: [], dialogs: [], requests: [], loadMs: 0 };
  page.on('console', (m) => {
    if (m.type() === 'error') record.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => record.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    record.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url) return route.continue();
    if (!record.requests.includes(u)) record.requests.push(u);
    return route.abort();
  });
  // Requests the router never sees (e.g. some service-worker or prefetch paths) still show up here.
  page.on('request', (r) => {
    if (r.url() !== url && !record.requests.includes(r.url())) record.requests.push(r.url());
  });
  const start = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('.head-view[data-rendered], body:not(:has(.head-view))', { timeout: 30_000 });
  record.loadMs = performance.now() - start;
  return record;
}

export interface ReportCheck {
  charts: number;
  /** Charts with no size or no shapes, by section. */
  emptyCharts: string[];
  headView: 'responds' | 'absent' | 'does not respond';
  problems: string[];
}

/**
 * What a reviewer checks on any report page: no console or page errors, no dialogs, no requests,
 * every chart drawn (with all details opened), and the head view redrawing for another layer and head.
 */
export async function checkReport(record: PageRecord): Promise<ReportCheck> {
  const { page } = record;
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('svg.chart-svg')].map((svg) => {
      const box = svg.getBoundingClientRect();
      return { ok: box.width > 0 && box.height > 0 && svg.querySelectorAll('rect, path, circle, line, text').length > 0, where: svg.closest('section')?.id ?? '?' };
    }),
  );
  let headView: ReportCheck['headView'] = 'absent';
  const view = page.locator('.head-view').first();
  if ((await view.count()) > 0) {
    // Options are "mean of all" (-1) then heads 0…; pick layer 1 and the second head when there is one.
    const head = (await view.locator('.hv-head option').count()) > 2 ? '1' : '0';
    const sentence = await view.locator('.hv-sentence').inputValue();
    const target = `${sentence}:0:${head}`;
    await view.locator('.hv-layer').selectOption({ value: '0' });
    await view.locator('.hv-head').selectOption({ value: head });
    try {
      await page.waitForSelector(`.head-view[data-rendered="${target}"]`, { timeout: 5000 });
      const lines = await view.locator('.hv-panel .hv-lines line').count();
      headView = lines > 0 ? 'responds' : 'does not respond';
    } catch {
      headView = 'does not respond';
    }
  }
  const emptyCharts = charts.filter((c) => !c.ok).map((c) => c.where);
  const problems = [
    ...record.consoleErrors.map((e) => `console error: ${e}`),
    ...record.pageErrors.map((e) => `page error: ${e}`),
    ...record.dialogs.map((d) => `dialog opened (injected script ran?): ${d}`),
    ...record.requests.map((u) => `network request: ${u}`),
    ...emptyCharts.map((w) => `empty chart in section ${w}`),
    ...(headView === 'does not respond' ? ['the head view did not redraw for another layer and head'] : []),
  ];
  return { charts: charts.length, emptyCharts, headView, problems };
}
