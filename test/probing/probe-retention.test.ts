import { expect } from 'chai';
import { assertProbeRetention } from '../../src/assertions/probe-retention.js';
import { accuracyInterval, accuracyOf, sentenceCorrelation, type SentenceScores } from '../../src/probing/intervals.js';
import type { ProbeResult, SplitAccuracy } from '../../src/report/types.js';

/** One layer whose accuracies come from per-sentence 0/1 scores, with intervals as runProbeTask computes them. */
function layer(n: number, pretrainedRight: number, finetunedRight: number, bothRight: number): ProbeResult['layers'][number] {
  const pt = new Float64Array(n), ft = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    pt[i] = i < pretrainedRight ? 1 : 0;
    // the first `bothRight` sentences the pretrained probe gets right are right for the fine-tune too
    ft[i] = i < bothRight || (i >= pretrainedRight && i < pretrainedRight + finetunedRight - bothRight) ? 1 : 0;
  }
  const scored = new Int32Array(n).fill(1);
  const side = (c: Float64Array): [SplitAccuracy, SentenceScores] => {
    const s = { correct: c, scored };
    return [{ test: accuracyOf(s), testInterval: accuracyInterval(s) }, s];
  };
  const [p, ps] = side(pt), [f, fs] = side(ft);
  return { layer: 0, pretrained: p, finetuned: f, delta: { test: f.test - p.test, testCorrelation: sentenceCorrelation(fs, ps) } };
}

const result = (rows: Array<ProbeResult['layers'][number]>, test = 400): ProbeResult => ({ task: 'aux', probe: 'linear', seed: 0, sizes: { train: 1, dev: 1, test }, layers: rows.map((r, i) => ({ ...r, layer: i })) });

describe('probe retention decided on intervals', () => {
  it('fails when the paired interval of fine-tuned − 80% × pretrained lies wholly below 0', () => {
    // 400 sentences: pretrained 50%, fine-tuned 25% (a subset of the pretrained hits): keeps 50%.
    const r = assertProbeRetention(result([layer(400, 200, 100, 100)]), { minRetention: 0.8 });
    expect(r.pass).to.equal(false);
    expect(r.reason).to.match(/^at layer 0 the fine-tuned model keeps only 50% of the pretrained aux \(linear probe, test\) accuracy \(0\.250 vs 0\.500\), below the required 80% beyond sampling noise: layer 0: fine-tuned − 80% × pretrained = −0\.150, 95% interval −0\.\d+ to −0\.\d+, wholly below 0$/);
  });

  it('the same kept share on 20 sentences is undecided and passes, saying more sentences would decide', () => {
    const r = assertProbeRetention(result([layer(20, 10, 6, 6)], 20), { minRetention: 0.8 });
    expect(r.pass).to.equal(true);
    expect(r.reason).to.match(/^undecided: a drop below 80% of the pretrained aux .* is not shown at layer 0, nor ruled out \(layer 0: fine-tuned − 80% × pretrained = −0\.100, 95% interval −0\.\d+ to \+0\.\d+\); more test sentences would decide; only 20 test sentences/);
    expect(r.score).to.be.closeTo(0.6, 1e-12);
  });

  it('passes decisively when every layer\'s interval is at or above 0, naming the closest layer', () => {
    const r = assertProbeRetention(result([layer(400, 300, 300, 300), layer(400, 200, 200, 190)]), { minRetention: 0.8 });
    expect(r.pass).to.equal(true);
    expect(r.reason).to.match(/^the fine-tuned model keeps 100% of the pretrained aux .* at layers 0–1, ≥ 80% beyond sampling noise \(closest: layer 1: fine-tuned − 80% × pretrained = \+0\.100/);
  });

  it('one decisive failing layer fails the check even when the others are undecided', () => {
    const r = assertProbeRetention(result([layer(20, 10, 6, 6), layer(400, 200, 100, 100)], 400), { minRetention: 0.8 });
    expect(r.pass).to.equal(false);
    expect(r.reason).to.match(/^at layer 1 /);
  });
});
