import type { WordEdit } from '../report/types.js';

/** An original sentence and a perturbed copy of it, with the word edits between them (`WordEdit` conventions). */
export interface ScreenPair {
  original: string;
  perturbed: string;
  edits: readonly WordEdit[];
}

/**
 * What one constraint measured on one pair, promptfoo-style: a verdict, the number it thresholded and a reason that
 * reads like a sentence ("great → fine keeps the polarity (+0.6 → +0.4)").
 */
export interface ConstraintScore {
  pass: boolean;
  /** The measured value the verdict rests on (cosine, F1, …); null when the constraint measures no single number. */
  score: number | null;
  reason: string;
  /** The measurements behind the verdict, e.g. `{before: 0.6, after: -0.4}` for polarity. */
  values?: Record<string, number | string | null>;
}

/**
 * A semantic or lexical constraint as an object (TextAttack's `constraints=[…]`): named, and scoring a batch of
 * pairs at once so constraints that run a model (BERTScore) can batch their forward passes.
 */
export interface Constraint {
  /** Unique within a screen; the key of its score in reports (`wordCosine`, `bertScore`, `polarity` …). */
  readonly name: string;
  /** One line: what it checks and its threshold. */
  readonly description: string;
  check(pairs: readonly ScreenPair[]): ConstraintScore[] | Promise<ConstraintScore[]>;
}

/** The screen's verdict on one example: valid when every constraint passes; the reasons say why (or why not). */
export interface ScreenVerdict {
  valid: boolean;
  reasons: string[];
}

/** Every constraint's score on one example, by constraint name, and the verdict they add up to. */
export interface ScreenResult {
  constraints: Record<string, ConstraintScore>;
  screen: ScreenVerdict;
}
