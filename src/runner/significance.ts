import type { CaseMetricKind, Significance } from '../report/types.js';
import { clusteredRate, holmAdjust, pairedDifference, unpairedDifference, type DifferenceTest } from '../stats/index.js';
import type { MetricCases } from './case-records.js';

export const ALPHA = 0.05;

/** True when both sides judged the same multiset of cases (same seed and inputs): then outcomes pair up. */
export function sameCases(a: MetricCases, b: MetricCases): boolean {
  if (a.ids.length !== b.ids.length) return false;
  const x = [...a.ids].sort();
  const y = [...b.ids].sort();
  return x.every((id, i) => id === y[i]);
}

/** Pairs each current case with a baseline case of the same id (repeats in order) and counts the changes. */
function discordance(before: MetricCases, after: MetricCases): { worse: number; better: number } {
  const queue = new Map<string, number[]>();
  before.ids.forEach((id, i) => {
    if (!queue.has(id)) queue.set(id, []);
    queue.get(id)!.push(before.passes[i]);
  });
  let worse = 0;
  let better = 0;
  after.ids.forEach((id, i) => {
    const was = queue.get(id)!.shift()!;
    const now = after.passes[i];
    if (was === 1 && now === 0) worse++;
    if (was === 0 && now === 1) better++;
  });
  return { worse, better };
}

export type UnadjustedSignificance = Omit<Significance, 'pValue' | 'adjustedPValue'>;

/**
 * The one-sided tests of a metric made of per-case outcomes, from the baseline's cases to this run's:
 * paired exact (McNemar) when both judged the same cases, else unpaired with CR1 clustered variance.
 * Effects, intervals and the worse/better p-values are in the metric's own units and direction.
 */
export function metricSignificance(before: MetricCases, after: MetricCases, kind: CaseMetricKind, better: 'higher' | 'lower', alpha = ALPHA): UnadjustedSignificance {
  let test: DifferenceTest;
  let extra: Partial<UnadjustedSignificance>;
  if (sameCases(before, after)) {
    const d = discordance(before, after);
    const t = pairedDifference(d.worse, d.better, after.ids.length);
    test = t;
    // "worse"/"better" here are of the pass outcome; mapped onto the metric's direction below.
    extra = { method: 'paired exact', discordant: d };
  } else {
    const t = unpairedDifference(clusteredRate(before.passes, before.clusters), clusteredRate(after.passes, after.clusters));
    test = t;
    extra = { method: 'unpaired clustered', clusters: t.clusters, df: t.degreesOfFreedom };
  }
  // The outcomes count passes; a failure-rate metric moves the other way.
  const sign = kind === 'fail/judged' ? -1 : 1;
  const effect = sign * test.effect;
  const ci95: [number, number] = sign > 0 ? test.interval : [-test.interval[1], -test.interval[0]];
  const pDown = sign > 0 ? test.pWorse : test.pBetter;
  const pUp = sign > 0 ? test.pBetter : test.pWorse;
  const pWorse = better === 'higher' ? pDown : pUp;
  const pBetter = better === 'higher' ? pUp : pDown;
  const discordant = extra.discordant && (better === 'higher') === (sign > 0) ? extra.discordant : extra.discordant && { worse: extra.discordant.better, better: extra.discordant.worse };
  return {
    method: extra.method!,
    pWorse,
    pBetter,
    alpha,
    effect: effect === 0 ? 0 : effect,
    ci95,
    n: [before.ids.length, after.ids.length],
    ...(discordant ? { discordant } : {}),
    ...(extra.clusters ? { clusters: extra.clusters, df: extra.df } : {}),
  };
}

/** Holm over each family: `adjusted[i]` for the p-values given, in order. */
export function holmFamilies(pWorse: number[], pBetter: number[]): { worse: number[]; better: number[] } {
  return { worse: holmAdjust(pWorse), better: holmAdjust(pBetter) };
}
