import { expect } from 'chai';
import { accuracyInterval, accuracyOf, pairedDifferenceInterval, sentenceCorrelation, type SentenceScores } from '../../src/probing/intervals.js';
import { createRandom } from '../../src/probing/random.js';
import { wilsonInterval } from '../../src/stats/wilson.js';

const scores = (correct: number[], scored?: number[]): SentenceScores => ({ correct: Float64Array.from(correct), scored: Int32Array.from(scored ?? correct.map(() => 1)) });

describe('probe accuracy intervals', () => {
  it('one item per sentence: the Wilson interval (e.g. 170 of 200 → 79.4%–89.3%)', () => {
    const s = scores(Array.from({ length: 200 }, (_, i) => (i < 170 ? 1 : 0)));
    expect(accuracyInterval(s)).to.deep.equal(wilsonInterval(170, 200));
    const [low, high] = accuracyInterval(s);
    expect(low).to.be.closeTo(0.79394, 1e-4);
    expect(high).to.be.closeTo(0.89285, 1e-4);
  });

  it('several words per sentence: a sentence-clustered interval, wider than pretending the words were independent', () => {
    // 50 sentences of 10 words: half get all 10 right, half get 6 → 80%, but only 50 independent units.
    const s = scores(Array.from({ length: 50 }, (_, i) => (i % 2 ? 10 : 6)), Array(50).fill(10));
    expect(accuracyOf(s)).to.be.closeTo(0.8, 1e-12);
    const [low, high] = accuracyInterval(s);
    // residuals ±2 per sentence: se = sqrt(50·4/500² · 50/49) = 0.02857
    expect(high - 0.8).to.be.closeTo(1.96 * 0.028571, 1e-4);
    expect(0.8 - low).to.be.closeTo(high - 0.8, 1e-12);
    const [wl, wh] = wilsonInterval(400, 500);
    expect(high - low).to.be.above(wh - wl);
  });

  it('the paired difference covers the true difference ~95% of the time for correlated models (simulation)', () => {
    const r = createRandom(3);
    const trials = 2000, n = 200;
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      // Sentence difficulty shared by both models: correlated errors. True accuracies 0.85 and 0.80.
      const a: number[] = [], b: number[] = [];
      for (let i = 0; i < n; i++) {
        const u = r.next();
        a.push(u < 0.85 ? 1 : 0);
        b.push(u < 0.75 || (u >= 0.85 && u < 0.9) ? 1 : 0);
      }
      const sa = scores(a), sb = scores(b);
      const [low, high] = pairedDifferenceInterval({ value: accuracyOf(sa), interval: accuracyInterval(sa) }, { value: accuracyOf(sb), interval: accuracyInterval(sb) }, sentenceCorrelation(sa, sb));
      if (low <= 0.05 && 0.05 <= high) covered++;
    }
    expect(covered / trials).to.be.within(0.93, 0.975);
  });

  it('pairing narrows the interval: the same accuracies with correlated sentences give a tighter difference', () => {
    const a = { value: 0.8, interval: [0.74, 0.85] as [number, number] }, b = { value: 0.75, interval: [0.69, 0.8] as [number, number] };
    const independent = pairedDifferenceInterval(a, b, 0);
    const correlated = pairedDifferenceInterval(a, b, 0.8);
    expect(correlated[1] - correlated[0]).to.be.below(0.5 * (independent[1] - independent[0]));
    expect(correlated[0]).to.be.below(0.05);
    expect(correlated[1]).to.be.above(0.05);
  });

  it('a − k·b ("keeps 80%") scales the second accuracy and its interval', () => {
    const [low, high] = pairedDifferenceInterval({ value: 0.5, interval: [0.45, 0.55] }, { value: 0.5, interval: [0.45, 0.55] }, 0, 0.8);
    expect(low).to.be.closeTo(0.1 - Math.hypot(0.05, 0.04), 1e-12);
    expect(high).to.be.closeTo(0.1 + Math.hypot(0.05, 0.04), 1e-12);
  });
});
