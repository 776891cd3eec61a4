import { expect } from 'chai';
import {
  binomialUpperTail,
  clopperPearson,
  clusteredRate,
  holmAdjust,
  logGamma,
  normalCdf,
  normalQuantile,
  pairedDifference,
  regularizedBeta,
  signTest,
  studentTCdf,
  studentTQuantile,
  unpairedDifference,
} from '../../src/stats/index.js';

// Reference values computed with SciPy 1.17.1 (scipy.stats.binomtest, binom.sf, norm.cdf/ppf, t.cdf/ppf,
// binomtest(...).proportion_ci(method='exact'), scipy.special.betainc/gammaln), pasted here so the
// tests need no Python.

const close = (actual: number, expected: number, tol: number, what: string) =>
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).to.be.at.most(tol * Math.max(1, Math.abs(expected)));

describe('stats: exact values against SciPy', () => {
  it('special functions: ln Γ and the regularized incomplete beta', () => {
    close(logGamma(0.5), 0.5723649429247, 1e-13, 'lnΓ(0.5)');
    close(logGamma(101), 363.73937555556347, 1e-13, 'lnΓ(101)');
    close(logGamma(3.7), 1.428072326665388, 1e-13, 'lnΓ(3.7)');
    close(regularizedBeta(0.3, 2.5, 7), 0.6412224629717214, 1e-12, 'I_0.3(2.5, 7)');
    close(regularizedBeta(0.45, 50, 60), 0.4642352914306031, 1e-12, 'I_0.45(50, 60)');
  });

  it('one-sided exact binomial test (binomtest(k, n, 0.5, alternative="greater"))', () => {
    const cases: [number, number, number][] = [
      [10, 12, 0.019287109375],
      [18, 26, 0.03775934875011444],
      [7, 8, 0.03515625],
      [0, 5, 1],
      [30, 50, 0.10131937553227033],
      [60, 100, 0.028443966820490444],
      [3, 3, 0.125],
      [45, 60, 6.725704046424766e-5],
      [150, 250, 0.0009416504675380801],
    ];
    for (const [k, n, p] of cases) close(binomialUpperTail(k, n), p, 1e-12, `P(X ≥ ${k} | ${n})`);
    close(binomialUpperTail(10, 40, 0.3), 0.8040745762228813, 1e-12, 'binom.sf(9, 40, 0.3)');
    const s = signTest(10, 2);
    close(s.pWorse, 0.019287109375, 1e-12, 'sign test 10 vs 2, worse');
    close(s.pBetter, binomialUpperTail(2, 12), 1e-15, 'sign test 10 vs 2, better');
    expect(s.discordant).to.equal(12);
    expect(signTest(0, 0).pWorse).to.equal(1);
  });

  it('Clopper–Pearson intervals (proportion_ci(method="exact"))', () => {
    const cases: [number, number, number, number][] = [
      [7, 20, 0.1539092047845412, 0.5921885345328283],
      [0, 10, 0, 0.30849710781876294],
      [10, 10, 0.6915028921812371, 1],
      [1, 3, 0.008403758659612647, 0.9057006759492866],
      [55, 100, 0.4472801887739499, 0.6496797707603279],
    ];
    for (const [k, n, lo, hi] of cases) {
      const [a, b] = clopperPearson(k, n);
      close(a, lo, 1e-10, `CP lower ${k}/${n}`);
      close(b, hi, 1e-10, `CP upper ${k}/${n}`);
    }
    expect(clopperPearson(0, 0)).to.deep.equal([0, 1]);
  });

  it('normal CDF and quantile (norm.cdf, norm.ppf), tails included', () => {
    const cdf: [number, number][] = [
      [-8, 6.22096057427174e-16],
      [-3, 0.0013498980316300933],
      [-1.959963984540054, 0.025],
      [-0.5, 0.3085375387259869],
      [0, 0.5],
      [0.3, 0.6179114221889526],
      [1.6448536269514722, 0.95],
      [2.5, 0.9937903346742238],
      [6, 0.9999999990134123],
    ];
    for (const [z, p] of cdf) expect(Math.abs(normalCdf(z) - p) / p, `Φ(${z})`).to.be.below(1e-12);
    const ppf: [number, number][] = [
      [1e-10, -6.361340902404056],
      [0.001, -3.090232306167813],
      [0.025, -1.9599639845400545],
      [0.3, -0.5244005127080409],
      [0.975, 1.959963984540054],
      [0.999, 3.090232306167813],
    ];
    for (const [p, z] of ppf) close(normalQuantile(p), z, 1e-12, `Φ⁻¹(${p})`);
  });

  it("Student's t CDF and quantile (t.cdf, t.ppf)", () => {
    const cdf: [number, number, number][] = [
      [-3.2, 4, 0.016450405300469487],
      [-1, 1, 0.25000000000000006],
      [0.7, 2, 0.7218034876835673],
      [1.5, 9, 0.9160746719714625],
      [2.1, 19, 0.9753428008783632],
      [4, 30, 0.9998090771819581],
      [-10, 3, 0.0010641995292070751],
      [2.5, 150, 0.9932523389906526],
    ];
    for (const [t, df, p] of cdf) expect(Math.abs(studentTCdf(t, df) - p) / p, `T_${df}(${t})`).to.be.below(1e-12);
    const ppf: [number, number, number][] = [
      [0.975, 9, 2.262157162798205],
      [0.975, 2, 4.302652729749462],
      [0.975, 1, 12.706204736174694],
      [0.95, 19, 1.7291328115213682],
      [0.025, 29, -2.045229642132704],
      [0.999, 5, 5.893429531356009],
    ];
    for (const [p, df, t] of ppf) close(studentTQuantile(p, df), t, 1e-11, `t_${df}⁻¹(${p})`);
  });

  it("Holm's adjustment: the textbook example and monotonicity", () => {
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((e, i) => close(adj[i], e, 1e-15, `Holm[${i}]`));
    // A lone test is unadjusted; adjusted values never exceed 1.
    expect(holmAdjust([0.2])).to.deep.equal([0.2]);
    expect(holmAdjust([0.5, 0.6, 0.7])).to.deep.equal([1, 1, 1]);
    expect(holmAdjust([])).to.deep.equal([]);
  });
});

describe('stats: the CR1 clustered variance of a pass rate', () => {
  it('equals the hand-computed sandwich on a small example', () => {
    // Cross-checked with numpy: G/(G−1) · Σ_g (Σ_{i∈g} (y_i − p̂))² / n² = 0.0109375.
    const y = [1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1];
    const g = [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 6].map(String);
    const r = clusteredRate(y, g);
    expect(r.rate).to.equal(0.75);
    expect(r.clusters).to.equal(7);
    close(r.variance, 0.0109375, 1e-14, 'CR1 variance');
  });

  it('reduces to p(1 − p)/(n − 1) with one case per cluster, and grows by the cluster size with identical clusters', () => {
    const y = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1];
    const singletons = clusteredRate(y, y.map((_, i) => `s${i}`));
    close(singletons.variance, (0.7 * 0.3) / 9, 1e-14, 'singleton variance');
    // Each of 10 sentences judged 4 times with the same outcome: the 40 cases carry the information of 10.
    const y4 = y.flatMap((v) => [v, v, v, v]);
    const c4 = y.flatMap((_, i) => [`s${i}`, `s${i}`, `s${i}`, `s${i}`]);
    const clustered = clusteredRate(y4, c4);
    close(clustered.variance, singletons.variance, 1e-14, 'perfectly clustered variance');
    close(clustered.designEffect, (4 * 10) / 9, 1e-12, 'design effect m·G/(G−1)');
    expect(clusteredRate([1, 0, 1], ['a', 'a', 'a']).variance).to.be.NaN;
  });

  it('is unbiased on simulated clustered data (mean CR1 estimate ≈ the variance of p̂ across replicates)', () => {
    let state = 12345;
    const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const reps = 3000;
    const rates: number[] = [];
    let meanVariance = 0;
    const clusters = Array.from({ length: 20 * 5 }, (_, i) => `s${Math.floor(i / 5)}`);
    for (let r = 0; r < reps; r++) {
      const y: number[] = [];
      for (let s = 0; s < 20; s++) {
        const p = rand() < 0.5 ? 0.95 : 0.55; // sentences differ in difficulty: outcomes correlate within one
        for (let k = 0; k < 5; k++) y.push(rand() < p ? 1 : 0);
      }
      const c = clusteredRate(y, clusters);
      rates.push(c.rate);
      meanVariance += c.variance / reps;
    }
    const mean = rates.reduce((s, v) => s + v, 0) / reps;
    const trueVariance = rates.reduce((s, v) => s + (v - mean) ** 2, 0) / (reps - 1);
    expect(meanVariance / trueVariance).to.be.within(0.9, 1.1);
    // The independent-case formula would miss the clustering by a wide margin.
    expect((mean * (1 - mean)) / 100 / trueVariance).to.be.below(0.8);
  });
});

describe('stats: paired and unpaired difference tests', () => {
  it('paired: McNemar exact p-values and the discordant-split interval', () => {
    const t = pairedDifference(10, 2, 100);
    expect(t.effect).to.be.closeTo(-0.08, 1e-15);
    close(t.pWorse, 0.019287109375, 1e-12, 'pWorse');
    const [lo, hi] = clopperPearson(10, 12);
    close(t.interval[0], (12 * (1 - 2 * hi)) / 100, 1e-15, 'interval low');
    close(t.interval[1], (12 * (1 - 2 * lo)) / 100, 1e-15, 'interval high');
    expect(t.interval[0]).to.be.below(t.effect);
    expect(t.interval[1]).to.be.above(t.effect);
    const none = pairedDifference(0, 0, 50);
    expect([none.effect, none.pWorse, none.pBetter]).to.deep.equal([0, 1, 1]);
  });

  it('unpaired: t = Δ/√(V₀ + V₁) with min(G) − 1 degrees of freedom', () => {
    const y0 = Array.from({ length: 40 }, (_, i) => (i % 10 < 9 ? 1 : 0));
    const y1 = Array.from({ length: 40 }, (_, i) => (i % 10 < 6 ? 1 : 0));
    const c = Array.from({ length: 40 }, (_, i) => `s${Math.floor(i / 4)}`);
    const a = clusteredRate(y0, c);
    const b = clusteredRate(y1, c);
    const t = unpairedDifference(a, b);
    const se = Math.sqrt(a.variance + b.variance);
    expect(t.degreesOfFreedom).to.equal(9);
    close(t.pWorse, studentTCdf((b.rate - a.rate) / se, 9), 1e-15, 'pWorse');
    close(t.interval[1] - t.effect, 2.262157162798205 * se, 1e-10, 'half width');
    expect(unpairedDifference(clusteredRate([1, 1], ['a', 'b']), clusteredRate([1, 0], ['a', 'a'])).pWorse).to.equal(1);
  });
});
