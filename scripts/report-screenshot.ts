/**
 * Screenshots a report.html the way a reader sees it: wide window, narrow (phone) window, and the
 * print layout as PDF. Usage: npx tsx scripts/report-screenshot.ts <report.html> [out-dir]
 * Writes <out-dir>/report-wide.png, report-top.png, report-<section>.png, report-narrow.png, report-print.pdf (default out-dir: next to the report).
 */
import path from 'node:path';
import { chromiumAvailable, launchReportBrowser, openReport } from './report-browser.js';

const [file, outDir = path.dirname(file ?? '.')] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx scripts/report-screenshot.ts <report.html> [out-dir]');
  process.exit(2);
}
if (!chromiumAvailable()) {
  console.error('report-screenshot: /usr/bin/chromium is missing; install it with `apt-get install -y chromium`');
  process.exit(2);
}
const rb = await launchReportBrowser();
try {
  const wide = await openReport(rb, file);
  await wide.page.screenshot({ path: path.join(outDir, 'report-top.png') });
  await wide.page.screenshot({ path: path.join(outDir, 'report-wide.png'), fullPage: true });
  // One picture per section too: a whole long page is hard to read at once.
  await wide.page.addStyleTag({ content: 'nav.toc { position: static !important; }' });
  for (const id of ['summary', 'robustness', 'probing', 'attention', 'details']) {
    const section = wide.page.locator(`section#${id}`);
    if ((await section.count()) > 0) await section.screenshot({ path: path.join(outDir, `report-${id}.png`) });
  }
  const narrow = await openReport(rb, file, { width: 390, height: 800 });
  await narrow.page.screenshot({ path: path.join(outDir, 'report-narrow.png'), fullPage: true });
  await wide.page.emulateMedia({ media: 'print' });
  await wide.page.pdf({ path: path.join(outDir, 'report-print.pdf'), format: 'A4', printBackground: true });
  for (const r of [wide, narrow]) {
    console.log(`load ${r.loadMs.toFixed(0)} ms · console errors ${r.consoleErrors.length} · page errors ${r.pageErrors.length} · dialogs ${r.dialogs.length} · requests ${r.requests.length}`);
    for (const line of [...r.consoleErrors, ...r.pageErrors, ...r.dialogs, ...r.requests]) console.log(`  ${line}`);
  }
} finally {
  await rb.close();
}
