/**
 * Hostile text through a whole run: `sesame run` on test/report/fixtures/hostile.suite.ts (inputs,
 * test names and a report name full of markup, quotes, pipes, RTL text and emoji) with the real
 * fixture models, then report.md and report.html (in Chromium) must show all of it as text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { cells, outsideCodeSpans } from './markdown-helpers.js';
import { validateReport } from '../../src/report/index.js';
import type { SesameReport } from '../../src/report/types.js';
import { checkReport, chromiumAvailable, launchReportBrowser, openReport, type ReportBrowser } from '../../scripts/report-browser.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(REPO, 'reports', 'hostile-run');

describe('hostile text through a whole `sesame run`', function () {
  let report: SesameReport;
  let rb: ReportBrowser | undefined;

  before(function () {
    if (!existsSync(path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment', 'onnx', 'model.onnx'))) {
      console.log('    (skipped: fixtures/models/tiny-bert-sentiment is missing)');
      this.skip();
    }
    rmSync(OUT, { recursive: true, force: true });
    const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), 'run', 'test/report/fixtures/hostile.suite.ts', '--report', OUT, '--num-runs', '12', '--seed', '3'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, CI: '1', NO_COLOR: '1' },
    });
    // Two tests fail on purpose (their counterexamples carry the hostile text); exit 1 means "tests failed".
    expect(run.status, run.stderr).to.equal(1);
    report = validateReport(JSON.parse(readFileSync(path.join(OUT, 'report.json'), 'utf8')));
  });
  after(async () => {
    await rb?.close();
  });

  it('records the hostile text in report.json as it was', () => {
    expect(report.tests.map((t) => t.id).join('\n')).to.include('hostile <script>alert(1)</script> "names" | `ticks`');
    expect(report.robustness.flatMap((r) => r.counterexamples).length).to.be.greaterThan(0);
    expect(report.attention[0].samples.length).to.be.greaterThan(0);
    expect(report.attention[0].samples[0].text).to.include('<script>alert(1)</script>');
  });

  it('report.md keeps every hostile string out of Markdown and HTML syntax', () => {
    const md = readFileSync(path.join(OUT, 'report.md'), 'utf8');
    const outsideCode = outsideCodeSpans(md);
    expect(outsideCode).to.not.match(/<script|<img|<\/svg|<b>/i);
    expect(outsideCode).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Test') && !l.startsWith('| Passed') && !l.startsWith('| Recipe'))) {
      expect(cells(line), line).to.have.length(4);
    }
  });

  it('report.html shows it as text in Chromium: nothing runs, nothing is fetched', async function () {
    if (!chromiumAvailable()) {
      console.log('    (skipped: /usr/bin/chromium is absent — install it with `apt-get install -y chromium`)');
      this.skip();
    }
    rb = await launchReportBrowser();
    const page = await openReport(rb, path.join(OUT, 'report.html'));
    expect(page.dialogs).to.deep.equal([]);
    expect(page.consoleErrors).to.deep.equal([]);
    expect(page.pageErrors).to.deep.equal([]);
    expect(page.requests).to.deep.equal([]);
    expect(await page.page.locator('img, iframe, object, embed, b').count()).to.equal(0);
    const text = await page.page.locator('body').innerText();
    expect(text).to.include('<script>alert(1)</script>').and.to.include('</svg><img src=x onerror=alert(2)>').and.to.include('مرحبا');
    const tokens = await page.page.locator('.hv-panel[data-model="finetuned"] .hv-token[data-side="from"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-token')));
    expect(tokens).to.deep.equal(report.attention[0].samples[0].tokens);
    await page.page.screenshot({ path: path.join(OUT, 'report.png'), fullPage: true });
    // The same checks as on the demo report: every chart drawn, the head view redraws, still nothing fetched.
    const check = await checkReport(page);
    expect(check.problems).to.deep.equal([]);
    expect(check.headView).to.equal('responds');
    expect(check.charts).to.be.greaterThan(5);
  });
});
