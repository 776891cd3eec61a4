import type { Pooling, SesameModel } from '../models/types.js';

/** One sentence's word vectors for every layer: `[layers + 1, words, hidden]`, row-major. */
export interface SentenceVectors {
  data: Float32Array;
  words: number;
  /** Index of each word's first sub-token in the model's input (0 is [CLS]). */
  tokenStarts: Int32Array;
  /** One past the last word's last sub-token (the position of [SEP]). */
  tokenEnd: number;
}

/** First sub-token, as in Open Sesame (Lin et al. 2019); `mean` averages a word's sub-tokens. */
export const DEFAULT_POOLING: Pooling = 'first';

export type VectorSkip = 'longer than the model accepts' | 'word split mismatch';

export interface ExtractResult {
  /** One entry per sentence, in order; a string says why the sentence has no vectors. */
  vectors: Array<SentenceVectors | VectorSkip>;
  layers: number;
  hidden: number;
}

/**
 * Word vectors, cached in memory per model (content hash), pooling and sentence: a probe sweep over every layer,
 * its control task and the projections all reuse one forward pass per sentence and model.
 */
export class WordVectorCache {
  private readonly store = new Map<string, SentenceVectors | VectorSkip>();
  hits = 0;
  misses = 0;

  constructor(readonly options: { batchSize?: number; pooling?: Pooling } = {}) {}

  /** Vectors for sentences given as whitespace words (the model sees `words.join(' ')`). */
  async get(model: SesameModel, sentences: string[][]): Promise<ExtractResult> {
    const pooling = this.options.pooling ?? DEFAULT_POOLING;
    const prefix = `${model.info.contentHash}\u0000${pooling}\u0000`;
    const texts = sentences.map((w) => w.join(' '));
    const missing = [...new Set(texts.filter((t) => !this.store.has(prefix + t)))];
    this.hits += texts.length - missing.length;
    this.misses += missing.length;
    const batch = this.options.batchSize ?? 64;
    for (let at = 0; at < missing.length; at += batch) {
      const chunk = missing.slice(at, at + batch);
      const outputs = await model.run(chunk, { hiddenStates: true, wordSplit: 'whitespace' });
      outputs.forEach((output, i) => {
        const expected = chunk[i].split(' ').length;
        let entry: SentenceVectors | VectorSkip;
        if (output.encoding.truncated || output.encoding.words.some((w) => w.tokenEnd <= w.tokenStart)) {
          entry = 'longer than the model accepts';
        } else if (output.encoding.words.length !== expected) {
          entry = 'word split mismatch';
        } else {
          const t = model.wordVectors(output, pooling);
          entry = { data: t.data, words: t.shape[1], tokenStarts: Int32Array.from(output.encoding.words, (w) => w.tokenStart), tokenEnd: output.encoding.words.at(-1)?.tokenEnd ?? 1 };
        }
        this.store.set(prefix + chunk[i], entry);
      });
    }
    return {
      vectors: texts.map((t) => this.store.get(prefix + t)!),
      layers: model.info.numLayers + 1,
      hidden: model.info.hiddenSize,
    };
  }

  /** Drops every cached vector (e.g. between tasks of a large sweep, to bound memory). */
  clear(): void {
    this.store.clear();
  }
}
