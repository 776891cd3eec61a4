import { SesameError } from '../errors.js';
import { activeProgress } from '../progress.js';
import { outputPart, type OutputCache, type OutputPart } from './cache.js';
import type { Fetch, ForwardSession, SentenceTensors } from './session.js';
import type { ModelTokenizer, TruncationWarning } from './tokenizer.js';
import type {
  CacheStats,
  Encoding,
  ModelInfo,
  Pooling,
  Prediction,
  RunRequest,
  SentenceOutput,
  SesameModel,
  Tensor,
  WordSplit,
} from './types.js';

const MAX_ENCODINGS = 20_000;

export interface ModelParts {
  info: ModelInfo;
  tokenizer: ModelTokenizer;
  session: ForwardSession;
  cache: OutputCache;
  warn: TruncationWarning;
  /** Reads the `[vocab, dim]` word-embedding matrix from the graph's initializers (called once, on demand). */
  readEmbeddings: () => Tensor;
}

/** A loaded model: tokenizer + edited ONNX session + output cache. Built by `loadModel`. */
export class LoadedModel implements SesameModel {
  readonly info: ModelInfo;
  private queries = 0;
  private embeddings?: Tensor;
  private readonly warned = new Set<string>();
  /** Recent encodings by split and text: a cached sentence should not pay for tokenization again. */
  private readonly encodings = new Map<string, Encoding>();

  constructor(private readonly parts: ModelParts) {
    this.info = parts.info;
  }

  get queryCount(): number {
    return this.queries;
  }

  encode(text: string, wordSplit: WordSplit = 'whitespace'): Encoding {
    const key = `${wordSplit}\0${text}`;
    let encoding = this.encodings.get(key);
    if (!encoding) {
      encoding = this.parts.tokenizer.encode(text, wordSplit, (message) => this.warnOnce(message));
      if (this.encodings.size >= MAX_ENCODINGS) this.encodings.delete(this.encodings.keys().next().value!);
      this.encodings.set(key, encoding);
    }
    return encoding;
  }

  async run(texts: string[], request: RunRequest = {}): Promise<SentenceOutput[]> {
    const wanted = this.wanted(request);
    const split = request.wordSplit ?? 'whitespace';
    checkTexts(texts);
    const results = await this.compute(texts, partsOf(wanted), split, request.keepInMemory ?? true);
    return texts.map((text, i) => {
      const result = results[i];
      const output: SentenceOutput = { encoding: result.encoding ?? this.encode(text, split) };
      if (wanted.logits) output.logits = partOf(result, 'logits');
      if (wanted.hiddenLayers.length) {
        output.hiddenStates = stackedOf(result, 'hiddenStates', wanted.hiddenLayers);
        output.hiddenLayers = wanted.hiddenLayers;
      }
      if (wanted.attentionLayers.length) {
        output.attentions = stackedOf(result, 'attentions', wanted.attentionLayers);
        output.attentionLayers = wanted.attentionLayers;
      }
      return output;
    });
  }

  /** What a request asks the graph for; layer lists checked against the model's layers. */
  private wanted(request: RunRequest): Fetch {
    const { numLayers } = this.info;
    const layers = (value: boolean | number[] | undefined, count: number, what: string): number[] => {
      if (value === undefined || value === false) return [];
      if (value === true) return Array.from({ length: count }, (_, l) => l);
      if (!Array.isArray(value) || value.some((l) => !Number.isInteger(l) || l < 0 || l >= count)) {
        throw new SesameError(`${what} ${JSON.stringify(value)} names a layer this model does not have; pass true or layers 0..${count - 1}`);
      }
      return [...new Set(value)].sort((a, b) => a - b);
    };
    const fetch: Fetch = {
      logits: Boolean(request.logits),
      hiddenLayers: layers(request.hiddenStates, numLayers + 1, 'hiddenStates'),
      attentionLayers: layers(request.attentions, numLayers, 'attentions'),
    };
    // nothing asked: logits, the cheapest useful answer
    if (!fetch.logits && !fetch.hiddenLayers.length && !fetch.attentionLayers.length) fetch.logits = true;
    return fetch;
  }

  async predict(texts: string[]): Promise<Prediction[]> {
    const labels = this.info.labels;
    if (!labels) {
      throw new SesameError(
        `model ${this.info.id} (${this.info.architecture}) has no classification labels in config.json; predict needs a sequence classifier`,
      );
    }
    checkTexts(texts);
    const results = await this.compute(texts, ['logits'], 'whitespace');
    return texts.map((text, i) => {
      const scores = softmax(partOf(results[i], 'logits')!.data);
      let best = 0;
      for (let k = 1; k < scores.length; k++) if (scores[k] > scores[best]) best = k;
      return { text, label: labels[best] ?? `LABEL_${best}`, labelIndex: best, scores };
    });
  }

  wordVectors(output: SentenceOutput, pooling: Pooling = 'first'): Tensor {
    const hidden = output.hiddenStates;
    if (!hidden) {
      throw new SesameError('wordVectors needs hidden states; run the sentence with run(texts, { hiddenStates: true })');
    }
    const [layers, seq, size] = hidden.shape;
    const words = output.encoding.words;
    const data = new Float32Array(layers * words.length * size);
    const source = hidden.data;
    const single = pooling === 'first';
    const causal = this.info.causal;
    for (let l = 0; l < layers; l++) {
      for (let w = 0; w < words.length; w++) {
        const word = words[w];
        // a causal model's first sub-token has not seen the rest of its word: its last one has
        const tokenStart = single && causal ? Math.max(word.tokenStart, word.tokenEnd - 1) : word.tokenStart;
        const tokenEnd = word.tokenEnd;
        const end = single ? Math.min(tokenEnd, tokenStart + 1) : tokenEnd;
        const count = end - tokenStart;
        if (count <= 0) continue; // a word cut off by truncation (or one the tokenizer dropped) stays a zero vector
        const target = (l * words.length + w) * size;
        const first = (l * seq + tokenStart) * size;
        if (count === 1) {
          data.set(source.subarray(first, first + size), target);
          continue;
        }
        for (let t = tokenStart; t < end; t++) {
          const from = (l * seq + t) * size;
          for (let d = 0; d < size; d++) data[target + d] += source[from + d] / count;
        }
      }
    }
    return { data, shape: [layers, words.length, size] };
  }

  inputEmbeddings(): Tensor {
    return (this.embeddings ??= this.parts.readEmbeddings());
  }

  idToToken(id: number): string {
    return this.parts.tokenizer.idToToken(id);
  }

  tokenToId(token: string): number | undefined {
    return this.parts.tokenizer.tokenToId(token);
  }

  cacheStats(): CacheStats {
    const { lookups, hits, diskBytes, memoryBytes } = this.parts.cache.stats();
    return { lookups, hits, hitRate: lookups ? hits / lookups : 0, diskBytes, memoryBytes };
  }

  async releaseSession(): Promise<void> {
    await this.parts.session.suspend();
  }

  async dispose(): Promise<void> {
    this.parts.cache.close();
    await this.parts.session.release();
  }

  /**
   * Cached outputs where there are some; the rest forwarded in batches of similar length (sorted, padded per batch).
   * Each distinct text is forwarded once per call, fetching only the parts (kind and layer) the cache lacks: a part
   * already cached is neither fetched nor stored again. queryCount counts the forwarded sentences.
   */
  private async compute(texts: string[], parts: OutputPart[], split: WordSplit, keepInMemory = true): Promise<Computed[]> {
    const { cache, session } = this.parts;
    const results: Computed[] = texts.map(() => ({ parts: new Map<OutputPart, Tensor>() }));
    /** Per distinct text missing something: where it occurs and what it lacks. */
    const missing = new Map<string, { positions: number[]; parts: OutputPart[] }>();
    const distinct = [...new Set(texts)];
    const cached = new Map<OutputPart, Array<Tensor | undefined>>();
    for (const part of parts) cached.set(part, await cache.getMany(part, distinct, keepInMemory));
    const firstAt = new Map<string, number>();
    texts.forEach((text, i) => {
      const first = firstAt.get(text);
      if (first !== undefined) {
        results[i] = results[first];
        missing.get(text)?.positions.push(i);
        return;
      }
      const row = firstAt.size; // distinct lists the texts in order of first occurrence
      firstAt.set(text, i);
      const lacking: OutputPart[] = [];
      for (const part of parts) {
        const hit = cached.get(part)![row];
        if (hit) results[i].parts.set(part, hit);
        else lacking.push(part);
      }
      // a text lacking every part shares `parts` itself, so a batch of such texts has one fetch, made once
      if (lacking.length) missing.set(text, { positions: [i], parts: lacking.length === parts.length ? parts : lacking });
    });
    if (missing.size === 0) return results;

    const todo = [...missing.keys()].map((text) => this.encode(text, split));
    todo.sort((a, b) => a.ids.length - b.ids.length);
    // batches of similar length; a pass blocks the JS thread (onnxruntime-node runs it synchronously), so one at a time
    const { batchSize } = this.info;
    const step = activeProgress().step(`${this.info.id}: computing ${describeParts(parts)}`, todo.length, 'sentences');
    // a cache that keeps nothing (no disk, no memory for these) is not handed per-layer views it would drop
    const storing = cache.keeps(keepInMemory);
    const fetchAll = fetchOf(new Set(parts));
    for (let start = 0; start < todo.length; start += batchSize) {
      const batch = todo.slice(start, start + batchSize);
      const lacking = batch.map((encoding) => missing.get(encoding.text)!);
      const fetch = lacking.every((m) => m.parts === parts) ? fetchAll : fetchOf(new Set(lacking.flatMap((m) => m.parts)));
      const outputs = await session.forward(batch, fetch);
      this.queries += batch.length;
      batch.forEach((encoding, b) => {
        const { positions, parts: lackingParts } = lacking[b];
        const result = results[positions[0]];
        result.encoding = encoding;
        result.fresh = { tensors: outputs[b], fetch };
        if (!storing) return;
        for (const part of lackingParts) {
          const view = freshPart(result.fresh, part)!;
          // the cache hands back what it will serve from now on (float16-rounded where the disk keeps float16)
          const served = cache.set(part, encoding.text, view, keepInMemory);
          if (served !== view) result.parts.set(part, served);
        }
      });
      step.advance(batch.length);
    }
    step.end();
    cache.flush();
    return results;
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.parts.warn(message);
  }
}

function partsOf(fetch: Fetch): OutputPart[] {
  return [
    ...(fetch.logits ? (['logits'] as OutputPart[]) : []),
    ...fetch.hiddenLayers.map((l) => outputPart('hiddenStates', l)),
    ...fetch.attentionLayers.map((l) => outputPart('attentions', l)),
  ];
}

function fetchOf(parts: Set<OutputPart>): Fetch {
  const layersOf = (kind: string) => [...parts].filter((p) => p.startsWith(`${kind}.`)).map((p) => Number(p.slice(kind.length + 1))).sort((a, b) => a - b);
  return { logits: parts.has('logits'), hiddenLayers: layersOf('hiddenStates'), attentionLayers: layersOf('attentions') };
}

function describeParts(parts: OutputPart[]): string {
  const kinds = new Set(parts.map((p) => p.split('.')[0]));
  return [...kinds].join(', ');
}

/**
 * One sentence's outputs in `compute`: parts served by the cache (or rounded by it), and the tensors of its forward
 * pass when it had one. Fresh parts are read from those tensors as views when asked for, so a sentence computed and
 * returned whole never has its tensors cut into per-layer pieces and stacked again.
 */
interface Computed {
  encoding?: Encoding;
  parts: Map<OutputPart, Tensor>;
  fresh?: { tensors: SentenceTensors; fetch: Fetch };
}

/** One part of a fresh forward pass: a view of the sentence's stacked array (no copy), or undefined if not fetched. */
function freshPart({ tensors, fetch }: { tensors: SentenceTensors; fetch: Fetch }, part: OutputPart): Tensor | undefined {
  if (part === 'logits') return tensors.logits;
  const dot = part.indexOf('.');
  const kind = part.slice(0, dot) as 'hiddenStates' | 'attentions';
  const k = (kind === 'hiddenStates' ? fetch.hiddenLayers : fetch.attentionLayers).indexOf(+part.slice(dot + 1));
  const stacked = tensors[kind];
  if (k < 0 || !stacked) return undefined;
  const [, ...shape] = stacked.shape;
  const size = shape.reduce((a, b) => a * b, 1);
  return { data: stacked.data.subarray(k * size, (k + 1) * size), shape };
}

function partOf(result: Computed, part: OutputPart): Tensor | undefined {
  return result.parts.get(part) ?? (result.fresh && freshPart(result.fresh, part));
}

/** The wanted layers of a kind as one `[layers, …]` tensor: the forward pass's own array when it holds exactly those. */
function stackedOf(result: Computed, kind: 'hiddenStates' | 'attentions', layers: number[]): Tensor {
  const fresh = result.fresh;
  const fetched = fresh && (kind === 'hiddenStates' ? fresh.fetch.hiddenLayers : fresh.fetch.attentionLayers);
  const whole = fresh?.tensors[kind];
  if (whole && fetched!.length === layers.length && fetched!.every((l, k) => l === layers[k]) && layers.every((l) => !result.parts.has(outputPart(kind, l)))) {
    return whole;
  }
  return stack(layers.map((l) => partOf(result, outputPart(kind, l))!));
}

/**
 * Layers stacked into one `[layers, …]` tensor. Layers that are consecutive views of one array (a fresh forward pass
 * with the same layers) are returned as that array without a copy.
 */
function stack(layers: Tensor[]): Tensor {
  const shape = [layers.length, ...layers[0].shape];
  const first = layers[0].data;
  const size = first.length;
  const contiguous = layers.every((t, k) => t.data.buffer === first.buffer && t.data.byteOffset === first.byteOffset + k * size * 4 && t.data.length === size);
  if (contiguous) return { data: new Float32Array(first.buffer, first.byteOffset, size * layers.length), shape };
  const data = new Float32Array(size * layers.length);
  layers.forEach((t, k) => data.set(t.data, k * size));
  return { data, shape };
}

function checkTexts(texts: string[]): void {
  if (!Array.isArray(texts)) throw new SesameError('texts must be an array of strings; wrap a single sentence in [ ]');
  texts.forEach((text, i) => {
    if (typeof text !== 'string' || text.trim() === '') {
      throw new SesameError(`text #${i} ${JSON.stringify(text)} is empty; pass a sentence with at least one word`);
    }
  });
}

export function softmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exps = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
