import { negation } from './constraints/negation.js';
import { partOfSpeech } from './constraints/part-of-speech.js';
import { polarity } from './constraints/polarity.js';
import { wordCosine, type WordCosineOptions } from './constraints/word-cosine.js';
import type { Constraint } from './types.js';

export interface DefaultScreenOptions {
  /** A word space independent of the victim for the word-cosine constraint; without it, word cosine is not screened. */
  wordSpace?: Pick<WordCosineOptions, 'similarity' | 'space'>;
  /** Minimum word cosine. Default 0.5. */
  minWordCosine?: number;
  /** More constraints, checked after the lexical ones (e.g. `bertScore`). */
  extra?: readonly Constraint[];
}

/**
 * The screen every reported adversarial example and INV counterexample goes through: part of speech, prior polarity,
 * negation, word cosine (when a word space is given), then any extra constraints.
 */
export function defaultScreen(options: DefaultScreenOptions = {}): Constraint[] {
  return [
    partOfSpeech(),
    polarity(),
    negation(),
    ...(options.wordSpace ? [wordCosine({ ...options.wordSpace, min: options.minWordCosine })] : []),
    ...(options.extra ?? []),
  ];
}
