import natural from './natural.js';
import { lexiconTags } from './pos.js';

const nouns = new natural.NounInflector();
const verbs = new natural.PresentVerbInflector();

const IRREGULAR_VERBS: Record<string, string> = { was: 'were', were: 'was', is: 'are', are: 'is', has: 'have', have: 'has', does: 'do', do: 'does' };

/**
 * natural's noun inflector alone gets common nouns wrong (horses → hors, boxes → boxeses), so each candidate form is
 * checked against the Brill lexicon's tags: a plural must be listed as NNS, a singular as NN.
 */
function firstTagged(candidates: string[], tag: string): string | undefined {
  return candidates.find((c) => c.length > 0 && lexiconTags(c).includes(tag));
}

export function pluralNoun(noun: string): string {
  const lower = noun.toLowerCase();
  if (lexiconTags(lower).includes('NNS') && !lexiconTags(lower).includes('NN')) return noun;
  const stem = (suffix: RegExp, replacement: string) => (suffix.test(lower) ? lower.replace(suffix, replacement) : '');
  // A plural must singularise back to the noun: min → mines is another word's plural (mine), mins is min's.
  const found = [lower + 's', lower + 'es', stem(/y$/, 'ies'), stem(/fe?$/, 'ves'), nouns.pluralize(lower)].find(
    (c) => c.length > 0 && lexiconTags(c).includes('NNS') && singularNoun(c) === lower,
  );
  return found ?? nouns.pluralize(lower);
}

export function singularNoun(noun: string): string {
  const lower = noun.toLowerCase();
  if (lexiconTags(lower).includes('NN')) return noun;
  const stem = (suffix: RegExp, replacement: string) => (suffix.test(lower) ? lower.replace(suffix, replacement) : '');
  const found = firstTagged(
    [stem(/s$/, ''), stem(/es$/, ''), stem(/ies$/, 'y'), stem(/ves$/, 'f'), stem(/ves$/, 'fe'), nouns.singularize(lower)],
    'NN',
  );
  return found ?? nouns.singularize(lower);
}

const MODALS = new Set(['can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must']);

/**
 * The other number of a present-tense (or be-past) verb, given its Penn tag: loves (VBZ) ↔ love (VBP), is ↔ are,
 * was ↔ were. Null for modals, past tenses and other forms without number.
 */
export function flipVerbNumber(verb: string, pennTag: string): string | null {
  const lower = verb.toLowerCase();
  if (lower in IRREGULAR_VERBS) return IRREGULAR_VERBS[lower];
  if (MODALS.has(lower)) return null;
  if (pennTag === 'VBZ' && lower.endsWith('s')) return verbs.pluralize(lower);
  if (pennTag === 'VBP' || pennTag === 'VB') return verbs.singularize(lower);
  return null;
}

/** The other number of a noun, given its Penn tag (NN ↔ NNS); null when the inflector gives the same word (fish). */
export function flipNounNumber(noun: string, pennTag: string): string | null {
  const flipped = pennTag === 'NNS' ? singularNoun(noun) : pennTag === 'NN' ? pluralNoun(noun) : null;
  return flipped && flipped.toLowerCase() !== noun.toLowerCase() ? flipped : null;
}

/** Third person singular of a base verb: love → loves. */
export function thirdPersonSingular(verb: string): string {
  return verbs.singularize(verb);
}

/** Base form of a third person singular verb: loves → love. */
export function verbBase(verb: string): string {
  return verbs.pluralize(verb);
}
