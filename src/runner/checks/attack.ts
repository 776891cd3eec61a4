import { assertAttackCeiling, decidingRate } from '../../assertions/attack-ceiling.js';
import { requireFraction } from '../../assertions/thresholds.js';
import { runAttack, type AttackExample, type Recipe } from '../../attack/index.js';
import { labelSourceOf } from '../../attack/label-source.js';
import { predictAll } from '../../properties/engine.js';
import type { EarlierCase } from '../../report/types.js';
import { buildCaseRecords, type JudgedCase } from '../case-records.js';
import type { Check } from '../types.js';
import { blockScreen } from './screen.js';
import { withOverrides } from './thresholds.js';

export interface AttackCeilingCheckOptions {
  /**
   * Texts, or `{text, label}` with a label index, all of one kind: labelled examples are judged against their gold
   * labels; texts against the model's own predictions ("label source: model prediction", nothing called accuracy).
   */
  examples: ReadonlyArray<string | AttackExample>;
  /** Highest acceptable attack success rate, in [0, 1]. */
  maxSuccessRate: number;
  /**
   * Which successes count against the ceiling: `screened` (default) only those the block's validity screen accepts,
   * `all` every reported success. The reason always gives both rates.
   */
  count?: 'screened' | 'all';
  /** Model queries per example. Default 500. */
  budget?: number;
  /** Which model of the block is attacked. Default `finetuned`. */
  model?: 'pretrained' | 'finetuned';
  dataset?: string;
}

/**
 * The recipe may flip at most `maxSuccessRate` of the examples the model gets right, within the query budget; by
 * default only adversarial examples the validity screen accepts count (a success the screen rejects is a case the
 * attack did not break).
 */
export function attackSuccessBelow(recipe: Recipe, options: AttackCeilingCheckOptions): Check {
  requireFraction('maxSuccessRate', options.maxSuccessRate);
  if (options.examples.length === 0) throw new RangeError('attackSuccessBelow needs at least one example');
  const examples = options.examples.map((e) => (typeof e === 'string' ? { text: e } : e));
  labelSourceOf(examples, (i) => `attackSuccessBelow example ${i + 1} (${JSON.stringify(examples[i].text)})`);
  return {
    kind: 'attack',
    description: `${recipe.name} succeeds${options.count === 'all' ? '' : ' (validly, by the screen)'} on ≤ ${options.maxSuccessRate} of examples`,
    async run(ctx) {
      const model = options.model === 'pretrained' ? await ctx.pretrained() : await ctx.finetuned();
      const run = await runAttack(model, recipe, examples, { budget: options.budget ?? 500, seed: ctx.seed, dataset: options.dataset, screen: await blockScreen(ctx), cacheDir: ctx.cacheDir });
      const judged = assertAttackCeiling(run.result, withOverrides(options, ctx.thresholds, ['maxSuccessRate']));
      const screenNote = (s: (typeof run.result.successes)[number]) => (s.screen ? (s.screen.valid ? '; screen: valid' : `; screen: invalid — ${s.screen.reasons.join('; ')}`) : '');
      const { screened } = decidingRate(run.result, options.count);
      // The successes that count against the ceiling: with the screen deciding, those it accepts.
      const counts = (s: (typeof run.result.successes)[number]) => !screened || s.screen?.valid === true;
      const shown = [...run.result.successes.filter(counts), ...run.result.successes.filter((s) => !counts(s))];
      const details = shown.slice(0, 3).map((s) => `"${s.original}" → "${s.perturbed}": ${s.originalLabel} → ${s.newLabel} (${s.queries} queries${screenNote(s)})`);
      // One case per example: not judged when the model got it wrong before any attack, passing when the attack failed.
      // A case is identified by its text and gold label; without gold labels the reference is the model's own
      // prediction, which another model may not share, so it is left out of the identity.
      const cases: JudgedCase[] = run.outcomes.map((o, i) => ({
        original: o.status === 'succeeded' ? o.example.original : o.text,
        perturbed: '',
        ...(examples[i].label !== undefined ? { expected: String(examples[i].label) } : {}),
        outcome: o.status === 'succeeded' ? (counts(o.example) ? 'fail' : 'pass') : o.status === 'failed' ? 'pass' : 'skip',
      }));
      const failing: EarlierCase[] = run.result.successes.filter(counts).map((s) => ({ original: s.original, perturbed: s.perturbed, expected: s.originalLabel }));
      // The case records make up the rate the ceiling judged; unscreened, also accuracyUnderAttack
      // (predictionsKeptUnderAttack without gold labels): kept among all examples. With the screen deciding, the
      // kept share and the raw success rate are shown beside it but do not add up from these cases.
      const kept = 'predictionsKeptUnderAttack' in (judged.metrics ?? {}) ? 'predictionsKeptUnderAttack' : 'accuracyUnderAttack';
      const records = buildCaseRecords(cases, screened ? { screenedSuccessRate: 'fail/judged' } : { successRate: 'fail/judged', [kept]: 'pass/all' });
      return { ...judged, result: { kind: 'attack', value: run.result }, cases: records, ...(failing.length ? { failing } : {}), ...(judged.pass ? {} : { details }) };
    },
    async recheck(ctx, earlier) {
      // An earlier adversarial example still fools the model when its perturbed text does not get the reference label.
      const model = options.model === 'pretrained' ? await ctx.pretrained() : await ctx.finetuned();
      const predictions = await predictAll(model, earlier.map((c) => c.perturbed));
      return earlier.map((c) => predictions.get(c.perturbed)!.label !== c.expected);
    },
  };
}
