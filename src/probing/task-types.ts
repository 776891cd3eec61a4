import type { TaskShape } from './probe-data.js';

/** A sentence as whitespace words; the model sees `words.join(' ')`. */
export interface SelectionExample {
  words: string[];
  /** Index of the target word in `words`. */
  target: number;
}

export interface LabellingExample {
  words: string[];
  /** One label per word; `null` for a word that is not scored. */
  labels: Array<string | null>;
}

export type Example = SelectionExample | LabellingExample;

/** A probing task's data: train (a dev split is carved out of it), test, and zero or more generalization sets. */
export interface TaskData<E extends Example = Example> {
  name: string;
  shape: TaskShape;
  train: E[];
  test: E[];
  gen: Record<string, E[]>;
  /** Lines or sentences left out while loading, by reason. */
  skipped: Record<string, number>;
  /**
   * Open Sesame's n-th token task: when set, each target is re-derived from the model's own tokenization as the word
   * that holds the n-th sub-token (1-based, [CLS] not counted); sentences with fewer sub-tokens are skipped.
   */
  nthToken?: number;
}

export function isSelection(e: Example): e is SelectionExample {
  return (e as SelectionExample).target !== undefined;
}
