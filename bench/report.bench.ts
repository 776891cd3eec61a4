/**
 * Size and load time of report.html for 2 models × 24 heads (6 layers × 4) × 200 attention sentences,
 * the targets being < 5 MB and < 2 s to load in the browser. Side by side: the same head-view
 * data embedded as plain JSON with 3 decimals (what the compact encoding saves), and a variant with
 * only long sentences (≈ 18 tokens) to show the headroom. Load time is measured in Debian's Chromium
 * from navigation start to the head view's first drawing (a performance mark the page sets), median
 * of 5 fresh loads. Usage: npm run bench -- report
 */
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { writeReports, renderHtml } from '../src/report/index.js';
import { encodeAttention } from '../src/report/html/attention-data.js';
import { jsonForScript } from '../src/report/html/escape.js';
import { chromiumAvailable, launchReportBrowser, openReport } from '../scripts/report-browser.js';
import { buildFixtureReport } from '../test/report/fixture.js';
import { table } from './harness.js';

const MB = 1e6;
const TARGET_MB = 5;
const TARGET_MS = 2000;
const out = path.resolve('reports', 'bench-report');

const scenarios = [
  { name: '2×24×200, mixed sentences', report: buildFixtureReport({ samples: 200 }) },
  { name: '2×24×200, long sentences', report: buildFixtureReport({ samples: 200, longSentences: true, seed: 7 }) },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows: Array<Array<string | number>> = [['scenario', 'tokens/sent', 'render ms', 'report.json MB', 'report.html MB', 'as plain JSON MB', 'saved ×', 'load ms (median of 5)', 'layer switch ms']];
let ok = true;
const rb = chromiumAvailable() ? await launchReportBrowser() : null;
if (!rb) console.log('(no /usr/bin/chromium: load times are not measured)');
try {
  for (const [i, s] of scenarios.entries()) {
    const dir = path.join(out, String(i + 1));
    mkdirSync(dir, { recursive: true });
    const start = performance.now();
    renderHtml(s.report);
    const renderMs = performance.now() - start;
    const [jsonFile, htmlFile] = writeReports(s.report, dir);
    const htmlMB = statSync(htmlFile).size / MB;
    const samples = s.report.attention[0].samples;
    // The same page with the head-view data embedded as plain JSON (3 decimals) instead of the compact encoding.
    const embedded = jsonForScript(encodeAttention(s.report.attention[0], 200)).length / MB;
    const plain = jsonForScript(samples.map((x) => ({ text: x.text, tokens: x.tokens, pretrained: x.pretrained.map((l) => l.map((h) => h.map((r) => r.map((v) => Math.round(v * 1000) / 1000)))), finetuned: x.finetuned.map((l) => l.map((h) => h.map((r) => r.map((v) => Math.round(v * 1000) / 1000)))) }))).length / MB;
    const plainMB = htmlMB - embedded + plain;
    const tokens = samples.reduce((a, x) => a + x.tokens.length, 0) / samples.length;
    const loads: number[] = [];
    const switches: number[] = [];
    if (rb) {
      for (let k = 0; k < 5; k++) {
        const r = await openReport(rb, htmlFile);
        if (r.consoleErrors.length || r.pageErrors.length || r.requests.length) throw new Error(`${s.name}: errors or requests while loading: ${[...r.consoleErrors, ...r.pageErrors, ...r.requests].join('; ')}`);
        loads.push(await r.page.evaluate(() => performance.getEntriesByName('sesame-head-view-ready')[0].startTime));
        const t0 = performance.now();
        await r.page.selectOption('.hv-layer', { value: '2' });
        await r.page.waitForSelector('.head-view[data-rendered="0:2:0"]');
        switches.push(performance.now() - t0);
        await r.page.close();
      }
    }
    const loadMs = rb ? median(loads) : NaN;
    rows.push([s.name, tokens.toFixed(1), renderMs.toFixed(0), (statSync(jsonFile).size / MB).toFixed(1), htmlMB.toFixed(2), plainMB.toFixed(2), (plainMB / htmlMB).toFixed(1), rb ? loadMs.toFixed(0) : '–', rb ? median(switches).toFixed(0) : '–']);
    if (htmlMB >= TARGET_MB || (rb && loadMs >= TARGET_MS)) ok = false;
  }
} finally {
  await rb?.close();
}
console.log(table(rows));
console.log(`\ntargets: report.html < ${TARGET_MB} MB and loads in < ${TARGET_MS} ms — ${ok ? 'met' : 'MISSED'}`);
process.exit(ok ? 0 : 1);
