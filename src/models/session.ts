import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { SesameError } from '../errors.js';
import type { GraphAnatomy } from './graph.js';
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

/** onnxruntime session options for a device and a thread count (0 = onnxruntime's default). */
export function sessionOptions(device: Device, threads: number): ort.InferenceSession.SessionOptions {
  return {
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
    // 'cpu' stays listed after 'cuda' so operators CUDA lacks still run, as onnxruntime's own examples do
    executionProviders: device === 'cuda' ? ['cuda', 'cpu'] : ['cpu'],
  };
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

/**
 * An onnxruntime session over the edited graph (attention probabilities and layer outputs added to its
 * outputs). Each forward pass fetches only the outputs asked for (`session.run(feeds, names)`): the graph computes
 * every layer anyway, but an output nobody asked for is neither copied out of onnxruntime nor split per sentence.
 * One session serves every output set: onnxruntime optimises the edited graph to the same operators as the plain
 * one (checked with optimizedModelFilePath on the fixtures), so a session per output set would only cost memory.
 */
export class ForwardSession {
  private readonly logitsName: string;
  /**
   * A decoder classifier exported without its pooling scores every position (`[batch, seq, labels]`); transformers
   * reads the prediction at the last non-pad token, so the session does too.
   */
  private classifierLabels = 0;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly anatomy: GraphAnatomy,
    private readonly numHeads: number,
    private readonly padId: number,
  ) {
    this.logitsName = anatomy.originalOutputs.includes('logits') ? 'logits' : anatomy.originalOutputs[0];
  }

  static async create(
    bytes: Uint8Array,
    anatomy: GraphAnatomy,
    { numHeads, padId, threads, device = 'cpu' }: { numHeads: number; padId: number; threads: number; device?: Device },
    file: string,
  ): Promise<ForwardSession> {
    if (device === 'cuda') {
      const missing = cudaUnavailable();
      if (missing) throw new SesameError(`device cuda: ${missing}`);
    }
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, sessionOptions(device, threads));
    } catch (err) {
      const reason = (err as Error).message.split('\n')[0];
      if (device === 'cuda') {
        throw new SesameError(`device cuda: onnxruntime's CUDA execution provider did not start for ${file} (${reason}); it needs an NVIDIA GPU with its driver, CUDA 12 and cuDNN 9 libraries on the library path, or use --device cpu`);
      }
      throw new SesameError(`onnxruntime cannot load ${file} (${reason}); re-export or re-download the model`);
    }
    return new ForwardSession(session, anatomy, numHeads, padId);
  }

  /** Read a `[batch, seq, labels]` logits output at each sentence's last token (decoder classifiers without in-graph pooling). */
  readLogitsAtLastToken(labels: number): void {
    this.classifierLabels = labels;
  }

  /**
   * Whether every layer's attention is causal: on a short probe sentence every query gives exactly zero probability to
   * every key on its right (masked before the Softmax). Encoders give every key some probability.
   */
  async isCausal(probe: Encoding): Promise<boolean> {
    const layers = this.anatomy.attentionOutputs.map((_, l) => l);
    const [out] = await this.forward([probe], { logits: false, hiddenLayers: [], attentionLayers: layers });
    const { data, shape } = out.attentions!;
    const seq = shape[3];
    if (seq < 2) return false;
    for (let at = 0; at < data.length; at += seq * seq) {
      for (let q = 0; q < seq; q++) for (let k = q + 1; k < seq; k++) if (data[at + q * seq + k] !== 0) return false;
    }
    return true;
  }

  /** Runs one padded batch (padded to its longest sentence) and splits the outputs per sentence. */
  async forward(batch: Encoding[], fetch: Fetch): Promise<SentenceTensors[]> {
    const batchSize = batch.length;
    const seq = Math.max(...batch.map((e) => e.ids.length));
    const ids = new BigInt64Array(batchSize * seq).fill(BigInt(this.padId));
    const mask = new BigInt64Array(batchSize * seq);
    batch.forEach((encoding, b) => {
      encoding.ids.forEach((id, t) => {
        ids[b * seq + t] = BigInt(id);
        mask[b * seq + t] = 1n;
      });
    });
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
    const hiddenNames = fetch.hiddenLayers.map((l) => this.anatomy.hiddenStateOutputs[l]);
    const attentionNames = fetch.attentionLayers.map((l) => this.anatomy.attentionOutputs[l]);
    const names = [...(fetch.logits ? [this.logitsName] : []), ...hiddenNames, ...attentionNames];
    // two layers may read one tensor (e.g. a layer's input is the previous layer's output): fetch it once
    const results = await this.session.run(feeds, [...new Set(names)]);
    const lengths = batch.map((e) => e.ids.length);
    const out: SentenceTensors[] = lengths.map(() => ({}));
    if (fetch.logits) this.splitLogits(results[this.logitsName] as ort.Tensor, lengths, out);
    if (hiddenNames.length) this.splitHidden(hiddenNames.map((n) => results[n] as ort.Tensor), lengths, out);
    if (attentionNames.length) this.splitAttentions(attentionNames.map((n) => results[n] as ort.Tensor), lengths, out);
    for (const tensor of Object.values(results)) tensor.dispose?.();
    return out;
  }

  private splitLogits(tensor: ort.Tensor, lengths: number[], out: SentenceTensors[]): void {
    const data = tensor.data as Float32Array;
    const dims = tensor.dims.map(Number);
    if (dims.length === 2) {
      const labels = dims[1];
      lengths.forEach((_, b) => (out[b].logits = { data: data.slice(b * labels, (b + 1) * labels), shape: [labels] }));
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
      out[b].logits = { data: data.slice(start, start + len * width), shape: [len, width] };
    });
  }

  private splitHidden(layers: ort.Tensor[], lengths: number[], out: SentenceTensors[]): void {
    const [, seq, hidden] = layers[0].dims.map(Number);
    lengths.forEach((len, b) => {
      const data = new Float32Array(layers.length * len * hidden);
      layers.forEach((layer, l) => {
        const source = layer.data as Float32Array;
        const start = b * seq * hidden;
        data.set(source.subarray(start, start + len * hidden), l * len * hidden);
      });
      out[b].hiddenStates = { data, shape: [layers.length, len, hidden] };
    });
  }

  private splitAttentions(layers: ort.Tensor[], lengths: number[], out: SentenceTensors[]): void {
    const dims = layers[0].dims.map(Number);
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
    lengths.forEach((len, b) => {
      const data = new Float32Array(layers.length * heads * len * len);
      let at = 0;
      for (const layer of layers) {
        const source = layer.data as Float32Array;
        if (len === seq) {
          // no padding (a batch of one, or the batch's longest sentence): the sentence's maps are one block
          const start = b * heads * seq * seq;
          data.set(source.subarray(start, start + heads * seq * seq), at);
          at += heads * seq * seq;
          continue;
        }
        for (let h = 0; h < heads; h++) {
          const base = ((b * heads + h) * seq) * seq;
          for (let row = 0; row < len; row++) {
            const start = base + row * seq;
            data.set(source.subarray(start, start + len), at);
            at += len;
          }
        }
      }
      out[b].attentions = { data, shape: [layers.length, heads, len, len] };
    });
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
