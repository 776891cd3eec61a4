import { clusteredRate } from '../stats/clustered-proportion.js';
import { wilsonInterval } from '../stats/wilson.js';

/** A failure rate's 95% interval and how clustering by source sentence was accounted for. */
export interface FailureInterval {
  ci95: [number, number];
  /** `clustered`: Wilson over the effective sample size n / design effect; `wilson`: cases taken as independent. */
  method: 'wilson' | 'clustered';
  /** CR1 clustered variance ÷ the independent-cases variance p(1−p)/n, floored at 1 (1 for `wilson`). */
  designEffect: number;
  /** Cases the interval is worth: n / designEffect (with no failure or no pass: the number of clusters). */
  effectiveN: number;
  /** Distinct clusters among the judged cases. */
  clusters: number;
}

/**
 * The 95% interval of a failure rate over cases that come in clusters (several perturbations of one sentence). The
 * design effect is the CR1 cluster-robust variance of the rate (the same estimator the baseline gate uses) over
 * p(1−p)/n, floored at 1; the interval is Wilson's over n / deff cases. Perturbations of one sentence tend to fail
 * together, so counting them as independent cases would make the interval too narrow.
 * With no failure (or no pass) the correlation cannot be estimated: the interval then counts sentences, the
 * conservative end (Wilson over G clusters).
 */
export function clusteredFailureInterval(failed: readonly boolean[], clusters: readonly string[]): FailureInterval {
  const n = failed.length;
  const g = new Set(clusters).size;
  if (n === 0) return { ci95: [0, 1], method: 'clustered', designEffect: 1, effectiveN: 0, clusters: 0 };
  const k = failed.filter(Boolean).length;
  const rate = k / n;
  if (k === 0 || k === n) return { ci95: wilsonInterval(k === 0 ? 0 : g, g), method: 'clustered', designEffect: n / g, effectiveN: g, clusters: g };
  const { designEffect } = clusteredRate(failed, clusters);
  // With a single cluster CR1 has no estimate: only that one sentence's worth of evidence.
  const deff = Number.isFinite(designEffect) ? Math.max(1, designEffect) : n;
  const effectiveN = n / deff;
  return { ci95: wilsonInterval(rate * effectiveN, effectiveN), method: 'clustered', designEffect: deff, effectiveN, clusters: g };
}
