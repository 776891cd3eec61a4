import { isDictionaryWord } from '../../../attacks/internal/pos.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { describeSwaps, wordSwaps } from './word-swaps.js';

/** Cosine between two words in some vector space; undefined when the space lacks either word. */
export type WordSimilarity = (a: string, b: string) => number | undefined;

export interface WordCosineOptions {
  /** Minimum cosine of every swapped pair. Default 0.5 (TextFooler's). */
  min?: number;
  /** The vector space, independent of the victim (e.g. counter-fitted GloVe). */
  similarity: WordSimilarity;
  /** Names the space in reasons ("counter-fitted GloVe"). */
  space: string;
}

/**
 * TextFooler's WordEmbeddingDistance: each swapped word is at least `min` cosine from the word it replaced. Swaps the
 * space cannot measure (a rare word) and misspellings (replacements the English lexicon lacks) are not judged here:
 * the reason says so. Score: the lowest cosine.
 */
export function wordCosine(options: WordCosineOptions): Constraint {
  const min = options.min ?? 0.5;
  return {
    name: 'wordCosine',
    description: `each swapped word has cosine ≥ ${min} to the original in ${options.space}`,
    check: (pairs) => pairs.map((pair) => checkPair(pair, min, options)),
  };
}

function checkPair(pair: ScreenPair, min: number, options: WordCosineOptions): ConstraintScore {
  // A misspelling is no word of the space's meaning: vector tables hold typos too ("ue", "roda"), with noise vectors.
  const all = wordSwaps(pair);
  const swaps = all.filter((s) => isDictionaryWord(s.to));
  if (all.length > 0 && swaps.length === 0) return { pass: true, score: null, reason: 'word cosine not measured: only misspellings were swapped in' };
  const measured = swaps.flatMap((s) => {
    const cosine = options.similarity(s.from.toLowerCase(), s.to.toLowerCase());
    return cosine === undefined ? [] : [{ ...s, cosine }];
  });
  const unmeasured = swaps.filter((s) => !measured.some((m) => m.index === s.index));
  const note = unmeasured.length > 0 ? `; ${describeSwaps(unmeasured)} not in ${options.space}` : '';
  if (measured.length === 0) return { pass: true, score: null, reason: swaps.length === 0 ? 'no word was swapped' : `word cosine not measured: ${describeSwaps(unmeasured)} not in ${options.space}` };
  const worst = measured.reduce((a, b) => (b.cosine < a.cosine ? b : a));
  const shown = `${worst.from} → ${worst.to} cosine ${worst.cosine.toFixed(2)}`;
  return {
    pass: worst.cosine >= min,
    score: worst.cosine,
    reason: worst.cosine >= min ? `word cosine ≥ ${min} (lowest: ${shown})${note}` : `${shown} is below ${min} in ${options.space}${note}`,
    values: { word: worst.from, replacement: worst.to },
  };
}
