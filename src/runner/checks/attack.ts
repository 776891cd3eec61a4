import { assertAttackCeiling } from '../../assertions/attack-ceiling.js';
import { requireFraction } from '../../assertions/thresholds.js';
import { runAttack, type AttackExample, type Recipe } from '../../attack/index.js';
import { labelSourceOf } from '../../attack/label-source.js';
import type { Check } from '../types.js';
import { withOverrides } from './thresholds.js';

export interface AttackCeilingCheckOptions {
  /**
   * Texts, or `{text, label}` with a label index, all of one kind: labelled examples are judged against their gold
   * labels; texts against the model's own predictions ("label source: model prediction", nothing called accuracy).
   */
  examples: ReadonlyArray<string | AttackExample>;
  /** Highest acceptable attack success rate, in [0, 1]. */
  maxSuccessRate: number;
  /** Model queries per example. Default 500. */
  budget?: number;
  /** Which model of the block is attacked. Default `finetuned`. */
  model?: 'pretrained' | 'finetuned';
  dataset?: string;
}

/** The recipe may flip at most `maxSuccessRate` of the examples the model gets right, within the query budget. */
export function attackSuccessBelow(recipe: Recipe, options: AttackCeilingCheckOptions): Check {
  requireFraction('maxSuccessRate', options.maxSuccessRate);
  if (options.examples.length === 0) throw new RangeError('attackSuccessBelow needs at least one example');
  const examples = options.examples.map((e) => (typeof e === 'string' ? { text: e } : e));
  labelSourceOf(examples, (i) => `attackSuccessBelow example ${i + 1} (${JSON.stringify(examples[i].text)})`);
  return {
    kind: 'attack',
    description: `${recipe.name} succeeds on ≤ ${options.maxSuccessRate} of examples`,
    async run(ctx) {
      const model = options.model === 'pretrained' ? await ctx.pretrained() : await ctx.finetuned();
      const run = await runAttack(model, recipe, examples, { budget: options.budget ?? 500, seed: ctx.seed, dataset: options.dataset });
      const judged = assertAttackCeiling(run.result, withOverrides(options, ctx.thresholds, ['maxSuccessRate']));
      const details = run.result.successes.slice(0, 3).map((s) => `"${s.original}" → "${s.perturbed}": ${s.originalLabel} → ${s.newLabel} (${s.queries} queries)`);
      return { ...judged, result: { kind: 'attack', value: run.result }, ...(judged.pass ? {} : { details }) };
    },
  };
}
