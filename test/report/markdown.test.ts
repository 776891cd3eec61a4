import { expect } from 'chai';
import { cells, outsideCodeSpans } from './markdown-helpers.js';
import { mdCode, mdText, renderMarkdown, wordDiff } from '../../src/report/index.js';
import { buildFixtureReport } from './fixture.js';


describe('report.md', () => {
  const report = buildFixtureReport({ samples: 1 });
  const md = renderMarkdown(report, { htmlPath: 'reports/demo/report.html' });

  it('opens with the pass/fail headline and the models compared', () => {
    const [headline] = md.split('\n');
    expect(headline).to.equal(`## ❌ Sesame: ${report.summary.failed} of ${report.summary.passed + report.summary.failed} tests failed, ${report.summary.regressions} regressions against the baseline`);
    expect(md).to.include('**fixtures/models/tiny-bert-sentiment** (fine-tuned, fp32, `a3e9b1c7d5f2`), **fixtures/models/tiny-bert-base** (pretrained, fp32, `5f1c0a9e7d3b`)');
    // A second fine-tune of the same base is named as one, not as "also" or "other".
    const two = buildFixtureReport({ samples: 1 });
    two.models.others = [{ ...two.models.finetuned!, id: 'models/agreement-v2' }];
    two.probes[0].models = { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'models/agreement-v2' };
    expect(renderMarkdown(two)).to.include('**models/agreement-v2** (fine-tuned, fp32').and.not.include('also');
  });

  it('says all is well when nothing failed or regressed', () => {
    const clean = buildFixtureReport({ samples: 1 });
    clean.summary = { passed: 12, failed: 0, skipped: 1, regressions: 0 };
    expect(renderMarkdown(clean).split('\n')[0]).to.equal('## ✅ Sesame: 12 tests passed, 1 skipped, no regressions');
  });

  it('tabulates regressed metrics first, with signed deltas', () => {
    const regressed = report.baseline!.deltas.filter((d) => d.verdict === 'regressed');
    const rows = md.split('\n').filter((l) => l.startsWith('| 🔻 regressed'));
    expect(rows).to.have.length(regressed.length);
    const first = cells(rows[0]).map((c) => c.trim());
    expect(first[2]).to.equal(regressed[0].metric);
    expect(first[5]).to.match(/^[+−]\d\.\d{4}$/);
    const improvedAt = md.indexOf('| 🟢 improved');
    expect(improvedAt).to.be.greaterThan(md.lastIndexOf('| 🔻 regressed'));
  });

  it('lists counterexamples of failing tests only, highest failure rate first, as word diffs', () => {
    const table = md.slice(md.indexOf('### Worst counterexamples'), md.indexOf('### Adversarial examples'));
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Test') && !l.startsWith('|---'));
    expect(rows).to.have.length(5);
    const tests = rows.map((r) => cells(r)[0].trim());
    // The fixture's failing tests: negation 31%, function words 7%, typos 12%: one row each by failure rate, then seconds.
    expect(tests.slice(0, 3)).to.deep.equal(['negating the verb flips the sentiment (31% failed)', 'typos do not change the sentiment (12% failed)', 'dropping a function word keeps the label (7% failed)']);
    const failing = new Set(report.tests.filter((t) => t.status === 'failed').map((t) => t.titlePath.at(-1)));
    for (const t of tests) expect(failing.has(t.replace(/ \(\d+% failed\)$/, '')), t).to.equal(true);
    expect(table).to.not.include('synonyms of the sentiment word').and.not.include('clear positive reviews');
    expect(table).to.match(/~~\w+~~ \*\*\w+\*\*/);
  });

  it('gives each adversarial example its screen verdict, the ones the screen accepts first', () => {
    const screened = buildFixtureReport({ samples: 1 });
    const successes = screened.attacks.flatMap((a) => a.successes);
    expect(successes.length).to.be.greaterThan(1);
    // The clearest flip (lowest newScore) is the one the screen rejects: it must not lead the table.
    const clearest = successes.reduce((a, b) => (b.newScore < a.newScore ? b : a));
    for (const s of successes) s.screen = s === clearest ? { valid: false, reasons: ['polarity: good → bad reverses the sentiment (+0.7 → −0.7)'] } : { valid: true, reasons: [] };
    const out = renderMarkdown(screened, { maxExamples: 2 * successes.length });
    const table = out.slice(out.indexOf('### Adversarial examples'));
    expect(table).to.include('| Recipe | Perturbed input | Prediction | Queries | Screen |');
    const rows = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Recipe'));
    expect(cells(rows[0]).at(-1)!.trim()).to.equal('valid');
    expect(cells(rows.at(-1)!).at(-1)!.trim()).to.equal('rejected: polarity: good → bad reverses the sentiment (+0.7 → −0.7)');
    expect(md.slice(md.indexOf('### Adversarial examples'))).not.to.include('Screen', 'an unscreened report has no screen column');
  });

  it('shows an MFT failure as the input, the label it got and the label it should have got', () => {
    const failingMft = buildFixtureReport({ samples: 1 });
    failingMft.tests.find((t) => t.kind === 'robustness' && t.resultIndex === 5)!.status = 'failed';
    const mft = renderMarkdown(failingMft, { maxExamples: 20 });
    const row = mft.split('\n').find((l) => l.startsWith('| clear positive reviews are POSITIVE'))!;
    expect(cells(row)[2].trim()).to.match(/^NEGATIVE 0\.\d\d, expected POSITIVE$/);
    expect(cells(row)[1]).to.not.include('~~');
  });

  it('shows each probe\'s accuracy per layer with its 95% interval, seed spread and paired difference, like the HTML table', () => {
    const probed = buildFixtureReport({ samples: 1 });
    const layer = probed.probes[0].layers[2];
    Object.assign(layer.pretrained, { testInterval: [0.9, 0.99], testSeedRange: [0.93, 0.97], genInterval: [0.31, 0.42] });
    Object.assign(layer.finetuned, { testInterval: [0.85, 0.96] });
    layer.delta = { test: layer.finetuned.test - layer.pretrained.test, testInterval: [-0.081, -0.004] };
    probed.probes[0].seeds = [21, 22, 23];
    const fit = (iterations: number, converged: boolean) => ({ seed: 21, l2: 1e-4, iterations, objective: 0.01, converged });
    layer.pretrained.fits = [fit(12, true)];
    layer.finetuned.fits = [fit(14, true)];
    layer.control!.fits = { pretrained: [fit(55, true)], finetuned: [fit(80, false)] };
    const text = renderMarkdown(probed);
    const section = text.slice(text.indexOf('### Probes'), text.indexOf('### Worst counterexamples'));
    expect(section).to.include('Accuracy in %: mean of 3 seeds [95% interval over sentences]');
    // How every fit ended, the control probes' too (one did not converge: said, not hidden).
    expect(section).to.include("Fits: 2/2 converged (L-BFGS to a certified 1e-4 relative gap); L-BFGS iterations 12–14; L2 chosen on dev: 0.0001 ×2; control probes (at their task probe's L2): 1/2 converged, iterations 55–80.");
    const row = section.split('\n').find((l) => l.startsWith('| 2 |'))!;
    const [, pre, fine, delta, preGen, , , control] = cells(row).map((c) => c.trim());
    expect(pre).to.equal(`${(100 * layer.pretrained.test).toFixed(1)} [90.0, 99.0] ±2.0`);
    expect(fine).to.equal(`${(100 * layer.finetuned.test).toFixed(1)} [85.0, 96.0]`);
    expect(delta).to.match(/^[-+]\d+\.\d \[-8\.1, -0\.4\]$/);
    expect(preGen).to.equal(`${(100 * layer.pretrained.gen!).toFixed(1)} [31.0, 42.0]`);
    expect(control).to.equal(`${(100 * layer.control!.pretrained).toFixed(1)} / ${(100 * layer.control!.finetuned).toFixed(1)}`);
    // Every probe is there, each row with as many cells as its header.
    expect(section.match(/<summary>Accuracy per layer<\/summary>/g)).to.have.length(probed.probes.length);
    for (const table of section.split('<details>').slice(1)) {
      const lines = table.split('\n').filter((l) => l.startsWith('|'));
      for (const l of lines) expect(cells(l)).to.have.length(cells(lines[0]).length);
    }
  });

  it('says where the HTML report is', () => {
    expect(md.trimEnd().split('\n').at(-1)).to.include('`reports/demo/report.html`');
  });

  it('shows hostile text as typed: no raw HTML, no broken table rows, no mentions', () => {
    const hostile = renderMarkdown(buildFixtureReport({ samples: 1, hostile: true }));
    // Code spans show their content literally on GitHub, so markup may only survive inside them.
    const outsideCode = outsideCodeSpans(hostile);
    expect(outsideCode).to.not.match(/<script|<img|<\/svg|<!--/i);
    for (const line of hostile.split('\n').filter((l) => l.startsWith('| 🔻') || l.startsWith('| 🟢'))) expect(cells(line)).to.have.length(8);
    const worst = hostile.slice(hostile.indexOf('### Worst counterexamples')).split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('|---'));
    for (const line of worst) expect(cells(line)).to.have.length(4);
    expect(hostile).to.include('**fixtures/models/tiny-bert-sentiment &lt;script&gt;alert(1)&lt;/script&gt;**');
    expect(mdText('ping @octocat')).to.equal('ping &#64;octocat');
  });

  it('escapes Markdown so text stays text', () => {
    expect(mdText('a|b *c* `d` [e](f) <b> & ~~g~~ $x$')).to.equal('a\\|b \\*c\\* \\`d\\` \\[e\\](f) &lt;b&gt; &amp; \\~\\~g\\~\\~ \\$x\\$');
    expect(mdText('line\nbreak')).to.equal('line break');
    expect(mdCode('say `hi`')).to.equal('`` say `hi` ``');
    expect(mdCode('`x`')).to.equal('`` `x` ``');
    expect(mdCode('a|b', true)).to.equal('`a\\|b`');
    expect(mdCode('a|b')).to.equal('`a|b`');
  });
});

describe('wordDiff', () => {
  it('marks replaced, inserted and deleted words', () => {
    expect(wordDiff('the film was great', 'the flim was not great indeed')).to.deep.equal([
      { op: 'same', text: 'the' },
      { op: 'removed', text: 'film' },
      { op: 'added', text: 'flim' },
      { op: 'same', text: 'was' },
      { op: 'added', text: 'not' },
      { op: 'same', text: 'great' },
      { op: 'added', text: 'indeed' },
    ]);
    expect(wordDiff('a b c', 'a c')).to.deep.equal([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'same', text: 'c' },
    ]);
    expect(wordDiff('', 'x')).to.deep.equal([{ op: 'added', text: 'x' }]);
  });
});

describe('report.md for long runs', () => {
  it('folds failed tests beyond the first few into a details block', () => {
    const report = buildFixtureReport({ samples: 1 });
    const md = renderMarkdown(report, { maxFailures: 2 });
    const section = md.slice(md.indexOf('### Failed tests'), md.indexOf('### Worst'));
    expect(section.split('\n').filter((l) => l.startsWith('- **'))).to.have.length(report.summary.failed);
    expect(section).to.include(`<details><summary>${report.summary.failed - 2} more failed tests</summary>`);
    expect(section.indexOf('<details>')).to.be.greaterThan(section.split('\n').filter((l) => l.startsWith('- **')).slice(0, 2).reduce((at, l) => section.indexOf(l, at), 0));
  });

  it('reads an attack flip as the original label losing probability', () => {
    const report = buildFixtureReport({ samples: 1 });
    const md = renderMarkdown(report);
    const best = report.attacks.flatMap((a) => a.successes).sort((x, y) => x.newScore - y.newScore)[0];
    expect(md).to.include(`${best.originalLabel} ${best.originalScore.toFixed(2)} → ${best.newLabel} (${best.originalLabel} now ${best.newScore.toFixed(2)})`);
  });
});
