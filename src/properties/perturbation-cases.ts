import fc from 'fast-check';
import type { Perturbation, PerturbationResult } from '../../attacks/perturbation.js';
import type { Prediction, SesameModel } from '../models/types.js';
import type { Counterexample } from '../report/types.js';
import { UsageError } from '../errors.js';
import { exampleSeed } from '../attack/random.js';
import { isCaseList, predictAll, predictionView, type CaseSource, type Verdict } from './engine.js';
import { sentenceArbitrary, type SentenceSource } from './sentences.js';

/** Sentences, each perturbed: the arbitrary INV and DIR draw from. */
export function perturbedCases(sentences: SentenceSource, perturb: Perturbation): fc.Arbitrary<PerturbationResult> {
  return sentenceArbitrary(sentences).chain((s) => perturb(s));
}

/** Draws per wanted perturbation when looking for distinct ones: a sentence with few possible edits runs out first. */
const DRAWS_PER_PERTURBATION = 4;

/**
 * A finite list of sentences judged as a list: each sentence with up to `perSentence` distinct perturbations, drawn by
 * fast-check from the perturbation's arbitrary with a seed of its own (from `seed` and the sentence's index, so one
 * sentence's cases do not depend on the others). Nothing is sampled with replacement: a sentence with fewer distinct
 * perturbations contributes what it has; one the perturbation cannot touch appears once, to be counted as skipped.
 * The same arguments give the same list, so a case is replayed by its index.
 */
export function perSentenceCases(sentences: readonly string[], perturb: Perturbation, perSentence: number, seed: number): PerturbationResult[] {
  if (sentences.length === 0) throw new UsageError('a property needs at least one sentence');
  if (!Number.isInteger(perSentence) || perSentence < 1) throw new UsageError(`perSentence must be a whole number ≥ 1, got ${perSentence}`);
  return sentences.flatMap((sentence, i) => {
    const drawn = fc.sample(perturb(sentence), { seed: exampleSeed(seed, i) | 0, numRuns: perSentence * DRAWS_PER_PERTURBATION });
    const applicable = drawn.filter((c) => c.applicable);
    if (applicable.length === 0) return drawn.slice(0, 1);
    const seen = new Set<string>();
    const distinct: PerturbationResult[] = [];
    for (const c of applicable) {
      if (seen.has(c.text) || distinct.length >= perSentence) continue;
      seen.add(c.text);
      distinct.push(c);
    }
    return distinct;
  });
}

/** Perturbations per sentence of a finite list: `perSentence`, else enough to reach `numRuns` cases in all. */
export function perSentenceCount(sentences: number, options: { perSentence?: number; numRuns?: number }): number {
  return options.perSentence ?? Math.max(1, Math.ceil((options.numRuns ?? 100) / sentences));
}

/**
 * The cases of an INV or DIR: ready-made (a list judged once per case, or an arbitrary such as `rewrittenCases`),
 * or sentences each perturbed. A finite list of sentences gives a list: each sentence with `perSentence` distinct
 * perturbations (default ⌈numRuns / sentences⌉). Sentences from an arbitrary give an arbitrary, sampled `numRuns` times.
 */
export function casesOf(options: { sentences?: SentenceSource; perturb?: Perturbation; cases?: CaseSource<PerturbationResult>; perSentence?: number; numRuns?: number; seed?: number }): CaseSource<PerturbationResult> {
  if (options.cases) return options.cases;
  if (!options.sentences || !options.perturb) throw new UsageError('a property needs either `cases`, or `sentences` and `perturb`');
  if (Array.isArray(options.sentences)) {
    const sentences = options.sentences as readonly string[];
    return perSentenceCases(sentences, options.perturb, perSentenceCount(sentences.length, options), options.seed ?? 42);
  }
  return perturbedCases(options.sentences, options.perturb);
}

/** Cases of one source sentence fail together: INV and DIR intervals are clustered by it. */
export const sourceSentence = (c: PerturbationResult): string => c.original;

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
