import { parseSentence } from '../../../attacks/internal/words.js';
import type { Constraint } from '../types.js';

export interface MaxWordsPerturbedOptions {
  /** At most this fraction of the original's words may change (at least one always may). */
  fraction: number;
}

/** TextAttack's MaxWordsPerturbed: the share of original words an edit touches. Score: that share. */
export function maxWordsPerturbed(options: MaxWordsPerturbedOptions): Constraint {
  const { fraction } = options;
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`maxWordsPerturbed fraction must be in (0, 1], got ${fraction}`);
  return {
    name: 'maxWordsPerturbed',
    description: `at most ${Math.round(100 * fraction)}% of the words changed (at least one)`,
    check: (pairs) =>
      pairs.map((pair) => {
        const n = parseSentence(pair.original).tokens.length;
        const changed = new Set(pair.edits.map((e) => e.index)).size;
        const allowed = Math.max(1, Math.floor(fraction * n));
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
