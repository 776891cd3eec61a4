import { expect } from 'chai';
import { trainProbe, evaluateProbe } from '../../src/probing/train-probe.js';
import type { ProbeData } from '../../src/probing/probe-data.js';
import { createRandom } from '../../src/probing/random.js';

/** Two Gaussian classes, means ±mu on axis 0, unit variance, `dim` dims: Bayes accuracy is Φ(mu). */
function gaussianLabelling(words: number, dim: number, mu: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const features = new Float32Array(words * dim);
  const gold = new Int32Array(words);
  for (let i = 0; i < words; i++) {
    gold[i] = r.int(2);
    for (let d = 0; d < dim; d++) features[i * dim + d] = r.normal();
    features[i * dim] += gold[i] === 1 ? mu : -mu;
  }
  const offsets = new Int32Array(Math.ceil(words / 10) + 1);
  for (let g = 0; g < offsets.length; g++) offsets[g] = Math.min(g * 10, words);
  return { shape: 'labelling', features, dim, offsets, gold, numClasses: 2 };
}

/** XOR of the signs of two features: no linear probe beats chance, an MLP gets it right. */
function xorLabelling(words: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const dim = 4;
  const features = new Float32Array(words * dim);
  const gold = new Int32Array(words);
  for (let i = 0; i < words; i++) {
    for (let d = 0; d < dim; d++) features[i * dim + d] = r.normal();
    gold[i] = (features[i * dim] > 0) !== (features[i * dim + 1] > 0) ? 1 : 0;
  }
  const offsets = new Int32Array(words + 1).map((_, i) => i);
  return { shape: 'labelling', features, dim, offsets, gold, numClasses: 2 };
}

/** Sentences of 4–9 words; the target is the word with the largest feature 3 (a direction a linear scorer finds). */
function argmaxSelection(sentences: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const dim = 8;
  const sizes = Array.from({ length: sentences }, () => 4 + r.int(6));
  const rows = sizes.reduce((a, b) => a + b, 0);
  const features = new Float32Array(rows * dim);
  const offsets = new Int32Array(sentences + 1);
  const gold = new Int32Array(sentences);
  let row = 0;
  sizes.forEach((n, g) => {
    offsets[g] = row;
    let best = 0;
    for (let w = 0; w < n; w++) {
      for (let d = 0; d < dim; d++) features[(row + w) * dim + d] = r.normal();
      if (features[(row + w) * dim + 3] > features[(row + best) * dim + 3]) best = w;
    }
    gold[g] = best;
    row += n;
  });
  offsets[sentences] = row;
  return { shape: 'selection', features, dim, offsets, gold, numClasses: 1 };
}

describe('trainProbe', () => {
  it('reaches the Bayes accuracy Φ(1) = 0.841 on two unit Gaussians one standard deviation from the origin', () => {
    const probe = trainProbe(gaussianLabelling(3000, 16, 1, 1), gaussianLabelling(600, 16, 1, 2), { seed: 7 });
    const { accuracy } = evaluateProbe(probe, gaussianLabelling(8000, 16, 1, 3));
    expect(accuracy).to.be.within(0.825, 0.85);
  });

  it('selects the arg-max word of a linear score perfectly (token selection shape)', () => {
    const probe = trainProbe(argmaxSelection(800, 4), argmaxSelection(200, 5), { seed: 1, maxEpochs: 80 });
    const { accuracy, count } = evaluateProbe(probe, argmaxSelection(1000, 6));
    expect(count).to.equal(1000);
    expect(accuracy).to.be.greaterThan(0.97);
  });

  it('a linear probe stays at chance on XOR while the MLP probe solves it', () => {
    const train = xorLabelling(3000, 8), dev = xorLabelling(500, 9), test = xorLabelling(3000, 10);
    const linear = evaluateProbe(trainProbe(train, dev, { seed: 3 }), test).accuracy;
    const mlp = evaluateProbe(trainProbe(train, dev, { kind: 'mlp', hidden: 32, seed: 3, learningRate: 0.01 }), test).accuracy;
    expect(linear).to.be.within(0.4, 0.6);
    expect(mlp).to.be.greaterThan(0.93);
  });

  it('is deterministic for a given seed', () => {
    const train = gaussianLabelling(500, 8, 1, 11), dev = gaussianLabelling(100, 8, 1, 12);
    const a = trainProbe(train, dev, { seed: 5, kind: 'mlp', hidden: 8 });
    const b = trainProbe(train, dev, { seed: 5, kind: 'mlp', hidden: 8 });
    expect(Array.from(a.params)).to.deep.equal(Array.from(b.params));
  });

  it('refuses a training split with a single class, naming it', () => {
    const data = gaussianLabelling(100, 4, 1, 1);
    data.gold.fill(1);
    expect(() => trainProbe(data, gaussianLabelling(50, 4, 1, 2))).to.throw(/training split has 1 class/);
  });

  it('refuses a gold index outside the sentence', () => {
    const data = argmaxSelection(20, 1);
    data.gold[3] = 99;
    expect(() => trainProbe(data, argmaxSelection(10, 2))).to.throw(/sentence 3 has target index 99/);
  });
});
