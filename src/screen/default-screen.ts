import { candidateVectors } from '../../attacks/internal/vectors/candidate-vectors.js';
import { grammaticalNumber } from './constraints/grammatical-number.js';
import { negation } from './constraints/negation.js';
import { partOfSpeech } from './constraints/part-of-speech.js';
import { polarity } from './constraints/polarity.js';
import { polarityStrength } from './constraints/polarity-strength.js';
import { wordClass } from './constraints/word-class.js';
import { wordCosine, type WordCosineOptions } from './constraints/word-cosine.js';
import { wordSense } from './constraints/word-sense.js';
import type { Constraint } from './types.js';

export interface DefaultScreenOptions {
  /**
   * The word space of the word-cosine constraint, independent of the victim. Default: counter-fitted GloVe (the
   * textfooler candidates' space, converted once into `cacheDir`); `false` leaves word cosine out.
   */
  wordSpace?: Pick<WordCosineOptions, 'similarity' | 'space'> | false;
  /** Cache root of the converted GloVe; false converts in memory. Default `.sesame-cache`. */
  cacheDir?: string | false;
  /** Minimum word cosine. Default 0.5 (TextFooler's; see attacks/README.md for what it does on the judged set). */
  minWordCosine?: number;
  /** More constraints, checked after the lexical ones (e.g. `bertScore`). */
  extra?: readonly Constraint[];
}

/**
 * The screen every reported adversarial example and INV counterexample goes through: part of speech, prior polarity
 * (sign, then strength), negation, grammatical number, word class in context, WordNet sense link, word cosine in
 * counter-fitted GloVe, then any extra constraints (BERTScore when an encoder is known).
 */
export function defaultScreen(options: DefaultScreenOptions = {}): Constraint[] {
  const space =
    options.wordSpace === false
      ? undefined
      : (options.wordSpace ?? { space: 'counter-fitted GloVe', similarity: (a: string, b: string) => candidateVectors({ vectors: 'glove', cacheDir: options.cacheDir }).cosine(a, b) });
  return [
    partOfSpeech(), polarity(), negation(), polarityStrength(), grammaticalNumber(), wordClass(), wordSense(),
    ...(space ? [wordCosine({ ...space, min: options.minWordCosine ?? 0.5 })] : []), ...(options.extra ?? [])];
}
