import { maxSites, type AmountOptions } from '../perturbation.js';
import { isNegator } from './negation-words.js';
import { baseForms } from './polarity.js';
import { isDictionaryWord } from './pos.js';

/**
 * A typo is only label-preserving while a reader still sees the intended word: hate → ate, slow → low, call → all
 * and not → hot are different words, not typos; good → ood, sharp → mharp and rich → rih are hard to restore; a
 * sentence with four garbled words must be decoded, not read. These options are shared by deepwordbug and the typo
 * families (keyboardTypos, charNoise, ocrConfusions). What each default rejects was measured on the hand-judged set
 * (attacks/README.md, "Typo guard").
 */
export interface TypoGuardOptions {
  /**
   * Master switch. Default true: an edit may not spell a different dictionary word (one that is not an inflection of
   * the original: films → film stays allowed unless `numberSensitive`), negators (not, never, don't …) are left alone,
   * and the rules below apply. False turns every rule off (`minWordLength` still applies).
   */
  typoGuard?: boolean;
  /** Words shorter than this are left alone (short words turn into other words with one edit). Default 4. */
  minWordLength?: number;
  /**
   * Keep a word's first and last letter, edit only inside it. Default true: readers lean on the exterior letters
   * (Rayner et al. 2006, "Raeding wrods with jubmled lettres"); on the judged set every invalid first-letter edit was
   * a short key word (good → ood, sharp → mharp, dull → ull) and every invalid last-letter edit dropped a plural s.
   */
  keepExteriorLetters?: boolean;
  /** An edit may not leave a word shorter than this (rich → rih, good → god). Default 4. */
  minEditedLength?: number;
  /**
   * At most this many words of one sentence get typos. Default 3: on the judged set every example with four or more
   * garbled words was invalid and none with three or fewer was invalid for that reason.
   */
  maxTypoWords?: number;
  /**
   * For tasks that judge grammatical number or form (subject–verb agreement, acceptability): another inflection of
   * the word counts as a different word (windows → window, walks → walk, does → do), so it is rejected too, and an
   * inflectional ending (-s, -es, -ed, -ing) is left whole (nurses → nurss blurs the number the label rests on).
   * Default false: for sentiment or topic an inflection is harmless.
   */
  numberSensitive?: boolean;
}

export const DEFAULT_MIN_TYPO_LENGTH = 4;
export const DEFAULT_MIN_EDITED_LENGTH = 4;
export const DEFAULT_MAX_TYPO_WORDS = 3;

const guarded = (options: TypoGuardOptions) => options.typoGuard !== false;

/** Whether a word may be given typos at all: letters only, long enough, and (guarded) not a negator. */
export function isTypoTarget(core: string, options: TypoGuardOptions = {}): boolean {
  if (core.length < (options.minWordLength ?? DEFAULT_MIN_TYPO_LENGTH) || !/^\p{L}+$/u.test(core)) return false;
  return !guarded(options) || !isNegator(core);
}

/**
 * Whether `edited` is still a typo of `original` a reader restores at once: the exterior letters are kept, the word
 * is not shortened below `minEditedLength`, and it is not a word of its own (an inflection of the same word is
 * allowed unless `numberSensitive`). "A word" is one of the ≈93k word forms (inflections included) of the Brill
 * lexicon: a hash lookup, fast enough for the hundreds of edits charNoise enumerates per word.
 */
export function keepsTypo(original: string, edited: string, options: TypoGuardOptions = {}): boolean {
  if (!guarded(options)) return true;
  const a = original.toLowerCase();
  const b = edited.toLowerCase();
  if (a === b) return true;
  if (options.keepExteriorLetters !== false && (a[0] !== b[0] || a.at(-1) !== b.at(-1))) return false;
  if (b.length < a.length && b.length < (options.minEditedLength ?? DEFAULT_MIN_EDITED_LENGTH)) return false;
  if (options.numberSensitive && !b.endsWith(inflectionalEnding(a))) return false;
  if (!isDictionaryWord(b)) return true;
  if (options.numberSensitive) return false;
  const bases = new Set(baseForms(a));
  return baseForms(b).some((f) => bases.has(f));
}

/** The ending that carries number or form, with the letter before it: nurses → "ses", walked → "ked", the rest → "". */
function inflectionalEnding(word: string): string {
  const ending = /(?:ies|es|s|ed|ing)$/.exec(word);
  return ending && ending.index > 0 ? word.slice(ending.index - 1) : '';
}

/** The edits of `core` that stay typos (order kept). */
export function guardedTypos(core: string, edits: readonly string[], options: TypoGuardOptions = {}): string[] {
  return edits.filter((e) => keepsTypo(core, e, options));
}

/**
 * How many words of one sentence a typo family or recipe may edit under the guard: `maxTypoWords` (default 3), or
 * unlimited when the guard is off. A family asked for more words explicitly gets a RangeError naming the option.
 */
export function typoWordCap(options: TypoGuardOptions = {}): number {
  if (!guarded(options)) return Infinity;
  const cap = options.maxTypoWords ?? DEFAULT_MAX_TYPO_WORDS;
  if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`maxTypoWords must be a positive integer, got ${cap}`);
  return cap;
}

/**
 * The amount options a typo family passes on: its own `maxWords`/`rate`, held to `typoWordCap`. An explicit
 * `maxWords` over the cap is refused (the caller asked for something the guard would silently undo); a `rate` is
 * clamped per sentence.
 */
export function cappedAmount(family: string, options: AmountOptions & TypoGuardOptions, wordCount: number): { maxWords: number } {
  const cap = typoWordCap(options);
  if (options.maxWords !== undefined && options.maxWords > cap) {
    throw new RangeError(`${family}: maxWords ${options.maxWords} is over the typo guard's cap of ${cap} words per sentence (more garbled words are decoded, not read); raise maxTypoWords or set typoGuard: false`);
  }
  return { maxWords: Math.min(maxSites(options, wordCount), cap) };
}
