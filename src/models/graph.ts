import fs from 'node:fs';
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
 * Ops that may sit between the attention Softmax and the value MatMul: they keep the attention matrix, element for
 * element (casts, dropout left in, a head mask, the zeroing of masked rows by Where, a clip) or only re-view it
 * (DeBERTa reshapes `[batch, heads, q, k]` to `[batch·heads, q, k]` for its batched product). What they have in
 * common: no reduction and no mixing of elements. The Softmax output itself is what Sesame exposes; its shape is
 * checked at the first forward pass (`[batch, heads, seq, seq]`).
 */
const ATTENTION_KEEPING_OPS = new Set([
  'Cast', 'Dropout', 'Identity', 'Mul', 'Div', 'Add', 'Sub', 'Where', 'Clip', 'Max', 'Min',
  'Reshape', 'Expand', 'Squeeze', 'Unsqueeze', 'Flatten',
]);
const PASS_THROUGH_DEPTH = 8;

/** Ops that re-view `input_ids` before the embedding lookup (GPT-2 reshapes it to `[-1, seq]`). */
const INDEX_VIEW_OPS = new Set(['Reshape', 'Unsqueeze', 'Squeeze', 'Flatten', 'Cast', 'Identity']);

const RMS_NORM_OPS = new Set(['SimplifiedLayerNormalization', 'SkipSimplifiedLayerNormalization', 'RMSNormalization']);

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

/** What the config says the graph should hold, and the hidden-state convention of its family. */
export interface GraphExpectation {
  numLayers: number;
  vocabSize: number;
  /**
   * Whether the last hidden state is taken after the final norm that follows the last layer (transformers' decoders:
   * GPT-2's `ln_f`, Llama's `norm`) or is the last layer's own output (encoders; ModernBERT before `final_norm`).
   */
  lastHiddenAfterFinalNorm?: boolean;
}

/**
 * Reads an ONNX model and finds, by structure alone, every layer's attention probabilities and every
 * layer's output. Throws a SesameError naming the first structure that did not match when the graph hides
 * them (fused attention, no attention Softmax) or disagrees with the config's layer count.
 */
export function analyseGraph(model: ModelProto, expected: GraphExpectation): GraphAnatomy {
  const index = new GraphIndex(model);
  const wordEmbedding = findWordEmbedding(index, expected.vocabSize);
  const embedded = index.descendants(wordEmbedding.gatherOutput);

  const fused = index.nodes.find((n) => FUSED_ATTENTION_OPS.has(n.opType!));
  const allSoftmaxes = index.nodes.filter((n) => n.opType === 'Softmax');
  const softmaxes: string[] = [];
  const refused: Array<{ softmax: NodeProto; blocker: NodeProto | undefined }> = [];
  for (const node of allSoftmaxes) {
    if (!embedded.has(node.output![0])) continue;
    const path = valueMatMulPath(index, node.output![0]);
    if (path.reaches) softmaxes.push(node.output![0]);
    else refused.push({ softmax: node, blocker: path.blocker });
  }

  if (softmaxes.length === 0 && fused) {
    throw new SesameError(
      `the ONNX graph computes attention inside one fused "${fused.opType}" operator (node "${fused.name || fused.output![0]}"), ` +
        `so its attention probabilities cannot be exposed; ${UNFUSED_EXPORT}`,
    );
  }
  if (softmaxes.length === 0 && allSoftmaxes.length === 0) {
    throw new SesameError(
      `the ONNX graph has no attention Softmax node although config.json says ${expected.numLayers} layers (it has no Softmax at all); ` +
        'Sesame reads attention from an unfused transformer export (eager attention): re-export with attn_implementation="eager" and ' +
        'without graph optimisation, or check that this ONNX file is the transformer the config describes',
    );
  }
  if (softmaxes.length !== expected.numLayers) {
    throw new SesameError(
      `the ONNX graph has ${softmaxes.length} attention Softmax node(s) but config.json says ${expected.numLayers} layers` +
        describeRefusal(refused, softmaxes.length, allSoftmaxes.length) +
        'If this is a new attention layout, report it with the model id; otherwise check that config.json belongs to this graph',
    );
  }

  const layerInputs = softmaxes.map((softmax, layer) => findLayerInput(index, softmax, embedded, layer));
  const layerOutput = findLastLayerOutput(index, softmaxes, layerInputs);
  const lastOutput = expected.lastHiddenAfterFinalNorm ? findFinalNorm(index, layerOutput) : layerOutput;
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

function describeNode(node: NodeProto | undefined): string {
  if (!node) return 'nothing (it is a graph output)';
  return `${node.opType} "${node.name || node.output![0]}"`;
}

function describeRefusal(refused: Array<{ softmax: NodeProto; blocker: NodeProto | undefined }>, accepted: number, total: number): string {
  if (refused.length === 0) {
    return accepted
      ? ' (one attention Softmax per layer is expected); '
      : ` (the graph has ${total} Softmax node(s), none of them computed from the word embeddings); `;
  }
  const first = refused[0];
  return (
    `: Softmax "${first.softmax.name || first.softmax.output![0]}" feeds ${describeNode(first.blocker)}, not a MatMul (the attention × values ` +
    'product, through ops that keep the attention matrix such as Cast, Where, Mul, Reshape or Expand); ' +
    `${refused.length} Softmax node(s) were refused this way. `
  );
}

/**
 * Does the Softmax output reach a MatMul (attention × values) through ops that keep the attention matrix? When it
 * does not, `blocker` is the first consumer that is neither (for the refusal message).
 */
function valueMatMulPath(index: GraphIndex, tensor: string, depth = 0): { reaches: boolean; blocker?: NodeProto } {
  let blocker: NodeProto | undefined;
  for (const node of index.consumersOf(tensor)) {
    if (node.opType === 'MatMul' || node.opType === 'Einsum') return { reaches: true };
    if (SHAPE_ONLY_OPS.has(node.opType!)) continue;
    if (ATTENTION_KEEPING_OPS.has(node.opType!) && depth < PASS_THROUGH_DEPTH) {
      const inner = valueMatMulPath(index, node.output![0], depth + 1);
      if (inner.reaches) return inner;
      blocker ??= inner.blocker;
    } else {
      blocker ??= node;
    }
  }
  return { reaches: false, blocker };
}

/** The tensor `input_ids` becomes after ops that only re-view it (a Reshape, an Unsqueeze, a Cast…), with the tensor itself. */
function indexViews(index: GraphIndex, input: string): Set<string> {
  const views = new Set([input]);
  const stack = [input];
  while (stack.length) {
    for (const node of index.consumersOf(stack.pop()!)) {
      if (!INDEX_VIEW_OPS.has(node.opType!) || node.input![0] === undefined || !views.has(node.input![0])) continue;
      const out = node.output![0];
      if (!views.has(out)) {
        views.add(out);
        stack.push(out);
      }
    }
  }
  return views;
}

/**
 * The word-embedding lookup is the Gather whose indices are a graph input (input_ids), possibly re-viewed first
 * (GPT-2 reshapes it), and whose data is a `[vocab, dim]` initializer; in quantized graphs a DequantizeLinear follows it.
 */
function findWordEmbedding(index: GraphIndex, vocabSize: number): { site: WordEmbeddingSite; gatherOutput: string } {
  const viewsOf = new Map(index.inputs.map((input) => [input, indexViews(index, input)] as const));
  const sourceInput = (n: NodeProto) => index.inputs.find((input) => viewsOf.get(input)!.has(n.input![1]));
  const fromInitializer = index.nodes.filter((n) => n.opType === 'Gather' && index.initializers.has(n.input![0]));
  const candidates = fromInitializer.filter((n) => sourceInput(n) !== undefined);
  const rows = (n: NodeProto) => Number(index.initializerDims.get(n.input![0])?.[0] ?? -1);
  const preferred =
    candidates.find((n) => sourceInput(n) === 'input_ids' && rows(n) === vocabSize) ??
    candidates.find((n) => rows(n) === vocabSize) ??
    candidates.find((n) => sourceInput(n) === 'input_ids');
  if (!preferred && index.nodes.some((n) => n.opType === 'EmbedLayerNormalization')) {
    throw new SesameError(
      'the ONNX graph fuses its embeddings into one "EmbedLayerNormalization" operator (an optimized export); ' +
        UNFUSED_EXPORT,
    );
  }
  if (!preferred) {
    const seen = fromInitializer.length
      ? `its ${fromInitializer.length} Gather(s) from an initializer take their indices from ` +
        [...new Set(fromInitializer.map((n) => describeNode(index.producerOf(n.input![1])).replace('nothing (it is a graph output)', `input "${n.input![1]}"`)))]
          .slice(0, 3)
          .join(', ') +
        ', not from input_ids'
      : 'it has no Gather from an initializer at all';
    throw new SesameError(
      `the ONNX graph has no word-embedding lookup (a Gather of input_ids from a [${vocabSize}, hidden] initializer): ${seen}; ` +
        'use an export that takes input_ids (not inputs_embeds) and keeps the embedding matrix as an initializer',
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
      `cannot find the input of attention layer ${layer}: no tensor before Softmax "${softmax}" is added back after it (a residual ` +
        'connection); Sesame reads hidden states from transformer layers with residual connections: use an unfused export of such a model',
    );
  }
  return best;
}

/** What produces a tensor, coarsely: layer norms (fused or decomposed) count as one kind. */
function tensorKind(index: GraphIndex, tensor: string, layerNorms: Set<string>): string {
  if (layerNorms.has(tensor)) return 'LayerNorm';
  return index.producerOf(tensor)?.opType ?? 'input';
}

/**
 * Outputs of layer normalisations: LayerNormalization-like ops, the decomposed ReduceMean/Sub/Pow/Sqrt/Div(/Mul/Add),
 * or a decomposed RMS norm (Llama, Mistral, Qwen2: x · 1/√(mean(x²) + ε), then × weight).
 */
function findLayerNormOutputs(index: GraphIndex): Set<string> {
  const outputs = new Set<string>();
  for (const node of index.nodes) {
    if (LAYER_NORM_OPS.has(node.opType!) || RMS_NORM_OPS.has(node.opType!)) {
      outputs.add(node.output![0]);
      continue;
    }
    const centred = node.opType === 'Div' ? index.producerOf(node.input![0]) : undefined;
    const mean = centred?.opType === 'Sub' ? index.producerOf(centred.input![1]) : undefined;
    const isLayerNorm =
      index.producerOf(node.input![1] ?? '')?.opType === 'Sqrt' && mean?.opType === 'ReduceMean' && mean.input![0] === centred!.input![0];
    if (!isLayerNorm) {
      const rms = rmsNormOutput(index, node);
      if (rms) outputs.add(rms);
      continue;
    }
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

/** Skips Casts backwards (RMS norms upcast to float32 first). */
function uncast(index: GraphIndex, tensor: string): string {
  let t = tensor;
  for (let producer = index.producerOf(t); producer?.opType === 'Cast'; producer = index.producerOf(t)) t = producer.input![0];
  return t;
}

/** If `node` is the x · rsqrt(mean(x²) + ε) of an RMS norm (or x / sqrt(…)), the norm's output (after its weight). */
function rmsNormOutput(index: GraphIndex, node: NodeProto): string | undefined {
  if (node.opType !== 'Mul' && node.opType !== 'Div') return undefined;
  const order = node.opType === 'Div' ? [[0, 1]] : [[0, 1], [1, 0]];
  for (const [xi, si] of order) {
    let scale = index.producerOf(node.input![si]);
    if (node.opType === 'Mul') {
      if (scale?.opType !== 'Reciprocal') continue;
      scale = index.producerOf(scale.input![0]);
    }
    if (scale?.opType !== 'Sqrt') continue;
    let inner = index.producerOf(scale.input![0]);
    if (inner?.opType === 'Add') inner = index.producerOf(inner.input![0]) ?? index.producerOf(inner.input![1]);
    if (inner?.opType !== 'ReduceMean') continue;
    const square = index.producerOf(inner.input![0]);
    const squared = square?.opType === 'Pow' ? square.input![0] : square?.opType === 'Mul' && square.input![0] === square.input![1] ? square.input![0] : undefined;
    if (!squared || uncast(index, squared) !== uncast(index, node.input![xi])) continue;
    let out = node.output![0];
    for (const op of ['Cast', 'Mul']) {
      const next = index.consumersOf(out);
      if (next.length === 1 && next[0].opType === op) out = next[0].output![0];
    }
    return out;
  }
  return undefined;
}

/**
 * The final norm applied to the last layer's output (GPT-2's `ln_f`, Llama's `norm`): the first layer-norm output
 * computed from it. transformers' decoders put this, not the raw residual stream, last in `hidden_states`.
 */
function findFinalNorm(index: GraphIndex, layerOutput: string): string {
  const norms = findLayerNormOutputs(index);
  const after = [...index.descendants(layerOutput)].filter((t) => t !== layerOutput && norms.has(t));
  if (after.length === 0) {
    throw new SesameError(
      `no final norm follows the last layer's output "${layerOutput}", although this model family's last hidden state is taken after ` +
        'it (as transformers does); check that config.json\'s model_type belongs to this graph',
    );
  }
  return after.reduce((a, b) => (index.position(a) <= index.position(b) ? a : b));
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
    throw new SesameError(
      `cannot find the output of the last layer in the ONNX graph: the other layers' outputs are ${kind} tensor number ${k} after their ` +
        `attention Softmax, but only ${after.length} ${kind} tensor(s) follow the last Softmax "${last}"; use an unfused export in which ` +
        'every layer is built alike',
    );
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

/**
 * A graph output that stacks tensors of one shape `[batch, …]` along their first axis: `[tensors × batch, …]`, i.e.
 * `[tensors, batch, …]` in memory. A batch of one is then exactly Sesame's stacked `[layers, …]` layout, and every
 * tensor of a kind comes out of onnxruntime as one array instead of one per layer.
 *
 * onnxruntime runs every node of a graph whatever the outputs fetched. With a `switch` (a boolean scalar input the
 * caller feeds on every run) the Concat sits in the `then` branch of an If: fed false, the output is an empty tensor
 * and nothing is copied, so passes that want single layers pay nothing for a large stack. Without one the Concat runs
 * on every pass: cheaper while the stack is small, as an If costs about 0.15 ms a pass on its own (fixture model,
 * batches of one: a tenth of the pass).
 */
export interface StackedOutput {
  name: string;
  inputs: string[];
  switch?: string;
}

function stackingNodes({ name, inputs, switch: cond }: StackedOutput): NodeProto {
  const { AttributeType } = onnx.AttributeProto;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  const floatOut = (output: string) => onnx.ValueInfoProto.create({ name: output, type: { tensorType: { elemType: FLOAT } } });
  const concat = (output: string) =>
    onnx.NodeProto.create({
      name: `${name}/concat`,
      opType: 'Concat',
      input: inputs,
      output: [output],
      attribute: [onnx.AttributeProto.create({ name: 'axis', type: AttributeType.INT, i: 0 })],
    });
  if (cond === undefined) return concat(name);
  const then = onnx.GraphProto.create({ name: `${name}/then`, node: [concat(`${name}/stacked`)], output: [floatOut(`${name}/stacked`)] });
  const otherwise = onnx.GraphProto.create({
    name: `${name}/else`,
    node: [
      onnx.NodeProto.create({
        name: `${name}/empty`,
        opType: 'Constant',
        output: [`${name}/none`],
        attribute: [onnx.AttributeProto.create({ name: 'value', type: AttributeType.TENSOR, t: onnx.TensorProto.create({ dataType: FLOAT, dims: [0] }) })],
      }),
    ],
    output: [floatOut(`${name}/none`)],
  });
  return onnx.NodeProto.create({
    name,
    opType: 'If',
    input: [cond],
    output: [name],
    attribute: [
      onnx.AttributeProto.create({ name: 'then_branch', type: AttributeType.GRAPH, g: then }),
      onnx.AttributeProto.create({ name: 'else_branch', type: AttributeType.GRAPH, g: otherwise }),
    ],
  });
}

/**
 * The model's bytes with the given tensors added to its graph outputs (and the stacked outputs with their switch
 * inputs), without re-encoding the model: protobuf merges a message that appears twice (repeated fields append), so
 * the original bytes followed by a ModelProto that holds only a graph with the extra nodes, inputs and outputs parse
 * as the edited model. A bert-base-size model is then copied once (the concatenation) instead of re-serialised from
 * its decoded tree, which held another copy of every weight. `existingOutputs`: the graph's own outputs (never added
 * twice).
 */
export function appendGraphOutputs(bytes: Uint8Array, existingOutputs: string[], tensors: string[], stacked: StackedOutput[] = []): Uint8Array {
  const existing = new Set(existingOutputs);
  const added = [...new Set(tensors)].filter((name) => !existing.has(name));
  const float = (name: string) => onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } });
  const boolScalar = (name: string) => onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType: onnx.TensorProto.DataType.BOOL, shape: {} } } });
  const tail = onnx.ModelProto.encode(
    onnx.ModelProto.create({
      graph: onnx.GraphProto.create({
        node: stacked.map(stackingNodes),
        input: stacked.flatMap((s) => (s.switch === undefined ? [] : [boolScalar(s.switch)])),
        output: [...added.map(float), ...stacked.map(({ name }) => float(name))],
      }),
    }),
  ).finish();
  const room = bytes.buffer.byteLength - bytes.byteOffset - bytes.length;
  // bytes read with room behind them (readWithRoom): the tail goes there, and the model is not copied at all
  const out = room >= tail.length ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length + tail.length) : new Uint8Array(bytes.length + tail.length);
  if (out.buffer !== bytes.buffer) out.set(bytes, 0);
  out.set(tail, bytes.length);
  return out;
}

/** A file's bytes in a buffer with `room` spare bytes behind them, for appendGraphOutputs to write into. */
export function readWithRoom(file: string, room: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buffer = Buffer.allocUnsafeSlow(size + room);
    for (let at = 0; at < size; ) {
      const got = fs.readSync(fd, buffer, at, Math.min(size - at, 1 << 30), at);
      if (got === 0) break;
      at += got;
    }
    return buffer.subarray(0, size);
  } finally {
    fs.closeSync(fd);
  }
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
