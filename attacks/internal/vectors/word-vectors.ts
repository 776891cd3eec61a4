/** A word → unit-vector table with cosine nearest neighbours: the candidate space of TextFooler-style swaps. */

export interface Neighbour {
  word: string;
  cosine: number;
}

/** How many neighbours are kept per word (callers cut by threshold and count). */
const KEEP = 100;

export class WordVectors {
  private readonly rowOf = new Map<string, number>();
  private readonly cache = new Map<string, Neighbour[]>();

  /**
   * @param words one entry per row; lookups are by exact spelling, then lower case
   * @param unit row-major `[words.length, dim]`, every row of unit length (or all zeros for an unknown vector)
   * @param source where the vectors came from, for messages and reports (`glove-100d counter-fitted`, a file path …)
   */
  constructor(
    readonly words: readonly string[],
    readonly unit: Float32Array,
    readonly dim: number,
    readonly source: string,
  ) {
    if (unit.length !== words.length * dim) throw new RangeError(`${words.length} words × ${dim} dimensions needs ${words.length * dim} values, got ${unit.length}`);
    words.forEach((w, row) => {
      if (!this.rowOf.has(w)) this.rowOf.set(w, row);
    });
  }

  /** Rows normalised in place (a zero row stays zero). */
  static normalise(values: Float32Array, dim: number): Float32Array {
    for (let base = 0; base < values.length; base += dim) {
      let norm = 0;
      for (let d = 0; d < dim; d++) norm += values[base + d] * values[base + d];
      norm = Math.sqrt(norm);
      if (norm > 0) for (let d = 0; d < dim; d++) values[base + d] /= norm;
    }
    return values;
  }

  get size(): number {
    return this.words.length;
  }

  row(word: string): number | undefined {
    return this.rowOf.get(word) ?? this.rowOf.get(word.toLowerCase());
  }

  has(word: string): boolean {
    return this.row(word) !== undefined;
  }

  vector(word: string): Float32Array | undefined {
    const row = this.row(word);
    return row === undefined ? undefined : this.unit.subarray(row * this.dim, (row + 1) * this.dim);
  }

  cosine(a: string, b: string): number | undefined {
    const ra = this.row(a);
    const rb = this.row(b);
    if (ra === undefined || rb === undefined) return undefined;
    let s = 0;
    for (let d = 0; d < this.dim; d++) s += this.unit[ra * this.dim + d] * this.unit[rb * this.dim + d];
    return s;
  }

  /** Up to `k` words with cosine ≥ `minCosine` to `word`, most similar first; never the word itself (any casing). */
  neighbours(word: string, k: number, minCosine: number): Neighbour[] {
    const key = word.toLowerCase();
    if (!this.cache.has(key)) this.prefetch([word]);
    const out: Neighbour[] = [];
    for (const n of this.cache.get(key)!) {
      if (n.cosine < minCosine || out.length >= k) break;
      out.push(n);
    }
    return out;
  }

  /**
   * The neighbour lists of many words in one pass over the matrix: each row is read once and scored against every
   * query while it is in cache (what a recipe's `prepare` does for a data set; TextAttack ships a precomputed
   * neighbour matrix for the same reason).
   */
  prefetch(words: Iterable<string>): void {
    const h = this.dim;
    const queries: Array<{ key: string; row: number; top: Array<{ row: number; cosine: number }>; floor: number }> = [];
    const seen = new Set<string>();
    for (const word of words) {
      const key = word.toLowerCase();
      if (this.cache.has(key) || seen.has(key)) continue;
      seen.add(key);
      const row = this.row(word);
      if (row === undefined) this.cache.set(key, []);
      else queries.push({ key, row, top: [], floor: -Infinity });
    }
    if (queries.length === 0) return;
    const q = new Float32Array(queries.length * h);
    queries.forEach((query, i) => q.set(this.unit.subarray(query.row * h, (query.row + 1) * h), i * h));
    const matrix = this.unit;
    const rows = this.words.length;
    const lowerWords = this.words.map((w) => w.toLowerCase());
    for (let row = 0; row < rows; row++) {
      const base = row * h;
      for (let i = 0; i < queries.length; i++) {
        const qb = i * h;
        // Four running sums: the dot product is the whole cost of the candidate search.
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
        if (s <= query.floor || lowerWords[row] === query.key) continue;
        query.top.push({ row, cosine: s });
        if (query.top.length > 2 * KEEP) {
          query.top.sort((x, y) => y.cosine - x.cosine).length = KEEP;
          query.floor = query.top[KEEP - 1].cosine;
        }
      }
    }
    for (const query of queries) {
      const best = query.top.sort((x, y) => y.cosine - x.cosine).slice(0, KEEP);
      const out: Neighbour[] = [];
      const words = new Set<string>();
      for (const t of best) {
        // Case variants of one word (a victim vocabulary may hold both) count once, under their best cosine.
        if (words.has(lowerWords[t.row])) continue;
        words.add(lowerWords[t.row]);
        out.push({ word: this.words[t.row], cosine: t.cosine });
      }
      this.cache.set(query.key, out);
    }
  }
}
