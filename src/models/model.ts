import { SesameError } from '../errors.js';
import { activeProgress } from '../progress.js';
import type { OutputCache, OutputKind } from './cache.js';
import type { ForwardSession, SentenceTensors } from './session.js';
import type { ModelTokenizer, TruncationWarning } from './tokenizer.js';
import type {
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

const KINDS: OutputKind[] = ['logits', 'hiddenStates', 'attentions'];
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
    const kinds = requestedKinds(request);
    const split = request.wordSplit ?? 'whitespace';
    checkTexts(texts);
    const results = await this.compute(texts, kinds, split);
    return texts.map((text, i) => {
      const { encoding, tensors } = results[i];
      return { encoding: encoding ?? this.encode(text, split), ...tensors };
    });
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
      const scores = softmax(results[i].tensors.logits!.data);
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

  async dispose(): Promise<void> {
    this.parts.cache.close();
    await this.parts.session.release();
  }

  /**
   * Cached outputs where there are some; the rest forwarded in batches of similar length (sorted, padded per batch).
   * Each distinct text is forwarded once per call, for the kinds the cache lacks only (a kind already cached is
   * neither fetched nor stored again); queryCount counts the forwarded sentences.
   */
  private async compute(
    texts: string[],
    kinds: OutputKind[],
    split: WordSplit,
  ): Promise<Array<{ encoding?: Encoding; tensors: SentenceTensors }>> {
    const { cache, session } = this.parts;
    const results = texts.map(() => ({ tensors: {} as SentenceTensors }) as { encoding?: Encoding; tensors: SentenceTensors });
    /** Per distinct text missing something: where it occurs and what it lacks. */
    const missing = new Map<string, { positions: number[]; kinds: OutputKind[] }>();
    const distinct = [...new Set(texts)];
    const cached = new Map<OutputKind, Array<Tensor | undefined>>();
    for (const kind of kinds) cached.set(kind, await cache.getMany(kind, distinct));
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
      const lacking: OutputKind[] = [];
      for (const kind of kinds) {
        const hit = cached.get(kind)![row];
        if (hit) results[i].tensors[kind] = hit;
        else lacking.push(kind);
      }
      if (lacking.length) missing.set(text, { positions: [i], kinds: lacking });
    });
    if (missing.size === 0) return results;

    const todo = [...missing.keys()].map((text) => this.encode(text, split));
    todo.sort((a, b) => a.ids.length - b.ids.length);
    // batches of similar length; a pass blocks the JS thread (onnxruntime-node runs it synchronously), so one at a time
    const { batchSize } = this.info;
    const step = activeProgress().step(`${this.info.id}: computing ${kinds.join(', ')}`, todo.length, 'sentences');
    for (let start = 0; start < todo.length; start += batchSize) {
      const batch = todo.slice(start, start + batchSize);
      const lacking = batch.map((encoding) => missing.get(encoding.text)!);
      const wanted = (kind: OutputKind) => lacking.some((m) => m.kinds.includes(kind));
      const outputs = await session.forward(batch, { logits: wanted('logits'), hiddenStates: wanted('hiddenStates'), attentions: wanted('attentions') });
      this.queries += batch.length;
      batch.forEach((encoding, b) => {
        const { positions, kinds: lackingKinds } = lacking[b];
        // the cache hands back what it will serve from now on (float16-rounded where the disk keeps float16)
        const first = results[positions[0]].tensors;
        for (const kind of lackingKinds) first[kind] = cache.set(kind, encoding.text, outputs[b][kind]!);
        for (const i of positions) results[i] = { encoding, tensors: first };
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

function requestedKinds(request: RunRequest): OutputKind[] {
  const kinds = KINDS.filter((kind) => request[kind]);
  // nothing asked: logits, the cheapest useful answer
  return kinds.length ? kinds : ['logits'];
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
