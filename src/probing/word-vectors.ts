import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** What the tokenizer says of a sentence, without a forward pass: its words and where they start. */
export type SentenceFacts = Omit<SentenceVectors, 'data'>;

/** First sub-token, as in Open Sesame (Lin et al. 2019); `mean` averages a word's sub-tokens. */
export const DEFAULT_POOLING: Pooling = 'first';

export type VectorSkip = 'longer than the model accepts' | 'word split mismatch';

export interface ExtractResult {
  /** One entry per sentence, in order; a string says why the sentence has no vectors. */
  vectors: Array<SentenceVectors | VectorSkip>;
  layers: number;
  hidden: number;
}

export interface WordVectorCacheOptions {
  /** Sentences per `model.run` call while extracting. Default 32 (one batch: fewer bert-base-size outputs alive at once). */
  batchSize?: number;
  pooling?: Pooling;
  /**
   * Bytes of word vectors held in memory, all models and layers together. An extraction (`prepare`) whose layers
   * do not all fit goes to spill files in a temporary folder (read back one layer at a time, deleted by `clear()` and at exit), so a sweep over 13
   * layers of bert-base never holds every layer of every sentence. Default 128 MiB (a fixture-size sweep fits).
   */
  maxMemoryBytes?: number;
}

/** One layer's vectors of some sentences: in memory, or a spill file and where each sentence's rows are in it. */
type LayerBlock =
  | { kind: 'memory'; rows: Map<string, Float32Array> }
  | { kind: 'disk'; file: string; at: Map<string, { offset: number; length: number }>; bytes: number };

const DEFAULT_MAX_MEMORY = 128 * 1024 ** 2;

/**
 * Word vectors per model (content hash), pooling, layer and sentence. Extraction asks the model for the layers a
 * sweep needs and nothing else, in one forward pass per sentence; a probe sweep then reads one layer at a time
 * (`layer`), so only that layer's vectors of every sentence need to be in memory at once.
 */
export class WordVectorCache {
  private readonly facts = new Map<string, SentenceFacts | VectorSkip>();
  private readonly blocks = new Map<string, LayerBlock[]>();
  private memoryBytes = 0;
  private spillDir?: string;
  private spills = 0;
  /** Sentence × layer lookups served from what was extracted before, and those that needed a forward pass. */
  hits = 0;
  misses = 0;

  constructor(readonly options: WordVectorCacheOptions = {}) {}

  /** Each sentence's words and sub-token starts, or why it has no vectors: from the tokenizer alone. */
  sentenceFacts(model: SesameModel, sentences: string[][]): Array<SentenceFacts | VectorSkip> {
    return sentences.map((words) => {
      const text = words.join(' ');
      const key = `${model.info.contentHash}\u0000${text}`;
      let facts = this.facts.get(key);
      if (!facts) {
        const { words: aligned, truncated } = model.encode(text, 'whitespace');
        if (truncated || aligned.some((w) => w.tokenEnd <= w.tokenStart)) facts = 'longer than the model accepts';
        else if (aligned.length !== words.length) facts = 'word split mismatch';
        else facts = { words: aligned.length, tokenStarts: Int32Array.from(aligned, (w) => w.tokenStart), tokenEnd: aligned.at(-1)?.tokenEnd ?? 1 };
        this.facts.set(key, facts);
      }
      return facts;
    });
  }

  /**
   * Extracts the given layers of every sentence not extracted yet (one forward pass per sentence, fetching only
   * these layers), keeping each layer in memory while the budget allows and spilling it to disk past it.
   */
  async prepare(model: SesameModel, sentences: string[][], layers: number[]): Promise<void> {
    const { missing, fetch, bytesPerLayer } = this.pending(model, sentences, layers);
    if (missing.length === 0) return;
    // all of these layers in memory, or all spilled: a sweep reads every layer in turn, so keeping the first few of
    // a big model's layers in memory would save little and stay on top of the peak while the others are read
    const inMemory = this.memoryBytes + bytesPerLayer * fetch.length <= this.maxMemoryBytes;
    const blocks = fetch.map((layer) => this.newBlock(model, layer, bytesPerLayer, inMemory));
    const batch = this.options.batchSize ?? 32;
    for (let at = 0; at < missing.length; at += batch) {
      const chunk = missing.slice(at, at + batch);
      // the model's own memory cache would hold the token-level states again: the word vectors are what is kept
      const outputs = await model.run(chunk, { hiddenStates: fetch, wordSplit: 'whitespace', keepInMemory: false });
      const spilled = new Map<string, Buffer[]>();
      outputs.forEach((output, i) => {
        const pooled = model.wordVectors(output, this.options.pooling ?? DEFAULT_POOLING);
        const size = pooled.shape[1] * pooled.shape[2];
        fetch.forEach((_, k) => {
          const rows = pooled.data.subarray(k * size, (k + 1) * size);
          const block = blocks[k];
          if (block.kind === 'memory') {
            // its own copy: a view would keep the sentence's spilled layers alive too
            block.rows.set(chunk[i], rows.slice());
            return;
          }
          const list = spilled.get(block.file) ?? [];
          block.at.set(chunk[i], { offset: block.bytes, length: rows.length });
          block.bytes += rows.byteLength;
          list.push(Buffer.from(rows.buffer, rows.byteOffset, rows.byteLength));
          spilled.set(block.file, list);
        });
      });
      for (const [file, list] of spilled) fs.appendFileSync(file, Buffer.concat(list));
    }
  }

  /**
   * `prepare` of every list for one model after the other. When the vectors go to spill files (a sweep too big for
   * memory, as at bert-base size), only the model being extracted keeps its onnxruntime session: the others' are
   * freed before its first pass, and every model's once all are extracted (probing reads the spill files alone). A
   * freed session comes back from the model's file on its next pass. Bert-base: each session is about 0.5 GB.
   */
  async prepareEach(models: SesameModel[], lists: string[][][], layers: number[]): Promise<void> {
    const spills = this.willSpill(models, lists.flat(), layers);
    for (const model of models) {
      if (spills) for (const other of models) if (other !== model) await other.releaseSession();
      for (const sentences of lists) await this.prepare(model, sentences, layers);
    }
    if (spills) for (const model of models) await model.releaseSession();
  }

  /**
   * One layer's word vectors (`[words × hidden]` per sentence) or why a sentence has none; extracts what is missing
   * first (that layer only: call `prepare` with every layer of a sweep to extract them in one pass).
   */
  async layer(model: SesameModel, sentences: string[][], layer: number): Promise<Array<Float32Array | VectorSkip>> {
    const facts = this.sentenceFacts(model, sentences);
    const texts = sentences.map((w) => w.join(' '));
    const before = texts.filter((t, i) => typeof facts[i] !== 'string' && !this.find(model, layer, t)).length;
    this.misses += before;
    this.hits += texts.length - before;
    if (before > 0) await this.prepare(model, sentences, [layer]);
    const files = new Map<string, Float32Array>();
    return texts.map((text, i) => {
      const f = facts[i];
      if (typeof f === 'string') return f;
      const block = this.find(model, layer, text)!;
      if (block.kind === 'memory') return block.rows.get(text)!;
      // the whole spill file at once: a layer's rows are read together, and dropped together when the caller is done
      let all = files.get(block.file);
      if (!all) {
        all = readFloats(block.file, block.bytes);
        files.set(block.file, all);
      }
      const { offset, length } = block.at.get(text)!;
      return all.subarray(offset / 4, offset / 4 + length);
    });
  }

  /** Vectors of every layer of every sentence (`[layers + 1, words, hidden]`): for small models and single sentences. */
  async get(model: SesameModel, sentences: string[][]): Promise<ExtractResult> {
    const layers = Array.from({ length: model.info.numLayers + 1 }, (_, l) => l);
    const facts = this.sentenceFacts(model, sentences);
    await this.prepare(model, sentences, layers);
    const perLayer = await Promise.all(layers.map((l) => this.layer(model, sentences, l)));
    const hidden = model.info.hiddenSize;
    const vectors = facts.map((f, i) => {
      if (typeof f === 'string') return f;
      const size = f.words * hidden;
      const data = new Float32Array(layers.length * size);
      layers.forEach((l) => data.set(perLayer[l][i] as Float32Array, l * size));
      return { ...f, data };
    });
    return { vectors, layers: layers.length, hidden };
  }

  /**
   * Whether extracting `layers` of these sentences for these models (what `prepare` would add, each sentence once)
   * would write to spill files, or already has: the vectors are then read back alone, and the models' sessions can go.
   */
  willSpill(models: SesameModel[], sentences: string[][], layers: number[]): boolean {
    if (this.bytesSpilled > 0) return true;
    const adding = models.reduce((sum, model) => {
      const { fetch, bytesPerLayer } = this.pending(model, sentences, layers);
      return sum + bytesPerLayer * fetch.length;
    }, 0);
    return this.memoryBytes + adding > this.maxMemoryBytes;
  }

  /** Bytes of word vectors held in memory now. */
  get bytesInMemory(): number {
    return this.memoryBytes;
  }

  /** Bytes of word vectors written to spill files (read back one layer at a time). */
  get bytesSpilled(): number {
    let bytes = 0;
    for (const list of this.blocks.values()) for (const block of list) if (block.kind === 'disk') bytes += block.bytes;
    return bytes;
  }

  /** Drops every cached vector and spill file (e.g. between tasks of a large sweep, to bound memory and disk). */
  clear(): void {
    this.facts.clear();
    this.blocks.clear();
    this.memoryBytes = 0;
    if (this.spillDir) fs.rmSync(this.spillDir, { recursive: true, force: true });
    this.spillDir = undefined;
  }

  private get maxMemoryBytes(): number {
    return this.options.maxMemoryBytes ?? DEFAULT_MAX_MEMORY;
  }

  /**
   * The distinct sentences with a layer not extracted yet (shortest first), the layers any of them lacks, and the
   * bytes one such layer of them takes.
   */
  private pending(model: SesameModel, sentences: string[][], layers: number[]): { missing: string[]; fetch: number[]; bytesPerLayer: number } {
    const facts = this.sentenceFacts(model, sentences);
    const texts = sentences.map((w) => w.join(' '));
    const want = [...new Set(layers)].sort((a, b) => a - b);
    const missing = [...new Set(texts.filter((t, i) => typeof facts[i] !== 'string'))].filter((t) => want.some((l) => !this.find(model, l, t)));
    const fetch = want.filter((l) => missing.some((t) => !this.find(model, l, t)));
    const wordsOf = new Map<string, SentenceFacts>();
    texts.forEach((t, i) => typeof facts[i] !== 'string' && wordsOf.set(t, facts[i] as SentenceFacts));
    // shortest first, so each chunk is a batch of similar lengths: a forward pass costs every padded token, and a
    // chunk of sentences in their given order is padded to its longest (about twice the tokens on Open Sesame)
    missing.sort((a, b) => wordsOf.get(a)!.tokenEnd - wordsOf.get(b)!.tokenEnd);
    const bytesPerLayer = missing.reduce((a, t) => a + wordsOf.get(t)!.words, 0) * model.info.hiddenSize * 4;
    return { missing, fetch, bytesPerLayer };
  }

  private key(model: SesameModel, layer: number): string {
    return `${model.info.contentHash}\u0000${this.options.pooling ?? DEFAULT_POOLING}\u0000${layer}`;
  }

  private find(model: SesameModel, layer: number, text: string): LayerBlock | undefined {
    for (const block of this.blocks.get(this.key(model, layer)) ?? []) {
      if (block.kind === 'memory' ? block.rows.has(text) : block.at.has(text)) return block;
    }
    return undefined;
  }

  /** A block for one layer of the sentences about to be extracted (`bytes` of them): in memory, or a spill file. */
  private newBlock(model: SesameModel, layer: number, bytes: number, inMemory: boolean): LayerBlock {
    let block: LayerBlock;
    if (inMemory) {
      this.memoryBytes += bytes;
      block = { kind: 'memory', rows: new Map() };
    } else {
      block = { kind: 'disk', file: path.join(this.spillFolder(), `${this.spills++}.f32`), at: new Map(), bytes: 0 };
    }
    const key = this.key(model, layer);
    this.blocks.set(key, [...(this.blocks.get(key) ?? []), block]);
    return block;
  }

  private spillFolder(): string {
    if (!this.spillDir) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-word-vectors-'));
      this.spillDir = dir;
      process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    }
    return this.spillDir;
  }
}

/** The first `bytes` of a spill file as float32 values, read straight into their own aligned array. */
function readFloats(file: string, bytes: number): Float32Array {
  const values = new Float32Array(bytes / 4);
  const target = new Uint8Array(values.buffer);
  const fd = fs.openSync(file, 'r');
  try {
    for (let at = 0; at < bytes; ) {
      const got = fs.readSync(fd, target, at, Math.min(bytes - at, 1 << 30), at);
      if (got === 0) throw new Error(`the word-vector spill file ${file} ends at ${at} of ${bytes} bytes; it was changed while Sesame ran`);
      at += got;
    }
  } finally {
    fs.closeSync(fd);
  }
  return values;
}
