import { judgePolaritySwap, type PolarityGuardOptions } from '../../../attacks/internal/polarity.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { signed, wordSwaps } from './word-swaps.js';

/**
 * Every swapped word keeps its prior sentiment (see `judgePolaritySwap`): no polar word becomes one of the opposite
 * sign or an unrated real word, no neutral word becomes a strongly polar one. Score: the largest polarity shift
 * |after − before| over the swaps; values: the before/after polarity of the swap that decided.
 */
export function polarity(options: PolarityGuardOptions = {}): Constraint {
  return {
    name: 'polarity',
    description: 'no swap flips, loses or adds prior sentiment (AFINN, Pattern, VADER, spread over WordNet)',
    check: (pairs) => pairs.map((pair) => checkPair(pair, options)),
  };
}

function checkPair(pair: ScreenPair, options: PolarityGuardOptions): ConstraintScore {
  const swaps = wordSwaps(pair);
  if (swaps.length === 0) return { pass: true, score: 0, reason: 'no word was swapped, so no prior sentiment changed' };
  const judged = swaps.map((s) => ({ swap: s, ...judgePolaritySwap(s.from, s.to, options) }));
  const failing = judged.find((j) => !j.keeps);
  const decisive = failing ?? judged.reduce((a, b) => (shift(b) > shift(a) ? b : a));
  const fmt = (p: number | undefined) => (p === undefined ? 'unrated' : signed(p));
  const reasonOf = (j: (typeof judged)[number]) => `${j.swap.from} → ${j.swap.to} ${j.reason} (${fmt(j.before)} → ${fmt(j.after)})`;
  return {
    pass: failing === undefined,
    score: Math.max(...judged.map(shift)),
    reason: failing ? reasonOf(failing) : judged.map(reasonOf).join('; '),
    values: { word: decisive.swap.from, replacement: decisive.swap.to, before: decisive.before ?? null, after: decisive.after ?? null },
  };
}

const shift = (j: { before?: number; after?: number }) => Math.abs((j.after ?? 0) - (j.before ?? 0));
