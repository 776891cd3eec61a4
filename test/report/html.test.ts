import { inflateRawSync } from 'node:zlib';
import { expect } from 'chai';
import { renderHtml } from '../../src/report/index.js';
import { buildFixtureReport, HOSTILE_STRINGS } from './fixture.js';

function embeddedData(html: string): any[] {
  const m = html.match(/<script type="application\/json" id="sesame-attention-data">([\s\S]*?)<\/script>/);
  expect(m, 'the attention data element').to.not.equal(null);
  return JSON.parse(m![1]);
}

describe('report.html (static checks; test/report/browser.test.ts runs it in Chromium)', () => {
  const report = buildFixtureReport({ samples: 12, hostile: true });
  const html = renderHtml(report);

  it('references nothing outside the file', () => {
    expect(html).to.not.match(/\b(?:src|href|xlink:href|action)\s*=\s*["']?(?:https?:|\/\/|data:text\/html)/i);
    expect(html).to.not.match(/@import|url\(\s*["']?(?:https?:|\/\/)/i);
    expect(html).to.match(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
  });

  it('has exactly one executable script, and the CSP hash is of that script', async () => {
    const scripts = [...html.matchAll(/<script(?: [^>]*)?>/g)].map((m) => m[0]);
    expect(scripts).to.deep.equal(['<script type="application/json" id="sesame-attention-data">', '<script>']);
    const { createHash } = await import('node:crypto');
    const body = html.slice(html.lastIndexOf('<script>') + 8, html.lastIndexOf('</script>'));
    expect(html).to.include(`sha256-${createHash('sha256').update(body).digest('base64')}`);
  });

  it('escapes every hostile string wherever it appears', () => {
    for (const bad of ['<script>alert(1)</script>', '</svg><img src=x onerror=alert(2)>', '</script><script>alert(3)</script>', '<!-- c -->']) {
      expect(html.includes(bad), bad).to.equal(false);
    }
    expect(html).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).to.include('مرحبا بالعالم').and.to.include('😀👍🏽');
  });

  it('embeds head-view data that parses back to the tokens and the weights rounded to 3 decimals', () => {
    const data = embeddedData(html);
    expect(data).to.have.length(1);
    const [attention] = data;
    expect(attention).to.include({ layers: 6, heads: 4, sentences: 12 });
    expect(attention.samples).to.have.length(12);
    const sample = report.attention[0].samples[0];
    expect(attention.samples[0].tokens).to.deep.equal(sample.tokens);
    expect(HOSTILE_STRINGS.some((h) => attention.samples[0].text.includes(h))).to.equal(true);
    const bytes = inflateRawSync(Buffer.from(attention.samples[0].weights, 'base64'));
    const n = sample.tokens.length;
    expect(bytes.length).to.equal(2 * 2 * 6 * 4 * n * n);
    const half = bytes.length / 2;
    const weight = (k: number) => ((bytes[k] << 8) | bytes[half + k]) / 1000;
    // Finetuned model (index 1), layer 4, head 2, row 1, column 0.
    const k = ((1 * 6 + 4) * 4 + 2) * n * n + 1 * n + 0;
    expect(weight(k)).to.be.closeTo(sample.finetuned[4][2][1][0], 0.0005);
    expect(weight(0)).to.be.closeTo(sample.pretrained[0][0][0][0], 0.0005);
  });

  it('escapes < in the embedded JSON so no string can close the script element', () => {
    const m = html.match(/<script type="application\/json" id="sesame-attention-data">([\s\S]*?)<\/script>/)!;
    expect(m[1]).to.not.include('<');
    expect(m[1]).to.include('\\u003c/script\\u003e');
  });

  it('renders every section with its charts', () => {
    for (const id of ['summary', 'robustness', 'probing', 'attention', 'details']) expect(html).to.include(`<section id="${id}"`);
    const charts = (html.match(/<svg class="chart-svg[" ]/g) ?? []).length;
    // 1 status bar, 6 rate bars, 3 dumbbells, 7 probe charts (a test panel per probe, a generalization panel for the
    // 3 with one) + silhouette + 2 projections, 4 heatmaps (JSD, 2 × entropy, conditions), confusion + CKA, 2 head-view
    // panels, 6 timing bars.
    expect(charts).to.equal(1 + 6 + 3 + 7 + 3 + 4 + 2 + 2 + 6);
  });

  it('draws probe intervals as bands, chance as a dotted level and the control task dashed, with values in tooltips', () => {
    const report = buildFixtureReport();
    const p = report.probes[0];
    p.seeds = [1, 2, 3];
    p.chance = { test: 0.12, gen: 0.086 };
    for (const l of p.layers) {
      for (const side of [l.pretrained, l.finetuned]) {
        side.testInterval = [Math.max(0, side.test - 0.05), Math.min(1, side.test + 0.03)];
        side.genInterval = [Math.max(0, side.gen! - 0.06), Math.min(1, side.gen! + 0.06)];
      }
    }
    const card = renderHtml(report).match(/<article class="probe card-box" id="probe-0">[\s\S]*?<\/article>/)![0];
    // one band per model and panel (the layers join into one polygon)
    expect(card.match(/<path class="band"/g)).to.have.length(4);
    expect(card).to.match(/<line class="reference"[^>]*><title>chance \(12\.0%\): 0\.12<\/title>/);
    expect(card).to.match(/<line class="reference"[^>]*><title>chance \(8\.6%\): 0\.09<\/title>/);
    expect(card).to.include('control task</li>');
    expect(card).to.include('stroke-dasharray="6 4"');
    expect(card).to.include('Lines: mean of 3 seeds; bands: 95% intervals over sentences; dashed: control task (Hewitt &amp; Liang)');
    expect(card).to.match(/, interval by layer: emb: 0\.\d\d–0\.\d\d, 1: /);
  });

  it('leaves out head-view samples whose matrices do not match their tokens, and says so', () => {
    const broken = buildFixtureReport({ samples: 3 });
    broken.attention[0].samples[1].tokens.push('extra');
    const out = renderHtml(broken);
    expect(embeddedData(out)[0].samples).to.have.length(2);
    expect(out).to.include('sentence 2: pretrained matrices are not');
  });

  it('caps the embedded sentences and reports how many were left out', () => {
    const out = renderHtml(buildFixtureReport({ samples: 5 }), { headViewSamples: 3 });
    expect(embeddedData(out)[0].samples).to.have.length(3);
    expect(out).to.include('2 more sentences over the limit of 3 per report');
  });

  it('still renders a report with no results at all', () => {
    const empty = buildFixtureReport({ samples: 0 });
    Object.assign(empty, { robustness: [], attacks: [], probes: [], attention: [], tests: [], baseline: undefined });
    empty.summary = { passed: 0, failed: 0, skipped: 0, regressions: 0 };
    const out = renderHtml(empty);
    expect(out).to.include('No robustness tests ran.').and.to.include('No probing tasks ran.').and.to.include('No attention comparisons ran.').and.to.include('No baseline was given');
  });
});

describe('report.html details that are easy to lose', () => {
  const report = buildFixtureReport({ samples: 1 });
  const html = renderHtml(report);

  it('shows each named generalization set of a probe', () => {
    expect(html).to.include('gen: compound (pre / fine)').and.to.include('gen: possessive (pre / fine)');
    const l3 = report.probes[1].layers[3];
    expect(html).to.include(`${(l3.pretrained.genSets!.compound * 100).toFixed(1)}% / –`);
  });

  it('says how many items a result left out, and why', () => {
    expect(html).to.include('1 sentence compared · left out: 12 no-distractor.');
  });

  it('labels probe charts and the head view with the models of their own pair when a run has two fine-tunes', () => {
    const twoPairs = buildFixtureReport({ samples: 1 });
    const other = { ...twoPairs.models.finetuned!, id: 'models/agreement-v2', contentHash: 'sha256:00ff' };
    twoPairs.models.others = [other];
    twoPairs.probes[0].models = { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'models/agreement-v2' };
    twoPairs.attention[0].models = { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'models/agreement-v2' };
    const page = renderHtml(twoPairs);
    const card = page.slice(page.indexOf('id="probe-0"'), page.indexOf('id="probe-1"'));
    expect(card).to.include('fine-tuned (agreement-v2) · test').and.to.include('pretrained (tiny-bert-base) · generalization');
    expect(card).to.include('fixtures/models/tiny-bert-base</span> → <span dir="auto">models/agreement-v2</span>');
    // A result without its own pair in a multi-pair run is never labelled with a guessed model.
    const unnamed = page.slice(page.indexOf('id="probe-1"'), page.indexOf('id="probe-2"') > 0 ? page.indexOf('id="probe-2"') : undefined);
    expect(unnamed).to.include('>fine-tuned · test<').and.not.to.include('agreement-v2');
    const view = page.slice(page.indexOf('class="head-view"'));
    expect(view).to.include('Fine-tuned: <span dir="auto">models/agreement-v2</span>').and.to.include('Pretrained: <span dir="auto">fixtures/models/tiny-bert-base</span>');
    const glance = page.slice(page.indexOf('<ul class="glance">'));
    expect(glance).to.match(/Largest attention shift: .*?<a href="#attention-0" dir="auto">[^<]*<\/a>, fine-tuning into <span dir="auto">models\/agreement-v2<\/span>\./);
  });
});

describe('report.html at a glance', () => {
  it('names the worst finding of each capability and links to it', () => {
    const report = buildFixtureReport({ samples: 1 });
    const html = renderHtml(report);
    const list = html.slice(html.indexOf('<ul class="glance">'), html.indexOf('</ul>', html.indexOf('<ul class="glance">')));
    const worst = report.robustness.reduce((w, r, i) => (r.failureRate > report.robustness[w].failureRate ? i : w), 0);
    expect(list).to.include(`Highest failure rate: <a href="#robustness-${worst}" dir="auto">negating the verb flips the sentiment</a> — 31.2% of inputs`);
    expect(list).to.include('Strongest attack: <a href="#attack-0">textfooler</a> took accuracy from 93.0% to 21.0%');
    expect(list).to.match(/Largest probing loss: <a href="#probe-\d"/);
    const jsd = report.attention[0].jsd;
    const max = Math.max(...jsd.flat());
    const layer = jsd.findIndex((row) => row.includes(max));
    expect(list.replace(/<span class="term[^>]*>(\w+)<\/span>/g, '$1')).to.include(`Largest attention shift: layer ${layer + 1}, head ${jsd[layer].indexOf(max) + 1} (JSD ${max.toFixed(3)})`);
    for (const id of [...list.matchAll(/href="#([\w-]+)"/g)].map((m) => m[1])) expect(html).to.include(`id="${id}"`);
  });
});
