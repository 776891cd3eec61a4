import { isNegator } from './negation-words.js';
import { baseForms } from './polarity.js';
import { isDictionaryWord } from './pos.js';

/**
 * A typo is only label-preserving while a reader still sees the intended word: hate → ate, slow → low, call → all
 * and not → hot are different words, not typos. These options are shared by deepwordbug and the typo families.
 */
export interface TypoGuardOptions {
  /**
   * Rejects an edit that spells a different dictionary word (one that is not an inflection of the original: films
   * → film stays allowed), and leaves negators (not, never, don't …) alone. Default true; false turns both off.
   */
  typoGuard?: boolean;
  /** Words shorter than this are left alone (short words turn into other words with one edit). Default 4. */
  minWordLength?: number;
}

export const DEFAULT_MIN_TYPO_LENGTH = 4;

/** Whether a word may be given typos at all: letters only, long enough, and (guarded) not a negator. */
export function isTypoTarget(core: string, options: TypoGuardOptions = {}): boolean {
  if (core.length < (options.minWordLength ?? DEFAULT_MIN_TYPO_LENGTH) || !/^\p{L}+$/u.test(core)) return false;
  return options.typoGuard === false || !isNegator(core);
}

/**
 * Whether `edited` is still a typo of `original`: not a word of its own, or an inflection of the same word. "A word"
 * is one of the ≈93k word forms (inflections included) of the Brill lexicon: a hash lookup, fast enough for the
 * hundreds of edits charNoise enumerates per word.
 */
export function keepsTypo(original: string, edited: string, options: TypoGuardOptions = {}): boolean {
  if (options.typoGuard === false) return true;
  const a = original.toLowerCase();
  const b = edited.toLowerCase();
  if (a === b || !isDictionaryWord(b)) return true;
  const bases = new Set(baseForms(a));
  return baseForms(b).some((f) => bases.has(f));
}

/** The edits of `core` that stay typos (order kept). */
export function guardedTypos(core: string, edits: readonly string[], options: TypoGuardOptions = {}): string[] {
  return edits.filter((e) => keepsTypo(core, e, options));
}
