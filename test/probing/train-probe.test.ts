import { expect } from 'chai';
import { trainProbe, evaluateProbe } from '../../src/probing/train-probe.js';
import { minimizeLbfgs } from '../../src/probing/lbfgs.js';
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


/**
 * Tiny problems whose optimum scipy found (scipy.optimize.minimize, L-BFGS-B, gtol 1e-12, from /usr/bin/python3 with
 * Debian's python3-scipy): the objective is mean cross-entropy + λ/2·‖W‖² on features standardised with the training
 * mean and population standard deviation, biases unpenalised, λ = 0.1. Values pasted from its output.
 */
const SCIPY_SELECTION = { shape: 'selection' as const, dim: 3, numClasses: 1, ...{"features": [0.03, 1.36, 1.22, -0.51, -0.3, -0.53, 0.57, -0.06, 0.75, -1.85, 1.57, -0.1, 0.68, -0.14, -0.38, 0.46, 0.82, -0.2, -0.15, 0.69, -0.87, -1.51, 0.39, -0.67, -1.92, -0.81, -0.47, -1.19, -1.49, 0.04, 0.9, -0.23, -0.74, 0.38, 0.72, -0.3, 0.54, 1.04, -0.21, -0.81, 0.35, 0.25, 1.1, -1.28, -0.66, -0.84, -1.73, 0.13, 0.53, -0.74, 1.39, 0.82, 0.63, 0.4, 0.96, -1.33, 0.61, 0.6, -1.77, 0.35, -0.25, 0.78, -0.44, -0.02, 0.34, -0.88, 0.6, -0.1, 0.49, -0.52, 1.09, 0.61, -0.18, 0.63, 1.26, 1.79, -1.57, 0.88, 0.47, -0.09, -1.01, 1.26, -1.26, 0.57, 1.3, -1.6, -0.3, -1.31, 0.24, 1.51, 2.02, -1.78, -0.57], "offsets": [0, 3, 8, 12, 15, 20, 24, 28, 31], "gold": [0, 3, 3, 2, 4, 3, 2, 2]} };
const SCIPY_SELECTION_OPTIMUM = { objective: 1.192078237056256, weights: [0.45531258578270434, 0.31234904785378126, -0.4109638471530844] };
const SCIPY_LABELLING = { shape: 'labelling' as const, dim: 2, numClasses: 3, ...{"features": [-0.01, 1.05, 0.74, 0.72, 1.62, -1.21, -0.63, -1.32, -0.11, 1.0, -0.02, 0.5, -1.91, 0.15, -0.91, 1.78, 0.89, 0.95, -0.06, 0.61, 0.66, -0.34, -0.5, -0.11, -0.61, -0.59, -0.28, -0.73], "offsets": [0, 4, 9, 14], "gold": [0, 1, 2, -1, 2, 2, 2, 1, -1, 2, 1, -1, 2, -1]} };
/** W (3 classes × 2 features, row-major) then the 3 biases (defined up to a common constant). */
const SCIPY_LABELLING_OPTIMUM = { objective: 0.7810685064560272, params: [0.07507209781829784, 0.34588086068080715, 0.2963878498272522, 0.3083508217421894, -0.3714599476455498, -0.6542316824229968, -1.0732739311568662, 0.024782515353396792, 1.0484914158034684] };

function asData(d: { shape: 'selection' | 'labelling'; dim: number; numClasses: number; features: number[]; offsets: number[]; gold: number[] }): ProbeData {
  return { shape: d.shape, dim: d.dim, numClasses: d.numClasses, features: Float32Array.from(d.features), offsets: Int32Array.from(d.offsets), gold: Int32Array.from(d.gold) };
}

describe('linear probe optimum (against scipy)', () => {
  it('reaches scipy\'s optimum of the per-sentence softmax objective: objective to 1e-7, weights to 1e-4', () => {
    const probe = trainProbe(asData(SCIPY_SELECTION), asData(SCIPY_SELECTION), { l2: 0.1, tolerance: 1e-10 });
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.l2).to.equal(0.1);
    expect(probe.fit.objective).to.be.closeTo(SCIPY_SELECTION_OPTIMUM.objective, 1e-7);
    SCIPY_SELECTION_OPTIMUM.weights.forEach((w, d) => expect(probe.params[d]).to.be.closeTo(w, 1e-4));
  });

  it('reaches scipy\'s optimum of the per-word multinomial objective, skipping unlabelled words', () => {
    const probe = trainProbe(asData(SCIPY_LABELLING), asData(SCIPY_LABELLING), { l2: 0.1, tolerance: 1e-10 });
    const ref = SCIPY_LABELLING_OPTIMUM.params;
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.objective).to.be.closeTo(SCIPY_LABELLING_OPTIMUM.objective, 1e-7);
    for (let i = 0; i < 6; i++) expect(probe.params[i]).to.be.closeTo(ref[i], 1e-4);
    for (let c = 1; c < 3; c++) expect(probe.params[6 + c] - probe.params[6]).to.be.closeTo(ref[6 + c] - ref[6], 1e-4);
  });

  it('the default stop (certified relative gap 1e-4) lands within 1e-4 of the optimum, and records iterations', () => {
    const probe = trainProbe(asData(SCIPY_SELECTION), asData(SCIPY_SELECTION), { l2: 0.1 });
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.iterations).to.be.within(1, 50);
    const gap = (probe.fit.objective - SCIPY_SELECTION_OPTIMUM.objective) / SCIPY_SELECTION_OPTIMUM.objective;
    expect(gap).to.be.within(-1e-9, 1e-4);
  });

  it('says converged: false when the iteration limit cuts the fit short', () => {
    const probe = trainProbe(asData(SCIPY_LABELLING), asData(SCIPY_LABELLING), { l2: 0.1, tolerance: 1e-12, maxIterations: 2 });
    expect(probe.fit.converged).to.equal(false);
    expect(probe.fit.iterations).to.equal(2);
    expect(probe.fit.objective).to.be.greaterThan(SCIPY_LABELLING_OPTIMUM.objective + 1e-6);
  });

  it('L-BFGS minimises a badly scaled quadratic to its known minimum', () => {
    const scales = [1, 10, 100, 1000];
    const f = (x: Float64Array, g: Float64Array) => {
      let v = 0;
      x.forEach((xi, i) => { v += 0.5 * scales[i] * (xi - i) ** 2; g[i] = scales[i] * (xi - i); });
      return v;
    };
    const r = minimizeLbfgs(f, new Float64Array(4), { done: (_, g2) => g2 < 1e-20 });
    expect(r.converged).to.equal(true);
    Array.from(r.x).forEach((xi, i) => expect(xi).to.be.closeTo(i, 1e-9));
  });

  it('chooses λ on the dev split from the grid and reports it', () => {
    const train = gaussianLabelling(400, 40, 0.5, 21), dev = gaussianLabelling(400, 40, 0.5, 22);
    const probe = trainProbe(train, dev, { l2Grid: [1e-4, 1, 1e-2] });
    expect([1e-4, 1, 1e-2]).to.include(probe.fit.l2);
    const devAccuracy = (l2: number) => evaluateProbe(trainProbe(train, dev, { l2 }), dev).accuracy;
    const best = Math.max(devAccuracy(1e-4), devAccuracy(1), devAccuracy(1e-2));
    expect(probe.devAccuracy).to.equal(best);
    expect(devAccuracy(probe.fit.l2)).to.equal(best);
  });
});

describe('trainProbe', () => {
  it('reaches the Bayes accuracy Φ(1) = 0.841 on two unit Gaussians one standard deviation from the origin', () => {
    const probe = trainProbe(gaussianLabelling(3000, 16, 1, 1), gaussianLabelling(600, 16, 1, 2), { seed: 7 });
    const { accuracy } = evaluateProbe(probe, gaussianLabelling(8000, 16, 1, 3));
    expect(accuracy).to.be.within(0.825, 0.85);
  });

  it('selects the arg-max word of a linear score perfectly (token selection shape)', () => {
    const probe = trainProbe(argmaxSelection(800, 4), argmaxSelection(200, 5), { seed: 1 });
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
