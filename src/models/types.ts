/**
 * The model core's public contract. Everything outside `src/models/` uses these types and never
 * touches onnxruntime, onnx-proto or transformers.js directly.
 */

import type { Device } from './session.js';

export type { Device };

export type Precision = 'fp32' | 'q8';

/** How the disk cache stores hidden states and attentions (logits are always float32). */
export type CachePrecision = 'fp16' | 'fp32';

export interface LoadOptions {
  /** `fp32` loads `onnx/model.onnx`, `q8` loads `onnx/model_quantized.onnx`. Default `fp32`. */
  precision?: Precision;
  /** Allow a hub id to be fetched from the network. Default false (offline). */
  allowRemote?: boolean;
  /** Where computed outputs are cached on disk; `false` disables the disk cache. Default `.sesame-cache/` in the cwd. */
  cacheDir?: string | false;
  /** Sentences per forward pass. Default 32. */
  batchSize?: number;
  /**
   * CPU threads per forward pass (onnxruntime's intra-op threads, the calling thread included); 0 leaves the count to
   * onnxruntime. Default, at every model size: one per physical core (`defaultThreads()`), asked for explicitly.
   * onnxruntime's own default (0) starts the same count but pins each extra thread to a core of its own, the same core
   * for every session in the process (two models, or `--workers`, stack their threads there); explicit threads are not
   * pinned, and `sesame run --workers n` gives each worker's models cores / n (at least 1). Idle threads spin, as in
   * onnxruntime's default: sleeping ones were 2.4× faster at load 10 but 8–20% slower on a quiet machine.
   * Quiet 2-core machine (`SESAME_BENCH_PARTS=threads npm run bench -- model-sizes`, batches of 32, bare sessions,
   * speed relative to onnxruntime's default): fixture 2 explicit threads 1.01–1.26, 1 thread 0.61–0.93; bert-base
   * 2 explicit 0.94, 1 thread 0.55. With every core busy (load 6–10) 1 thread was 1.1–1.8× as fast at bert-base size
   * for ~0.75–0.8 of the CPU time: pass `threads: 1` on a machine other work keeps busy.
   */
  threads?: number;
  /** `cpu` (default) or `cuda`: onnxruntime-node's CUDA execution provider, whose binaries the default install skips. */
  device?: Device;
  /** Where warnings go (e.g. a text truncated to the maximum positions). Default: one line on stderr. */
  onWarning?: (message: string) => void;
  /** Bytes of computed outputs kept in memory (least recently used dropped first). Default 256 MiB. */
  memoryCacheBytes?: number;
  /**
   * Cap on the disk cache directory in bytes, all models together: past it, whole pack files (one model's logits,
   * hidden states or attentions) are deleted, the biggest and longest unused first. Default: the environment variable
   * SESAME_CACHE_MAX_BYTES (bytes, or with a K/M/G suffix: `500M`, `2G`), else 2 GiB. 0 keeps nothing on disk.
   */
  cacheMaxBytes?: number;
  /**
   * How the disk cache stores hidden states and attentions. `fp32` (default) keeps them exact. `fp16` takes half the
   * space; with the disk cache on, every result of these kinds (fresh or cached, so runs stay reproducible) is then
   * rounded to float16: |x̂ − x| ≤ max(2⁻¹¹·|x|, 2⁻²⁵), i.e. relative error ≤ 4.9e-4. Logits are always exact.
   */
  cachePrecision?: CachePrecision;
}

/** Facts from `config.json` and the graph, checked against each other at load time. */
export interface ModelInfo {
  /** What the user passed (path or hub id). */
  id: string;
  /** Absolute directory the files were read from. */
  path: string;
  /** `config.model_type`: bert, distilbert, roberta, albert, electra, … */
  modelType: string;
  /** `config.architectures[0]`, e.g. BertForSequenceClassification. */
  architecture: string;
  numLayers: number;
  /** Query heads per layer: each has its own attention matrix, also when keys and values are shared (grouped-query attention). */
  numHeads: number;
  hiddenSize: number;
  maxPositions: number;
  /**
   * Whether attention is causal (decoders: GPT-2, Llama, Mistral, Qwen2…): found at load time, every query gives zero
   * probability to every key on its right. A causal classifier is read at the last token, and a word's vector under
   * 'first' pooling is its last sub-token (the first has not seen the rest of its word).
   */
  causal: boolean;
  vocabSize: number;
  /** Label names by index for classifiers (`id2label`); null for models without a classification head. */
  labels: string[] | null;
  precision: Precision;
  /**
   * Sentences per forward pass actually used. 1 for graphs with dynamic activation quantization (q8 exports):
   * their quantization scale is computed over the whole batch, so batching would make a sentence's outputs
   * depend on the other sentences it happens to be batched with.
   */
  batchSize: number;
  /** CPU threads per forward pass as used; 0 = onnxruntime's default (LoadOptions.threads). */
  threads: number;
  /** Where forward passes run (LoadOptions.device). */
  device: Device;
  /** sha256 of the ONNX bytes + tokenizer.json + config.json: the cache key of this model. */
  contentHash: string;
}

/** A dense row-major float tensor with an explicit shape. */
export interface Tensor {
  data: Float32Array;
  shape: number[];
}

/** A word of the input and the half-open sub-token span `[start, end)` it maps to (indices into `tokens`). */
export interface AlignedWord {
  text: string;
  /** Character offsets in the original text, half-open. */
  charStart: number;
  charEnd: number;
  tokenStart: number;
  tokenEnd: number;
}

/** How words are cut out of a sentence: on whitespace (Open Sesame's indices) or by natural's word tokenizer. */
export type WordSplit = 'whitespace' | 'natural';

export interface Encoding {
  text: string;
  /** Sub-tokens including special tokens ([CLS] … [SEP]). */
  tokens: string[];
  ids: number[];
  /** Whether the text was cut to the model's maximum positions. */
  truncated: boolean;
  /** Words in order; a word cut off by truncation has an empty span (tokenStart === tokenEnd). */
  words: AlignedWord[];
}

export interface RunRequest {
  logits?: boolean;
  /**
   * `true` for every layer's hidden states (0 = embeddings … numLayers), or the layers wanted: only those are fetched
   * from the graph, copied and cached (a probe at layers 4–6 asks for `[4, 5, 6]`). Sorted, duplicates dropped.
   */
  hiddenStates?: boolean | number[];
  /** `true` for every layer's attention maps (0 … numLayers − 1), or the layers wanted, as for `hiddenStates`. */
  attentions?: boolean | number[];
  /**
   * Keep these outputs in the model's in-memory cache (default true). A caller that keeps what it derives from them
   * (a probe sweep's word vectors) passes false, so bert-base-size hidden states are not held twice; the disk cache
   * still stores them.
   */
  keepInMemory?: boolean;
  /** Word split used for `SentenceOutput.encoding.words`. Default `whitespace`. */
  wordSplit?: WordSplit;
}

export interface SentenceOutput {
  encoding: Encoding;
  /** `[numLabels]` for classifiers, `[seq, vocab]` for masked-LM heads. */
  logits?: Tensor;
  /**
   * `[layers + 1, seq, hidden]`: embedding output, then each layer's output, as transformers' `hidden_states` for the
   * family: decoders (GPT-2, Llama, Mistral, Qwen2…) give the last entry after their final norm (`ln_f`, `norm`);
   * encoders give the last layer's output (ModernBERT: before `final_norm`). seq = this sentence's own length (no padding).
   */
  hiddenStates?: Tensor;
  /** Which layer each entry of `hiddenStates` is (ascending): all of them unless the request named some. */
  hiddenLayers?: number[];
  /** `[layers, heads, seq, seq]`, each row a probability distribution over this sentence's tokens. */
  attentions?: Tensor;
  /** Which layer each entry of `attentions` is (ascending). */
  attentionLayers?: number[];
}

/** How the output cache has served this model since load (each lookup = one sentence × one kind and layer). */
export interface CacheStats {
  lookups: number;
  hits: number;
  /** hits / lookups, 0 when nothing was looked up. */
  hitRate: number;
  /** Bytes of this model's packs on disk now (0 without a disk cache). */
  diskBytes: number;
  /** Bytes of outputs held in memory now. */
  memoryBytes: number;
}

export interface Prediction {
  text: string;
  label: string;
  labelIndex: number;
  /** Softmax probabilities, by label index. */
  scores: number[];
}

/**
 * How a word's sub-tokens become one vector: 'first' takes one sub-token (the first; in a causal model the last, the
 * only one that has seen the whole word), 'mean' averages them.
 */
export type Pooling = 'first' | 'mean';

/**
 * A loaded model: one edited ONNX session, its tokenizer and its config. Returned encodings and tensors may be
 * shared with the model's caches: treat them as read-only (copy before changing them).
 */
export interface SesameModel {
  readonly info: ModelInfo;
  encode(text: string, wordSplit?: WordSplit): Encoding;
  run(texts: string[], request?: RunRequest): Promise<SentenceOutput[]>;
  /** Label and probabilities for classifiers; throws a SesameError for models without labels. */
  predict(texts: string[]): Promise<Prediction[]>;
  /** One vector per word per fetched layer: `[layers, words, hidden]` (the output's `hiddenLayers`), pooled from the word's sub-tokens. */
  wordVectors(output: SentenceOutput, pooling?: Pooling): Tensor;
  /** The input word-embedding matrix `[vocab, hidden]`, read from the graph's initializers. */
  inputEmbeddings(): Tensor;
  /** Token id → token string, and the reverse, from the tokenizer's vocabulary. */
  idToToken(id: number): string;
  tokenToId(token: string): number | undefined;
  /** Number of model queries (sentences forwarded, cache misses) since load: attacks report it. */
  readonly queryCount: number;
  /** Hit rate and size of the output cache (memory and disk) for this model. */
  cacheStats(): CacheStats;
  /**
   * Frees the forward-pass sessions (the weights and onnxruntime's buffers: most of a loaded model's memory) while
   * the model is idle; the next forward pass re-creates what it needs from the model's files (seconds at bert-base
   * size).
   */
  releaseSession(): Promise<void>;
  dispose(): Promise<void>;
}
