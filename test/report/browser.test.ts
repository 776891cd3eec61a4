/**
 * report.html in a real browser: Debian's Chromium through playwright-core, with every request
 * blocked and recorded. Skips, saying why, where /usr/bin/chromium is absent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { writeReports } from '../../src/report/index.js';
import type { SesameReport } from '../../src/report/types.js';
import { chromiumAvailable, launchReportBrowser, openReport, type PageRecord, type ReportBrowser } from '../../scripts/report-browser.js';
import { buildFixtureReport } from './fixture.js';

const OUT = path.resolve('reports', 'browser-test');

describe('report.html in Chromium', function () {
  let rb: ReportBrowser;
  let report: SesameReport;
  let htmlFile: string;
  let wide: PageRecord;

  before(async function () {
    if (!chromiumAvailable()) {
      console.log('    (skipped: /usr/bin/chromium is absent — install it with `apt-get install -y chromium`)');
      this.skip();
    }
    mkdirSync(OUT, { recursive: true });
    report = buildFixtureReport({ samples: 40, hostile: true });
    [, htmlFile] = writeReports(report, OUT);
    rb = await launchReportBrowser();
    wide = await openReport(rb, htmlFile);
  });
  after(async () => {
    await rb?.close();
  });

  it('the harness itself notices requests and executed script (so the checks below can fail)', async () => {
    const bad = path.join(OUT, 'harness-check.html');
    writeFileSync(bad, '<!DOCTYPE html><html><body><img src="http://example.com/x.png"><script>alert("ran")</script></body></html>');
    const record = await openReport(rb, bad);
    expect(record.requests).to.deep.equal(['http://example.com/x.png']);
    expect(record.dialogs).to.deep.equal(['alert: ran']);
    await record.page.close();
  });

  it('loads with no console errors, no page errors and no network requests', async () => {
    expect(wide.consoleErrors).to.deep.equal([]);
    expect(wide.pageErrors).to.deep.equal([]);
    expect(wide.requests).to.deep.equal([]);
    await wide.page.screenshot({ path: path.join(OUT, 'report.png'), fullPage: true });
  });

  it('never runs hostile text: no dialog opened, no injected element exists, the text shows as typed', async () => {
    const { page } = wide;
    expect(wide.dialogs).to.deep.equal([]);
    expect(await page.locator('img, iframe, object, embed').count()).to.equal(0);
    expect(await page.locator('script').count()).to.equal(2);
    const h1 = await page.locator('h1').textContent();
    expect(h1).to.include('<script>alert(1)</script>');
    const text = await page.locator('body').innerText();
    for (const s of ['</svg><img src=x onerror=alert(2)>', 'مرحبا بالعالم', '😀👍🏽', '"quoted" \'single\' `tick` a|b']) expect(text, s).to.include(s);
    // The head view draws tokens with textContent: the hostile tokens of sentence 1 are SVG text, not markup.
    const tokens = await page.locator('.hv-panel[data-model="pretrained"] .hv-token[data-side="from"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
    expect(tokens).to.deep.equal(report.attention[0].samples[0].tokens);
    expect(tokens.join(' ')).to.include('<scri').and.to.include('</script>');
  });

  it('opens a test’s counterexamples when its name is clicked in the table', async () => {
    const { page } = wide;
    const details = page.locator('details#robustness-0');
    expect(await details.evaluate((d: HTMLDetailsElement) => d.open)).to.equal(false);
    await page.click('table.robustness a[href="#robustness-0"]');
    await page.waitForFunction(() => (document.getElementById('robustness-0') as HTMLDetailsElement).open);
    expect(await details.locator('li.example').count()).to.equal(report.robustness[0].counterexamples.length);
  });

  it('renders every chart with content and a size', async () => {
    const { page } = wide;
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    const charts = await page.evaluate(() =>
      [...document.querySelectorAll('svg.chart-svg')].map((svg) => {
        const box = svg.getBoundingClientRect();
        return { w: box.width, h: box.height, shapes: svg.querySelectorAll('rect, path, circle, line, text').length, kind: svg.closest('section')?.id };
      }),
    );
    expect(charts).to.have.length(34);
    for (const c of charts) {
      expect(c.w, `${c.kind} chart width`).to.be.greaterThan(20);
      expect(c.h, `${c.kind} chart height`).to.be.greaterThan(8);
      expect(c.shapes, `${c.kind} chart shapes`).to.be.greaterThan(0);
    }
    const bySection = charts.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.kind!]: (acc[c.kind!] ?? 0) + 1 }), {});
    // probing: a test panel per probe (4), a generalization panel for the 3 with one, silhouette + 2 projections
    expect(bySection).to.deep.equal({ summary: 1, robustness: 9, probing: 10, attention: 8, details: 6 });
  });

  it('head view: picking a layer and a head redraws both models with that head’s weights', async () => {
    const { page } = wide;
    const view = page.locator('.head-view');
    expect(await view.getAttribute('data-rendered')).to.equal('0:5:0');
    await page.selectOption('.hv-layer', { value: '1' });
    await page.selectOption('.hv-head', { value: '2' });
    await page.waitForSelector('.head-view[data-rendered="0:1:2"]');
    expect(await page.locator('.hv-status').textContent()).to.match(/^Layer 2, head 3 · \d+ tokens/);
    const sample = report.attention[0].samples[0];
    const n = sample.tokens.length;
    for (const [model, weights] of [['pretrained', sample.pretrained], ['finetuned', sample.finetuned]] as const) {
      const drawn = await page.evaluate((m) => [...document.querySelectorAll(`.hv-panel[data-model="${m}"] .hv-lines line`)].map((l) => [Number(l.getAttribute('data-from')), Number(l.getAttribute('data-to')), Number(l.getAttribute('stroke-opacity'))]), model);
      const expected = weights[1][2].flatMap((row, i) => row.map((w, j) => [i, j, w] as const)).filter(([, , w]) => Math.round(w * 1000) >= 5);
      expect(drawn.length, `${model} lines`).to.equal(expected.length);
      for (const [i, j, opacity] of drawn) expect(opacity).to.be.closeTo(weights[1][2][i][j], 0.0015);
    }
    // Hovering a left token keeps its lines only and prints its weights, which sum to 1.
    await page.hover('.hv-panel[data-model="finetuned"] .hv-token[data-side="from"][data-index="1"]');
    const shown = await page.evaluate(() => [...document.querySelectorAll('.hv-panel[data-model="finetuned"] .hv-lines line')].filter((l) => (l as SVGElement).style.display !== 'none').map((l) => l.getAttribute('data-from')));
    expect(new Set(shown)).to.deep.equal(new Set(['1']));
    const printed = (await page.locator('.hv-panel[data-model="finetuned"] .hv-weight').allTextContents()).map(Number);
    expect(printed).to.have.length(n);
    expect(printed.reduce((a, b) => a + b, 0)).to.be.closeTo(1, 0.01);
    expect(printed[0]).to.be.closeTo(sample.finetuned[1][2][1][0], 0.0015);
    // Another sentence: new tokens in both panels.
    await page.selectOption('.hv-sentence', { value: '7' });
    await page.waitForSelector('.head-view[data-rendered="7:1:2"]');
    const tokens = await page.locator('.hv-panel[data-model="finetuned"] .hv-token[data-side="to"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
    expect(tokens).to.deep.equal(report.attention[0].samples[7].tokens);
    await page.selectOption('.hv-head', { value: '-1' });
    await page.waitForSelector('.head-view[data-rendered="7:1:-1"]');
    expect(await page.locator('.hv-status').textContent()).to.match(/^Layer 2, mean of all heads/);
    await page.locator('.head-view').screenshot({ path: path.join(OUT, 'head-view.png') });
  });

  it('fits a phone-width window without sideways scrolling of the page', async () => {
    const narrow = await openReport(rb, htmlFile, { width: 390, height: 800 });
    const overflow = await narrow.page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(overflow.page).to.equal(overflow.viewport);
    expect(narrow.consoleErrors).to.deep.equal([]);
    // The baseline tables (regressed, and all metrics once opened) stack each row: Δ is read without scrolling the table.
    await narrow.page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
    const deltas = await narrow.page.locator('table.deltas').evaluateAll((tables) =>
      tables.map((t) => {
        const wrap = t.closest('.table-wrap')!;
        const cell = t.querySelector('td[data-label="Δ"]')!;
        return { scrolls: wrap.scrollWidth - wrap.clientWidth, right: cell.getBoundingClientRect().right, label: getComputedStyle(cell, '::before').content, text: (cell as HTMLElement).innerText };
      }),
    );
    expect(deltas).to.have.length(2);
    for (const d of deltas) {
      expect(d.scrolls, 'the table scrolls sideways inside its box').to.equal(0);
      expect(d.right).to.be.at.most(390);
      expect(d.label).to.equal('"Δ"');
      expect(d.text).to.match(/^[+−-]?\d\.\d{4}$/);
    }
    await narrow.page.screenshot({ path: path.join(OUT, 'report-narrow.png') });
    await narrow.page.close();
  });

  it('prints without navigation or controls', async () => {
    const { page } = wide;
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.toc').isVisible()).to.equal(false);
    expect(await page.locator('.hv-controls').isVisible()).to.equal(false);
    // An A4 page at 96 dpi is 794 px wide: nothing may stick out of it.
    await page.setViewportSize({ width: 794, height: 1123 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(794);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
