import { expect } from 'chai';
import fc from 'fast-check';
import path from 'node:path';
import { charNoise, negation, prepareSynonyms, synonyms } from '../../attacks/index.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { directional, invariance, minimumFunctionality, replay, template, wilsonInterval } from '../../src/properties/index.js';
import { perSentenceCases } from '../../src/properties/perturbation-cases.js';
import { attractor, grammarSentence, parseOpenSesameGrammar, rewrittenCases } from '../../src/grammar/index.js';
import { reportErrors } from '../../src/report/validate.js';
import { TOY_GRAMMAR } from '../grammar/toy-grammar.js';
import { buildFixtureReport } from '../report/fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const SENTENCES = [
  'The film was a delight from start to finish.',
  'The pasta was cold and the sauce tasted like metal.',
  'Our guide was patient, knowledgeable and kind.',
  'The staff ignored us for twenty minutes.',
  'What a boring, pointless story.',
  'It is.',
];

describe('properties: Wilson interval', () => {
  it('matches the textbook values', () => {
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).to.be.closeTo(0.2366, 1e-4);
    expect(hi).to.be.closeTo(0.7634, 1e-4);
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).to.equal(0);
    expect(hi0).to.be.closeTo(0.2775, 1e-4);
    expect(wilsonInterval(0, 0)).to.deep.equal([0, 1]);
  });
});

describe('properties: MFT, INV, DIR on the fixture sentiment model', () => {
  let model: SesameModel;
  before(async () => {
    model = await loadModel(path.join(repoRoot, 'fixtures', 'models', 'tiny-bert-sentiment'), { cacheDir: false });
    await prepareSynonyms(SENTENCES);
  });
  after(async () => model.dispose());

  it('INV counts failures over the cases it could touch, skips the rest, and returns a valid RobustnessResult', async () => {
    const result = await invariance({ model, sentences: SENTENCES, perturb: (s) => synonyms(s, { maxWords: 2 }), numRuns: 60, seed: 3 });
    // A list of 6 sentences and numRuns 60: 10 distinct perturbations per sentence.
    const drawn = perSentenceCases(SENTENCES, (s) => synonyms(s, { maxWords: 2 }), 10, 3);
    expect(result.skipped).to.equal(drawn.filter((c) => !c.applicable).length).and.be.greaterThan(0);
    expect(result.type).to.equal('INV');
    expect(result.perturbation).to.equal('synonyms');
    expect(result.runs).to.equal(drawn.length);
    expect(result.sentences).to.equal(new Set(drawn.filter((c) => c.applicable).map((c) => c.original)).size);
    expect(result.failureRate).to.equal(result.failures / (result.runs - result.skipped));
    expect(result.ci95[0]).to.be.at.most(result.failureRate);
    expect(result.ci95[1]).to.be.at.least(result.failureRate);
    // Recount the failures independently: predictions on the drawn pairs.
    const applicable = drawn.filter((c) => c.applicable);
    const before = await model.predict(applicable.map((c) => c.original));
    const after = await model.predict(applicable.map((c) => c.text));
    expect(result.failures).to.equal(applicable.filter((_, i) => before[i].label !== after[i].label).length);
    const report = { ...buildFixtureReport({ samples: 1 }), robustness: [result] };
    expect(reportErrors(report)).to.deep.equal([]);
  });

  it('a counterexample really fails and replays from its seed and path (its index in the list of cases)', async () => {
    const perturb = (s: string) => charNoise(s, { maxWords: 3 });
    const result = await invariance({ model, sentences: SENTENCES, perturb, numRuns: 80, seed: 1, maxCounterexamples: 2 });
    expect(result.failures).to.be.greaterThan(0);
    expect(result.counterexamples.length).to.be.within(1, 2);
    for (const ce of result.counterexamples) {
      expect(ce.seed).to.equal(1);
      expect(ce.path).to.match(/^\d+$/);
      const replayed = replay(perSentenceCases(SENTENCES, perturb, 14, 1), ce);
      expect(replayed.text).to.equal(ce.perturbed);
      expect(replayed.original).to.equal(ce.original);
      expect(replayed.edits).to.deep.equal(ce.edits);
      const [before, after] = await model.predict([ce.original, ce.perturbed]);
      expect(before.label).to.equal(ce.originalPrediction.label);
      expect(after.label).to.equal(ce.perturbedPrediction.label).and.not.equal(before.label);
      expect(ce.edits.length).to.be.at.least(1);
    }
  });

  it('the same seed gives the same result; a different seed draws other cases', async () => {
    const run = (seed: number) => invariance({ model, sentences: SENTENCES, perturb: (s) => charNoise(s), numRuns: 40, seed, maxCounterexamples: 1 });
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(a).to.deep.equal(b);
    expect(perSentenceCases(SENTENCES, (s) => charNoise(s), 7, 6)).to.not.deep.equal(perSentenceCases(SENTENCES, (s) => charNoise(s), 7, 5));
    expect(c.seed).to.equal(6);
  });

  it('DIR: adding a negation must lower POSITIVE; failures are the cases where it did not', async () => {
    const positives = ['The film was a delight.', 'Our guide was patient and kind.', 'The soup is warm and tasty.'];
    const result = await directional({
      model, sentences: positives, perturb: (s) => negation(s, { direction: 'add' }), label: 'POSITIVE', direction: 'decrease', threshold: 0.1, numRuns: 30, seed: 2,
    });
    expect(result.type).to.equal('DIR');
    const drawn = perSentenceCases(positives, (s) => negation(s, { direction: 'add' }), 10, 2).filter((c) => c.applicable);
    const before = await model.predict(drawn.map((c) => c.original));
    const after = await model.predict(drawn.map((c) => c.text));
    expect(result.failures).to.equal(drawn.filter((_, i) => before[i].scores[1] - after[i].scores[1] < 0.1).length);
  });

  it('MFT: templated cases must get their label; failures carry the expected label', async () => {
    const cases = fc.oneof(
      template('The {thing} was {good}.', { thing: ['movie', 'meal', 'hotel'], good: ['wonderful', 'excellent', 'great'] }, 'POSITIVE'),
      template('The {thing} was not {good}.', { thing: ['movie', 'meal', 'hotel'], good: ['wonderful', 'excellent', 'great'] }, 'NEGATIVE'),
    );
    const result = await minimumFunctionality({ model, cases, numRuns: 40, seed: 4, capability: 'negation' });
    const drawn = fc.sample(cases, { seed: 4, numRuns: 40 });
    const predictions = await model.predict(drawn.map((c) => c.text));
    expect(result.failures).to.equal(drawn.filter((c, i) => predictions[i].label !== c.label).length);
    expect(result.skipped).to.equal(0);
    for (const ce of result.counterexamples) expect(ce.expected).to.not.equal(ce.originalPrediction.label);
  });

  it('MFT over a list judges each case exactly once: runs is the list length, whatever numRuns says', async () => {
    const cases = [
      { text: 'The film was a delight from start to finish.', label: 'POSITIVE' },
      { text: 'The staff ignored us for twenty minutes.', label: 'NEGATIVE' },
      { text: 'What a boring, pointless story.', label: 'NEGATIVE' },
      // Labelled against the grain, so that some cases fail.
      { text: 'Our guide was patient, knowledgeable and kind.', label: 'NEGATIVE' },
      { text: 'The pasta was cold and the sauce tasted like metal.', label: 'POSITIVE' },
    ];
    const predictions = await model.predict(cases.map((c) => c.text));
    const wrong = cases.map((c, i) => [c, i] as const).filter(([c, i]) => predictions[i].label !== c.label);
    expect(wrong.length).to.be.within(1, 4);
    for (const numRuns of [3, 100]) {
      const result = await minimumFunctionality({ model, cases, numRuns, seed: 9 });
      expect(result.runs).to.equal(cases.length);
      expect(result.failures).to.equal(wrong.length);
      expect(result.failureRate).to.equal(wrong.length / cases.length);
      expect(result.perturbation).to.equal('labelled cases');
      // Each failing case is reported once, its path its index in the list, and replays to itself.
      expect(result.counterexamples.map((ce) => ce.path)).to.deep.equal(wrong.map(([, i]) => String(i)));
      for (const ce of result.counterexamples) expect(replay(cases, ce).text).to.equal(ce.original);
    }
    let message = '';
    await minimumFunctionality({ model, cases: [] }).catch((err: Error) => (message = err.message));
    expect(message).to.contain('empty');
  });

  it('INV over a ready-made list of perturbed cases judges each once; over an arbitrary it samples numRuns', async () => {
    const list = SENTENCES.map((s, i) => fc.sample(synonyms(s), { seed: i, numRuns: 1 })[0]);
    const result = await invariance({ model, cases: list, numRuns: 50, seed: 1 });
    expect(result.runs).to.equal(list.length);
    expect(result.skipped).to.equal(list.filter((c) => !c.applicable).length);
    const applicable = list.filter((c) => c.applicable);
    const before = await model.predict(applicable.map((c) => c.original));
    const after = await model.predict(applicable.map((c) => c.text));
    expect(result.failures).to.equal(applicable.filter((_, i) => before[i].label !== after[i].label).length);
    const sampled = await invariance({ model, cases: fc.constantFrom(...list), numRuns: 50, seed: 1 });
    expect(sampled.runs).to.equal(50);
  });

  it('a DIR label the model does not have is a usage error naming the labels', async () => {
    let message = '';
    try {
      await directional({ model, sentences: SENTENCES, perturb: (s) => negation(s), label: 'HAPPY', direction: 'increase', numRuns: 5 });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.contain('HAPPY').and.contain('NEGATIVE, POSITIVE');
  });
});

describe('properties: grammar rewrites as INV cases on the fixture agreement model', () => {
  let model: SesameModel;
  before(async () => {
    model = await loadModel(path.join(repoRoot, 'fixtures', 'models', 'tiny-bert-agreement'), { cacheDir: false });
  });
  after(async () => model.dispose());

  it('an attractor rewrite runs as INV; its counterexamples replay and keep the rewrite edit record', async () => {
    const grammar = parseOpenSesameGrammar(TOY_GRAMMAR, 'toy');
    const cases = rewrittenCases(grammarSentence(grammar), (s) => attractor(s));
    const result = await invariance({ model, cases, numRuns: 40, seed: 12, maxCounterexamples: 2 });
    expect(result.perturbation).to.equal('attractor');
    expect(result.skipped).to.equal(0);
    const drawn = fc.sample(cases, { seed: 12, numRuns: 40 });
    const before = await model.predict(drawn.map((c) => c.original));
    const after = await model.predict(drawn.map((c) => c.text));
    expect(result.failures).to.equal(drawn.filter((_, i) => before[i].label !== after[i].label).length);
    for (const ce of result.counterexamples) {
      const replayed = replay(cases, ce);
      expect(replayed.text).to.equal(ce.perturbed);
      expect(ce.edits.every((e) => e.from === '')).to.equal(true);
    }
  });
});
