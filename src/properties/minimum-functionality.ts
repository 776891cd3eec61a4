import fc from 'fast-check';
import { UsageError } from '../errors.js';
import type { Counterexample, RobustnessResult } from '../report/types.js';
import { predictAll, predictionView, runProperty, type PropertyOptions, type Verdict } from './engine.js';
import type { LabelledCase } from './template.js';

export interface MinimumFunctionalityOptions extends PropertyOptions {
  /** Labelled cases: a list, or an arbitrary such as `template(…)` or several combined with `fc.oneof`. */
  cases: readonly LabelledCase[] | fc.Arbitrary<LabelledCase>;
  /** What the cases test, for the report (e.g. "negated positives"). Default "template". */
  capability?: string;
}

/** CheckList's MFT: each case must get its expected label. */
export async function minimumFunctionality(options: MinimumFunctionalityOptions): Promise<RobustnessResult> {
  const { model } = options;
  const labels = model.info.labels ?? [];
  const arbitrary = options.cases instanceof fc.Arbitrary ? options.cases : fc.constantFrom(...options.cases);
  return runProperty({
    ...options,
    type: 'MFT',
    perturbation: options.capability ?? 'template',
    arbitrary,
    judge: async (cases) => {
      const predictions = await predictAll(model, cases.map((c) => c.text));
      return cases.map((c): Verdict<LabelledCase> => {
        if (!labels.includes(c.label)) throw new UsageError(`MFT label "${c.label}" is not one of the model's labels: ${labels.join(', ')}`);
        const p = predictions.get(c.text)!;
        if (p.label === c.label) return { status: 'pass' };
        const view = predictionView(model, p);
        return {
          status: 'fail',
          case: c,
          counterexample: (seed: number, path: string): Counterexample => ({
            original: c.text, perturbed: c.text, edits: [], originalPrediction: view, perturbedPrediction: view, expected: c.label, seed, path,
          }),
        };
      });
    },
  });
}
