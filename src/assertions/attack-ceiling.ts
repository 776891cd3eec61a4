import type { AttackResult } from '../report/types.js';
import { pct, requireFraction } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface AttackCeilingOptions {
  /** Highest acceptable attack success rate, in [0, 1]. */
  maxSuccessRate: number;
}

/** The attack may flip at most `maxSuccessRate` of the examples the model got right. */
export function assertAttackCeiling(result: AttackResult, options: AttackCeilingOptions): AssertionOutcome {
  const max = requireFraction('maxSuccessRate', options.maxSuccessRate);
  const attacked = Math.round(result.examples * result.originalAccuracy);
  const metrics = {
    successRate: result.successRate,
    accuracyUnderAttack: result.accuracyUnderAttack,
    avgQueries: result.avgQueries,
    avgPerturbedWordsPct: result.avgPerturbedWordsPct,
  };
  const metricSpecs = {
    successRate: { better: 'lower' as const, tolerance: 0.05 },
    accuracyUnderAttack: { better: 'higher' as const, tolerance: 0.05 },
    avgQueries: { better: 'higher' as const, tolerance: Math.max(1, result.avgQueries * 0.25) },
    avgPerturbedWordsPct: { better: 'higher' as const, tolerance: 5 },
  };
  if (attacked === 0) {
    return { pass: false, score: 0, reason: `${result.recipe} had nothing to attack: ${result.model} got none of the ${result.examples} examples right`, metrics, metricSpecs };
  }
  const pass = result.successRate <= max;
  const how = `${result.recipe} flipped ${pct(result.successRate)} of ${attacked} correctly classified examples (avg ${result.avgQueries.toFixed(0)} queries, ${result.avgPerturbedWordsPct.toFixed(1)}% of words changed, budget ${result.budget})`;
  const reason = pass ? `${how}, within the ceiling of ${pct(max, 0)}` : `${how}, above the ceiling of ${pct(max, 0)}; accuracy under attack ${pct(result.accuracyUnderAttack)}`;
  return { pass, score: 1 - result.successRate, reason, metrics, metricSpecs };
}
