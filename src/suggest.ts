/** "Did you mean" suggestions for mistyped flags, config keys and metric names (Damerau–Levenshtein distance). */

import { damerauLevenshtein as distance } from '../attacks/internal/char-edits.js';

/** The closest known name within a third of its length (at least 2 edits), case-insensitive, or undefined. */
export function closest(input: string, known: Iterable<string>): string | undefined {
  const lower = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of known) {
    const d = distance(lower, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** "; did you mean X?" or "" when nothing is close. */
export function didYouMean(input: string, known: Iterable<string>, show: (name: string) => string = (n) => `"${n}"`): string {
  const match = closest(input, known);
  return match === undefined ? '' : `; did you mean ${show(match)}?`;
}
