import { expect } from 'chai';
import { clusteredRate, clusteredRatio, normalQuantile, wilsonInterval, Z95 } from '../../src/stats/index.js';

describe('interval building blocks shared by the gate, the properties and the probes', () => {
  it('Z95 is the normal 97.5% quantile', () => {
    expect(Z95).to.be.closeTo(normalQuantile(0.975), 1e-12);
    // Wilson's default is the 95% interval: the same as passing Z95.
    expect(wilsonInterval(7, 20)).to.deep.equal(wilsonInterval(7, 20, Z95));
  });

  it('clusteredRatio from per-cluster totals equals clusteredRate on the cases (CR1, 0/1 outcomes)', () => {
    const outcomes = [1, 0, 1, 1, 0, 0, 1, 1, 1, 0];
    const clusters = ['a', 'a', 'b', 'b', 'b', 'c', 'd', 'd', 'e', 'e'];
    const byCase = clusteredRate(outcomes, clusters);
    // a: 1 of 2, b: 2 of 3, c: 0 of 1, d: 2 of 2, e: 1 of 2; an empty cluster is left out.
    const byTotals = clusteredRatio([1, 2, 0, 2, 1, 0], [2, 3, 1, 2, 2, 0]);
    expect(byTotals.rate).to.equal(byCase.rate);
    expect(byTotals.clusters).to.equal(5);
    expect(byTotals.n).to.equal(10);
    expect(byTotals.variance).to.be.closeTo(byCase.variance, 1e-15);
    // By hand: rate 0.6, residuals −0.2, 0.2, −0.6, 0.8, −0.2 → Σr² = 1.12; 5/4 · 1.12 / 100 = 0.014.
    expect(byTotals.variance).to.be.closeTo(0.014, 1e-15);
  });

  it('clusteredRatio takes fractional (seed-averaged) sums and says NaN with one cluster', () => {
    const r = clusteredRatio([1.5, 0.5], [2, 2]);
    expect(r.rate).to.equal(0.5);
    expect(r.variance).to.be.closeTo((2 / 1) * (0.25 + 0.25) / 16, 1e-15);
    expect(clusteredRatio([1], [3]).variance).to.be.NaN;
  });
});
