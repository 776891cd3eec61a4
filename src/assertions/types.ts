import type { MetricSpec } from '../runner/types.js';

/** What every assertion returns (promptfoo style), plus the numbers it judged so baselines can track them. */
export interface AssertionOutcome {
  pass: boolean;
  /** 0..1: the judged quantity on a common scale (pass rate, kept accuracy …). */
  score: number;
  /** One sentence saying why it passed or failed. */
  reason: string;
  metrics: Record<string, number>;
  metricSpecs: Record<string, MetricSpec>;
}
