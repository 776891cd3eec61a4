import type fc from 'fast-check';
import { ocrConfusions as confusionsOf } from './internal/char-edits.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { cappedAmount, DEFAULT_MIN_TYPO_LENGTH, guardedTypos, isTypoTarget, type TypoGuardOptions } from './internal/typo-guard.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export type OcrConfusionOptions = AmountOptions & TypoGuardOptions;

/**
 * OCR-like confusions (m↔rn, l↔1, o↔0, cl↔d, …): one per word in each of 1..maxWords words. By default a confusion
 * that spells another word (clean → dean) is not offered, and negators and words under 4 letters are left alone
 * (`typoGuard: false`, `minWordLength` change that).
 */
export function ocrConfusions(sentence: string, options: OcrConfusionOptions = {}): fc.Arbitrary<PerturbationResult> {
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (isTypoTarget(core, options) ? guardedTypos(core, confusionsOf(core), options) : []));
  return sitesArbitrary('ocr-confusions', parsed, sites, cappedAmount('ocr-confusions', options, parsed.tokens.length), `no word of ${options.minWordLength ?? DEFAULT_MIN_TYPO_LENGTH}+ letters with a character OCR confuses`);
}
