import { parseSentence } from '../../../attacks/internal/words.js';
import type { Constraint } from '../types.js';

export interface MaxWordsPerturbedOptions {
  /** At most this fraction of the original's words may change (at least one always may). */
  fraction?: number;
  /** At most this many words may change, however long the sentence. */
  max?: number;
}

/**
 * TextAttack's MaxWordsPerturbed: how many of the original words an example changes, held to a fraction of the
 * sentence, a count, or both (the smaller wins). Score: the share of words changed.
 */
export function maxWordsPerturbed(options: MaxWordsPerturbedOptions): Constraint {
  const { fraction, max } = options;
  if (fraction === undefined && max === undefined) throw new RangeError('maxWordsPerturbed needs a fraction, a max, or both');
  if (fraction !== undefined && !(fraction > 0 && fraction <= 1)) throw new RangeError(`maxWordsPerturbed fraction must be in (0, 1], got ${fraction}`);
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw new RangeError(`maxWordsPerturbed max must be a positive integer, got ${max}`);
  const limits = [fraction !== undefined ? `${Math.round(100 * fraction)}% of the words` : '', max !== undefined ? `${max} word${max === 1 ? '' : 's'}` : ''].filter(Boolean);
  return {
    name: 'maxWordsPerturbed',
    description: `at most ${limits.join(' and at most ')} changed (at least one)`,
    check: (pairs) =>
      pairs.map((pair) => {
        const n = parseSentence(pair.original).tokens.length;
        const changed = new Set(pair.edits.map((e) => e.index)).size;
        const allowed = Math.max(1, Math.min(fraction !== undefined ? Math.floor(fraction * n) : Infinity, max ?? Infinity));
        const share = n > 0 ? changed / n : 0;
        return {
          pass: changed <= allowed,
          score: share,
          reason: `${changed} of ${n} words changed (${changed <= allowed ? 'within' : 'over'} the limit of ${allowed})`,
          values: { changed, words: n, allowed },
        };
      }),
  };
}
