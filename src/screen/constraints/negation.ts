import { negationChanges } from '../../../attacks/internal/negation-words.js';
import type { Constraint } from '../types.js';

/**
 * No edit adds or removes a negation: a negator word (not, no, never, nothing, nor …, any n't contraction) or a
 * negating prefix (un-, dis-, in-, im-, non- … on the same stem: like → dislike, happy → unhappy). A typo that
 * destroys "not" removes a negation too. Score: how many negations were added or removed.
 */
export function negation(): Constraint {
  return {
    name: 'negation',
    description: 'no negation added or removed (not, no, never, n’t, un-/dis- prefixes)',
    check: (pairs) =>
      pairs.map((pair) => {
        const changes = negationChanges(pair.original, pair.perturbed, pair.edits);
        if (changes.length === 0) return { pass: true, score: 0, reason: 'no negation added or removed' };
        return { pass: false, score: changes.length, reason: changes.join('; ') };
      }),
  };
}
