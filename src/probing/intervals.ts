import { clusteredRatio } from '../stats/clustered-proportion.js';
import { Z95 } from '../stats/normal.js';
import { wilsonInterval } from '../stats/wilson.js';

/**
 * Per-sentence scores of one probe setting on one split: `correct[i]` (averaged over seeds, so possibly fractional)
 * of `scored[i]` items. Selection scores one item per sentence; labelling scores every labelled word.
 */
export interface SentenceScores {
  correct: Float64Array;
  scored: Int32Array;
}

export function accuracyOf(s: SentenceScores): number {
  let c = 0, n = 0;
  for (let i = 0; i < s.scored.length; i++) { c += s.correct[i]; n += s.scored[i]; }
  return n ? c / n : 0;
}

/**
 * 95% interval of the accuracy over sentences (the unit that was sampled). One item per sentence: Wilson's score
 * interval (a seed-averaged 0/1 score varies no more than a 0/1 one, so it stays conservative). Several words per
 * sentence: the ratio estimator with a sentence-clustered (CR1) variance, since words of a sentence are not
 * independent draws.
 */
export function accuracyInterval(s: SentenceScores): [number, number] {
  const groups = countScored(s);
  if (groups === 0) return [0, 1];
  const p = accuracyOf(s);
  if (s.scored.every((n) => n <= 1)) {
    const [low, high] = wilsonInterval(p * groups, groups);
    return [Math.min(low, p), Math.max(high, p)];
  }
  const { variance } = clusteredRatio(s.correct, s.scored);
  const se = groups > 1 ? Math.sqrt(variance) : 0.5;
  return [Math.max(0, p - Z95 * se), Math.min(1, p + Z95 * se)];
}

function countScored(s: SentenceScores): number {
  let g = 0;
  for (const n of s.scored) if (n > 0) g++;
  return g;
}

/** Pearson correlation of two models' per-sentence accuracies on the same sentences; 0 when either is constant. */
export function sentenceCorrelation(a: SentenceScores, b: SentenceScores): number {
  const xs: number[] = [], ys: number[] = [];
  for (let i = 0; i < a.scored.length; i++) {
    if (a.scored[i] === 0 || b.scored[i] === 0) continue;
    xs.push(a.correct[i] / a.scored[i]);
    ys.push(b.correct[i] / b.scored[i]);
  }
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((p, v) => p + v, 0) / n, my = ys.reduce((p, v) => p + v, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * 95% interval of a − k·b for two accuracies measured on the same sentences (k = 1: the paired difference; k = 0.8:
 * "keeps 80%"): MOVER (Newcombe 1998, method 10; Zou & Donner 2008) from each accuracy's own interval and the
 * correlation of their per-sentence scores. Unlike a normal interval on the differences, it stays sensible when both
 * are near 100% and few sentences disagree.
 */
export function pairedDifferenceInterval(a: { value: number; interval: [number, number] }, b: { value: number; interval: [number, number] }, correlation: number, k = 1): [number, number] {
  const [la, ua] = a.interval;
  const [lb, ub] = [k * b.interval[0], k * b.interval[1]];
  const pa = a.value, pb = k * b.value;
  const d = pa - pb;
  const low = d - Math.sqrt(Math.max(0, (pa - la) ** 2 - 2 * correlation * (pa - la) * (ub - pb) + (ub - pb) ** 2));
  const high = d + Math.sqrt(Math.max(0, (ua - pa) ** 2 - 2 * correlation * (ua - pa) * (pb - lb) + (pb - lb) ** 2));
  return [Math.max(-k, low), Math.min(1, high)];
}
