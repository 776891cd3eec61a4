/**
 * The metric names the built-in checks report (the keys `tolerances` in sesame.config and
 * `compare --tolerance` accept), so a typo is an error with a suggestion instead of a silently
 * ignored tolerance. Custom checks may report other names: give their tolerances in the suite's
 * `describe(..., { tolerances })`, which is not checked against this list.
 */
export const BUILTIN_METRICS = [
  'passRate',
  'successRate',
  'screenedSuccessRate',
  'accuracyUnderAttack',
  'predictionsKeptUnderAttack',
  'avgQueries',
  'avgPerturbedWordsPct',
  'minRetention',
  'maxJsd',
  'meanJsd',
  'meanConfusion',
  'maxConfusion',
  'meanConfusionRise',
  'maxConfusionRise',
] as const;

/** Per-layer probe accuracies, `finetuned.L3`. */
const PER_LAYER = /^finetuned\.L\d+$/;

export function isBuiltinMetric(name: string): boolean {
  return (BUILTIN_METRICS as readonly string[]).includes(name) || PER_LAYER.test(name);
}
