import { UsageError } from '../errors.js';
import type { Counterexample, RobustnessResult } from '../report/types.js';
import { isCaseList, predictAll, predictionView, runProperty, type CaseSource, type PropertyOptions, type Verdict } from './engine.js';
import type { LabelledCase } from './template.js';

export interface MinimumFunctionalityOptions extends PropertyOptions {
  /**
   * Labelled cases: a list (each judged exactly once; `numRuns` does not apply), or an arbitrary such as
   * `template(…)` or several combined with `fc.oneof` (`numRuns` draws, replayable by seed and path).
   */
  cases: CaseSource<LabelledCase>;
  /** What the cases test, for the report (e.g. "negated positives"). Default "template" ("labelled cases" for a list). */
  capability?: string;
}

/**
 * An MFT is judged against gold labels only: a case without one is refused (judged against the model's own
 * prediction it would always pass). `where` names the case in the message.
 */
export function requireGoldLabel(c: Partial<LabelledCase>, where: string): void {
  if (c.label === undefined || c.label === null || c.label === '') {
    throw new UsageError(`${where} (${JSON.stringify(c.text)}) has no label: an MFT needs gold labels, it cannot be judged against the model's own predictions`);
  }
}

/** CheckList's MFT: each case must get its expected label. */
export async function minimumFunctionality(options: MinimumFunctionalityOptions): Promise<RobustnessResult> {
  const { model } = options;
  const labels = model.info.labels ?? [];
  if (isCaseList(options.cases)) options.cases.forEach((c, i) => requireGoldLabel(c, `MFT case ${i + 1}`));
  return runProperty({
    ...options,
    type: 'MFT',
    perturbation: options.capability ?? (isCaseList(options.cases) ? 'labelled cases' : 'template'),
    cases: options.cases,
    identify: (c) => ({ original: c.text, perturbed: c.text, expected: c.label }),
    judge: async (cases) => {
      const predictions = await predictAll(model, cases.map((c) => c.text));
      return cases.map((c): Verdict<LabelledCase> => {
        requireGoldLabel(c, 'an MFT case');
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
