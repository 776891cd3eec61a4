import { invertIncreasing, regularizedBeta } from './special.js';

/**
 * The Clopper–Pearson ("exact") interval of a binomial proportion: the set of p not rejected by
 * either one-sided binomial test at (1 − level)/2. Conservative: covers at least `level`.
 */
export function clopperPearson(successes: number, trials: number, level = 0.95): [number, number] {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || successes < 0 || successes > trials) {
    throw new RangeError(`clopperPearson needs whole 0 ≤ successes ≤ trials (got ${successes} of ${trials})`);
  }
  if (trials === 0) return [0, 1];
  const a = (1 - level) / 2;
  const k = successes;
  const n = trials;
  // Lower bound: the Beta(k, n − k + 1) quantile at a; upper: the Beta(k + 1, n − k) quantile at 1 − a.
  const lower = k === 0 ? 0 : invertIncreasing((x) => regularizedBeta(x, k, n - k + 1), a, 0, 1);
  const upper = k === n ? 1 : invertIncreasing((x) => regularizedBeta(x, k + 1, n - k), 1 - a, 0, 1);
  return [lower, upper];
}
