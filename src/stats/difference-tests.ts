import { signTest } from './binomial.js';
import { clopperPearson } from './clopper-pearson.js';
import type { ClusteredRate } from './clustered-proportion.js';
import { studentTCdf, studentTQuantile } from './student-t.js';

/** A one-sided test of a pass-rate change in both directions, with the change and its interval. */
export interface DifferenceTest {
  /** current − baseline pass rate. */
  effect: number;
  /** Interval of the effect at `level` (95% by default). */
  interval: [number, number];
  /** One-sided p-value that the rate went down. */
  pWorse: number;
  /** One-sided p-value that the rate went up. */
  pBetter: number;
}

export interface PairedDifferenceTest extends DifferenceTest {
  method: 'paired exact';
  /** Cases that passed before and fail now. */
  worse: number;
  /** Cases that failed before and pass now. */
  better: number;
  n: number;
}

/**
 * The paired test of one pass rate measured twice on the same `n` cases: McNemar's exact test, i.e.
 * the sign test on the discordant cases. The effect is (better − worse)/n; its interval maps the
 * Clopper–Pearson interval of the discordant split π = worse/(worse + better) onto
 * (worse + better)(1 − 2π)/n, conditional on the number of discordant cases.
 */
export function pairedDifference(worse: number, better: number, n: number, level = 0.95): PairedDifferenceTest {
  if (!(n > 0) || worse + better > n) throw new RangeError(`pairedDifference needs worse + better ≤ n, n > 0 (got ${worse}, ${better}, ${n})`);
  const { pWorse, pBetter } = signTest(worse, better);
  const m = worse + better;
  const [lo, hi] = clopperPearson(worse, m, level);
  const interval: [number, number] = m === 0 ? [0, 0] : [(m * (1 - 2 * hi)) / n, (m * (1 - 2 * lo)) / n];
  return { method: 'paired exact', effect: (better - worse) / n, interval, pWorse, pBetter, worse, better, n };
}

export interface UnpairedDifferenceTest extends DifferenceTest {
  method: 'unpaired clustered';
  standardError: number;
  degreesOfFreedom: number;
  /** Clusters on each side. */
  clusters: [number, number];
}

/**
 * The unpaired test of two independent clustered pass rates (another seed, other inputs):
 * t = (p₁ − p₀)/√(V₀ + V₁) with CR1 variances, referred to Student's t with min(G₀, G₁) − 1 degrees of
 * freedom (conservative with few clusters, where a normal reference is too liberal).
 * A side with fewer than two clusters has no variance estimate: then p-values are 1 and the interval
 * is [−1, 1] (no evidence either way).
 */
export function unpairedDifference(baseline: ClusteredRate, current: ClusteredRate, level = 0.95): UnpairedDifferenceTest {
  const effect = current.rate - baseline.rate;
  const df = Math.min(baseline.clusters, current.clusters) - 1;
  const se = Math.sqrt(baseline.variance + current.variance);
  const base = { method: 'unpaired clustered' as const, effect, standardError: se, degreesOfFreedom: df, clusters: [baseline.clusters, current.clusters] as [number, number] };
  if (!(df >= 1) || Number.isNaN(se)) return { ...base, interval: [-1, 1], pWorse: 1, pBetter: 1 };
  if (se === 0) {
    // Both sides constant (all pass or all fail): a change is certain, no change is no evidence.
    return { ...base, interval: [effect, effect], pWorse: effect < 0 ? 0 : 1, pBetter: effect > 0 ? 0 : 1 };
  }
  const t = effect / se;
  const q = studentTQuantile(1 - (1 - level) / 2, df);
  const interval: [number, number] = [Math.max(-1, effect - q * se), Math.min(1, effect + q * se)];
  return { ...base, interval, pWorse: studentTCdf(t, df), pBetter: studentTCdf(-t, df) };
}
