/**
 * Sesame's capability checks as chai assertions, for teams that keep mocha:
 *
 *   import * as chai from 'chai';
 *   import { sesameChai } from 'sesame/chai';
 *   chai.use(sesameChai);
 *   await expect(model).to.be.invariantUnder((s) => keyboardTypos(s), { sentences, minPassRate: 0.95 });
 *   await expect(finetuned).to.keepProbeAccuracyOf(pretrained, { task: 'aux', layers: [3, 6], minRetention: 0.9 });
 *
 * Every assertion runs the model, so it returns a promise: `await` it (mocha fails the test on rejection).
 * `.not` negates as usual. The failure message is the check's reason sentence.
 */
import type { Perturbation } from '../../attacks/perturbation.js';
import type { Recipe } from '../attack/types.js';
import type { SesameModel } from '../models/types.js';
import type { LabelledCase } from '../properties/template.js';
import { attackSuccessBelow, type AttackCeilingCheckOptions } from '../runner/checks/attack.js';
import { attentionConfusion, attentionShift, type AttentionData } from '../runner/checks/attention.js';
import { probeRetention, type ProbeRetentionCheckOptions } from '../runner/checks/probe.js';
import { directionalUnder, expectLabels, invariantUnder, type DirectionalCheckOptions, type InvariantUnderOptions, type MftCheckOptions } from '../runner/checks/properties.js';
import type { Check } from '../runner/types.js';
import type { AttentionConfusionOptions } from '../assertions/attention-confusion.js';
import type { AttentionShiftOptions } from '../assertions/attention-shift.js';
import { standaloneContext, type StandaloneOptions } from './context.js';
import type fc from 'fast-check';

type WithRun<O> = O & StandaloneOptions;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    interface Assertion {
      /** INV: the label must not change under `perturb` on at least `minPassRate` of the inputs. */
      invariantUnder(perturb: Perturbation, options: WithRun<InvariantUnderOptions>): Promise<void>;
      /** DIR: P(label) must move in `direction` under `perturb` on at least `minPassRate` of the inputs. */
      directionalUnder(perturb: Perturbation, options: WithRun<DirectionalCheckOptions>): Promise<void>;
      /** MFT: labelled cases (a list or a template arbitrary) must get their label on at least `minPassRate`. */
      labelCorrectly(cases: readonly LabelledCase[] | fc.Arbitrary<LabelledCase>, options: WithRun<MftCheckOptions>): Promise<void>;
      /** The attack may flip at most `maxSuccessRate` of the examples. */
      resistAttack(recipe: Recipe, options: WithRun<AttackCeilingCheckOptions>): Promise<void>;
      /** The fine-tuned model keeps ≥ minRetention of the pretrained model's probe accuracy in the layers given. */
      keepProbeAccuracyOf(pretrained: SesameModel, options: WithRun<ProbeRetentionCheckOptions>): Promise<void>;
      /** Every head's attention shift from the pretrained model stays ≤ maxJsd bits. */
      keepAttentionCloseTo(pretrained: SesameModel, options: WithRun<AttentionShiftOptions & AttentionData>): Promise<void>;
      /** Open Sesame's attention confusion stays under a bound (or within maxIncrease of the pretrained model). */
      keepAttentionConfusionUnder(pretrained: SesameModel, options: WithRun<AttentionConfusionOptions & AttentionData>): Promise<void>;
    }
  }
}

function isModel(value: unknown): value is SesameModel {
  return typeof value === 'object' && value !== null && typeof (value as SesameModel).predict === 'function' && typeof (value as SesameModel).info === 'object';
}

/** Runs `check` on the asserted model and asserts on its outcome, with the reason as the message. */
async function assertCheck(assertion: Chai.AssertionStatic, check: Check, pretrained: SesameModel | undefined, options: StandaloneOptions, what: string): Promise<void> {
  const model = assertion._obj as unknown;
  if (!isModel(model)) throw new TypeError(`expect(model).to.${what}(…) needs a model from loadModel(), got ${typeof model}`);
  if (pretrained !== undefined && !isModel(pretrained)) throw new TypeError(`${what}(pretrained, …) needs the pretrained model from loadModel() as its first argument`);
  const outcome = await check.run(standaloneContext(model, pretrained, options));
  const details = outcome.details?.length ? `\n  ${outcome.details.join('\n  ')}` : '';
  assertion.assert(outcome.pass, `expected ${model.info.id} to ${what}: ${outcome.reason}${details}`, `expected ${model.info.id} not to ${what}, but ${outcome.reason}`);
}

/** The chai plugin: `chai.use(sesameChai)`. */
export function sesameChai(chai: Chai.ChaiStatic): void {
  const { Assertion } = chai;
  Assertion.addMethod('invariantUnder', function (perturb: Perturbation, options: WithRun<InvariantUnderOptions>) {
    return assertCheck(this, invariantUnder(perturb, options), undefined, options, 'be invariant under the perturbation');
  });
  Assertion.addMethod('directionalUnder', function (perturb: Perturbation, options: WithRun<DirectionalCheckOptions>) {
    return assertCheck(this, directionalUnder(perturb, options), undefined, options, `move ${options.label} in the ${options.direction} direction`);
  });
  Assertion.addMethod('labelCorrectly', function (cases: readonly LabelledCase[] | fc.Arbitrary<LabelledCase>, options: WithRun<MftCheckOptions>) {
    return assertCheck(this, expectLabels(cases, options), undefined, options, 'label the cases correctly');
  });
  Assertion.addMethod('resistAttack', function (recipe: Recipe, options: WithRun<AttackCeilingCheckOptions>) {
    return assertCheck(this, attackSuccessBelow(recipe, options), undefined, options, `resist ${recipe.name}`);
  });
  Assertion.addMethod('keepProbeAccuracyOf', function (pretrained: SesameModel, options: WithRun<ProbeRetentionCheckOptions>) {
    return assertCheck(this, probeRetention(options), pretrained, options, 'keep the pretrained probe accuracy');
  });
  Assertion.addMethod('keepAttentionCloseTo', function (pretrained: SesameModel, options: WithRun<AttentionShiftOptions & AttentionData>) {
    return assertCheck(this, attentionShift(options), pretrained, options, 'keep its attention close to the pretrained model');
  });
  Assertion.addMethod('keepAttentionConfusionUnder', function (pretrained: SesameModel, options: WithRun<AttentionConfusionOptions & AttentionData>) {
    return assertCheck(this, attentionConfusion(options), pretrained, options, 'keep its attention confusion under the bound');
  });
}
