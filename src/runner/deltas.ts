import type { MetricDelta, TestResult } from '../report/types.js';
import type { MetricSpec } from './types.js';

/** Float noise below this never counts as a change. */
const EPSILON = 1e-9;

/** What a metric with no declared spec is assumed to be: higher is better, any drop is a regression. */
export const DEFAULT_SPEC: MetricSpec = { better: 'higher', tolerance: 0 };

export interface MetricSnapshot {
  metrics: Record<string, number>;
  specs?: Record<string, MetricSpec>;
}

/** Judges one metric's move from `baseline` to `current` under its spec. */
export function judge(test: string, metric: string, baseline: number, current: number, spec: MetricSpec): MetricDelta {
  const delta = current - baseline;
  const gain = spec.better === 'higher' ? delta : -delta;
  const verdict = gain < -(spec.tolerance + EPSILON) ? 'regressed' : gain > spec.tolerance + EPSILON ? 'improved' : 'unchanged';
  return { test, metric, baseline, current, delta, tolerance: spec.tolerance, better: spec.better, verdict };
}

/**
 * Deltas of every metric measured in both snapshots, test by test. Specs (direction, tolerance) come
 * from the current side, falling back to the old side, then to DEFAULT_SPEC.
 */
export function metricDeltas(old: Map<string, MetricSnapshot>, current: Map<string, MetricSnapshot>): MetricDelta[] {
  const deltas: MetricDelta[] = [];
  for (const [test, now] of current) {
    const before = old.get(test);
    if (!before) continue;
    for (const [metric, value] of Object.entries(now.metrics)) {
      const was = before.metrics[metric];
      if (typeof was !== 'number' || !Number.isFinite(was) || !Number.isFinite(value)) continue;
      const spec = now.specs?.[metric] ?? before.specs?.[metric] ?? DEFAULT_SPEC;
      deltas.push(judge(test, metric, was, value, spec));
    }
  }
  return deltas;
}

/** A report's tests as metric snapshots keyed by test id (skipped tests have none). */
export function snapshotsOf(tests: TestResult[]): Map<string, MetricSnapshot> {
  const map = new Map<string, MetricSnapshot>();
  for (const t of tests) {
    if (t.status === 'skipped') continue;
    map.set(t.id, { metrics: t.metrics, specs: t.metricSpecs });
  }
  return map;
}
