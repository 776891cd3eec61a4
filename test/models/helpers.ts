import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import type { Precision, Tensor } from '../../src/models/index.js';

const { onnx } = onnxProto;

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MODELS = path.join(REPO, 'fixtures', 'models');
export const SENTIMENT = path.join(MODELS, 'tiny-bert-sentiment');
export const BASE = path.join(MODELS, 'tiny-bert-base');

export function onnxFile(dir: string, precision: Precision): string {
  return path.join(dir, 'onnx', precision === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

function int64(values: number[], dims: number[]): ort.Tensor {
  return new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);
}

/** Logits of the untouched ONNX file for one tokenized sentence (batch of one, no padding). */
export async function untouchedLogits(session: ort.InferenceSession, ids: number[]): Promise<Float32Array> {
  const dims = [1, ids.length];
  const result = await session.run({ input_ids: int64(ids, dims), attention_mask: int64(ids.map(() => 1), dims), token_type_ids: int64(ids.map(() => 0), dims) });
  return result.logits.data as Float32Array;
}

/** Runs a session on a right-padded batch and returns the named outputs untrimmed, with each row's real length. */
export async function paddedRun(session: ort.InferenceSession, batch: number[][], names: string[], padId = 0) {
  const seq = Math.max(...batch.map((ids) => ids.length));
  const ids: number[] = [];
  const mask: number[] = [];
  for (const row of batch) {
    for (let t = 0; t < seq; t++) {
      ids.push(t < row.length ? row[t] : padId);
      mask.push(t < row.length ? 1 : 0);
    }
  }
  const dims = [batch.length, seq];
  const result = await session.run({ input_ids: int64(ids, dims), attention_mask: int64(mask, dims), token_type_ids: int64(ids.map(() => 0), dims) }, names);
  return { seq, lengths: batch.map((r) => r.length), outputs: names.map((n) => result[n] as ort.Tensor) };
}

/**
 * The part of the graph that turns a hidden-state tensor into the logits (pooler + classifier, or the MLM head),
 * as a model of its own whose input is that tensor. Feeding it Sesame's last hidden state must give the logits.
 */
export async function headSession(file: string, hiddenTensor: string): Promise<ort.InferenceSession & { ops: string[] }> {
  const model = onnx.ModelProto.decode(fs.readFileSync(file));
  const graph = model.graph!;
  const producer = new Map<string, onnxProto.onnx.INodeProto>();
  for (const node of graph.node!) for (const out of node.output!) producer.set(out, node);
  const keep = new Set<onnxProto.onnx.INodeProto>();
  const stack = graph.output!.map((o) => o.name!);
  const seen = new Set(stack);
  while (stack.length) {
    const tensor = stack.pop()!;
    if (tensor === hiddenTensor) continue;
    const node = producer.get(tensor);
    if (!node) continue;
    keep.add(node);
    for (const input of node.input!) {
      if (input && !seen.has(input)) {
        seen.add(input);
        stack.push(input);
      }
    }
  }
  const inputs = graph.input!.filter((i) => seen.has(i.name!));
  graph.node = graph.node!.filter((n) => keep.has(n));
  graph.input = [onnx.ValueInfoProto.create({ name: hiddenTensor, type: { tensorType: { elemType: 1 } } }), ...inputs];
  graph.initializer = graph.initializer!.filter((t) => seen.has(t.name!));
  const session = await ort.InferenceSession.create(onnx.ModelProto.encode(model).finish());
  // the head's operator types: they show where the cut was made (e.g. one layer norm = 2 ReduceMean)
  return Object.assign(session, { ops: graph.node.map((n) => n.opType!) });
}

/** Runs a head session on one sentence's final hidden state `[seq, hidden]`. */
export async function logitsFromHidden(head: ort.InferenceSession, hiddenTensor: string, hidden: Tensor, seqLength: number): Promise<Float32Array> {
  const size = hidden.shape[2];
  const layers = hidden.shape[0];
  const last = hidden.data.slice((layers - 1) * seqLength * size, layers * seqLength * size);
  const feeds: Record<string, ort.Tensor> = { [hiddenTensor]: new ort.Tensor('float32', last, [1, seqLength, size]) };
  for (const name of head.inputNames) {
    if (name === hiddenTensor) continue;
    const fill = name === 'attention_mask' ? 1 : 0;
    feeds[name] = int64(Array(seqLength).fill(fill), [1, seqLength]);
  }
  const result = await head.run(feeds);
  return result[head.outputNames[0]].data as Float32Array;
}

/** A scratch copy of a fixture model directory (for breaking it on purpose). */
export function copyModel(dir: string, files = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-model-'));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(path.join(dir, file), path.join(target, file));
  }
  return target;
}

/**
 * The `intraOpNumThreads` of every onnxruntime session created while `body` runs ('unset' when the options leave it
 * to onnxruntime), spying on `InferenceSession.create`.
 */
export async function sessionThreads(body: () => Promise<unknown>): Promise<Array<number | 'unset'>> {
  const session = ort.InferenceSession as unknown as { create: (...args: unknown[]) => Promise<unknown> };
  const original = session.create;
  const seen: Array<number | 'unset'> = [];
  session.create = function (this: unknown, ...args: unknown[]) {
    const options = args.find((a): a is ort.InferenceSession.SessionOptions => typeof a === 'object' && a !== null && !ArrayBuffer.isView(a) && !(a instanceof ArrayBuffer));
    seen.push(options?.intraOpNumThreads ?? 'unset');
    return original.apply(this, args);
  };
  try {
    await body();
  } finally {
    session.create = original;
  }
  return seen;
}
