import onnxProto from 'onnx-proto';
import { SesameError } from '../errors.js';

const { onnx } = onnxProto;
type ModelProto = onnxProto.onnx.ModelProto;
type NodeProto = onnxProto.onnx.INodeProto;

/** Operators that compute a whole attention block in one node: their probabilities cannot be exposed. */
const FUSED_ATTENTION_OPS = new Set([
  'Attention',
  'MultiHeadAttention',
  'GroupQueryAttention',
  'PackedAttention',
  'PackedMultiHeadAttention',
  'DecoderMaskedMultiHeadAttention',
  'SparseAttention',
]);

const UNFUSED_EXPORT =
  'use an unfused export (e.g. `optimum-cli export onnx` without --optimize, or the plain onnx/model.onnx of a transformers.js repo)';

/** Nodes whose output depends on their input's shape only, never on its values. */
const SHAPE_ONLY_OPS = new Set(['Shape', 'Size']);

/**
 * Ops between the attention Softmax and the value MatMul in some exports: casts, dropout left in, a head mask
 * (Mul) or the zeroing of fully masked rows (Where). The Softmax output itself is what Sesame exposes.
 */
const PASS_THROUGH_OPS = new Set(['Cast', 'Dropout', 'Identity', 'Mul', 'Where']);

const LAYER_NORM_OPS = new Set([
  'LayerNormalization',
  'SkipLayerNormalization',
  'SimplifiedLayerNormalization',
  'SkipSimplifiedLayerNormalization',
]);

/** Where the word embeddings live in the graph. */
export interface WordEmbeddingSite {
  /** The initializer holding the `[vocab, dim]` matrix (float, or uint8/int8 for quantized graphs). */
  initializer: string;
  /** For quantized graphs: the scale and zero-point initializers of the DequantizeLinear after the Gather. */
  scale?: string;
  zeroPoint?: string;
}

/** The tensors to expose, found by the graph's structure (never by node names). */
export interface GraphAnatomy {
  /** One attention-probability tensor per layer, `[batch, heads, seq, seq]`, in layer order. */
  attentionOutputs: string[];
  /** `layers + 1` hidden-state tensors `[batch, seq, hidden]`: embedding output, then each layer's output. */
  hiddenStateOutputs: string[];
  /** The graph's own outputs, in order (e.g. `logits`). */
  originalOutputs: string[];
  /** Graph input names (e.g. input_ids, attention_mask, token_type_ids). */
  inputs: string[];
  wordEmbedding: WordEmbeddingSite;
  /** True when activations are quantized with a scale computed over the whole batch (DynamicQuantizeLinear). */
  batchDependent: boolean;
}

/** An index of a graph: who produces and who consumes each tensor. */
class GraphIndex {
  readonly nodes: NodeProto[];
  readonly producer = new Map<string, number>();
  readonly consumers = new Map<string, number[]>();
  readonly initializers: Set<string>;
  readonly initializerDims = new Map<string, number[]>();
  readonly inputs: string[];

  constructor(model: ModelProto) {
    const graph = model.graph!;
    this.nodes = graph.node ?? [];
    this.initializers = new Set((graph.initializer ?? []).map((t) => t.name!));
    for (const t of graph.initializer ?? []) this.initializerDims.set(t.name!, (t.dims ?? []).map(Number));
    this.inputs = (graph.input ?? []).map((i) => i.name!).filter((n) => !this.initializers.has(n));
    this.nodes.forEach((node, index) => {
      for (const out of node.output ?? []) this.producer.set(out, index);
      for (const input of node.input ?? []) {
        if (!input) continue;
        const list = this.consumers.get(input);
        if (list) list.push(index);
        else this.consumers.set(input, [index]);
      }
    });
  }

  producerOf(tensor: string): NodeProto | undefined {
    const index = this.producer.get(tensor);
    return index === undefined ? undefined : this.nodes[index];
  }

  consumersOf(tensor: string): NodeProto[] {
    return (this.consumers.get(tensor) ?? []).map((i) => this.nodes[i]);
  }

  /** Topological position of a tensor: the index of its producing node (-1 for graph inputs and initializers). */
  position(tensor: string): number {
    return this.producer.get(tensor) ?? -1;
  }

  /** Tensors whose values depend on `start` (shape-only dependencies are not followed). */
  descendants(start: string): Set<string> {
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length) {
      const tensor = stack.pop()!;
      for (const node of this.consumersOf(tensor)) {
        if (SHAPE_ONLY_OPS.has(node.opType!)) continue;
        for (const out of node.output ?? []) {
          if (out && !seen.has(out)) {
            seen.add(out);
            stack.push(out);
          }
        }
      }
    }
    return seen;
  }

  /** Tensors whose values `start` depends on (shape-only dependencies are not followed). */
  ancestors(start: string): Set<string> {
    const seen = new Set<string>([start]);
    const stack = [start];
    while (stack.length) {
      const node = this.producerOf(stack.pop()!);
      if (!node || SHAPE_ONLY_OPS.has(node.opType!)) continue;
      for (const input of node.input ?? []) {
        if (input && !seen.has(input)) {
          seen.add(input);
          stack.push(input);
        }
      }
    }
    return seen;
  }
}

/**
 * Reads an ONNX model and finds, by structure alone, every layer's attention probabilities and every
 * layer's output. Throws a SesameError when the graph hides them (fused attention) or disagrees with
 * the config's layer count.
 */
export function analyseGraph(model: ModelProto, expected: { numLayers: number; vocabSize: number }): GraphAnatomy {
  const index = new GraphIndex(model);
  const wordEmbedding = findWordEmbedding(index, expected.vocabSize);
  const embedded = index.descendants(wordEmbedding.gatherOutput);

  const fused = index.nodes.find((n) => FUSED_ATTENTION_OPS.has(n.opType!));
  const softmaxes = index.nodes
    .filter((n) => n.opType === 'Softmax' && embedded.has(n.output![0]) && feedsMatMul(index, n.output![0]))
    .map((n) => n.output![0]);

  if (softmaxes.length === 0 && fused) {
    throw new SesameError(
      `the ONNX graph computes attention inside one fused "${fused.opType}" operator, so its attention probabilities cannot be exposed; ` +
        UNFUSED_EXPORT,
    );
  }
  if (softmaxes.length !== expected.numLayers) {
    throw new SesameError(
      `the ONNX graph has ${softmaxes.length} attention Softmax node(s) but config.json says ${expected.numLayers} layers; ` +
        'use an unfused BERT-style export whose config matches the graph',
    );
  }

  const layerInputs = softmaxes.map((softmax, layer) => findLayerInput(index, softmax, embedded, layer));
  const lastOutput = findLastLayerOutput(index, softmaxes, layerInputs);
  const originalOutputs = (model.graph!.output ?? []).map((o) => o.name!);
  return {
    attentionOutputs: softmaxes,
    hiddenStateOutputs: [...layerInputs, lastOutput],
    originalOutputs,
    inputs: index.inputs,
    wordEmbedding: wordEmbedding.site,
    batchDependent: index.nodes.some((n) => n.opType === 'DynamicQuantizeLinear'),
  };
}

/** Does the Softmax output reach a MatMul (attention × values), possibly through casts or dropout? */
function feedsMatMul(index: GraphIndex, tensor: string, depth = 0): boolean {
  if (depth > 3) return false;
  return index.consumersOf(tensor).some((node) => {
    if (node.opType === 'MatMul' || node.opType === 'Einsum') return true;
    return PASS_THROUGH_OPS.has(node.opType!) && feedsMatMul(index, node.output![0], depth + 1);
  });
}

/**
 * The word-embedding lookup is the Gather whose indices are a graph input (input_ids) and whose data is a
 * `[vocab, dim]` initializer; in quantized graphs a DequantizeLinear follows it.
 */
function findWordEmbedding(index: GraphIndex, vocabSize: number): { site: WordEmbeddingSite; gatherOutput: string } {
  const candidates = index.nodes.filter(
    (n) => n.opType === 'Gather' && index.inputs.includes(n.input![1]) && index.initializers.has(n.input![0]),
  );
  const rows = (n: NodeProto) => Number(index.initializerDims.get(n.input![0])?.[0] ?? -1);
  const preferred =
    candidates.find((n) => n.input![1] === 'input_ids' && rows(n) === vocabSize) ??
    candidates.find((n) => rows(n) === vocabSize) ??
    candidates.find((n) => n.input![1] === 'input_ids');
  if (!preferred && index.nodes.some((n) => n.opType === 'EmbedLayerNormalization')) {
    throw new SesameError(
      'the ONNX graph fuses its embeddings into one "EmbedLayerNormalization" operator (an optimized export); ' +
        UNFUSED_EXPORT,
    );
  }
  if (!preferred) {
    throw new SesameError(
      'the ONNX graph has no word-embedding lookup (a Gather of input_ids from an initializer); use a BERT-style encoder export',
    );
  }
  const gatherOutput = preferred.output![0];
  const site: WordEmbeddingSite = { initializer: preferred.input![0] };
  const dequantize = index.consumersOf(gatherOutput).find((n) => n.opType === 'DequantizeLinear');
  if (dequantize) {
    site.scale = dequantize.input![1];
    site.zeroPoint = dequantize.input![2] || undefined;
  }
  return { site, gatherOutput };
}

/**
 * A layer's input is the residual stream entering it: the tensor the attention Softmax depends on that is
 * also added back after attention (the residual Add takes it and a tensor computed from the Softmax).
 */
function findLayerInput(index: GraphIndex, softmax: string, embedded: Set<string>, layer: number): string {
  const before = index.ancestors(softmax);
  const after = index.descendants(softmax);
  let best: string | undefined;
  for (const tensor of before) {
    if (!embedded.has(tensor) || tensor === softmax) continue;
    const residual = index
      .consumersOf(tensor)
      .some((n) => n.opType === 'Add' && n.input!.some((other) => other !== tensor && after.has(other)));
    if (residual && (best === undefined || index.position(tensor) > index.position(best))) best = tensor;
  }
  if (!best) {
    throw new SesameError(
      `cannot find the input of attention layer ${layer} (no residual connection around its Softmax); use a BERT-style encoder export`,
    );
  }
  return best;
}

/** What produces a tensor, coarsely: layer norms (fused or decomposed) count as one kind. */
function tensorKind(index: GraphIndex, tensor: string, layerNorms: Set<string>): string {
  if (layerNorms.has(tensor)) return 'LayerNorm';
  return index.producerOf(tensor)?.opType ?? 'input';
}

/** Outputs of layer normalisations: LayerNormalization-like ops, or the decomposed ReduceMean/Sub/Pow/Sqrt/Div(/Mul/Add). */
function findLayerNormOutputs(index: GraphIndex): Set<string> {
  const outputs = new Set<string>();
  for (const node of index.nodes) {
    if (LAYER_NORM_OPS.has(node.opType!)) {
      outputs.add(node.output![0]);
      continue;
    }
    if (node.opType !== 'Div') continue;
    const centred = index.producerOf(node.input![0]);
    const spread = index.producerOf(node.input![1]);
    if (centred?.opType !== 'Sub' || spread?.opType !== 'Sqrt') continue;
    const mean = index.producerOf(centred.input![1]);
    if (mean?.opType !== 'ReduceMean' || mean.input![0] !== centred.input![0]) continue;
    let out = node.output![0];
    for (const affine of ['Mul', 'Add']) {
      const next = index.consumersOf(out);
      if (next.length === 1 && next[0].opType === affine) out = next[0].output![0];
      else break;
    }
    outputs.add(out);
  }
  return outputs;
}

/**
 * The last layer has no next layer to read its output from. Layers are built alike, so the last layer's
 * output is found the way the previous layer's output (= the last layer's input) sits after its Softmax:
 * the k-th tensor of the same kind (usually the k-th layer norm) after the Softmax.
 */
function findLastLayerOutput(index: GraphIndex, softmaxes: string[], layerInputs: string[]): string {
  const layerNorms = findLayerNormOutputs(index);
  const last = softmaxes[softmaxes.length - 1];
  let kind = 'LayerNorm';
  let k = 2; // post-LN encoders: attention-output norm, then FFN-output norm
  if (softmaxes.length >= 2) {
    const prevSoftmax = softmaxes[softmaxes.length - 2];
    const prevOutput = layerInputs[layerInputs.length - 1];
    kind = tensorKind(index, prevOutput, layerNorms);
    const between = index.descendants(prevSoftmax);
    const upTo = index.ancestors(prevOutput);
    k = [...upTo].filter((t) => between.has(t) && t !== prevSoftmax && tensorKind(index, t, layerNorms) === kind).length;
  }
  const after = [...index.descendants(last)]
    .filter((t) => t !== last && tensorKind(index, t, layerNorms) === kind)
    .sort((a, b) => index.position(a) - index.position(b));
  const output = after[k - 1];
  if (!output) {
    throw new SesameError('cannot find the output of the last encoder layer in the ONNX graph; use a BERT-style encoder export');
  }
  return output;
}

/** Adds the given tensors to the model's graph outputs (as float tensors) and serialises it. Edits `model` in place. */
export function withExtraOutputs(model: ModelProto, tensors: string[]): Uint8Array {
  const existing = new Set((model.graph!.output ?? []).map((o) => o.name));
  for (const name of tensors) {
    if (existing.has(name)) continue;
    existing.add(name);
    model.graph!.output!.push(onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }));
  }
  return onnx.ModelProto.encode(model).finish();
}

/** Decodes ONNX bytes, turning protobuf failures into a one-line error naming the file. */
export function decodeModel(bytes: Uint8Array, file: string): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new SesameError(`${file} is not a valid ONNX model (${(err as Error).message.split('\n')[0]}); re-export or re-download it`);
  }
  if (!model.graph || !model.graph.node?.length) {
    throw new SesameError(`${file} is not a valid ONNX model (no graph); re-export or re-download it`);
  }
  return model;
}

/** Reads a float matrix from an initializer (dequantising uint8/int8 data with its scale and zero point). */
export function readEmbeddingMatrix(model: ModelProto, site: WordEmbeddingSite): { data: Float32Array; shape: number[] } {
  const init = (name: string) => {
    const t = model.graph!.initializer!.find((i) => i.name === name);
    if (!t) throw new SesameError(`the ONNX graph has no initializer "${name}"; re-export the model`);
    return t;
  };
  const matrix = init(site.initializer);
  const shape = matrix.dims!.map((d) => Number(d));
  const count = shape.reduce((a, b) => a * b, 1);
  const raw = rawValues(matrix, count);
  if (!site.scale) return { data: Float32Array.from(raw), shape };
  const scales = rawValues(init(site.scale), -1);
  const zeros = site.zeroPoint ? rawValues(init(site.zeroPoint), -1) : [0];
  const data = new Float32Array(count);
  const cols = shape[1];
  for (let i = 0; i < count; i++) {
    // per-tensor, or per-row (axis 0) quantisation parameters
    const p = scales.length === 1 ? 0 : Math.floor(i / cols);
    data[i] = (raw[i] - zeros[zeros.length === 1 ? 0 : p]) * scales[p];
  }
  return { data, shape };
}

function rawValues(t: onnxProto.onnx.ITensorProto, count: number): ArrayLike<number> {
  const type = t.dataType!;
  const DT = onnx.TensorProto.DataType;
  const bytes = t.rawData && t.rawData.length ? t.rawData : undefined;
  if (bytes) {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    if (type === DT.FLOAT) return new Float32Array(buf);
    if (type === DT.UINT8) return new Uint8Array(buf);
    if (type === DT.INT8) return new Int8Array(buf);
  } else {
    if (type === DT.FLOAT && t.floatData?.length) return t.floatData;
    if ((type === DT.UINT8 || type === DT.INT8) && t.int32Data?.length) return t.int32Data;
  }
  throw new SesameError(`unsupported initializer "${t.name}" (data type ${type}, ${count} values); use an fp32 or q8 export`);
}
