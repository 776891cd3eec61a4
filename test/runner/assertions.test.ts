import assert from 'node:assert/strict';
import {
  assertAttackCeiling,
  assertAttentionConfusion,
  assertAttentionShift,
  assertDirectional,
  assertInvariance,
  assertMft,
  assertProbeRetention,
} from '../../src/assertions/index.js';
import type { AttackResult, AttentionResult, ProbeResult, RobustnessResult } from '../../src/report/types.js';

function robustness(type: RobustnessResult['type'], runs: number, failures: number, skipped = 0): RobustnessResult {
  return { name: 'n', type, perturbation: 'typos', model: 'm', runs, failures, skipped, failureRate: failures / (runs - skipped || 1), ci95: [0.01, 0.2], seed: 1, counterexamples: [] };
}

describe('assertions: pass rates (INV, MFT, DIR)', () => {
  it('passes at exactly the required rate, over judged inputs only', () => {
    const r = assertInvariance(robustness('INV', 120, 5, 20), { minPassRate: 0.95 });
    assert.equal(r.pass, true);
    assert.equal(r.score, 0.95);
    assert.deepEqual(r.metrics, { passRate: 0.95 });
    assert.match(r.reason, /^m kept its prediction on 95\.0% of 100 inputs under typos \(≥ 95% required; failure rate 95% CI 1\.0%–20\.0%\); 20 inputs could not be perturbed \(skipped\)$/);
  });

  it('fails below it with a sentence naming the failures and the threshold', () => {
    const r = assertMft(robustness('MFT', 100, 6), { minPassRate: 0.95 });
    assert.equal(r.pass, false);
    assert.match(r.reason, /^m gave a wrong label on 6 of 100 inputs on typos: pass rate 94\.0% is below the required 95%/);
    assert.equal(assertDirectional(robustness('DIR', 10, 1), { minPassRate: 0.9 }).reason.includes('moved in the expected direction'), true);
  });

  it('never passes when every input was skipped', () => {
    const r = assertInvariance(robustness('INV', 50, 0, 50), { minPassRate: 0 });
    assert.equal(r.pass, false);
    assert.match(r.reason, /all 50 were skipped/);
  });

  it('INV says how many listed counterexamples the screen judged invalid, and still counts every failure', () => {
    const withScreen = robustness('INV', 100, 10);
    const counterexample = (valid: boolean) => ({ screen: { valid, reasons: valid ? [] : ['polarity: good → bad reverses the sentiment'] } }) as unknown as RobustnessResult['counterexamples'][number];
    withScreen.counterexamples = [counterexample(false), counterexample(true), counterexample(false)];
    const r = assertInvariance(withScreen, { minPassRate: 0.95 });
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.9);
    assert.match(r.reason, /; the validity screen judges 2 of the 3 listed counterexamples invalid \(the perturbation changed the meaning\), but every failure counts$/);
    withScreen.counterexamples = [counterexample(true)];
    assert.doesNotMatch(assertInvariance(withScreen, { minPassRate: 0.95 }).reason, /validity screen/);
  });

  it('refuses thresholds outside [0, 1] and results of the wrong type', () => {
    assert.throws(() => assertInvariance(robustness('INV', 10, 0), { minPassRate: 1.2 }), /minPassRate must be a number between 0 and 1, got 1\.2/);
    assert.throws(() => assertInvariance(robustness('INV', 10, 0), { minPassRate: -0.1 }), /between 0 and 1/);
    assert.throws(() => assertInvariance(robustness('MFT', 10, 0), { minPassRate: 0.5 }), /needs an INV result, got MFT/);
  });
});

describe('assertions: attacks, probes, attention', () => {
  const attack: AttackResult = { recipe: 'textfooler', model: 'm', examples: 50, originalAccuracy: 0.8, accuracyUnderAttack: 0.6, successRate: 0.25, avgPerturbedWordsPct: 12.5, avgQueries: 40, budget: 300, seed: 1, successes: [] };

  it('attack success under a ceiling', () => {
    assert.equal(assertAttackCeiling(attack, { maxSuccessRate: 0.25 }).pass, true);
    const r = assertAttackCeiling(attack, { maxSuccessRate: 0.2 });
    assert.equal(r.pass, false);
    assert.match(r.reason, /^textfooler flipped 25\.0% of 40 correctly classified examples .* above the ceiling of 20%; accuracy under attack 60\.0%$/);
    assert.equal(r.metricSpecs.successRate.better, 'lower');
    assert.match(r.reason, /no validity screen ran, so every success counts/);
    assert.throws(() => assertAttackCeiling(attack, { maxSuccessRate: 0.2, count: 'screened' }), /needs a screened attack result/);
  });

  it('a screened attack result is judged on the successes the screen accepts, both rates in the reason', () => {
    const example = (valid: boolean) => ({ screen: { valid, reasons: [] } }) as unknown as AttackResult['successes'][number];
    // 40 attacked, 10 flipped (25%), the screen accepts 4 of them (10%).
    const screened: AttackResult = { ...attack, screenedSuccessRate: 0.1, successes: [...Array(4).fill(example(true)), ...Array(6).fill(example(false))] };
    const r = assertAttackCeiling(screened, { maxSuccessRate: 0.2 });
    assert.equal(r.pass, true);
    assert.equal(r.score, 0.9);
    assert.match(r.reason, /^textfooler flipped 25\.0% of 40 correctly classified examples .*; the validity screen accepts 4 of the 10 successes: screened success rate 10\.0%, the rate judged, within the ceiling of 20%$/);
    assert.deepEqual([r.metrics.successRate, r.metrics.screenedSuccessRate], [0.25, 0.1]);
    const all = assertAttackCeiling(screened, { maxSuccessRate: 0.2, count: 'all' });
    assert.equal(all.pass, false);
    assert.match(all.reason, /judged on every success \(count: all\), the validity screen accepts 4 of 10 \(screened success rate 10\.0%\), above the ceiling of 20%/);
    assert.equal(assertAttackCeiling(screened, { maxSuccessRate: 0.05 }).pass, false);
  });

  const probe: ProbeResult = {
    task: 'aux', probe: 'linear', seed: 1, sizes: { train: 400, dev: 100, test: 400 },
    layers: [0, 1, 2, 3, 4].map((layer) => ({ layer, pretrained: { test: 0.8, gen: 0.5 }, finetuned: { test: [0.8, 0.8, 0.8, 0.76, 0.6][layer], gen: 0.5 } })),
  };

  it('probe retention without intervals (an older result) judges the worst layer in range on point values, and says so', () => {
    const ok = assertProbeRetention(probe, { layers: [1, 3], minRetention: 0.95 });
    assert.equal(ok.pass, true);
    assert.match(ok.reason, /keeps 95–100% of the pretrained aux \(linear probe, test\) accuracy at layers 1–3/);
    const bad = assertProbeRetention(probe, { layers: [1, 4], minRetention: 0.9 });
    assert.equal(bad.pass, false);
    assert.match(bad.reason, /^at layer 4 the fine-tuned model keeps only 75% of the pretrained .* \(0\.600 vs 0\.800\), below the required 90% \(point values, no intervals in this result\)$/);
    assert.ok(Math.abs(bad.score - 0.75) < 1e-12);
    assert.throws(() => assertProbeRetention(probe, { layers: [2, 9], minRetention: 0.9 }), /goes past the model's last layer 4/);
  });

  const attention: AttentionResult = {
    name: 'agr', jsd: [[0.01, 0.02], [0.3, 0.05]], entropy: { pretrained: [], finetuned: [] }, cka: [], sentences: 10, samples: [],
    confusion: { pretrained: [1, 0.8], finetuned: [1.1, 1.2] },
  };

  it('attention shift names the worst head; confusion bounds absolute and relative', () => {
    const shift = assertAttentionShift(attention, { maxJsd: 0.1 });
    assert.equal(shift.pass, false);
    assert.match(shift.reason, /^layer 2 head 1 \(JSD 0\.300 bits over 10 sentences\) shifted more than the bound of 0\.100 bits/);
    assert.equal(assertAttentionShift(attention, { maxJsd: 0.1, layers: [1, 1] }).pass, true);
    assert.equal(assertAttentionConfusion(attention, { maxConfusion: 1.2 }).pass, true);
    const rise = assertAttentionConfusion(attention, { maxIncrease: 0.2 });
    assert.equal(rise.pass, false);
    assert.match(rise.reason, /at layer 2 the fine-tuned confusion is \+0\.400 bits vs pretrained, above the allowed \+0\.200/);
    assert.throws(() => assertAttentionConfusion(attention, {}), /exactly one of maxConfusion/);
  });

  it('attention confusion says what it pools, and condition "each" fails on one bad condition an average hides', () => {
    const pooled: AttentionResult = {
      ...attention,
      sentences: 40,
      confusion: {
        pretrained: [1, 1],
        finetuned: [1.05, 1.1],
        conditions: {
          'agr-pp-sg-sg': { pretrained: [1, 1], finetuned: [0.95, 0.9] },
          'agr-pp-pl-sg': { pretrained: [1, 1], finetuned: [1.0, 1.0] },
          'refl-pp-match': { pretrained: [1, 1], finetuned: [1.2, 1.82] },
        },
      },
    };
    const all = assertAttentionConfusion(pooled, { maxIncrease: 0.2 });
    assert.equal(all.pass, true);
    assert.match(all.reason, /^agr \(all 40 items of 3 conditions pooled\): fine-tuned confusion rises at most \+0\.100 bits/);
    const each = assertAttentionConfusion(pooled, { maxIncrease: 0.2, condition: 'each' });
    assert.equal(each.pass, false);
    assert.match(each.reason, /^1 of 3 conditions fail \(refl-pp-match\); the worst is refl-pp-match: agr \(condition refl-pp-match\): at layer 2 the fine-tuned confusion is \+0\.820 bits vs pretrained/);
    assert.ok(Math.abs(each.metrics.maxConfusionRise - 0.82) < 1e-9);
    const loose = assertAttentionConfusion(pooled, { maxIncrease: 1, condition: 'each' });
    assert.equal(loose.pass, true);
    assert.match(loose.reason, /^every one of 3 conditions passes on its own; the worst is refl-pp-match/);
  });

  it('warns when a verdict rests on few inputs or sentences, with how many and the interval', () => {
    const few = assertInvariance({ ...robustness('INV', 4, 0), ci95: [0, 0.49] }, { minPassRate: 0.9 });
    assert.equal(few.pass, true);
    assert.match(few.reason, /; only 4 inputs: the failure rate could be anywhere in 0%–49%$/);
    assert.doesNotMatch(assertInvariance(robustness('INV', 50, 0), { minPassRate: 0.9 }).reason, /only/);
    const small: ProbeResult = { ...probe, sizes: { train: 20, dev: 4, test: 4 } };
    const r = assertProbeRetention(small, { layers: [1, 1], minRetention: 0.9 });
    // Wilson interval of 3/4 = 0.8 rounded to the nearest sentence count.
    assert.match(r.reason, /; only 4 test sentences: the fine-tuned 80% at layer 1 could be anywhere in 30%–95%$/);
  });
});
