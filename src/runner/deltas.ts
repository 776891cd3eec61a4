import type { CaseRecords, MetricDelta, Significance, TestResult } from '../report/types.js';
import { casesOfMetric, metricFromCases } from './case-records.js';
import { ALPHA, metricSignificance, type UnadjustedSignificance } from './significance.js';
import { holmAdjust } from '../stats/index.js';
import type { MetricSpec } from './types.js';

/** Float noise below this never counts as a change. */
const EPSILON = 1e-9;

/** What a metric with no declared spec is assumed to be: higher is better, any drop is a regression. */
export const DEFAULT_SPEC: MetricSpec = { better: 'higher', tolerance: 0 };

export interface MetricSnapshot {
  metrics: Record<string, number>;
  specs?: Record<string, MetricSpec>;
  cases?: CaseRecords;
}

/** How far a metric moved in its better direction (negative: it got worse). */
const gainOf = (d: Pick<MetricDelta, 'delta' | 'better'>) => (d.better === 'higher' ? d.delta : -d.delta);

/** Judges one metric's move by its size alone: a move beyond `tolerance` the wrong way is a regression. */
export function judge(test: string, metric: string, baseline: number, current: number, spec: MetricSpec): MetricDelta {
  const delta = current - baseline;
  const gain = spec.better === 'higher' ? delta : -delta;
  const verdict = gain < -(spec.tolerance + EPSILON) ? 'regressed' : gain > spec.tolerance + EPSILON ? 'improved' : 'unchanged';
  return { test, metric, baseline, current, delta, tolerance: spec.tolerance, better: spec.better, verdict };
}

const NO_RECORDS = 'no per-case records on both sides: judged by size against the tolerance, no p-value';

/** One metric's delta, with its unadjusted test when both sides recorded the cases that make it up (verdict decided later). */
function deltaOf(test: string, metric: string, was: number, value: number, spec: MetricSpec, before: MetricSnapshot, now: MetricSnapshot, alpha: number): MetricDelta {
  const sized = judge(test, metric, was, value, spec);
  const kind = now.cases?.metrics[metric];
  if (now.cases && !kind) return { ...sized, verdict: 'unchanged', gating: false, note: 'shown for information: not made of the per-case records, never gating' };
  if (!kind || !before.cases) return { ...sized, note: NO_RECORDS };
  if (before.cases.metrics[metric] !== kind) return { ...sized, note: `the baseline's case records do not make up ${metric} the same way: judged by size, no p-value` };
  const a = casesOfMetric(before.cases, kind);
  const b = casesOfMetric(now.cases!, kind);
  const addsUp = (cases: typeof a, v: number) => cases.passes.length > 0 && Math.abs(metricFromCases(cases, kind) - v) < 1e-9;
  if (!addsUp(a, was) || !addsUp(b, value)) return { ...sized, note: `the case records do not add up to ${metric}: judged by size, no p-value` };
  const significance: UnadjustedSignificance = metricSignificance(a, b, kind, spec.better, alpha);
  return { ...sized, verdict: 'unchanged', significance: { ...significance, pValue: NaN, adjustedPValue: NaN } };
}

/**
 * Decides the verdicts of one run's deltas as one family: Holm's correction over every metric that has a
 * test (worse and better directions separately). A metric regresses iff its Holm-adjusted p < α and its drop
 * is at least its tolerance (the minimal effect that matters); improves likewise. Metrics without a test
 * keep the size rule; informational ones never move. Used by the runner, `compare` and `merge` alike, so a
 * merged set of shard deltas is decided exactly as the unsharded run.
 */
export function decideBaselineDeltas(deltas: readonly MetricDelta[], alpha = ALPHA): MetricDelta[] {
  const tested = deltas.map((d, i) => [d, i] as const).filter(([d]) => d.significance && d.gating !== false);
  const worse = holmAdjust(tested.map(([d]) => d.significance!.pWorse));
  const better = holmAdjust(tested.map(([d]) => d.significance!.pBetter));
  const out = deltas.map((d) => ({ ...d }));
  tested.forEach(([d, i], k) => {
    const s = d.significance!;
    const gain = gainOf(d);
    const down = gain < 0;
    const regressed = worse[k] < alpha && -gain >= d.tolerance - EPSILON && gain < 0;
    const improved = better[k] < alpha && gain >= d.tolerance - EPSILON && gain > 0;
    const significance: Significance = { ...s, alpha, pValue: down ? s.pWorse : s.pBetter, adjustedPValue: down ? worse[k] : better[k] };
    out[i] = { ...d, significance, verdict: regressed ? 'regressed' : improved ? 'improved' : 'unchanged' };
  });
  return out;
}

/**
 * Deltas of every metric measured in both snapshots, test by test, decided as one family
 * (`decideBaselineDeltas`). Specs (direction, tolerance) come from the current side, falling back to the
 * old side, then to DEFAULT_SPEC.
 */
export function metricDeltas(old: Map<string, MetricSnapshot>, current: Map<string, MetricSnapshot>, alpha = ALPHA): MetricDelta[] {
  const deltas: MetricDelta[] = [];
  for (const [test, now] of current) {
    const before = old.get(test);
    if (!before) continue;
    for (const [metric, value] of Object.entries(now.metrics)) {
      const was = before.metrics[metric];
      if (typeof was !== 'number' || !Number.isFinite(was) || !Number.isFinite(value)) continue;
      const spec = now.specs?.[metric] ?? before.specs?.[metric] ?? DEFAULT_SPEC;
      deltas.push(deltaOf(test, metric, was, value, spec, before, now, alpha));
    }
  }
  return decideBaselineDeltas(deltas, alpha);
}

/** A report's tests as metric snapshots keyed by test id (skipped tests have none). */
export function snapshotsOf(tests: TestResult[]): Map<string, MetricSnapshot> {
  const map = new Map<string, MetricSnapshot>();
  for (const t of tests) {
    if (t.status === 'skipped') continue;
    map.set(t.id, { metrics: t.metrics, specs: t.metricSpecs, ...(t.cases ? { cases: t.cases } : {}) });
  }
  return map;
}

/** Counts of a decided family, for the one-line outcome. */
export function deltaCounts(deltas: readonly MetricDelta[]) {
  const gating = deltas.filter((d) => d.gating !== false);
  return {
    gating: gating.length,
    regressed: gating.filter((d) => d.verdict === 'regressed').length,
    improved: gating.filter((d) => d.verdict === 'improved').length,
    paired: gating.filter((d) => d.significance?.method === 'paired exact').length,
    unpaired: gating.filter((d) => d.significance?.method === 'unpaired clustered').length,
    bySize: gating.filter((d) => !d.significance).length,
  };
}
