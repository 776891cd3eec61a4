import { WordNetFiles, type Synset, type WordNetFilePos } from '../wordnet-files.js';

/** Word pairs counter-fitting pulls together (synonyms) or pushes apart (antonyms); each pair once, a < b. */
export interface LexicalRelations {
  synonyms: Array<[string, string]>;
  antonyms: Array<[string, string]>;
}

const POS: WordNetFilePos[] = ['noun', 'verb', 'adj', 'adv'];
const single = (w: string) => /^[a-z]+$/.test(w);

/**
 * WordNet 3.1's synonym and antonym pairs among `vocabulary` words:
 * - synonyms: two single-word lemmas of one synset that is the first (most frequent) sense of both, so secondary
 *   senses do not pull words together (awful shares a synset with amazing only in a rare sense; guide and maneuver
 *   only in guide's steering sense);
 * - antonyms: direct (`!` pointers between lemmas) and indirect through similar-to: every word of an adjective head
 *   synset or of its satellites (good, fine, superb …) against every word of the antonym head and its satellites
 *   (bad, awful, lousy …): WordNet's own reading of adjective clusters.
 */
export function wordNetRelations(vocabulary: ReadonlySet<string>, files: WordNetFiles = WordNetFiles.fromWordnetDb()): LexicalRelations {
  const synonyms = new Set<string>();
  const antonyms = new Set<string>();
  const add = (into: Set<string>, a: string, b: string) => {
    if (a === b || !vocabulary.has(a) || !vocabulary.has(b)) return;
    into.add(a < b ? `${a} ${b}` : `${b} ${a}`);
  };
  const senseCache = new Map<string, { offsets: number[]; tagged: number }>();
  const commonSense = (word: string, pos: WordNetFilePos, offset: number) => {
    const key = `${pos} ${word}`;
    let senses = senseCache.get(key);
    if (!senses) {
      senses = files.senses(word, pos);
      senseCache.set(key, senses);
    }
    // The synset must be the word's first (most frequent) sense: attracting words through a secondary sense pulls
    // guide toward maneuver (steer) and plot toward diagram, above the word's everyday neighbours.
    return senses.offsets.indexOf(offset) === 0;
  };

  const adjectives = new Map<number, Synset>();
  for (const pos of POS) {
    for (const synset of files.synsets(pos)) {
      if (pos === 'adj') adjectives.set(synset.offset, synset);
      const known = synset.words.filter((w) => single(w) && vocabulary.has(w));
      const common = known.length < 2 ? [] : known.filter((w) => commonSense(w, pos, synset.offset));
      for (let i = 0; i < common.length; i++) for (let j = i + 1; j < common.length; j++) add(synonyms, common[i], common[j]);
      for (const ptr of synset.pointers) {
        if (ptr.symbol !== '!') continue;
        const target = pos === 'adj' ? undefined : files.synset(ptr.offset, ptr.pos);
        const from = ptr.source === 0 ? synset.words : [synset.words[ptr.source - 1]];
        const to = target ? (ptr.target === 0 ? target.words : [target.words[ptr.target - 1]]) : [];
        for (const a of from) for (const b of to) if (a && b && single(a) && single(b)) add(antonyms, a, b);
      }
    }
  }
  // Adjectives: a head synset's cluster is its words plus its satellites' (similar-to, `&`).
  const clusters = new Map<number, string[]>();
  const cluster = (head: Synset): string[] => {
    let words = clusters.get(head.offset);
    if (!words) {
      words = [...head.words];
      for (const ptr of head.pointers) if (ptr.symbol === '&') words.push(...(adjectives.get(ptr.offset)?.words ?? []));
      words = words.filter((w) => single(w) && vocabulary.has(w));
      clusters.set(head.offset, words);
    }
    return words;
  };
  for (const synset of adjectives.values()) {
    for (const ptr of synset.pointers) {
      if (ptr.symbol !== '!') continue;
      const target = adjectives.get(ptr.offset);
      if (!target) continue;
      // direct, lemma to lemma
      const a = synset.words[ptr.source - 1];
      const b = target.words[ptr.target - 1];
      if (a && b && single(a) && single(b)) add(antonyms, a, b);
      // indirect, cluster to cluster (only from head synsets: satellites carry no antonym pointers)
      if (synset.type === 'a' && target.type === 'a') {
        const theirs = cluster(target);
        for (const x of cluster(synset)) for (const y of theirs) add(antonyms, x, y);
      }
    }
  }
  // A pair WordNet calls both (through different senses) is left out of the synonyms: never pull antonyms together.
  for (const pair of antonyms) synonyms.delete(pair);
  const split = (pairs: Set<string>) => [...pairs].sort().map((p) => p.split(' ') as [string, string]);
  return { synonyms: split(synonyms), antonyms: split(antonyms) };
}
