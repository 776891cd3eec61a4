import type fc from 'fast-check';
import { flipNounNumber, flipVerbNumber } from './internal/inflection.js';
import { tagTokens } from './internal/pos.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

/** Pronouns the tagger sometimes calls nouns ("I" → "Is" is no inflection). */
const PRONOUNS = new Set(['i', 'you', 'he', 'she', 'it', 'we', 'they', 'me', 'him', 'her', 'us', 'them', 'this', 'that', 'these', 'those']);

export interface InflectionOptions extends AmountOptions {
  /** Which words may change number. Default both. */
  classes?: Array<'noun' | 'verb'>;
}

/**
 * Inflection changes: a noun's number (cat ↔ cats) or a present-tense verb's number (loves ↔ love, is ↔ are,
 * was ↔ were), using natural's inflectors on Brill-tagged words. Agreement is deliberately not repaired.
 */
export function inflections(sentence: string, options: InflectionOptions = {}): fc.Arbitrary<PerturbationResult> {
  const classes = options.classes ?? ['noun', 'verb'];
  const parsed = parseSentence(sentence);
  const tags = tagTokens(parsed);
  const sites = coreSubstitutionSites(parsed, (core, i) => {
    if (!/^\p{L}+$/u.test(core) || PRONOUNS.has(core.toLowerCase())) return [];
    const flipped =
      (classes.includes('noun') && /^NNS?$/.test(tags[i]) ? flipNounNumber(core, tags[i]) : null) ??
      (classes.includes('verb') && /^VB[ZPD]?$/.test(tags[i]) ? flipVerbNumber(core, tags[i]) : null);
    return flipped ? [flipped] : [];
  }, true);
  return sitesArbitrary('inflections', parsed, sites, options, 'no noun or present-tense verb whose number can change');
}
