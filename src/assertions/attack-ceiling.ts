import type { AttackResult } from '../report/types.js';
import { pct, requireFraction } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface AttackCeilingOptions {
  /** Highest acceptable attack success rate, in [0, 1]. */
  maxSuccessRate: number;
  /**
   * Which successes count against the ceiling. `screened` (the default whenever the result was screened): only the
   * adversarial examples the validity screen accepts, so an "attack" that changed the label's meaning (good → bad)
   * does not fail a model. `all`: every reported success, as TextAttack counts them. A result without a screen can
   * only be judged on `all`, and says so.
   */
  count?: 'screened' | 'all';
}

/** The success rate a ceiling judges, and how the reason names it. */
export function decidingRate(result: AttackResult, count: AttackCeilingOptions['count']): { rate: number; screened: boolean } {
  if (count === 'screened' && result.screenedSuccessRate === undefined) {
    throw new RangeError(`count: 'screened' needs a screened attack result; ${result.recipe} on ${result.model} ran without a screen`);
  }
  const screened = count !== 'all' && result.screenedSuccessRate !== undefined;
  return { rate: screened ? result.screenedSuccessRate! : result.successRate, screened };
}

/**
 * The attack may flip at most `maxSuccessRate` of the examples the model got right; by default only successes the
 * validity screen accepts count (`count`), and the reason gives both rates. Over data without gold labels
 * (`labelSource: 'model prediction'`) every example starts on the model's own label: the result names its label source
 * and reports the predictions kept under attack, never an accuracy.
 */
export function assertAttackCeiling(result: AttackResult, options: AttackCeilingOptions): AssertionOutcome {
  const max = requireFraction('maxSuccessRate', options.maxSuccessRate);
  const { rate, screened } = decidingRate(result, options.count);
  const attacked = Math.round(result.examples * result.originalAccuracy);
  const byModel = result.labelSource === 'model prediction';
  const kept = byModel ? 'predictionsKeptUnderAttack' : 'accuracyUnderAttack';
  const metrics = {
    successRate: result.successRate,
    ...(result.screenedSuccessRate !== undefined ? { screenedSuccessRate: result.screenedSuccessRate } : {}),
    [kept]: result.accuracyUnderAttack,
    avgQueries: result.avgQueries,
    avgPerturbedWordsPct: result.avgPerturbedWordsPct,
  };
  const metricSpecs = {
    successRate: { better: 'lower' as const, tolerance: 0.05 },
    ...(result.screenedSuccessRate !== undefined ? { screenedSuccessRate: { better: 'lower' as const, tolerance: 0.05 } } : {}),
    [kept]: { better: 'higher' as const, tolerance: 0.05 },
    avgQueries: { better: 'higher' as const, tolerance: Math.max(1, result.avgQueries * 0.25) },
    avgPerturbedWordsPct: { better: 'higher' as const, tolerance: 5 },
  };
  if (attacked === 0) {
    return { pass: false, score: 0, reason: `${result.recipe} had nothing to attack: ${result.model} got none of the ${result.examples} examples right`, metrics, metricSpecs };
  }
  const pass = rate <= max;
  const which = byModel ? `${attacked} examples (label source: model prediction, the data has no gold labels)` : `${attacked} correctly classified examples`;
  const succeeded = result.successes.length;
  const valid = result.successes.filter((s) => s.screen?.valid).length;
  const how = `${result.recipe} flipped ${pct(result.successRate)} of ${which} (avg ${result.avgQueries.toFixed(0)} queries, ${result.avgPerturbedWordsPct.toFixed(1)}% of words changed, budget ${result.budget})`;
  const judged =
    result.screenedSuccessRate === undefined
      ? '; no validity screen ran, so every success counts'
      : screened
        ? `; the validity screen accepts ${valid} of the ${succeeded} successes: screened success rate ${pct(rate)}, the rate judged`
        : `; judged on every success (count: all), the validity screen accepts ${valid} of ${succeeded} (screened success rate ${pct(result.screenedSuccessRate)})`;
  const after = byModel ? `predictions kept under attack ${pct(result.accuracyUnderAttack)}` : `accuracy under attack ${pct(result.accuracyUnderAttack)}`;
  const reason = pass ? `${how}${judged}, within the ceiling of ${pct(max, 0)}` : `${how}${judged}, above the ceiling of ${pct(max, 0)}; ${after}`;
  return { pass, score: 1 - rate, reason, metrics, metricSpecs };
}
