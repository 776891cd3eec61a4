import { logGamma } from './special.js';

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k)) throw new RangeError(`binomial counts must be whole numbers, n ≥ 0 (got k ${k}, n ${n})`);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed exactly term by term (in log space, largest term first). */
export function binomialUpperTail(k: number, n: number, p = 0.5): number {
  checkCounts(k, n);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  const logs: number[] = [];
  for (let i = k; i <= n; i++) logs.push(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
  const max = Math.max(...logs);
  let sum = 0;
  for (const l of logs) sum += Math.exp(l - max);
  return Math.min(1, Math.exp(max) * sum);
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p = 0.5): number {
  checkCounts(k, n);
  return binomialUpperTail(n - k, n, 1 - p);
}

export interface SignTestResult {
  /** One-sided p-value that the "worse" direction is more likely: P(X ≥ worse | worse + better, ½). */
  pWorse: number;
  /** One-sided p-value for the other direction: P(X ≥ better | worse + better, ½). */
  pBetter: number;
  /** The discordant pairs the test is conditioned on. */
  discordant: number;
}

/**
 * The exact sign test on discordant pairs, which is McNemar's exact test: of the `worse + better`
 * cases that changed outcome, how surprising is it that `worse` changed for the worse, if both
 * directions were equally likely? Concordant cases carry no information and are not counted.
 */
export function signTest(worse: number, better: number): SignTestResult {
  const n = worse + better;
  return { pWorse: binomialUpperTail(worse, n), pBetter: binomialUpperTail(better, n), discordant: n };
}
