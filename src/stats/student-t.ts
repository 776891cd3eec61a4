import { invertIncreasing, regularizedBeta } from './special.js';

function checkDf(df: number): void {
  if (!(df > 0)) throw new RangeError(`Student's t needs degrees of freedom > 0 (got ${df})`);
}

/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = regularizedBeta(df / (df + t * t), df / 2, 0.5) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** The upper tail P(T ≥ t), without cancellation for large t. */
export function studentTSurvival(t: number, df: number): number {
  return studentTCdf(-t, df);
}

/** The p-quantile of Student's t with `df` degrees of freedom. */
export function studentTQuantile(p: number, df: number): number {
  checkDf(df);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 ≤ p ≤ 1 (got ${p})`);
  if (p === 0.5) return 0;
  const tail = Math.min(p, 1 - p);
  let hi = 1;
  while (studentTCdf(-hi, df) > tail && hi < 1e300) hi *= 2;
  const t = invertIncreasing((x) => -studentTCdf(-x, df), -tail, 0, hi);
  return p < 0.5 ? -t : t;
}
