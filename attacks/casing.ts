import type fc from 'fast-check';
import { coreSubstitutionSites } from './internal/substitution.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export type CaseStyle = 'upper' | 'lower' | 'title';

export interface CasingOptions extends AmountOptions {
  /** Casings to try. Default all three. */
  styles?: CaseStyle[];
}

function recase(word: string, style: CaseStyle): string {
  if (style === 'upper') return word.toUpperCase();
  if (style === 'lower') return word.toLowerCase();
  return word[0].toUpperCase() + word.slice(1).toLowerCase();
}

/** Casing changes: a word in upper, lower or title case (letters unchanged otherwise). */
export function casing(sentence: string, options: CasingOptions = {}): fc.Arbitrary<PerturbationResult> {
  const styles = options.styles ?? ['upper', 'lower', 'title'];
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (/\p{L}/u.test(core) ? styles.map((s) => recase(core, s)) : []));
  return sitesArbitrary('casing', parsed, sites, options, 'no word whose casing can change');
}
