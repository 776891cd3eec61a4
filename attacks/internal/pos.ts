import natural from './natural.js';
import { splitAffixes, type ParsedSentence } from './words.js';

let tagger: InstanceType<typeof natural.BrillPOSTagger> | undefined;

function brill() {
  tagger ??= new natural.BrillPOSTagger(new natural.Lexicon('EN', 'NN', 'NNP'), new natural.RuleSet('EN'));
  return tagger;
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
