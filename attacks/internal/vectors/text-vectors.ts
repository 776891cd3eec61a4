import fs from 'node:fs';
import { UsageError } from '../../../src/errors.js';
import { WordVectors } from './word-vectors.js';

/**
 * A user's word-vector file in GloVe text format (`word v1 … vd` per line) or word2vec text format (the same,
 * after a `count dim` first line). Every line must have the same number of values; a bad line stops with the file
 * and line number (exit 2). Used as given: not counter-fitted, not cached.
 */
export function readTextVectors(file: string): WordVectors {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--vectors ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); pass a GloVe or word2vec text file, 'glove' or 'victim'`);
  }
  const lines = text.split('\n');
  let dim = 0;
  let declared: number | undefined;
  let first = 0;
  const head = lines[0]?.trim().split(/\s+/) ?? [];
  if (head.length === 2 && head.every((x) => /^\d+$/.test(x))) {
    declared = Number(head[0]);
    dim = Number(head[1]);
    first = 1;
  }
  const words: string[] = [];
  const values: number[] = [];
  for (let i = first; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const where = `--vectors ${file} line ${i + 1}`;
    if (dim === 0) dim = parts.length - 1;
    if (dim < 1) throw new UsageError(`${where}: "${line.slice(0, 40)}" has no numbers after the word; expected GloVe/word2vec text (word v1 … vd)`);
    if (parts.length - 1 !== dim) {
      throw new UsageError(`${where}: ${parts.length - 1} values after "${parts[0]}", expected ${dim} like the ${first === 1 ? 'header' : 'first line'}; every line needs the same dimensions`);
    }
    for (let d = 1; d <= dim; d++) {
      const x = Number(parts[d]);
      if (!Number.isFinite(x)) throw new UsageError(`${where}: value ${d} of "${parts[0]}" is "${parts[d]}", not a number`);
      values.push(x);
    }
    words.push(parts[0]);
  }
  if (words.length === 0) throw new UsageError(`--vectors ${file}: no vectors in it; expected GloVe/word2vec text (word v1 … vd per line)`);
  if (declared !== undefined && declared !== words.length) {
    throw new UsageError(`--vectors ${file} line 1: the header says ${declared} vectors, the file has ${words.length}`);
  }
  return new WordVectors(words, WordVectors.normalise(Float32Array.from(values), dim), dim, file);
}
