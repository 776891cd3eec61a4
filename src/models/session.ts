import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { SesameError } from '../errors.js';
import { appendGraphOutputs, type GraphAnatomy } from './graph.js';
import type { Encoding, Tensor } from './types.js';

/** Where forward passes run: the CPU, or an NVIDIA GPU through onnxruntime's CUDA execution provider. */
export type Device = 'cpu' | 'cuda';
export const DEVICES: readonly Device[] = ['cpu', 'cuda'];

/** The shared library onnxruntime-node loads for `executionProviders: ['cuda']` (Linux x64 only). */
export const CUDA_PROVIDER_FILE = 'libonnxruntime_providers_cuda.so';

/** The folder holding onnxruntime-node's native binding for this platform, where the CUDA provider must sit too. */
export function onnxruntimeBinDir(platform: string = process.platform, arch: string = process.arch): string {
  const main = createRequire(import.meta.url).resolve('onnxruntime-node');
  return path.join(main, '..', '..', 'bin', 'napi-v6', platform, arch);
}

/**
 * Why CUDA cannot be used here, as the end of a one-line error, or undefined when its provider binaries are in place.
 * onnxruntime-node ships the CUDA provider only for Linux x64, and downloads it at install time unless told to skip
 * (this project's .npmrc skips it, so the default install is CPU only).
 */
export function cudaUnavailable(platform: string = process.platform, arch: string = process.arch, binDir: string = onnxruntimeBinDir(platform, arch)): string | undefined {
  if (platform !== 'linux' || arch !== 'x64') {
    return `onnxruntime-node has a CUDA execution provider for linux/x64 only, not ${platform}/${arch}; use --device cpu`;
  }
  const file = path.join(binDir, CUDA_PROVIDER_FILE);
  if (fs.existsSync(file)) return undefined;
  return (
    `onnxruntime-node's CUDA execution provider is not installed (no ${file}): the default install skips it; ` +
    'install it with `npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12` (or ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci), ' +
    'with CUDA 12 and cuDNN 9 on the machine, or use --device cpu'
  );
}

/**
 * onnxruntime session options for a device and a thread count (0 = onnxruntime's default, which pins its threads).
 * Idle threads keep spinning, onnxruntime's default: sleeping ones cost 8–20% on a quiet machine (LoadOptions.threads).
 */
export function sessionOptions(device: Device, threads: number): ort.InferenceSession.SessionOptions {
  return {
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
    // 'cpu' stays listed after 'cuda' so operators CUDA lacks still run, as onnxruntime's own examples do
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
  };
}

/**
 * The largest ONNX graph (bytes) that gets sessions of its own for logits-only passes and for small stacked fetches
 * (ForwardSession `logitsOnly`, `unswitched`): past it the per-pass saving is lost in the pass itself and another
 * copy of the weights is not worth its memory (bert-base: about 400 MB more each for nothing measurable).
 */
export const LOGITS_SESSION_MAX_BYTES = 64 * 1024 * 1024;

/** An onnxruntime session made on its first use (and again after a release); none when there is nothing to build. */
class LazySession {
  private session?: Promise<ort.InferenceSession>;

  constructor(
    private readonly build: (() => Uint8Array) | undefined,
    private readonly open: (bytes: Uint8Array) => Promise<ort.InferenceSession>,
  ) {}

  get(): Promise<ort.InferenceSession> | undefined {
    if (!this.build) return undefined;
    return (this.session ??= this.open(this.build()));
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    // a session that failed to open was reported by the pass that needed it: nothing to release
    if (session) await session.then((opened) => opened.release(), () => undefined);
  }
}

/** An onnxruntime session over `bytes`, its failures turned into one-line errors naming the file and what to do. */
async function openSession(bytes: Uint8Array, device: Device, threads: number, file: string): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, sessionOptions(device, threads));
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    if (device === 'cuda') {
      throw new SesameError(`device cuda: onnxruntime's CUDA execution provider did not start for ${file} (${reason}); it needs an NVIDIA GPU with its driver, CUDA 12 and cuDNN 9 libraries on the library path, or use --device cpu`);
    }
    throw new SesameError(`onnxruntime cannot load ${file} (${reason}); re-export or re-download the model`);
  }
}

/**
 * Frees the memory of ONNX bytes an onnxruntime session was made from (it keeps its own copy of the weights) now,
 * not at the garbage collector's next full collection: with a JavaScript heap of a few MiB that came only after
 * later passes, and a bert-base graph (353 MiB) stayed resident beside its new session. Transferring the buffer
 * into a port that is then closed detaches it (every view of it becomes empty), and Node frees it on the next turn.
 */
export function discardBytes(bytes: Uint8Array): void {
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [bytes.buffer]);
  port1.close();
  port2.close();
}

/** What one forward pass should return: the logits or not, and which layers' hidden states and attention maps. */
export interface Fetch {
  logits: boolean;
  /** Hidden-state layers (0 = embeddings), ascending. */
  hiddenLayers: number[];
  /** Attention layers (0 = first layer), ascending. */
  attentionLayers: number[];
}

/**
 * One sentence's share of a batched forward pass, trimmed to its own length (no padding): `hiddenStates` holds the
 * fetched layers in `Fetch` order (`[layers, seq, hidden]`), `attentions` likewise (`[layers, heads, seq, seq]`).
 */
export interface SentenceTensors {
  logits?: Tensor;
  hiddenStates?: Tensor;
  attentions?: Tensor;
}

/** The stacked outputs (graph.ts `StackedOutput`) the edited graph has, one per kind: output and switch input names. */
export interface StackedNames {
  hiddenStates: { output: string; switch: string };
  attentions: { output: string; switch: string };
}

/**
 * The largest stacked output fetched (bytes). The Concat is a second copy of its layers inside onnxruntime for the
 * pass, and past this size the per-output cost it saves is small beside the pass itself (bert-base: full
 * introspection costs 1.0–1.1× the plain pass either way), so larger batches fetch one output per layer. Fixture-size
 * batches stay far below it; a bert-base batch of one sentence of 128 tokens needs 5 MiB of hidden states.
 */
const MAX_STACKED_BYTES = 16 * 1024 * 1024;

const DISPOSED = 'this model was disposed; load it again to run it';

const NO_STACKS = { hiddenStates: false, attentions: false };

/** The number of tokens of a batch's longest sentence: the padded length. */
function longest(batch: Encoding[]): number {
  let seq = 0;
  for (const encoding of batch) if (encoding.ids.length > seq) seq = encoding.ids.length;
  return seq;
}

/** The two values of a stacking switch, made once: onnxruntime only reads them. */
const SWITCH = { true: new ort.Tensor('bool', new Uint8Array([1]), []), false: new ort.Tensor('bool', new Uint8Array([0]), []) };

/**
 * Where each layer's block of sentence `b` starts: either one tensor per layer (`[batch, …]`, block at `b`) or one
 * stacked tensor (`[layers × batch, …]`, block at `l × batch + b`).
 */
interface LayerBlocks {
  /** The batch's array holding layer `k` (the k-th fetched layer). */
  sources: Float32Array[];
  /** Index of layer `k`'s first block (sentence 0) in its array, in blocks; sentence `b`'s is `first[k] + b`. */
  first: number[];
  /** Dimensions of one tensor, `[batch, …]` (for a stacked tensor, `[batch, …]` of one layer). */
  dims: number[];
  /** The one array holding every fetched layer in `[layers, …]` order when the batch is a single sentence, else null. */
  whole: Float32Array | null;
}

function perLayerBlocks(tensors: ort.Tensor[]): LayerBlocks {
  const dims = tensors[0].dims.map(Number);
  const sources = tensors.map((t) => t.data as Float32Array);
  return { sources, first: sources.map(() => 0), dims, whole: dims[0] === 1 && tensors.length === 1 ? sources[0] : null };
}

function stackedBlocks(tensor: ort.Tensor, layers: number, batchSize: number, what: string): LayerBlocks {
  const stackedDims = tensor.dims.map(Number);
  if (stackedDims[0] !== layers * batchSize) {
    throw new SesameError(`the stacked ${what} output has ${stackedDims[0]} rows, not ${layers} layers × ${batchSize} sentences; re-export the model`);
  }
  const data = tensor.data as Float32Array;
  const sources: Float32Array[] = [];
  const first: number[] = [];
  for (let k = 0; k < layers; k++) {
    sources.push(data);
    first.push(k * batchSize);
  }
  stackedDims[0] = batchSize;
  return { sources, first, dims: stackedDims, whole: batchSize === 1 ? data : null };
}

/**
 * An onnxruntime session over the edited graph (attention probabilities and layer outputs added to its
 * outputs). Each forward pass fetches only the outputs asked for (`session.run(feeds, names)`): the graph computes
 * every layer anyway, but an output nobody asked for is neither copied out of onnxruntime nor split per sentence.
 * One session serves every output set that asks for a layer: onnxruntime optimises the edited graph to the same
 * operators as the plain one (checked with optimizedModelFilePath on the fixtures). A small model has two more
 * sessions, each made on its first use: one for logits-only passes (`logitsOnly`) and one without the stacking
 * switches for passes whose stacks are small (`unswitched`).
 *
 * Every layer of a kind is fetched as one stacked output (graph.ts `StackedOutput`) rather than one output per layer:
 * onnxruntime-node copies each output into a new JavaScript ArrayBuffer, and the garbage collector's cost followed
 * the number of those buffers more than their bytes (fixture, batches of one, raw onnxruntime keeping every sentence's
 * outputs: 1.10× the plain CPU time with 14 outputs, 1.04× with 3; Sesame's full introspection went from 1.4–1.5×
 * to 1.2×). A single sentence's stacked output is its `[layers, …]` tensor as it is, uncopied.
 */
export class ForwardSession {
  private readonly logitsName: string;
  private readonly padBig: bigint;
  /**
   * A decoder classifier exported without its pooling scores every position (`[batch, seq, labels]`); transformers
   * reads the prediction at the last non-pad token, so the session does too.
   */
  private classifierLabels = 0;

  /**
   * A small model's session of its own unedited graph (bytes kept), made on the first logits-only pass. A pass that
   * wants the logits alone runs there: in the edited graph every layer output is a graph output, which
   * onnxruntime allocates on its own each pass, outside its planned memory, fetched or not. Fixture model, one
   * thread, batches of one, chunks of 32 sentences timed side by side with a bare session: the edited graph's
   * logits-only passes ran at 0.92–0.99× its speed, Sesame's predict at 0.90–0.94× before this session and 0.97×
   * with it. Only for small graphs (`LOGITS_SESSION_MAX_BYTES`): the second session holds a second copy of the weights.
   */
  private readonly logitsOnly: LazySession;

  /**
   * A small model's graph with every layer output and both stacks, the stacking Concats outside any If: they run on
   * every pass, so it serves the passes whose stacks (all layers of both kinds) fit MAX_STACKED_BYTES, once the probe
   * saw that every layer of each kind has one shape. An If costs about 0.15 ms a pass: fixture model, one thread,
   * chunks of 32 sentences timed side by side with a bare session, full introspection cost 1.11–1.13× the bare pass
   * at batch 1 through the Ifs and 1.02× without them (raw onnxruntime; a single layer: 1.11× and 1.01×); at batch 8,
   * 1.05× and 1.03×.
   */
  private readonly unswitched: LazySession;

  /** Null while released (`suspend`) until the next pass re-creates it. */
  private session: ort.InferenceSession | null;
  private reopening: Promise<ort.InferenceSession> | null = null;
  private disposed = false;

  private constructor(
    session: ort.InferenceSession,
    /** A new onnxruntime session over the same edited graph, for a pass after `suspend`. */
    private readonly reopen: () => Promise<ort.InferenceSession>,
    private readonly anatomy: GraphAnatomy,
    private readonly numHeads: number,
    padId: number,
    /** The stacked outputs and their switches, which every run feeds (the graph requires them), or null. */
    private readonly stacked: StackedNames | null,
    private readonly options: { device: Device; threads: number; file: string },
    uneditedGraph: Uint8Array | undefined,
  ) {
    this.session = session;
    this.padBig = BigInt(padId);
    this.logitsName = anatomy.originalOutputs.includes('logits') ? 'logits' : anatomy.originalOutputs[0];
    const open = (bytes: Uint8Array) => openSession(bytes, options.device, options.threads, options.file);
    this.logitsOnly = new LazySession(uneditedGraph && (() => uneditedGraph), open);
    const layerOutputs = [...anatomy.hiddenStateOutputs, ...anatomy.attentionOutputs];
    const unswitchedGraph = (graph: Uint8Array, { hiddenStates, attentions }: StackedNames) => () =>
      appendGraphOutputs(graph, anatomy.originalOutputs, layerOutputs, [
        { name: hiddenStates.output, inputs: anatomy.hiddenStateOutputs },
        { name: attentions.output, inputs: anatomy.attentionOutputs },
      ]);
    this.unswitched = new LazySession(uneditedGraph && stacked ? unswitchedGraph(uneditedGraph, stacked) : undefined, open);
  }

  /**
   * `uneditedGraph`: the model's own ONNX bytes, kept for its logits-only and unswitched sessions; passed for graphs
   * up to `LOGITS_SESSION_MAX_BYTES`, ignored above. `reread` gives the edited graph's bytes again when a pass needs the
   * session back after `suspend`. `bytes` (and each re-read) are used up: detached once their session is made
   * (`discardBytes`), unless they share their buffer with a small graph's kept `uneditedGraph`.
   */
  static async create(
    bytes: Uint8Array,
    anatomy: GraphAnatomy,
    {
      numHeads,
      padId,
      threads,
      device = 'cpu',
      stacked = null,
      uneditedGraph,
    }: { numHeads: number; padId: number; threads: number; device?: Device; stacked?: StackedNames | null; uneditedGraph?: Uint8Array },
    file: string,
    reread: () => Uint8Array,
  ): Promise<ForwardSession> {
    if (device === 'cuda') {
      const missing = cudaUnavailable();
      if (missing) throw new SesameError(`device cuda: ${missing}`);
    }
    const session = await openSession(bytes, device, threads, file);
    const small = uneditedGraph && uneditedGraph.length <= LOGITS_SESSION_MAX_BYTES ? uneditedGraph : undefined;
    // a small graph's bytes (the same buffer, before the appended outputs) are kept for its other sessions
    if (small?.buffer !== bytes.buffer) discardBytes(bytes);
    const reopen = async () => {
      const again = reread();
      const reopened = await openSession(again, device, threads, file);
      discardBytes(again);
      return reopened;
    };
    return new ForwardSession(session, reopen, anatomy, numHeads, padId, stacked, { device, threads, file }, small);
  }

  /**
   * Releases the onnxruntime sessions (the weights and the buffers of the largest pass so far: most of a loaded
   * model's memory); the next pass that needs one re-creates it, the edited graph's from the model file, a small
   * model's others from the bytes it keeps (at most LOGITS_SESSION_MAX_BYTES). What the load-time probe learnt
   * (stacking, widths) is kept.
   */
  async suspend(): Promise<void> {
    const session = this.session;
    this.session = null;
    await Promise.all([session?.release(), this.logitsOnly.release(), this.unswitched.release()]);
  }

  private async live(): Promise<ort.InferenceSession> {
    if (this.session) return this.session;
    if (this.disposed) throw new SesameError(DISPOSED);
    this.reopening ??= this.reopen().finally(() => (this.reopening = null));
    return (this.session = await this.reopening);
  }

  /** The session for a pass that fetches only `fetch`: the unedited graph's for the logits alone, when there is one. */
  private sessionFor(fetch: Fetch): Promise<ort.InferenceSession> | undefined {
    if (!fetch.logits || fetch.hiddenLayers.length || fetch.attentionLayers.length) return undefined;
    return this.logitsOnly.get();
  }

  /** A small model's unswitched session, for a batch whose stacks of every layer of both kinds fit MAX_STACKED_BYTES. */
  private unswitchedFor(batchSize: number, seq: number): Promise<ort.InferenceSession> | undefined {
    if (!this.stacking.hiddenStates || !this.stacking.attentions) return undefined;
    const hidden = this.anatomy.hiddenStateOutputs.length * batchSize * seq * this.hiddenWidth * 4;
    const attention = this.anatomy.attentionOutputs.length * batchSize * this.numHeads * seq * seq * 4;
    return hidden + attention <= MAX_STACKED_BYTES ? this.unswitched.get() : undefined;
  }

  /** Whether all layers of a kind are fetched as one stacked output: once the probe saw every layer of a kind alike. */
  private stacking = { hiddenStates: false, attentions: false };
  /** Floats per token of one hidden-state layer, from the probe (the stacked size limit needs it). */
  private hiddenWidth = 0;


  /** Read a `[batch, seq, labels]` logits output at each sentence's last token (decoder classifiers without in-graph pooling). */
  readLogitsAtLastToken(labels: number): void {
    this.classifierLabels = labels;
  }

  /**
   * Whether every layer's attention is causal: on a short probe sentence every query gives exactly zero probability to
   * every key on its right (masked before the Softmax). Encoders give every key some probability. The same pass, one
   * output per layer, turns stacking on for each kind whose layers all have one shape (they may not: e.g. an
   * embedding output narrower than the layers), so the stacked Concat never sees tensors it cannot join.
   */
  async isCausal(probe: Encoding): Promise<boolean> {
    const names = [...new Set([...this.anatomy.hiddenStateOutputs, ...this.anatomy.attentionOutputs])];
    const results = await (await this.live()).run(this.feedsOf([probe], { hiddenStates: false, attentions: false }), names);
    const alike = (outputs: string[]) => outputs.length > 1 && outputs.every((n) => results[n].dims.join() === results[outputs[0]].dims.join());
    if (this.stacked) this.stacking = { hiddenStates: alike(this.anatomy.hiddenStateOutputs), attentions: alike(this.anatomy.attentionOutputs) };
    this.hiddenWidth = Number(results[this.anatomy.hiddenStateOutputs[0]].dims.at(-1));
    try {
      // checks the attention shape and head count (a clear error at load time) and gives [layers, heads, seq, seq]
      const out: SentenceTensors = {};
      const layers = this.anatomy.attentionOutputs.map((n) => results[n] as ort.Tensor);
      this.splitAttentions(perLayerBlocks(layers), layers.length, [probe.ids.length], [out]);
      const { data, shape } = out.attentions!;
      const seq = shape[3];
      if (seq < 2) return false;
      for (let at = 0; at < data.length; at += seq * seq) {
        for (let q = 0; q < seq; q++) for (let k = q + 1; k < seq; k++) if (data[at + q * seq + k] !== 0) return false;
      }
      return true;
    } finally {
      for (const tensor of Object.values(results)) tensor.dispose?.();
    }
  }

  /** The inputs of one padded batch (padded to its longest sentence), and the stacking switches (the edited graph's). */
  private feedsOf(batch: Encoding[], stack: { hiddenStates: boolean; attentions: boolean }, switches = true): Record<string, ort.Tensor> {
    const batchSize = batch.length;
    const seq = longest(batch);
    const ids = new BigInt64Array(batchSize * seq);
    const mask = new BigInt64Array(batchSize * seq);
    for (let b = 0; b < batchSize; b++) {
      const tokens = batch[b].ids;
      const row = b * seq;
      for (let t = 0; t < tokens.length; t++) {
        ids[row + t] = BigInt(tokens[t]);
        mask[row + t] = 1n;
      }
      if (tokens.length < seq) ids.fill(this.padBig, row + tokens.length, row + seq);
    }
    const dims = [batchSize, seq];
    const feeds: Record<string, ort.Tensor> = {};
    for (const name of this.anatomy.inputs) {
      if (name === 'input_ids') feeds[name] = new ort.Tensor('int64', ids, dims);
      else if (name === 'attention_mask') feeds[name] = new ort.Tensor('int64', mask, dims);
      else if (name === 'token_type_ids') feeds[name] = new ort.Tensor('int64', new BigInt64Array(batchSize * seq), dims);
      else if (name === 'position_ids') {
        const positions = new BigInt64Array(batchSize * seq);
        for (let i = 0; i < positions.length; i++) positions[i] = BigInt(i % seq);
        feeds[name] = new ort.Tensor('int64', positions, dims);
      } else {
        throw new SesameError(`the ONNX graph has an input "${name}" Sesame does not know how to fill; use an export with input_ids, attention_mask and token_type_ids`);
      }
    }
    if (this.stacked && switches) {
      feeds[this.stacked.hiddenStates.switch] = SWITCH[String(stack.hiddenStates) as 'true' | 'false'];
      feeds[this.stacked.attentions.switch] = SWITCH[String(stack.attentions) as 'true' | 'false'];
    }
    return feeds;
  }

  /** Runs one padded batch (padded to its longest sentence) and splits the outputs per sentence. */
  async forward(batch: Encoding[], fetch: Fetch): Promise<SentenceTensors[]> {
    if (this.disposed) throw new SesameError(DISPOSED);
    const batchSize = batch.length;
    const lengths: number[] = [];
    const out: SentenceTensors[] = [];
    for (const encoding of batch) {
      lengths.push(encoding.ids.length);
      out.push({});
    }
    const logitsSession = this.sessionFor(fetch);
    if (logitsSession) {
      const results = await (await logitsSession).run(this.feedsOf(batch, NO_STACKS, false), [this.logitsName]);
      this.splitLogits(results[this.logitsName] as ort.Tensor, lengths, out);
      results[this.logitsName].dispose?.();
      return out;
    }
    // every layer of a kind asked for, and the stack small enough to hold twice (onnxruntime keeps the layers too)
    const seq = longest(batch);
    const stackHidden =
      this.stacking.hiddenStates &&
      fetch.hiddenLayers.length === this.anatomy.hiddenStateOutputs.length &&
      fetch.hiddenLayers.length * batchSize * seq * this.hiddenWidth * 4 <= MAX_STACKED_BYTES;
    const stackAttention =
      this.stacking.attentions &&
      fetch.attentionLayers.length === this.anatomy.attentionOutputs.length &&
      fetch.attentionLayers.length * batchSize * this.numHeads * seq * seq * 4 <= MAX_STACKED_BYTES;
    const unswitched = this.unswitchedFor(batchSize, seq);
    const feeds = this.feedsOf(batch, { hiddenStates: stackHidden, attentions: stackAttention }, !unswitched);
    const hiddenNames = stackHidden ? [this.stacked!.hiddenStates.output] : fetch.hiddenLayers.map((l) => this.anatomy.hiddenStateOutputs[l]);
    const attentionNames = stackAttention ? [this.stacked!.attentions.output] : fetch.attentionLayers.map((l) => this.anatomy.attentionOutputs[l]);
    const names = [...(fetch.logits ? [this.logitsName] : []), ...hiddenNames, ...attentionNames];
    // two layers may read one tensor (e.g. a layer's input is the previous layer's output): fetch it once
    const results = await (await (unswitched ?? this.live())).run(feeds, [...new Set(names)]);
    if (fetch.logits) this.splitLogits(results[this.logitsName] as ort.Tensor, lengths, out);
    const hiddenLayers = fetch.hiddenLayers.length;
    const attentionLayers = fetch.attentionLayers.length;
    if (hiddenLayers) {
      const blocks = stackHidden ? stackedBlocks(results[hiddenNames[0]], hiddenLayers, batchSize, 'hidden-state') : perLayerBlocks(hiddenNames.map((n) => results[n]));
      this.splitHidden(blocks, hiddenLayers, lengths, out);
    }
    if (attentionLayers) {
      const blocks = stackAttention ? stackedBlocks(results[attentionNames[0]], attentionLayers, batchSize, 'attention') : perLayerBlocks(attentionNames.map((n) => results[n]));
      this.splitAttentions(blocks, attentionLayers, lengths, out);
    }
    for (const name in results) results[name].dispose?.();
    return out;
  }

  private splitLogits(tensor: ort.Tensor, lengths: number[], out: SentenceTensors[]): void {
    const data = tensor.data as Float32Array;
    const dims = tensor.dims.map(Number);
    if (dims.length === 2) {
      const labels = dims[1];
      // views, not copies: a batch's logits are a few floats, and one array per sentence would cost the collector more
      if (lengths.length === 1) out[0].logits = { data, shape: [labels] };
      else lengths.forEach((_, b) => (out[b].logits = { data: data.subarray(b * labels, (b + 1) * labels), shape: [labels] }));
      return;
    }
    const [, seq, width] = dims;
    if (this.classifierLabels && width === this.classifierLabels) {
      lengths.forEach((len, b) => {
        const start = (b * seq + len - 1) * width;
        out[b].logits = { data: data.slice(start, start + width), shape: [width] };
      });
      return;
    }
    // token-level heads ([batch, seq, vocab]): keep each sentence's own positions
    lengths.forEach((len, b) => {
      const start = b * seq * width;
      out[b].logits = { data: lengths.length === 1 ? data : data.slice(start, start + len * width), shape: [len, width] };
    });
  }

  private splitHidden(blocks: LayerBlocks, layers: number, lengths: number[], out: SentenceTensors[]): void {
    const [, seq, hidden] = blocks.dims;
    if (blocks.whole) {
      out[0].hiddenStates = { data: blocks.whole, shape: [layers, seq, hidden] };
      return;
    }
    lengths.forEach((len, b) => {
      const data = new Float32Array(layers * len * hidden);
      for (let k = 0; k < layers; k++) {
        const start = (blocks.first[k] + b) * seq * hidden;
        data.set(blocks.sources[k].subarray(start, start + len * hidden), k * len * hidden);
      }
      out[b].hiddenStates = { data, shape: [layers, len, hidden] };
    });
  }

  private splitAttentions(blocks: LayerBlocks, layers: number, lengths: number[], out: SentenceTensors[]): void {
    const { dims } = blocks;
    const seq = dims[dims.length - 1];
    // [batch, heads, q, k]; grouped-query exports may keep [batch, kv heads, group, q, k]: one matrix per query head either way
    const heads = dims.slice(1, -2).reduce((a, b) => a * b, 1);
    if ((dims.length !== 4 && dims.length !== 5) || dims[dims.length - 2] !== seq || seq !== Math.max(...lengths)) {
      throw new SesameError(
        `the attention Softmax output has shape [${dims.join(', ')}], not [batch, heads, ${Math.max(...lengths)}, ${Math.max(...lengths)}]; ` +
          'Sesame reads one query × key probability matrix per head: use an unfused export with eager attention',
      );
    }
    if (heads !== this.numHeads) {
      throw new SesameError(`the attention tensors have ${heads} heads but config.json says ${this.numHeads}; use the config.json that came with the model`);
    }
    if (blocks.whole) {
      out[0].attentions = { data: blocks.whole, shape: [layers, heads, seq, seq] };
      return;
    }
    const size = heads * seq * seq;
    lengths.forEach((len, b) => {
      const data = new Float32Array(layers * heads * len * len);
      let at = 0;
      for (let k = 0; k < layers; k++) {
        const source = blocks.sources[k];
        const base = (blocks.first[k] + b) * size;
        if (len === seq) {
          // no padding (the batch's longest sentence): the sentence's maps are one block
          data.set(source.subarray(base, base + size), at);
          at += size;
          continue;
        }
        // element by element: a row is a few dozen floats, and a subarray view per row cost more than the copy
        for (let h = 0; h < heads; h++) {
          for (let row = 0; row < len; row++) {
            const start = base + (h * seq + row) * seq;
            for (let i = 0; i < len; i++) data[at + i] = source[start + i];
            at += len;
          }
        }
      }
      out[b].attentions = { data, shape: [layers, heads, len, len] };
    });
  }

  async release(): Promise<void> {
    this.disposed = true;
    await this.suspend();
  }
}
