import type { SesameModel } from '../../src/models/types.js';
import { isDictionaryWord } from './pos.js';

export interface Neighbour {
  word: string;
  cosine: number;
}

/** Cosine nearest neighbours among the whole-word entries of a model's input-embedding matrix. */
export class EmbeddingNeighbourIndex {
  private readonly unit: Float32Array;
  private readonly hidden: number;
  /**
   * Vocabulary ids of whole-word entries: letters only (no `##` pieces, special or punctuation tokens) and known to
   * the English lexicon (so word-initial pieces such as `pleas` or `ment` are never offered as words).
   */
  private readonly wordIds: Int32Array;
  /** Unit vectors of the whole-word entries, packed row after row in `wordIds` order (one pass per query word). */
  private readonly wordUnit: Float32Array;
  private readonly wordTokens: string[];
  private readonly cache = new Map<string, Neighbour[]>();

  constructor(private readonly model: SesameModel) {
    const { data, shape } = model.inputEmbeddings();
    const [vocab, hidden] = shape;
    this.hidden = hidden;
    this.unit = new Float32Array(data.length);
    const ids: number[] = [];
    for (let id = 0; id < vocab; id++) {
      let norm = 0;
      for (let k = 0; k < hidden; k++) norm += data[id * hidden + k] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < hidden; k++) this.unit[id * hidden + k] = data[id * hidden + k] / norm;
      const token = model.idToToken(id);
      if (/^\p{L}+$/u.test(token) && isDictionaryWord(token)) ids.push(id);
    }
    this.wordIds = Int32Array.from(ids);
    this.wordTokens = ids.map((id) => model.idToToken(id));
    this.wordUnit = new Float32Array(ids.length * hidden);
    ids.forEach((id, row) => this.wordUnit.set(this.unit.subarray(id * hidden, (id + 1) * hidden), row * hidden));
  }

  /** The vocabulary id of a whole word (exact spelling first, then lower case), or undefined if it is not one token. */
  idOf(word: string): number | undefined {
    for (const form of [word, word.toLowerCase()]) {
      const id = this.model.tokenToId(form);
      if (id !== undefined && /^\p{L}+$/u.test(this.model.idToToken(id))) return id;
    }
    return undefined;
  }

  /** Up to `k` whole words with cosine ≥ `minCosine` to `word`, most similar first; never the word itself. */
  neighbours(word: string, k: number, minCosine: number): Neighbour[] {
    const key = word.toLowerCase();
    let all = this.cache.get(key);
    if (!all) {
      all = this.compute(word);
      this.cache.set(key, all);
    }
    const out: Neighbour[] = [];
    for (const n of all) {
      if (n.cosine < minCosine || out.length >= k) break;
      out.push(n);
    }
    return out;
  }

  cosine(a: string, b: string): number | undefined {
    const ia = this.idOf(a);
    const ib = this.idOf(b);
    if (ia === undefined || ib === undefined) return undefined;
    let s = 0;
    for (let d = 0; d < this.hidden; d++) s += this.unit[ia * this.hidden + d] * this.unit[ib * this.hidden + d];
    return s;
  }

  /**
   * Computes the neighbour lists of many words in one pass over the packed matrix (each vocabulary row is read once
   * and scored against every query while it is in cache): what TextFooler's `prepare` does for a data set.
   */
  prefetch(words: Iterable<string>): void {
    const queries: Array<{ key: string; id: number; self: string; top: Array<{ row: number; cosine: number }>; floor: number }> = [];
    for (const word of words) {
      const key = word.toLowerCase();
      if (this.cache.has(key) || queries.some((q) => q.key === key)) continue;
      const id = this.idOf(word);
      if (id === undefined) {
        this.cache.set(key, []);
        continue;
      }
      queries.push({ key, id, self: this.model.idToToken(id).toLowerCase(), top: [], floor: -Infinity });
    }
    if (queries.length === 0) return;
    const h = this.hidden;
    const keep = 100;
    const q = new Float32Array(queries.length * h);
    queries.forEach((query, i) => q.set(this.unit.subarray(query.id * h, (query.id + 1) * h), i * h));
    const matrix = this.wordUnit;
    const rows = this.wordIds.length;
    for (let row = 0; row < rows; row++) {
      const base = row * h;
      for (let i = 0; i < queries.length; i++) {
        const qb = i * h;
        // Four running sums: the dot product is the whole cost of TextFooler's candidate search.
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let d = 0;
        for (; d + 3 < h; d += 4) {
          s0 += matrix[base + d] * q[qb + d];
          s1 += matrix[base + d + 1] * q[qb + d + 1];
          s2 += matrix[base + d + 2] * q[qb + d + 2];
          s3 += matrix[base + d + 3] * q[qb + d + 3];
        }
        for (; d < h; d++) s0 += matrix[base + d] * q[qb + d];
        const s = s0 + s1 + s2 + s3;
        const query = queries[i];
        if (s <= query.floor) continue;
        if (this.wordIds[row] === query.id || this.wordTokens[row].toLowerCase() === query.self) continue;
        query.top.push({ row, cosine: s });
        if (query.top.length > 2 * keep) {
          query.top.sort((x, y) => y.cosine - x.cosine).length = keep;
          query.floor = query.top[keep - 1].cosine;
        }
      }
    }
    for (const query of queries) {
      const best = query.top.sort((x, y) => y.cosine - x.cosine).slice(0, keep);
      this.cache.set(query.key, best.map((t) => ({ word: this.wordTokens[t.row], cosine: t.cosine })));
    }
  }

  /** The 100 most similar whole words (callers filter by threshold and k). */
  private compute(word: string): Neighbour[] {
    this.prefetch([word]);
    return this.cache.get(word.toLowerCase())!;
  }
}

const indices = new WeakMap<SesameModel, EmbeddingNeighbourIndex>();

export function neighbourIndex(model: SesameModel): EmbeddingNeighbourIndex {
  let index = indices.get(model);
  if (!index) {
    index = new EmbeddingNeighbourIndex(model);
    indices.set(model, index);
  }
  return index;
}
