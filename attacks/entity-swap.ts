import type fc from 'fast-check';
import { FEMALE_NAMES, MALE_NAMES, NUMBER_WORDS, PLACES, otherNumbers } from './internal/entities.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { matchCase, parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export type EntityKind = 'names' | 'places' | 'numbers';

export interface EntitySwapOptions extends AmountOptions {
  /** Which entities may be swapped. Default all. */
  kinds?: EntityKind[];
  /** Extra names, places or number words to recognise and swap in, per kind. */
  lists?: Partial<Record<'femaleNames' | 'maleNames' | 'places', string[]>>;
}

function others(list: readonly string[], word: string): string[] {
  return list.includes(word) ? list.filter((w) => w !== word) : [];
}

/**
 * Names, places and numbers swapped for others of their kind (a name keeps its gender, a number its digit
 * count): the label of a sentiment or acceptability classifier should not depend on which entity is named.
 */
export function entitySwap(sentence: string, options: EntitySwapOptions = {}): fc.Arbitrary<PerturbationResult> {
  const kinds = options.kinds ?? ['names', 'places', 'numbers'];
  const female = [...FEMALE_NAMES, ...(options.lists?.femaleNames ?? [])];
  const male = [...MALE_NAMES, ...(options.lists?.maleNames ?? [])];
  const places = [...PLACES, ...(options.lists?.places ?? [])];
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => {
    const out: string[] = [];
    if (kinds.includes('names')) out.push(...others(female, core), ...others(male, core));
    if (kinds.includes('places')) out.push(...others(places, core));
    if (kinds.includes('numbers')) {
      if (/^\d+$/.test(core)) out.push(...otherNumbers(core));
      const lower = core.toLowerCase();
      if (NUMBER_WORDS.includes(lower)) out.push(...others(NUMBER_WORDS, lower).map((w) => matchCase(core, w)));
    }
    return out;
  });
  return sitesArbitrary('entity-swap', parsed, sites, options, `no ${kinds.join(', ')} to swap`);
}
