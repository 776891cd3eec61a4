import natural from './natural.js';
import { splitAffixes, type ParsedSentence } from './words.js';

let lexicon: InstanceType<typeof natural.Lexicon> | undefined;
let tagger: InstanceType<typeof natural.BrillPOSTagger> | undefined;

function brillLexicon() {
  lexicon ??= new natural.Lexicon('EN', 'NN', 'NNP');
  return lexicon;
}

function brill() {
  tagger ??= new natural.BrillPOSTagger(brillLexicon(), new natural.RuleSet('EN'));
  return tagger;
}

/**
 * Whether the Brill tagger's English lexicon (≈93k word forms) knows this word: filters sub-word vocabulary
 * entries such as `pleas` or `ment` out of embedding neighbours.
 */
export function isDictionaryWord(word: string): boolean {
  return lexiconTags(word).length > 0;
}

/** The Penn tags the Brill lexicon allows for a word form ([] when it does not know the word). */
export function lexiconTags(word: string): readonly string[] {
  const entries = (brillLexicon() as unknown as { lexicon: Record<string, string[]> }).lexicon;
  const key = word.toLowerCase();
  return Object.hasOwn(entries, key) ? entries[key] : [];
}

/** Penn Treebank tags of each token's core (its punctuation stripped), by natural's Brill tagger; '' for pure punctuation. */
export function tagTokens(sentence: ParsedSentence): string[] {
  const cores = sentence.tokens.map((t) => splitAffixes(t.text).core);
  const present = cores.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  const tags = new Array<string>(cores.length).fill('');
  if (present.length === 0) return tags;
  const tagged = brill().tag(present.map(([c]) => c)).taggedWords;
  present.forEach(([, i], k) => (tags[i] = tagged[k].tag));
  return tags;
}

/** WordNet's part of speech for a Penn tag: n, v, a (adjectives and satellites), r; null for closed classes. */
export type WordNetPos = 'n' | 'v' | 'a' | 'r';

export function wordNetPos(pennTag: string): WordNetPos | null {
  if (/^NN(S)?$/.test(pennTag)) return 'n';
  if (/^VB/.test(pennTag)) return 'v';
  if (/^JJ/.test(pennTag)) return 'a';
  if (/^RB/.test(pennTag)) return 'r';
  return null;
}

/** Coarse class used by the "part of speech kept" constraint: NN and NNS are both nouns, VBZ and VBD both verbs. */
export function coarsePos(pennTag: string): string {
  return wordNetPos(pennTag) ?? pennTag;
}
