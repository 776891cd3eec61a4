import type { Perturbation } from '../../attacks/perturbation.js';
import { UsageError } from '../errors.js';
import type { RobustnessResult } from '../report/types.js';
import { runProperty, type PropertyOptions } from './engine.js';
import { familyName, judgePerturbed, perturbedCases } from './perturbation-cases.js';
import type { SentenceSource } from './sentences.js';

export interface DirectionalOptions extends PropertyOptions {
  sentences: SentenceSource;
  perturb: Perturbation;
  /** The label whose probability is watched. */
  label: string;
  direction: 'increase' | 'decrease';
  /**
   * How far the probability must move in `direction`: pass when the signed change ≥ `threshold`. Default 0 (it must
   * not move the wrong way); CheckList's `tolerance` t is `threshold: -t`; `0.1` demands a real move of 0.1.
   */
  threshold?: number;
}

/** CheckList's DIR: the probability of `label` must move in the stated direction under the perturbation. */
export async function directional(options: DirectionalOptions): Promise<RobustnessResult> {
  const labels = options.model.info.labels ?? [];
  const index = labels.indexOf(options.label);
  if (index < 0) throw new UsageError(`DIR label "${options.label}" is not one of the model's labels: ${labels.join(', ')}`);
  const sign = options.direction === 'increase' ? 1 : -1;
  const threshold = options.threshold ?? 0;
  const arbitrary = perturbedCases(options.sentences, options.perturb);
  return runProperty({
    ...options,
    type: 'DIR',
    perturbation: familyName(arbitrary, options.seed ?? 42),
    arbitrary,
    judge: judgePerturbed(options.model, (before, after) => sign * (after.scores[index] - before.scores[index]) < threshold),
  });
}
