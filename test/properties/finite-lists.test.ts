import assert from 'node:assert/strict';
import path from 'node:path';
import { charNoise, keyboardTypos, negation } from '../../attacks/index.js';
import { assertInvariance } from '../../src/assertions/invariance.js';
import { clusteredFailureInterval } from '../../src/properties/cluster-interval.js';
import { perSentenceCases, perSentenceCount } from '../../src/properties/perturbation-cases.js';
import type { RobustnessResult } from '../../src/report/types.js';
import { REPO, runInProcess, tempSuites } from '../runner/helpers.js';

const SENTENCES = [
  'The film was a delight from start to finish.',
  'The pasta was cold and the sauce tasted like metal.',
  'Our guide was patient, knowledgeable and kind.',
  'The staff ignored us for twenty minutes.',
  'What a boring, pointless story.',
];

describe('finite lists: each sentence judged with k distinct perturbations', () => {
  it('k distinct perturbations per sentence, in sentence order, never one drawn twice', () => {
    const cases = perSentenceCases(SENTENCES, (s) => keyboardTypos(s, { maxWords: 2 }), 6, 11);
    assert.equal(cases.length, SENTENCES.length * 6);
    SENTENCES.forEach((s, i) => {
      const own = cases.slice(i * 6, i * 6 + 6);
      assert.ok(own.every((c) => c.original === s && c.applicable));
      assert.equal(new Set(own.map((c) => c.text)).size, 6, 'no duplicate perturbation');
    });
    assert.deepEqual(perSentenceCases(SENTENCES, (s) => keyboardTypos(s, { maxWords: 2 }), 6, 11), cases, 'same seed, same list');
    // Each sentence draws with a seed of its own.
    assert.notDeepEqual(cases.slice(0, 6).map((c) => c.text), cases.slice(6, 12).map((c) => c.text));
  });

  it('a sentence with fewer possible perturbations gives what it has; one the perturbation cannot touch appears once', () => {
    const cases = perSentenceCases(['It was good.', 'Great.'], (s) => negation(s, { direction: 'add' }), 5, 1);
    const first = cases.filter((c) => c.original === 'It was good.');
    assert.ok(first.length >= 1 && first.length <= 5 && first.every((c) => c.applicable));
    assert.equal(new Set(first.map((c) => c.text)).size, first.length);
    const untouched = cases.filter((c) => c.original === 'Great.');
    assert.equal(untouched.length, 1);
    assert.equal(untouched[0].applicable, false);
  });

  it('perSentence defaults to ⌈numRuns / sentences⌉', () => {
    assert.equal(perSentenceCount(16, { numRuns: 100 }), 7);
    assert.equal(perSentenceCount(16, { numRuns: 100, perSentence: 3 }), 3);
    assert.equal(perSentenceCount(200, { numRuns: 100 }), 1);
    assert.throws(() => perSentenceCases(SENTENCES, (s) => charNoise(s), 0, 1), /perSentence must be a whole number ≥ 1, got 0/);
  });
});

describe('finite lists: verdicts', () => {
  it('with no failure the verdict says the interval counts the sentences', () => {
    const interval = clusteredFailureInterval(new Array(98).fill(false), Array.from({ length: 98 }, (_, i) => `s${i % 14}`));
    const result: RobustnessResult = {
      name: 'names', type: 'INV', perturbation: 'names', model: 'm', runs: 100, failures: 0, skipped: 2, failureRate: 0, ci95: interval.ci95,
      sentences: 14, interval: { method: 'clustered', designEffect: interval.designEffect, effectiveN: interval.effectiveN }, seed: 1, counterexamples: [],
    };
    assert.ok(
      assertInvariance(result, { minPassRate: 0.95 }).reason.startsWith(
        'm kept its prediction on 100.0% of 98 perturbations of 14 sentences under names (≥ 95% required; failure rate 95% CI 0.0%–21.5%, counted over the 14 sentences); 2 inputs could not be perturbed (skipped)',
      ),
    );
  });
});

describe('finite lists: a test over a list of sentences, end to end on the fixture model', () => {
  const dir = tempSuites({
    'lists.suite.ts': `import { invariantUnder, it, suite } from 'RUNNER_API';
import { charNoise as noise } from ${JSON.stringify(path.join(REPO, 'attacks', 'index.ts'))};
const SENTENCES = ${JSON.stringify(SENTENCES)};
suite('lists', { models: { finetuned: ${JSON.stringify(path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment'))} } }, () => {
  it('noise', invariantUnder((s) => noise(s, { maxWords: 3 }), { sentences: SENTENCES, perSentence: 8, minPassRate: 1 }));
});
`,
  });

  it('says how many sentences, clusters the interval by sentence, and replays a counterexample from seed:path', async function () {
    this.timeout(60_000);
    const first = await runInProcess({ cwd: dir, inputs: ['lists.suite.ts'], config: { cacheDir: false } });
    const [test] = first.report.tests;
    const result = first.report.robustness[test.resultIndex!] as RobustnessResult;
    assert.equal(result.runs, 40);
    assert.equal(result.sentences, 5);
    assert.ok(result.failures > 0, 'character noise in three words flips some predictions of the tiny model');
    assert.equal(result.interval?.method, 'clustered');
    assert.ok(result.interval!.designEffect >= 1);
    assert.ok(Math.abs(result.interval!.effectiveN - 40 / result.interval!.designEffect) < 1e-9);
    assert.match(test.reason, new RegExp(`changed its prediction on ${result.failures} of 40 perturbations of 5 sentences under char-noise: .*\\(failure rate 95% CI [\\d.]+%–[\\d.]+%, clustered by sentence: design effect ${result.interval!.designEffect.toFixed(2)}\\)`));

    const counterexample = result.counterexamples[0];
    assert.equal(test.replay?.path, counterexample.path);
    const again = await runInProcess({ cwd: dir, inputs: ['lists.suite.ts'], replay: `${test.replay!.seed}:${test.replay!.path}`, config: { cacheDir: false } });
    assert.equal(again.report.tests[0].status, 'failed');
    assert.ok(again.report.tests[0].reason.includes(`"${counterexample.original}" → "${counterexample.perturbed}"`), again.report.tests[0].reason);
  });
});
