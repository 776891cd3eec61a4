import type fc from 'fast-check';
import type { Perturbation, PerturbationResult } from '../../attacks/perturbation.js';
import type { RobustnessResult } from '../report/types.js';
import { runProperty, type PropertyOptions } from './engine.js';
import { casesOf, familyName, judgePerturbed } from './perturbation-cases.js';
import type { SentenceSource } from './sentences.js';

export interface InvarianceOptions extends PropertyOptions {
  /** Sentences to perturb with `perturb`… */
  sentences?: SentenceSource;
  /** …a perturbation bound to its options, e.g. `(s) => synonyms(s, {maxWords: 2})`… */
  perturb?: Perturbation;
  /** …or ready-made perturbed cases (e.g. `rewrittenCases(grammarSentence(g), attractor)`). */
  cases?: fc.Arbitrary<PerturbationResult>;
}

/**
 * CheckList's INV: the predicted label must not change under the perturbation. Sentences the perturbation cannot
 * touch are counted as skipped; the failure rate and its Wilson interval are over the cases it could touch.
 */
export async function invariance(options: InvarianceOptions): Promise<RobustnessResult> {
  const arbitrary = casesOf(options);
  return runProperty({
    ...options,
    type: 'INV',
    perturbation: familyName(arbitrary, options.seed ?? 42),
    arbitrary,
    judge: judgePerturbed(options.model, (before, after) => before.labelIndex !== after.labelIndex),
  });
}
