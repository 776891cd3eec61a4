import assert from 'node:assert/strict';
import { createRandom } from '../../src/probing/random.js';
import { clusteredFailureInterval } from '../../src/properties/cluster-interval.js';
import { wilsonInterval } from '../../src/stats/wilson.js';

/** Outcomes of G clusters of m cases each, case i of cluster g failing when fails(g, i). */
function clustered(g: number, m: number, fails: (cluster: number, i: number) => boolean) {
  const failed: boolean[] = [];
  const clusters: string[] = [];
  for (let c = 0; c < g; c++) for (let i = 0; i < m; i++) {
    failed.push(fails(c, i));
    clusters.push(`s${c}`);
  }
  return { failed, clusters };
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

describe('clustered failure interval: known answers', () => {
  it('perfectly clustered outcomes: deff = m·G/(G−1), i.e. Wilson over G − 1 sentences', () => {
    for (const [g, m, failing] of [[8, 5, 3], [16, 7, 1], [4, 10, 2]] as const) {
      const { failed, clusters } = clustered(g, m, (c) => c < failing);
      const r = clusteredFailureInterval(failed, clusters);
      close(r.designEffect, (m * g) / (g - 1));
      close(r.effectiveN, g - 1);
      const expected = wilsonInterval((failing / g) * (g - 1), g - 1);
      close(r.ci95[0], expected[0]);
      close(r.ci95[1], expected[1]);
      assert.equal(r.clusters, g);
    }
  });

  it('one case per sentence: CR1 is the n − 1 variance, so Wilson over n − 1 cases', () => {
    const { failed, clusters } = clustered(40, 1, (c) => c % 5 === 0);
    const r = clusteredFailureInterval(failed, clusters);
    close(r.designEffect, 40 / 39);
    close(r.effectiveN, 39);
  });

  it('outcomes that vary within sentences but not between them: deff floored at 1', () => {
    // Every sentence fails exactly 1 of its 4 perturbations: the clusters' failure counts do not vary at all.
    const { failed, clusters } = clustered(10, 4, (_c, i) => i === 0);
    const r = clusteredFailureInterval(failed, clusters);
    assert.equal(r.designEffect, 1);
    assert.equal(r.effectiveN, 40);
    assert.deepEqual(r.ci95, wilsonInterval(10, 40));
  });

  it('no failure (or no pass): the correlation cannot be estimated, so the interval counts sentences', () => {
    const none = clustered(14, 8, () => false);
    const r = clusteredFailureInterval(none.failed, none.clusters);
    assert.deepEqual(r.ci95, wilsonInterval(0, 14));
    assert.equal(r.effectiveN, 14);
    const all = clustered(5, 3, () => true);
    assert.deepEqual(clusteredFailureInterval(all.failed, all.clusters).ci95, wilsonInterval(5, 5));
  });
});

describe('clustered failure interval: simulated coverage', () => {
  it('covers the true rate about 95% of the time where Wilson over cases does not (printed)', function () {
    // 16 sentences × 6 perturbations. A sentence is fragile with probability 0.2 (each perturbation then fails with
    // probability 0.8), else robust (0.05): true failure rate 0.2, intra-sentence correlation
    // ρ = 0.2·0.8·0.75² / (0.2·0.8) = 0.5625, so Kish's design effect is 1 + (6 − 1)ρ = 3.81.
    const G = 16;
    const m = 6;
    const truth = 0.2 * 0.8 + 0.8 * 0.05;
    const kish = 1 + (m - 1) * ((0.2 * 0.8 * 0.75 * 0.75) / (truth * (1 - truth)));
    const random = createRandom(20261206);
    const reps = 2000;
    let coveredClustered = 0;
    let coveredNaive = 0;
    let deffSum = 0;
    let deffCount = 0;
    for (let rep = 0; rep < reps; rep++) {
      const fragile = Array.from({ length: G }, () => random.next() < 0.2);
      const { failed, clusters } = clustered(G, m, (c) => random.next() < (fragile[c] ? 0.8 : 0.05));
      const r = clusteredFailureInterval(failed, clusters);
      const k = failed.filter(Boolean).length;
      const naive = wilsonInterval(k, failed.length);
      if (r.ci95[0] <= truth && truth <= r.ci95[1]) coveredClustered++;
      if (naive[0] <= truth && truth <= naive[1]) coveredNaive++;
      if (k > 0 && k < failed.length) {
        deffSum += r.designEffect;
        deffCount++;
      }
    }
    const clusteredCoverage = coveredClustered / reps;
    const naiveCoverage = coveredNaive / reps;
    console.log(`      coverage of the true rate ${truth.toFixed(2)} (${G} sentences × ${m}, ${reps} reps): clustered ${(100 * clusteredCoverage).toFixed(1)}%, Wilson over cases ${(100 * naiveCoverage).toFixed(1)}%; mean design effect ${(deffSum / deffCount).toFixed(2)} (Kish ${kish.toFixed(2)})`);
    assert.ok(clusteredCoverage >= 0.9, `clustered coverage ${clusteredCoverage}`);
    assert.ok(naiveCoverage < 0.85, `naive coverage ${naiveCoverage}`);
    assert.ok(Math.abs(deffSum / deffCount - kish) / kish < 0.2, 'the estimated design effect is near Kish');
  });
});
