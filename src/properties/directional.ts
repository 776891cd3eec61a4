import type { Perturbation, PerturbationResult } from '../../attacks/perturbation.js';
import { UsageError } from '../errors.js';
import type { SesameModel } from '../models/types.js';
import type { RobustnessResult } from '../report/types.js';
import { runProperty, type CaseSource, type PropertyOptions } from './engine.js';
import { casesOf, familyName, judgePerturbed, sourceSentence } from './perturbation-cases.js';
import type { SentenceSource } from './sentences.js';

export interface DirectionalOptions extends PropertyOptions {
  /** Sentences to perturb with `perturb`, or ready-made perturbed `cases` (as for INV). */
  sentences?: SentenceSource;
  /** Distinct perturbations judged per sentence of a finite list (as for INV). Default ⌈numRuns / sentences⌉. */
  perSentence?: number;
  perturb?: Perturbation;
  cases?: CaseSource<PerturbationResult>;
  /** The label whose probability is watched. */
  label: string;
  direction: 'increase' | 'decrease';
  /**
   * How far the probability must move in `direction`: pass when the signed change ≥ `threshold`. Default 0 (it must
   * not move the wrong way); CheckList's `tolerance` t is `threshold: -t`; `0.1` demands a real move of 0.1.
   */
  threshold?: number;
}

/** The index of the label a DIR watches, or a usage error naming the model's labels. */
export function dirLabelIndex(model: SesameModel, label: string): number {
  const labels = model.info.labels ?? [];
  const index = labels.indexOf(label);
  if (index < 0) throw new UsageError(`DIR label "${label}" is not one of the model's labels: ${labels.join(', ')}`);
  return index;
}

/** CheckList's DIR: the probability of `label` must move in the stated direction under the perturbation. */
export async function directional(options: DirectionalOptions): Promise<RobustnessResult> {
  const index = dirLabelIndex(options.model, options.label);
  const sign = options.direction === 'increase' ? 1 : -1;
  const threshold = options.threshold ?? 0;
  const cases = casesOf(options);
  return runProperty({
    ...options,
    type: 'DIR',
    perturbation: familyName(cases, options.seed ?? 42),
    cases,
    clusterOf: sourceSentence,
    identify: (c) => ({ original: c.original, perturbed: c.text }),
    judge: judgePerturbed(options.model, (before, after) => sign * (after.scores[index] - before.scores[index]) < threshold),
  });
}
