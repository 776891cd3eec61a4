import type { SesameModel } from '../../src/models/types.js';

export interface Neighbour {
  word: string;
  cosine: number;
}

/** Cosine nearest neighbours among the whole-word entries of a model's input-embedding matrix. */
export class EmbeddingNeighbourIndex {
  private readonly unit: Float32Array;
  private readonly hidden: number;
  /** Vocabulary ids of whole-word entries (letters only: no `##` pieces, no special or punctuation tokens). */
  private readonly wordIds: number[];
  private readonly cache = new Map<string, Neighbour[]>();

  constructor(private readonly model: SesameModel) {
    const { data, shape } = model.inputEmbeddings();
    const [vocab, hidden] = shape;
    this.hidden = hidden;
    this.unit = new Float32Array(data.length);
    this.wordIds = [];
    for (let id = 0; id < vocab; id++) {
      let norm = 0;
      for (let k = 0; k < hidden; k++) norm += data[id * hidden + k] ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let k = 0; k < hidden; k++) this.unit[id * hidden + k] = data[id * hidden + k] / norm;
      if (/^\p{L}+$/u.test(model.idToToken(id))) this.wordIds.push(id);
    }
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
    return all.filter((n) => n.cosine >= minCosine).slice(0, k);
  }

  cosine(a: string, b: string): number | undefined {
    const ia = this.idOf(a);
    const ib = this.idOf(b);
    if (ia === undefined || ib === undefined) return undefined;
    return this.dot(ia, ib);
  }

  private dot(a: number, b: number): number {
    let s = 0;
    for (let k = 0; k < this.hidden; k++) s += this.unit[a * this.hidden + k] * this.unit[b * this.hidden + k];
    return s;
  }

  private compute(word: string): Neighbour[] {
    const id = this.idOf(word);
    if (id === undefined) return [];
    const self = this.model.idToToken(id).toLowerCase();
    const scored: Neighbour[] = [];
    for (const other of this.wordIds) {
      if (other === id) continue;
      const token = this.model.idToToken(other);
      if (token.toLowerCase() === self) continue;
      scored.push({ word: token, cosine: this.dot(id, other) });
    }
    // Keep a generous head: callers filter by threshold and k.
    return scored.sort((x, y) => y.cosine - x.cosine).slice(0, 100);
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
