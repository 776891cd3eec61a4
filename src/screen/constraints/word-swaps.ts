import { splitAffixes } from '../../../attacks/internal/words.js';
import type { ScreenPair } from '../types.js';

/** One original word replaced by one other word: the cores (punctuation stripped) before and after. */
export interface WordSwap {
  index: number;
  from: string;
  to: string;
}

/**
 * The single-word replacements among a pair's edits (insertions, deletions and one-to-many rewrites are not swaps).
 * Edits that only change punctuation or casing are left out.
 */
export function wordSwaps(pair: ScreenPair): WordSwap[] {
  return pair.edits.flatMap((e) => {
    if (e.from === '' || e.to === '' || /\s/.test(e.to.trim())) return [];
    const from = splitAffixes(e.from).core;
    const to = splitAffixes(e.to.trim()).core;
    if (from === '' || to === '' || from.toLowerCase() === to.toLowerCase()) return [];
    return [{ index: e.index, from, to }];
  });
}

/** `great → fine, film → movie` */
export function describeSwaps(swaps: readonly WordSwap[]): string {
  return swaps.map((s) => `${s.from} → ${s.to}`).join(', ');
}

export const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
