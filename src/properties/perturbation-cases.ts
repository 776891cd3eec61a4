import fc from 'fast-check';
import type { Perturbation, PerturbationResult } from '../../attacks/perturbation.js';
import type { Prediction, SesameModel } from '../models/types.js';
import type { Counterexample } from '../report/types.js';
import { UsageError } from '../errors.js';
import { isCaseList, predictAll, predictionView, type CaseSource, type Verdict } from './engine.js';
import { sentenceArbitrary, type SentenceSource } from './sentences.js';

/** Sentences, each perturbed: the arbitrary INV and DIR draw from. */
export function perturbedCases(sentences: SentenceSource, perturb: Perturbation): fc.Arbitrary<PerturbationResult> {
  return sentenceArbitrary(sentences).chain((s) => perturb(s));
}

/**
 * The cases of an INV or DIR: ready-made (a list judged once per case, or an arbitrary such as `rewrittenCases`),
 * or sentences each perturbed. Perturbing is generative (a sentence has many perturbations), so sentences and
 * `perturb` always give an arbitrary, sampled `numRuns` times.
 */
export function casesOf(options: { sentences?: SentenceSource; perturb?: Perturbation; cases?: CaseSource<PerturbationResult> }): CaseSource<PerturbationResult> {
  if (options.cases) return options.cases;
  if (!options.sentences || !options.perturb) throw new UsageError('a property needs either `cases`, or `sentences` and `perturb`');
  return perturbedCases(options.sentences, options.perturb);
}

/** The perturbation's family name, from the first case it could act on. */
export function familyName(cases: CaseSource<PerturbationResult>, seed: number): string {
  const drawn = isCaseList(cases) ? cases : fc.sample(cases, { seed, numRuns: 20 });
  return (drawn.find((c) => c.applicable) ?? drawn[0])?.family ?? 'perturbation';
}

/**
 * Judges perturbed cases by comparing the model's predictions on original and perturbed text, predicted in one
 * batch. `fails` decides a failure from the two predictions.
 */
export function judgePerturbed(model: SesameModel, fails: (original: Prediction, perturbed: Prediction) => boolean) {
  return async (cases: PerturbationResult[]): Promise<Array<Verdict<PerturbationResult>>> => {
    const applicable = cases.filter((c) => c.applicable);
    const predictions = await predictAll(model, applicable.flatMap((c) => [c.original, c.text]));
    return cases.map((c): Verdict<PerturbationResult> => {
      if (!c.applicable) return { status: 'skip' };
      const before = predictions.get(c.original)!;
      const after = predictions.get(c.text)!;
      if (!fails(before, after)) return { status: 'pass' };
      return {
        status: 'fail',
        case: c,
        counterexample: (seed: number, path: string): Counterexample => ({
          original: c.original,
          perturbed: c.text,
          edits: c.edits,
          originalPrediction: predictionView(model, before),
          perturbedPrediction: predictionView(model, after),
          seed,
          path,
        }),
      };
    });
  };
}
