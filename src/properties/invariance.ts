import type { Perturbation, PerturbationResult } from '../../attacks/perturbation.js';
import type { RobustnessResult } from '../report/types.js';
import { runProperty, type CaseSource, type PropertyOptions } from './engine.js';
import { casesOf, familyName, judgePerturbed, sourceSentence } from './perturbation-cases.js';
import type { SentenceSource } from './sentences.js';
import { defaultScreen } from '../screen/default-screen.js';
import { screenPairs } from '../screen/screen.js';
import type { Constraint } from '../screen/types.js';

export interface InvarianceOptions extends PropertyOptions {
  /**
   * Sentences to perturb with `perturb`: a finite list is judged sentence by sentence, `perSentence` distinct
   * perturbations each (never drawn with replacement); an arbitrary of sentences is sampled `numRuns` times…
   */
  sentences?: SentenceSource;
  /** Distinct perturbations judged per sentence of a finite list. Default ⌈numRuns / sentences⌉. */
  perSentence?: number;
  /** …a perturbation bound to its options, e.g. `(s) => synonyms(s, {maxWords: 2})`… */
  perturb?: Perturbation;
  /**
   * …or ready-made perturbed cases: an arbitrary (e.g. `rewrittenCases(grammarSentence(g), attractor)`, sampled
   * `numRuns` times) or a finite list (each judged exactly once; `numRuns` does not apply).
   */
  cases?: CaseSource<PerturbationResult>;
  /**
   * Constraints each reported counterexample is screened with: its scores and a valid/invalid verdict are recorded
   * (a counterexample whose perturbation changed the meaning is not a model error). Default `defaultScreen()`;
   * `false` records none. Failure counts are not changed.
   */
  screen?: readonly Constraint[] | false;
}

/**
 * CheckList's INV: the predicted label must not change under the perturbation. Sentences the perturbation cannot
 * touch are counted as skipped; the failure rate and its interval are over the cases it could touch, the interval
 * clustered by source sentence (perturbations of one sentence are not independent cases).
 */
export async function invariance(options: InvarianceOptions): Promise<RobustnessResult> {
  const cases = casesOf(options);
  const result = await runProperty({
    ...options,
    type: 'INV',
    perturbation: familyName(cases, options.seed ?? 42),
    cases,
    clusterOf: sourceSentence,
    identify: (c) => ({ original: c.original, perturbed: c.text }),
    judge: judgePerturbed(options.model, (before, after) => before.labelIndex !== after.labelIndex),
  });
  const screen = options.screen === false ? undefined : (options.screen ?? defaultScreen());
  if (screen && result.counterexamples.length > 0) {
    const screened = await screenPairs(result.counterexamples, screen);
    result.counterexamples.forEach((c, i) => Object.assign(c, screened[i]));
  }
  return result;
}
