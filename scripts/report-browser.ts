/**
 * Opens a report.html in Debian's Chromium (playwright-core, no browser download) with the network
 * cut off, and records what a careful reviewer would check: console errors, page errors, dialogs
 * (an `alert` means injected script ran), and every request the page tried to make.
 * Used by test/report/browser.test.ts, bench/report.bench.ts and `tsx scripts/report-screenshot.ts`.
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
    record.requests.push(u);
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
