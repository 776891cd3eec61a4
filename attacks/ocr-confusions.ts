import type fc from 'fast-check';
import { ocrConfusions as confusionsOf } from './internal/char-edits.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

/** OCR-like confusions (m↔rn, l↔1, o↔0, cl↔d, …): one per word in each of 1..maxWords words. */
export function ocrConfusions(sentence: string, options: AmountOptions = {}): fc.Arbitrary<PerturbationResult> {
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (/\p{L}/u.test(core) ? confusionsOf(core) : []));
  return sitesArbitrary('ocr-confusions', parsed, sites, options, 'no word with a character OCR confuses');
}
