import { expect } from 'chai';
import { renderHtml } from '../../src/report/index.js';
import { reportErrors } from '../../src/report/validate.js';
import { negation, partOfSpeech, polarity, screenPairs } from '../../src/screen/index.js';
import { buildFixtureReport } from '../report/fixture.js';

describe('the screen in report.json and report.html', () => {
  it('each adversarial example and INV counterexample shows its verdict, reasons and constraint scores; the table the screened rate', async () => {
    const report = buildFixtureReport({ samples: 1 });
    const constraints = [partOfSpeech(), polarity(), negation()];
    const attack = report.attacks[0];
    const [example] = attack.successes;
    const tokens = example.original.split(/\s+/);
    const invalidPair = { original: example.original, perturbed: [...tokens.slice(0, -1), 'not', tokens.at(-1)].join(' '), edits: [{ index: tokens.length - 1, from: '', to: 'not' }] };
    const [screened] = await screenPairs([invalidPair], constraints);
    Object.assign(example, screened);
    attack.screenedSuccessRate = 0;
    attack.screenedBy = constraints.map((c) => `${c.name}: ${c.description}`);
    const inv = report.robustness.find((r) => r.type === 'INV' && r.counterexamples.length > 0)!;
    const [counterexample] = inv.counterexamples;
    Object.assign(counterexample, (await screenPairs([counterexample], constraints))[0]);

    expect(reportErrors(report)).to.deep.equal([]);
    const html = renderHtml(report);
    expect(screened.screen).to.deep.equal({ valid: false, reasons: ['adds a negation (∅ → not)'] });
    expect(html).to.contain('screen: invalid').and.contain('<li>adds a negation (∅ → not)</li>');
    expect(html).to.match(/negation 1 <span aria-hidden="true">✗<\/span><span class="sr-only">failed<\/span>/);
    expect(html).to.contain('(screened 0.0%)');
    const verdict = counterexample.screen!.valid ? 'screen: valid' : 'screen: invalid';
    expect(html.split(verdict).length - 1).to.be.at.least(1);
    for (const reason of counterexample.screen!.reasons) expect(html).to.contain(reason.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  });
});
