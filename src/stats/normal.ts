import { invertIncreasing, regularizedGammaQ } from './special.js';

/** Φ⁻¹(0.975): the half-width, in standard errors, of a two-sided 95% normal interval (checked against normalQuantile). */
export const Z95 = 1.959963984540054;

/** Φ(z), the standard normal CDF (via erfc(x) = Q(½, x²), accurate in both tails). */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const tail = regularizedGammaQ(0.5, (z * z) / 2) / 2;
  return z < 0 ? tail : 1 - tail;
}

/** Φ⁻¹(p), the standard normal quantile. */
export function normalQuantile(p: number): number {
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 ≤ p ≤ 1 (got ${p})`);
  if (p === 0.5) return 0;
  // Solve in the tail nearer to p, so tiny probabilities keep their precision.
  const tail = Math.min(p, 1 - p);
  const z = invertIncreasing((x) => -normalCdf(-x), -tail, 0, 40);
  return p < 0.5 ? -z : z;
}
