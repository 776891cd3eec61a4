import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { loadModel, type SentenceOutput, type SesameModel } from '../../src/models/index.js';
import { copyModel, maxAbsDiff, MODELS } from './helpers.js';

/**
 * Every architecture against PyTorch: the reference outputs (fixtures/models/reference-outputs, made with modules that
 * follow transformers' eager code) hold, for five sentences, the token ids, logits, every hidden state (transformers'
 * convention for the family) and every attention head, plus the logits of the five in one padded batch.
 */
interface Reference {
  texts: string[];
  single: Array<{ ids: number[]; logits: number[]; hidden: number[][][]; attentions: number[][][][] }>;
  batch_logits: number[][];
}

const TOLERANCE = 1e-4;
const ARCHITECTURES = [
  { name: 'tiny-distilbert-sentiment', causal: false },
  { name: 'tiny-distilbert-base', causal: false },
  { name: 'tiny-deberta-v2-sentiment', causal: false },
  { name: 'tiny-deberta-v2-base', causal: false },
  { name: 'tiny-gpt2-sentiment', causal: true },
  { name: 'tiny-gpt2-base', causal: true },
];

/** The untouched graph's logits for one sentence (batch of one, no padding), fed only the inputs it declares. */
async function untouched(session: ort.InferenceSession, ids: number[]): Promise<Float32Array> {
  const dims = [1, ids.length];
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of session.inputNames) {
    const values = name === 'input_ids' ? ids : name === 'attention_mask' ? ids.map(() => 1) : ids.map(() => 0);
    feeds[name] = new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);
  }
  const result = await session.run(feeds);
  return result[session.outputNames[0]].data as Float32Array;
}

for (const { name, causal } of ARCHITECTURES) {
  describe(`architecture: ${name} against PyTorch's reference outputs`, () => {
    const dir = path.join(MODELS, name);
    const ref: Reference = JSON.parse(fs.readFileSync(path.join(MODELS, 'reference-outputs', `${name}.json`), 'utf8'));
    let model: SesameModel;
    let batched: SentenceOutput[];

    before(async () => {
      model = await loadModel(dir, { cacheDir: false, memoryCacheBytes: 0, threads: 1 });
      batched = await model.run(ref.texts, { logits: true, hiddenStates: true, attentions: true });
    });
    after(() => model?.dispose());

    it('loads with the config’s layers × heads and knows whether its attention is causal', () => {
      assert.equal(model.info.numLayers, 4);
      assert.equal(model.info.numHeads, 4);
      assert.equal(model.info.causal, causal);
    });

    it('tokenizes as transformers does (decoders: no special tokens)', () => {
      ref.texts.forEach((text, i) => assert.deepEqual(model.encode(text).ids, ref.single[i].ids, text));
    });

    it('exposes every hidden state and every attention head within 1e-4 of PyTorch, inside a padded batch', () => {
      ref.texts.forEach((text, i) => {
        const out = batched[i];
        const seq = ref.single[i].ids.length;
        assert.deepEqual(out.hiddenStates!.shape, [5, seq, 128]);
        assert.deepEqual(out.attentions!.shape, [4, 4, seq, seq]);
        const dh = maxAbsDiff(out.hiddenStates!.data, ref.single[i].hidden.flat(2));
        const da = maxAbsDiff(out.attentions!.data, ref.single[i].attentions.flat(3));
        assert.ok(dh < TOLERANCE, `${text}: hidden states differ by ${dh}`);
        assert.ok(da < TOLERANCE, `${text}: attentions differ by ${da}`);
      });
    });

    it('gives PyTorch’s logits alone and in a padded batch, equal to the untouched graph’s', async () => {
      const session = await ort.InferenceSession.create(path.join(dir, 'onnx', 'model.onnx'), { intraOpNumThreads: 1 });
      try {
        for (let i = 0; i < ref.texts.length; i++) {
          const [alone] = await model.run([ref.texts[i]]);
          assert.ok(maxAbsDiff(alone.logits!.data, ref.single[i].logits) < TOLERANCE, `${ref.texts[i]} alone`);
          assert.ok(maxAbsDiff(batched[i].logits!.data, ref.batch_logits[i]) < TOLERANCE, `${ref.texts[i]} in the padded batch`);
          assert.ok(maxAbsDiff(alone.logits!.data, await untouched(session, ref.single[i].ids)) < 1e-5, `${ref.texts[i]} vs untouched graph`);
        }
      } finally {
        await session.release();
      }
    });

    if (causal) {
      it('gives no attention to a token’s right, and reads a word under first pooling at its last sub-token', () => {
        const out = batched[2];
        const [layers, heads, seq] = out.attentions!.shape;
        for (let m = 0; m < layers * heads; m++) {
          for (let q = 0; q < seq; q++) for (let k = q + 1; k < seq; k++) assert.equal(out.attentions!.data[(m * seq + q) * seq + k], 0);
        }
        const words = out.encoding.words;
        const split = words.findIndex((w) => w.tokenEnd - w.tokenStart > 1);
        assert.ok(split >= 0, 'a word of several sub-tokens in the check sentence');
        const vectors = model.wordVectors(out, 'first');
        const hidden = out.hiddenStates!;
        const size = hidden.shape[2];
        const last = words[split].tokenEnd - 1;
        const layer = 2;
        assert.deepEqual(
          Array.from(vectors.data.subarray((layer * words.length + split) * size, (layer * words.length + split + 1) * size)),
          Array.from(hidden.data.subarray((layer * seq + last) * size, (layer * seq + last + 1) * size)),
        );
      });

      it('pads with eos (pad = eos) and classifies at the last real token: padding does not move the prediction', async () => {
        const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
        assert.equal(model.tokenToId('<|endoftext|>'), config.eos_token_id);
        const [short] = await model.run(['The movie was wonderful.']);
        const [withLong] = await model.run(['The movie was wonderful.', 'A much longer sentence that forces padding of the first one here.']);
        assert.ok(maxAbsDiff(short.logits!.data, withLong.logits!.data) < 1e-5);
      });
    }
  });
}

describe('architecture: a decoder classifier exported without its pooling', () => {
  it('scores every position ([batch, seq, labels]); Sesame reads the last real token, as transformers does', async () => {
    const dir = copyModel(path.join(MODELS, 'tiny-gpt2-sentiment'));
    const file = path.join(dir, 'onnx', 'model.onnx');
    const model = onnxProto.onnx.ModelProto.decode(fs.readFileSync(file));
    const score = model.graph!.node!.find((n) => n.name === '/score/MatMul')!;
    // the classifier head's per-position scores become the graph's only output
    model.graph!.output = [onnxProto.onnx.ValueInfoProto.create({ name: score.output![0], type: { tensorType: { elemType: 1 } } })];
    fs.writeFileSync(file, onnxProto.onnx.ModelProto.encode(model).finish());
    const ref: Reference = JSON.parse(fs.readFileSync(path.join(MODELS, 'reference-outputs', 'tiny-gpt2-sentiment.json'), 'utf8'));
    const loaded = await loadModel(dir, { cacheDir: false, threads: 1 });
    try {
      const outs = await loaded.run(ref.texts);
      outs.forEach((out, i) => {
        assert.deepEqual(out.logits!.shape, [2]);
        assert.ok(maxAbsDiff(out.logits!.data, ref.batch_logits[i]) < TOLERANCE, ref.texts[i]);
      });
    } finally {
      await loaded.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('architecture: attention kept per key/value group (a grouped-query layout)', () => {
  it('a Softmax over [batch, kv heads, group, seq, seq] comes out as one matrix per query head, equal to PyTorch’s', async () => {
    // GPT-2's scores regrouped before the Softmax as 2 key/value heads × 2 query heads each, and back after it
    const dir = copyModel(path.join(MODELS, 'tiny-gpt2-sentiment'));
    const file = path.join(dir, 'onnx', 'model.onnx');
    const model = onnxProto.onnx.ModelProto.decode(fs.readFileSync(file));
    const graph = model.graph!;
    const int64 = (name: string, values: number[]) =>
      onnxProto.onnx.TensorProto.create({ name, dims: [values.length], dataType: onnxProto.onnx.TensorProto.DataType.INT64, int64Data: values });
    graph.initializer!.push(int64('g_0', [0]), int64('g_1', [1]), int64('g_2', [2]), int64('g_4', [4]), int64('g_groups', [2, 2]));
    const nodes: onnxProto.onnx.INodeProto[] = [];
    for (const node of graph.node!) {
      if (node.opType !== 'Softmax') {
        nodes.push(node);
        continue;
      }
      const [scores] = node.input!;
      const [probs] = node.output!;
      const t = (suffix: string) => `${probs}/grouped/${suffix}`;
      nodes.push(
        { opType: 'Shape', input: [scores], output: [t('shape')] },
        { opType: 'Slice', input: [t('shape'), 'g_0', 'g_1'], output: [t('batch')] },
        { opType: 'Slice', input: [t('shape'), 'g_2', 'g_4'], output: [t('seq')] },
        { opType: 'Concat', input: [t('batch'), 'g_groups', t('seq')], output: [t('shape5')], attribute: [{ name: 'axis', i: 0, type: 2 }] },
        { opType: 'Reshape', input: [scores, t('shape5')], output: [t('scores5')] },
        { ...node, input: [t('scores5')], output: [t('probs5')] },
        { opType: 'Reshape', input: [t('probs5'), t('shape')], output: [probs] },
      );
    }
    graph.node = nodes;
    fs.writeFileSync(file, onnxProto.onnx.ModelProto.encode(model).finish());
    const ref: Reference = JSON.parse(fs.readFileSync(path.join(MODELS, 'reference-outputs', 'tiny-gpt2-sentiment.json'), 'utf8'));
    const loaded = await loadModel(dir, { cacheDir: false, threads: 1 });
    try {
      const outs = await loaded.run(ref.texts, { attentions: true, logits: true });
      outs.forEach((out, i) => {
        const seq = ref.single[i].ids.length;
        assert.deepEqual(out.attentions!.shape, [4, 4, seq, seq]);
        assert.ok(maxAbsDiff(out.attentions!.data, ref.single[i].attentions.flat(3)) < TOLERANCE, ref.texts[i]);
        assert.ok(maxAbsDiff(out.logits!.data, ref.batch_logits[i]) < TOLERANCE, ref.texts[i]);
      });
    } finally {
      await loaded.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
