import { expect } from 'chai';
import { linearCka } from '../../src/attention/cka.js';
import { entropyBits, jensenShannonBits } from '../../src/attention/divergence.js';
import { pca2d, silhouette } from '../../src/attention/projection.js';
import { confusionByLayer, checkItem, type AttentionItem } from '../../src/attention/confusion.js';
import type { AlignedWord } from '../../src/models/types.js';
import { createRandom } from '../../src/probing/random.js';

function randomMatrix(n: number, d: number, seed: number): Float32Array {
  const r = createRandom(seed);
  return new Float32Array(n * d).map(() => r.normal());
}

/** Reference: HSIC with centred Gram matrices K = XXᵀ, L = YYᵀ, CKA = ⟨HKH, HLH⟩ / (‖HKH‖ ‖HLH‖), all n×n. */
function directGramCka(x: Float32Array, dx: number, y: Float32Array, dy: number, n: number): number {
  const gramOf = (m: Float32Array, d: number) => {
    const g: number[][] = [];
    for (let i = 0; i < n; i++) {
      g.push([]);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += m[i * d + k] * m[j * d + k];
        g[i].push(s);
      }
    }
    const rowMean = g.map((r) => r.reduce((a, b) => a + b, 0) / n);
    const all = rowMean.reduce((a, b) => a + b, 0) / n;
    return g.map((r, i) => r.map((v, j) => v - rowMean[i] - rowMean[j] + all));
  };
  const k = gramOf(x, dx), l = gramOf(y, dy);
  let kl = 0, kk = 0, ll = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { kl += k[i][j] * l[i][j]; kk += k[i][j] ** 2; ll += l[i][j] ** 2; }
  return kl / Math.sqrt(kk * ll);
}

describe('linear CKA', () => {
  it('is 1 for a representation with itself', () => {
    const x = randomMatrix(200, 16, 1);
    expect(linearCka(x, 16, x, 16)).to.be.closeTo(1, 1e-9);
  });

  it('is invariant to an orthogonal rotation and isotropic scaling', () => {
    const x = randomMatrix(100, 2, 2);
    const c = Math.cos(0.7), s = Math.sin(0.7);
    const y = new Float32Array(200);
    for (let i = 0; i < 100; i++) {
      y[2 * i] = 3 * (c * x[2 * i] - s * x[2 * i + 1]);
      y[2 * i + 1] = 3 * (s * x[2 * i] + c * x[2 * i + 1]);
    }
    expect(linearCka(x, 2, y, 2)).to.be.closeTo(1, 1e-6);
  });

  it('is near 0 for independent random representations and equals a hand computation in one dimension', () => {
    expect(linearCka(randomMatrix(2000, 8, 3), 8, randomMatrix(2000, 8, 4), 8)).to.be.lessThan(0.02);
    // One dimension: CKA = squared Pearson correlation. x = [1,2,3], y = [1,3,2] → r = 0.5 → 0.25.
    expect(linearCka(new Float32Array([1, 2, 3]), 1, new Float32Array([1, 3, 2]), 1)).to.be.closeTo(0.25, 1e-12);
  });

  it('agrees to 1e-9 with a direct n×n Gram computation, in both the feature-space (n > d) and Gram (n < d) forms', () => {
    for (const [n, dx, dy, seed] of [[300, 12, 7, 5], [20, 40, 33, 6]]) {
      const x = randomMatrix(n, dx, seed), y = randomMatrix(n, dy, seed + 100);
      for (let i = 0; i < n; i++) for (let k = 0; k < dy; k++) y[i * dy + k] += x[i * dx + (k % dx)]; // related: CKA well above 0
      const expected = directGramCka(x, dx, y, dy, n);
      expect(expected).to.be.greaterThan(0.2);
      expect(linearCka(x, dx, y, dy)).to.be.closeTo(expected, 1e-9);
    }
  });
});

describe('attention divergences', () => {
  it('JSD of identical distributions is 0, of disjoint ones 1 bit, and symmetric', () => {
    const p = new Float32Array([0.2, 0.3, 0.5]);
    expect(jensenShannonBits(p, 0, p, 0, 3)).to.equal(0);
    expect(jensenShannonBits(new Float32Array([1, 0]), 0, new Float32Array([0, 1]), 0, 2)).to.be.closeTo(1, 1e-12);
    const q = new Float32Array([0.6, 0.1, 0.3]);
    expect(jensenShannonBits(p, 0, q, 0, 3)).to.be.closeTo(jensenShannonBits(q, 0, p, 0, 3), 1e-12);
  });

  it('entropy is 2 bits for a uniform distribution over four tokens and 0 for a one-hot one', () => {
    expect(entropyBits(new Float32Array([0.25, 0.25, 0.25, 0.25]), 0, 4)).to.be.closeTo(2, 1e-12);
    expect(entropyBits(new Float32Array([0, 1, 0]), 0, 3)).to.equal(0);
  });
});

/** Reference silhouette: for each point, mean distance to every other point of each label, straight from the definition. */
function directSilhouette(pts: Float32Array, dim: number, labels: string[]): number {
  const n = labels.length;
  const names = [...new Set(labels)];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Map(names.map((l) => [l, 0])), counts = new Map(names.map((l) => [l, 0]));
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d2 = 0;
      for (let d = 0; d < dim; d++) d2 += (pts[i * dim + d] - pts[j * dim + d]) ** 2;
      sums.set(labels[j], sums.get(labels[j])! + Math.sqrt(d2));
      counts.set(labels[j], counts.get(labels[j])! + 1);
    }
    const a = sums.get(labels[i])! / counts.get(labels[i])!;
    const b = Math.min(...names.filter((l) => l !== labels[i]).map((l) => sums.get(l)! / counts.get(l)!));
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

describe('projection and silhouette', () => {
  it('PCA finds the axis of largest variance first', () => {
    const r = createRandom(5);
    const pts = new Float32Array(300 * 3);
    for (let i = 0; i < 300; i++) {
      pts[i * 3] = r.normal() * 0.1;
      pts[i * 3 + 1] = r.normal() * 10;
      pts[i * 3 + 2] = r.normal() * 1;
    }
    const proj = pca2d(pts, 3, 1);
    const varOf = (k: 0 | 1) => proj.reduce((a, p) => a + p[k] * p[k], 0) / proj.length;
    expect(varOf(0)).to.be.greaterThan(50);
    expect(varOf(1)).to.be.within(0.5, 2);
  });

  it('silhouette is near 1 for two far clusters and equals a hand computation on four points', () => {
    // Points 0, 1 (label a) and 10, 11 (label b) on a line. For point 0: a = 1, b = (10 + 11) / 2 = 10.5 → s = 1 − 1/10.5.
    // Point 1: a = 1, b = 9.5 → 1 − 1/9.5. Symmetric for the other two.
    const pts = new Float32Array([0, 1, 10, 11]);
    const expected = ((1 - 1 / 10.5) + (1 - 1 / 9.5)) / 2;
    expect(silhouette(pts, 1, ['a', 'a', 'b', 'b'])).to.be.closeTo(expected, 1e-12);
    expect(silhouette(pts, 1, ['a', 'b', 'a', 'b'])).to.be.lessThan(0);
  });

  it('silhouette equals a direct all-pairs computation up to 1000 points, and above that a seeded sample close to it', () => {
    const clustered = (n: number, seed: number) => {
      const r = createRandom(seed);
      const labels = Array.from({ length: n }, (_, i) => ['a', 'b', 'c'][i % 3]);
      const pts = new Float32Array(n * 8).map((_, i) => r.normal() + (i % 8 === 0 ? 2 * (Math.floor(i / 8) % 3) : 0));
      return { pts, labels };
    };
    const small = clustered(300, 7);
    expect(silhouette(small.pts, 8, small.labels)).to.equal(directSilhouette(small.pts, 8, small.labels));
    const big = clustered(1500, 8);
    const exact = directSilhouette(big.pts, 8, big.labels);
    const sampled = silhouette(big.pts, 8, big.labels, { seed: 3 });
    expect(sampled).to.not.equal(exact);
    expect(sampled).to.be.closeTo(exact, 0.03);
    expect(silhouette(big.pts, 8, big.labels, { seed: 3 })).to.equal(sampled);
    expect(silhouette(big.pts, 8, big.labels, { maxPoints: 1500 })).to.equal(exact);
  });
});

describe('Open Sesame confusion score', () => {
  // Tokens: [CLS] dogs bark [SEP]; word 0 "dogs" = token 1, word 1 "bark" = token 2. One layer, two heads.
  const words: AlignedWord[] = [
    { text: 'dogs', charStart: 0, charEnd: 4, tokenStart: 1, tokenEnd: 2 },
    { text: 'bark', charStart: 5, charEnd: 9, tokenStart: 2, tokenEnd: 3 },
  ];
  const seq = 4;
  const data = new Float32Array(2 * seq * seq);
  // Head 0, row of "bark" (token 2): [CLS] .1, dogs .6, bark .2, [SEP] .1. Head 1: .2, .2, .4, .2.
  data.set([0.1, 0.6, 0.2, 0.1], (0 * seq + 2) * seq);
  data.set([0.2, 0.2, 0.4, 0.2], (1 * seq + 2) * seq);
  const attentions = { data, shape: [1, 2, seq, seq] };

  it('equals the hand computation on a two-word example', () => {
    // Source "bark", correct phrase "dogs", distractor "bark" itself (a deliberately simple pair of phrases).
    // Head average: dogs (0.6 + 0.2) / 2 = 0.4, bark (0.2 + 0.4) / 2 = 0.3 → p = 0.4 / 0.7 → confusion = −log2(4/7).
    const item: AttentionItem = { text: 'dogs bark', source: 1, candidates: [[0], [1]], condition: 'hand' };
    expect(checkItem(item, words)).to.equal(null);
    const [c] = confusionByLayer(attentions, words, item);
    expect(c).to.be.closeTo(-Math.log2(4 / 7), 1e-7);
  });

  it('counts items it cannot score instead of guessing', () => {
    expect(checkItem({ text: 'dogs bark', source: 1, candidates: [[0]], condition: 'x' }, words)).to.equal('no-distractor');
    expect(checkItem({ text: 'dogs bark', source: 5, candidates: [[0], [1]], condition: 'x' }, words)).to.equal('index-out-of-range');
    const cut: AlignedWord[] = [words[0], { ...words[1], tokenStart: 3, tokenEnd: 3 }];
    expect(checkItem({ text: 'dogs bark', source: 1, candidates: [[0], [1]], condition: 'x' }, cut)).to.equal('truncated');
  });
});
