import { UsageError } from '../errors.js';

/**
 * Where an attack's reference labels come from: the data's gold labels, or the model's own predictions when the
 * data has none. Over model predictions every example starts "correct", so nothing measured is an accuracy.
 */
export type LabelSource = 'gold' | 'model prediction';

/**
 * The label source of a set of examples: all labelled → gold, none → model prediction. A mix is refused: some
 * examples would be judged against gold and others against the model, and no number would mean either.
 * `where(i)` names example i in the message (e.g. "data.jsonl line 3").
 */
export function labelSourceOf(examples: ReadonlyArray<{ label?: unknown }>, where: (index: number) => string): LabelSource {
  const labelled = (e: { label?: unknown }) => e.label !== undefined && e.label !== null;
  const first = examples.findIndex(labelled);
  if (first < 0) return 'model prediction';
  const missing = examples.findIndex((e) => !labelled(e));
  if (missing < 0) return 'gold';
  throw new UsageError(
    `${where(missing)} has no label but ${where(first)} has one: label every example, or none (then the model's own predictions are the reference and nothing is reported as accuracy)`,
  );
}
