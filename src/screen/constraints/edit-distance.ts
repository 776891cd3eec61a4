import { damerauLevenshtein } from '../../../attacks/internal/char-edits.js';
import { splitAffixes } from '../../../attacks/internal/words.js';
import type { Constraint } from '../types.js';

export interface EditDistanceOptions {
  /** Most character edits allowed over all changed words together. */
  max: number;
}

/** DeepWordBug's budget: total Damerau–Levenshtein distance between original and new word cores. Score: that distance. */
export function editDistance(options: EditDistanceOptions): Constraint {
  return {
    name: 'editDistance',
    description: `at most ${options.max} character edits in all`,
    check: (pairs) =>
      pairs.map((pair) => {
        const distance = pair.edits.reduce((sum, e) => sum + damerauLevenshtein(splitAffixes(e.from).core, splitAffixes(e.to).core), 0);
        const pass = distance <= options.max;
        return { pass, score: distance, reason: `${distance} character edit${distance === 1 ? '' : 's'} (limit ${options.max})` };
      }),
  };
}
