/**
 * Checks and screenshots a report.html the way a reader sees it: wide window, narrow (phone) window,
 * and the print layout as PDF; exits 1 if the page logs errors, makes requests, opens dialogs, has an
 * empty chart, or its head view does not respond. Usage: npx tsx scripts/report-screenshot.ts <report.html> [out-dir]
 * (e.g. after `npm run demo`: npx tsx scripts/report-screenshot.ts reports/demo/report.html)
 * Writes <out-dir>/report-wide.png, report-top.png, report-<section>.png, report-narrow.png, report-print.pdf (default out-dir: next to the report).
 */
import path from 'node:path';
import { checkReport, chromiumAvailable, launchReportBrowser, openReport } from './report-browser.js';

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
let problems: string[] = [];
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
  const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  const check = await checkReport(wide);
  await wide.page.locator('.head-view').first().screenshot({ path: path.join(outDir, 'report-head-view.png') }).catch(() => undefined);
  await wide.page.emulateMedia({ media: 'print' });
  await wide.page.pdf({ path: path.join(outDir, 'report-print.pdf'), format: 'A4', printBackground: true });
  problems = [...check.problems, ...narrow.consoleErrors.map((e) => `console error (narrow): ${e}`), ...(overflow > 0 ? [`the page is ${overflow} px wider than a 390 px window`] : [])];
  console.log(`load ${wide.loadMs.toFixed(0)} ms (narrow ${narrow.loadMs.toFixed(0)} ms) · ${check.charts} charts · head view ${check.headView} · requests ${wide.requests.length} · screenshots in ${outDir}`);
  for (const p of problems) console.log(`  problem: ${p}`);
} finally {
  await rb.close();
}
process.exit(problems.length ? 1 : 0);
