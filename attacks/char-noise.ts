import type fc from 'fast-check';
import { charEdits, type CharOp } from './internal/char-edits.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { cappedAmount, DEFAULT_MIN_TYPO_LENGTH, guardedTypos, isTypoTarget, type TypoGuardOptions } from './internal/typo-guard.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface CharNoiseOptions extends AmountOptions, TypoGuardOptions {
  /** Which single-character edits to use. Default all four. */
  ops?: CharOp[];
}

/**
 * Character noise: one insertion, deletion, substitution or transposition in each of 1..maxWords words. By default
 * an edit that spells another word (hate → ate) is not offered, and negators and words under 4 letters are left
 * alone (`typoGuard: false`, `minWordLength` change that).
 */
export function charNoise(sentence: string, options: CharNoiseOptions = {}): fc.Arbitrary<PerturbationResult> {
  const ops = options.ops ?? ['insert', 'delete', 'substitute', 'transpose'];
  const minLength = options.minWordLength ?? DEFAULT_MIN_TYPO_LENGTH;
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (isTypoTarget(core, options) ? guardedTypos(core, charEdits(core, ops), options) : []));
  return sitesArbitrary('char-noise', parsed, sites, cappedAmount('char-noise', options, parsed.tokens.length), `no word of ${minLength}+ letters to add character noise to`);
}
