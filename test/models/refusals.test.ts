import assert from 'node:assert/strict';
import onnxProto from 'onnx-proto';
import { SesameError } from '../../src/errors.js';
import { analyseGraph } from '../../src/models/graph.js';

const { onnx } = onnxProto;
type Node = { op: string; inputs: string[]; outputs: string[]; name?: string; domain?: string };

/** A tiny ONNX graph: input_ids [batch, seq], a [10, 4] embedding matrix `emb`, the given nodes, output `out`. */
function graph(nodes: Node[], initializers: Record<string, number[]> = {}) {
  const tensor = (name: string, dims: number[]) =>
    onnx.TensorProto.create({ name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array(dims.reduce((a, b) => a * b, 1)).fill(0.1) });
  const int64 = { tensorType: { elemType: onnx.TensorProto.DataType.INT64 } };
  return onnx.ModelProto.create({
    graph: {
      node: nodes.map((n, i) => ({ opType: n.op, input: n.inputs, output: n.outputs, name: n.name ?? `/encoder/layer.0/${n.op}_${i}`, domain: n.domain })),
      input: [{ name: 'input_ids', type: int64 }],
      output: [{ name: 'out', type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }],
      initializer: [tensor('emb', [10, 4]), ...Object.entries(initializers).map(([k, dims]) => tensor(k, dims))],
    },
  });
}

function refusal(model: ReturnType<typeof graph>, numLayers: number): string {
  try {
    analyseGraph(model, { numLayers, vocabSize: 10 });
  } catch (err) {
    assert.ok(err instanceof SesameError, String(err));
    assert.ok(!err.message.includes('\n'), 'one line');
    return err.message;
  }
  assert.fail('the graph was accepted');
}

describe('model core: refusals name the first structure that did not match', () => {
  it('a fused-attention export names the operator and node and says which export to use', () => {
    const message = refusal(
      graph(
        [
          { op: 'Gather', inputs: ['emb', 'input_ids'], outputs: ['x'] },
          { op: 'Attention', domain: 'com.microsoft', name: '/encoder/layer.0/attention/Attention', inputs: ['x', 'w', 'b'], outputs: ['out'] },
        ],
        { w: [4, 12], b: [12] },
      ),
      1,
    );
    assert.equal(
      message,
      'the ONNX graph computes attention inside one fused "Attention" operator (node "/encoder/layer.0/attention/Attention"), so its ' +
        'attention probabilities cannot be exposed; use an unfused export (e.g. `optimum-cli export onnx` without --optimize, or the plain ' +
        'onnx/model.onnx of a transformers.js repo)',
    );
  });

  it('a graph with no attention at all says there is no Softmax and how to re-export', () => {
    const message = refusal(
      graph([
        { op: 'Gather', inputs: ['emb', 'input_ids'], outputs: ['x'] },
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['out'] },
      ], { w: [4, 2] }),
      2,
    );
    assert.equal(
      message,
      'the ONNX graph has no attention Softmax node although config.json says 2 layers (it has no Softmax at all); Sesame reads attention ' +
        'from an unfused transformer export (eager attention): re-export with attn_implementation="eager" and without graph optimisation, ' +
        'or check that this ONNX file is the transformer the config describes',
    );
  });

  it('a Softmax that does not reach the value MatMul names what it feeds', () => {
    const message = refusal(
      graph([
        { op: 'Gather', inputs: ['emb', 'input_ids'], outputs: ['x'] },
        { op: 'MatMul', inputs: ['x', 'xt'], outputs: ['scores'] },
        { op: 'Softmax', name: '/encoder/layer.0/attention/self/Softmax', inputs: ['scores'], outputs: ['probs'] },
        { op: 'Cast', inputs: ['probs'], outputs: ['cast'] },
        { op: 'ReduceSum', name: '/encoder/layer.0/attention/self/ReduceSum', inputs: ['cast'], outputs: ['out'] },
      ], { xt: [4, 4] }),
      1,
    );
    assert.match(message, /^the ONNX graph has 0 attention Softmax node\(s\) but config\.json says 1 layers: Softmax "\/encoder\/layer\.0\/attention\/self\/Softmax" feeds ReduceSum "\/encoder\/layer\.0\/attention\/self\/ReduceSum", not a MatMul \(the attention × values product, through ops that keep the attention matrix such as Cast, Where, Mul, Reshape or Expand\); 1 Softmax node\(s\) were refused this way\. If this is a new attention layout/);
  });

  it('a Softmax reaching the value MatMul through Where, Reshape and Expand is accepted (DeBERTa’s layout, generalised)', () => {
    const model = graph([
      { op: 'Gather', inputs: ['emb', 'input_ids'], outputs: ['x'] },
      { op: 'MatMul', inputs: ['x', 'xt'], outputs: ['scores'] },
      { op: 'Softmax', inputs: ['scores'], outputs: ['probs'] },
      { op: 'Where', inputs: ['mask', 'zero', 'probs'], outputs: ['kept'] },
      { op: 'Shape', inputs: ['kept'], outputs: ['shape'] },
      { op: 'Reshape', inputs: ['kept', 'shape'], outputs: ['viewed'] },
      { op: 'Expand', inputs: ['viewed', 'shape'], outputs: ['expanded'] },
      { op: 'MatMul', inputs: ['expanded', 'x'], outputs: ['context'] },
      { op: 'Add', inputs: ['context', 'x'], outputs: ['residual'] },
      { op: 'Sub', inputs: ['residual', 'residual'], outputs: ['out'] },
    ], { xt: [4, 4], zero: [1], mask: [1] });
    // accepted as attention: what this toy lacks is a layer norm after it, so the refusal is about the last layer's output
    assert.match(refusal(model, 1), /^cannot find the output of the last layer in the ONNX graph/);
  });

  it('no embedding lookup of input_ids says where the Gather’s indices come from', () => {
    const message = refusal(
      graph([
        { op: 'Add', name: '/embeddings/Add', inputs: ['input_ids', 'input_ids'], outputs: ['shifted'] },
        { op: 'Gather', inputs: ['emb', 'shifted'], outputs: ['x'] },
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['out'] },
      ], { w: [4, 2] }),
      1,
    );
    assert.equal(
      message,
      'the ONNX graph has no word-embedding lookup (a Gather of input_ids from a [10, hidden] initializer): its 1 Gather(s) from an ' +
        'initializer take their indices from Add "/embeddings/Add", not from input_ids; use an export that takes input_ids (not ' +
        'inputs_embeds) and keeps the embedding matrix as an initializer',
    );
  });

  it('finds the embedding lookup through a Reshape and a Cast of input_ids (GPT-2’s export)', () => {
    const message = refusal(
      graph([
        { op: 'Reshape', inputs: ['input_ids', 'dims'], outputs: ['flat'] },
        { op: 'Cast', inputs: ['flat'], outputs: ['cast'] },
        { op: 'Gather', inputs: ['emb', 'cast'], outputs: ['x'] },
        { op: 'MatMul', inputs: ['x', 'w'], outputs: ['out'] },
      ], { w: [4, 2], dims: [2] }),
      1,
    );
    // past the lookup: what is missing now is attention
    assert.match(message, /has no attention Softmax node/);
  });
});
