import type { AttackResult } from '../report/types.js';
import { pct, requireFraction } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface AttackCeilingOptions {
  /** Highest acceptable attack success rate, in [0, 1]. */
  maxSuccessRate: number;
}

/**
 * The attack may flip at most `maxSuccessRate` of the examples the model got right. Over data without gold labels
 * (`labelSource: 'model prediction'`) every example starts on the model's own label: the result names its label source
 * and reports the predictions kept under attack, never an accuracy.
 */
export function assertAttackCeiling(result: AttackResult, options: AttackCeilingOptions): AssertionOutcome {
  const max = requireFraction('maxSuccessRate', options.maxSuccessRate);
  const attacked = Math.round(result.examples * result.originalAccuracy);
  const byModel = result.labelSource === 'model prediction';
  const kept = byModel ? 'predictionsKeptUnderAttack' : 'accuracyUnderAttack';
  const metrics = {
    successRate: result.successRate,
    [kept]: result.accuracyUnderAttack,
    avgQueries: result.avgQueries,
    avgPerturbedWordsPct: result.avgPerturbedWordsPct,
  };
  const metricSpecs = {
    successRate: { better: 'lower' as const, tolerance: 0.05 },
    [kept]: { better: 'higher' as const, tolerance: 0.05 },
    avgQueries: { better: 'higher' as const, tolerance: Math.max(1, result.avgQueries * 0.25) },
    avgPerturbedWordsPct: { better: 'higher' as const, tolerance: 5 },
  };
  if (attacked === 0) {
    return { pass: false, score: 0, reason: `${result.recipe} had nothing to attack: ${result.model} got none of the ${result.examples} examples right`, metrics, metricSpecs };
  }
  const pass = result.successRate <= max;
  const which = byModel ? `${attacked} examples (label source: model prediction, the data has no gold labels)` : `${attacked} correctly classified examples`;
  const how = `${result.recipe} flipped ${pct(result.successRate)} of ${which} (avg ${result.avgQueries.toFixed(0)} queries, ${result.avgPerturbedWordsPct.toFixed(1)}% of words changed, budget ${result.budget})`;
  const after = byModel ? `predictions kept under attack ${pct(result.accuracyUnderAttack)}` : `accuracy under attack ${pct(result.accuracyUnderAttack)}`;
  const reason = pass ? `${how}, within the ceiling of ${pct(max, 0)}` : `${how}, above the ceiling of ${pct(max, 0)}; ${after}`;
  return { pass, score: 1 - result.successRate, reason, metrics, metricSpecs };
}
