import type fc from 'fast-check';
import { keyboardSlips } from './internal/char-edits.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { cappedAmount, DEFAULT_MIN_TYPO_LENGTH, guardedTypos, isTypoTarget, type TypoGuardOptions } from './internal/typo-guard.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export type KeyboardTypoOptions = AmountOptions & TypoGuardOptions;

/**
 * Keyboard slips: one letter replaced by a QWERTY neighbour in each of 1..maxWords words. By default a slip that
 * spells another word (not → hot, slow → slot) is not offered, and negators and words under 4 letters are left alone
 * (`typoGuard: false`, `minWordLength` change that).
 */
export function keyboardTypos(sentence: string, options: KeyboardTypoOptions = {}): fc.Arbitrary<PerturbationResult> {
  const minLength = options.minWordLength ?? DEFAULT_MIN_TYPO_LENGTH;
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (isTypoTarget(core, options) ? guardedTypos(core, keyboardSlips(core), options) : []));
  return sitesArbitrary('keyboard-typos', parsed, sites, cappedAmount('keyboard-typos', options, parsed.tokens.length), `no word of ${minLength}+ letters to mistype`);
}
