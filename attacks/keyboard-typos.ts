import type fc from 'fast-check';
import { keyboardSlips } from './internal/char-edits.js';
import { coreSubstitutionSites, isNoisableWord } from './internal/substitution.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface KeyboardTypoOptions extends AmountOptions {
  /** Words shorter than this are left alone. Default 3. */
  minWordLength?: number;
}

/** Keyboard slips: one letter replaced by a QWERTY neighbour in each of 1..maxWords words. */
export function keyboardTypos(sentence: string, options: KeyboardTypoOptions = {}): fc.Arbitrary<PerturbationResult> {
  const minLength = options.minWordLength ?? 3;
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (isNoisableWord(core, minLength) ? keyboardSlips(core) : []));
  return sitesArbitrary('keyboard-typos', parsed, sites, options, `no word of ${minLength}+ letters to mistype`);
}
