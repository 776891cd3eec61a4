import natural from './natural.js';

const nouns = new natural.NounInflector();
const verbs = new natural.PresentVerbInflector();

const IRREGULAR_VERBS: Record<string, string> = { was: 'were', were: 'was', is: 'are', are: 'is', has: 'have', have: 'has', does: 'do', do: 'does' };

export function pluralNoun(noun: string): string {
  return nouns.pluralize(noun);
}

export function singularNoun(noun: string): string {
  return nouns.singularize(noun);
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
  const flipped = pennTag === 'NNS' ? nouns.singularize(noun) : pennTag === 'NN' ? nouns.pluralize(noun) : null;
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
