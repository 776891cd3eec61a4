import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadModel, type SentenceOutput, type SesameModel } from '../../src/models/index.js';
import { analyseGraph, appendGraphOutputs, decodeModel, readWithRoom } from '../../src/models/graph.js';
import { softmax } from '../../src/models/model.js';
import { onnxFile, SENTIMENT } from './helpers.js';

const TEXTS = ['A warm and funny film.', 'The plot made no sense at all, and the ending was worse.', 'Fine.'];
const ALL = { logits: true, hiddenStates: true, attentions: true } as const;

/** Records the output names of every onnxruntime run while `body` runs (and, in `sessions`, the session of each). */
async function fetchedNames(body: () => Promise<unknown>, sessions: unknown[] = []): Promise<string[][]> {
  const proto = (ort.InferenceSession as unknown as { prototype: { run: (...args: unknown[]) => Promise<unknown> } }).prototype;
  const original = proto.run;
  const seen: string[][] = [];
  proto.run = function (this: unknown, ...args: unknown[]) {
    seen.push([...(args[1] as string[])]);
    sessions.push(this);
    return original.apply(this, args);
  };
  try {
    await body();
  } finally {
    proto.run = original;
  }
  return seen;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** `[layers, …]` tensor rows of the given layers, copied out. */
function layersOf(t: { data: Float32Array; shape: number[] }, layers: number[]): Float32Array {
  const size = t.shape.slice(1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(layers.length * size);
  layers.forEach((l, k) => out.set(t.data.subarray(l * size, (l + 1) * size), k * size));
  return out;
}

describe('model core: fetch only the kinds and layers asked for', () => {
  let model: SesameModel;
  let full: SentenceOutput[];
  let dir: string;
  before(async () => {
    const reference = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1 });
    full = await reference.run(TEXTS, ALL);
    await reference.dispose();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-fetch-'));
    model = await loadModel(SENTIMENT, { cacheDir: dir, threads: 1 });
  });
  afterEach(async () => {
    await model.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('asks the graph for three hidden-state tensors for layers 4–6 (predict: the logits alone) and returns exactly those layers', async () => {
    let outputs: SentenceOutput[] = [];
    const names = await fetchedNames(async () => (outputs = await model.run(TEXTS, { hiddenStates: [6, 4, 5, 4] })));
    assert.equal(names.length, 1, 'one batch');
    assert.equal(names[0].length, 3, `fetched ${names[0].join(', ')}`);
    assert.ok(!names[0].includes('logits'));
    outputs.forEach((out, i) => {
      assert.deepEqual(out.hiddenLayers, [4, 5, 6]);
      assert.equal(out.attentions, undefined);
      assert.equal(out.logits, undefined);
      assert.deepEqual(out.hiddenStates!.shape, [3, ...full[i].hiddenStates!.shape.slice(1)]);
      assert.deepEqual(out.hiddenStates!.data, layersOf(full[i].hiddenStates!, [4, 5, 6]), 'the same values as a full run');
    });
    const predictNames = await fetchedNames(() => model.predict(['Another sentence entirely.']));
    assert.deepEqual(predictNames, [['logits']], 'predict fetches the logits alone');
  });

  it('runs logits-only passes on a session of the unedited graph, with the same logits as the edited graph gives', async () => {
    const sessions: unknown[] = [];
    let edited: SentenceOutput[] = [];
    await fetchedNames(async () => (edited = await model.run(TEXTS, { logits: true, hiddenStates: [0] })), sessions);
    const uncached = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1 });
    try {
      let logitsOnly: SentenceOutput[] = [];
      const names = await fetchedNames(async () => (logitsOnly = await uncached.run(TEXTS, { logits: true })), sessions);
      assert.deepEqual(names, [['logits']]);
      const predicted = await fetchedNames(() => uncached.predict(TEXTS), sessions);
      assert.deepEqual(predicted, [['logits']]);
      assert.equal(sessions.length, 3);
      assert.notEqual(sessions[1], sessions[0], 'the logits-only pass ran on a session of its own');
      assert.equal(sessions[2], sessions[1], 'predict reuses that session');
      logitsOnly.forEach((out, i) => assert.deepEqual(out.logits!.data, edited[i].logits!.data, `text #${i}: the same logits, bit for bit`));
    } finally {
      await uncached.dispose();
    }
  });

  it('returns attention layers on request, and word vectors of just the fetched layers', async () => {
    const [out] = await model.run([TEXTS[1]], { attentions: [0, 5], hiddenStates: [2] });
    assert.deepEqual(out.attentionLayers, [0, 5]);
    assert.deepEqual(out.attentions!.data, layersOf(full[1].attentions!, [0, 5]));
    const vectors = model.wordVectors(out);
    const all = model.wordVectors(full[1]);
    assert.deepEqual(vectors.shape, [1, all.shape[1], all.shape[2]]);
    assert.deepEqual(vectors.data, layersOf(all, [2]));
  });

  it('keeps one disk pack per kind and layer and appends only the layers not cached yet', async () => {
    await model.run(TEXTS, { hiddenStates: [4, 5] });
    const packs = () => Object.fromEntries(fs.readdirSync(path.join(dir, model.info.contentHash)).map((f) => [f, fs.statSync(path.join(dir, model.info.contentHash, f)).size]));
    const first = packs();
    assert.deepEqual(Object.keys(first).sort(), ['hiddenStates.4.pack', 'hiddenStates.5.pack']);
    const names = await fetchedNames(() => model.run(TEXTS, { hiddenStates: [3, 4, 5] }));
    assert.equal(names[0].length, 1, 'only layer 3 is fetched');
    const second = packs();
    assert.deepEqual(Object.keys(second).sort(), ['hiddenStates.3.pack', 'hiddenStates.4.pack', 'hiddenStates.5.pack']);
    assert.equal(second['hiddenStates.4.pack'], first['hiddenStates.4.pack'], 'layer 4 was not written again');
    // a new process reads layer 5 alone from disk
    const reader = await loadModel(SENTIMENT, { cacheDir: dir, threads: 1 });
    const [out] = await reader.run([TEXTS[0]], { hiddenStates: [5] });
    assert.equal(reader.queryCount, 0);
    assert.deepEqual(out.hiddenStates!.data, layersOf(full[0].hiddenStates!, [5]));
    await reader.dispose();
  });

  it('counts hits and lookups per sentence and part, and reports the bytes on disk', async () => {
    assert.deepEqual(model.cacheStats(), { lookups: 0, hits: 0, hitRate: 0, diskBytes: 0, memoryBytes: 0 });
    await model.run(TEXTS, { logits: true, hiddenStates: [1] }); // 3 texts × 2 parts, all misses
    await model.run([TEXTS[0], TEXTS[1], 'Something new.'], { hiddenStates: [1, 2] }); // 3 × 2: 2 hits
    const stats = model.cacheStats();
    assert.equal(stats.lookups, 12);
    assert.equal(stats.hits, 2);
    assert.equal(stats.hitRate, 2 / 12);
    const onDisk = fs.readdirSync(path.join(dir, model.info.contentHash)).reduce((a, f) => a + fs.statSync(path.join(dir, model.info.contentHash, f)).size, 0);
    assert.equal(stats.diskBytes, onDisk);
    assert.ok(stats.memoryBytes > 0);
  });

  it('keeps nothing in memory when asked not to, while the disk cache still stores the outputs', async () => {
    await model.run(TEXTS, { hiddenStates: [2], keepInMemory: false });
    assert.equal(model.cacheStats().memoryBytes, 0);
    assert.ok(model.cacheStats().diskBytes > 0);
    await model.run(TEXTS, { hiddenStates: [2], keepInMemory: false });
    assert.equal(model.queryCount, 3, 'the second run is served from disk');
    assert.equal(model.cacheStats().memoryBytes, 0);
  });

  it('refuses a layer the model does not have, naming it', async () => {
    await assert.rejects(model.run(TEXTS, { hiddenStates: [7] }), /^SesameError: hiddenStates \[7\] names a layer this model does not have; pass true or layers 0\.\.6$/);
    await assert.rejects(model.run(TEXTS, { attentions: [-1] }), /attentions \[-1\] names a layer this model does not have; pass true or layers 0\.\.5/);
  });
});

describe('model core: adding graph outputs without re-encoding the model', () => {
  it('appends a tail that protobuf merges into the graph, in the room behind the bytes when there is some', async () => {
    const file = onnxFile(SENTIMENT, 'fp32');
    const bytes = readWithRoom(file, 4096);
    const graph = decodeModel(bytes, file);
    const before = graph.graph!.output!.map((o) => o.name!);
    const added = ['/m/bert/encoder/layer.0/attention/self/Softmax_output_0', before[0]];
    const edited = appendGraphOutputs(bytes, before, added);
    assert.equal(edited.buffer, bytes.buffer, 'written into the room: no copy of the model');
    // onnxruntime's protobuf merges the two graphs (protobufjs would keep the last one only)
    const session = await ort.InferenceSession.create(edited);
    assert.deepEqual(session.outputNames, [...before, added[0]], 'original outputs, then the new one (an existing output is not added twice)');
    await session.release();
    const noRoom = new Uint8Array(fs.readFileSync(file));
    const copied = appendGraphOutputs(noRoom, before, added);
    assert.notEqual(copied.buffer, noRoom.buffer);
    assert.deepEqual(Buffer.from(copied), Buffer.from(edited));
  });
});

describe('model core: every layer of a kind fetched as one stacked output', () => {
  const STACKED_NAMES = ['logits', 'sesame/hidden_states', 'sesame/attentions'];

  for (const batchSize of [1, 3]) {
    it(`fetches logits, all hidden states and all attention maps as 3 outputs, equal value for value to each layer fetched alone (batches of ${batchSize})`, async () => {
      const model = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1, batchSize });
      try {
        let all: SentenceOutput[] = [];
        const names = await fetchedNames(async () => (all = await model.run(TEXTS, ALL)));
        assert.deepEqual(names, Array(TEXTS.length / batchSize).fill(STACKED_NAMES), 'one stacked output per kind instead of 13 outputs');
        const { numLayers } = model.info;
        for (let l = 0; l <= numLayers; l++) {
          let alone: SentenceOutput[] = [];
          const single = await fetchedNames(async () => (alone = await model.run(TEXTS, { hiddenStates: [l] })));
          assert.ok(single.every((n) => n.length === 1 && !n[0].startsWith('sesame/')), `layer ${l} alone is fetched as its own output`);
          alone.forEach((out, i) => assert.deepEqual(out.hiddenStates!.data, layersOf(all[i].hiddenStates!, [l]), `hidden states of layer ${l}, text ${i}`));
        }
        for (let l = 0; l < numLayers; l++) {
          const alone = await model.run(TEXTS, { attentions: [l] });
          alone.forEach((out, i) => assert.deepEqual(out.attentions!.data, layersOf(all[i].attentions!, [l]), `attention of layer ${l}, text ${i}`));
        }
        const predicted = await model.predict(TEXTS);
        predicted.forEach((p, i) => assert.deepEqual(p.scores, softmax(all[i].logits!.data), `predict and run agree on text ${i}`));
      } finally {
        await model.dispose();
      }
    });
  }

  it('runs small stacked fetches on a graph without stacking switches, with the values of the switched graph, bit for bit', async () => {
    const file = onnxFile(SENTIMENT, 'fp32');
    const bytes = readWithRoom(file, 1 << 16);
    const graph = decodeModel(bytes, file);
    const config = JSON.parse(fs.readFileSync(path.join(SENTIMENT, 'config.json'), 'utf8'));
    const anatomy = analyseGraph(graph, { numLayers: config.num_hidden_layers, vocabSize: config.vocab_size });
    const model = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1, batchSize: 1 });
    const proto = (ort.InferenceSession as unknown as { prototype: { run: (...args: unknown[]) => Promise<unknown> } }).prototype;
    const original = proto.run;
    const feeds: string[][] = [];
    proto.run = function (this: unknown, ...args: unknown[]) {
      feeds.push(Object.keys(args[0] as object));
      return original.apply(this, args);
    };
    let outputs: SentenceOutput[] = [];
    try {
      outputs = await model.run(TEXTS, ALL);
    } finally {
      proto.run = original;
      await model.dispose();
    }
    assert.equal(feeds.length, TEXTS.length);
    assert.ok(feeds.every((names) => !names.some((n) => n.startsWith('sesame/'))), `no switch fed: ${feeds[0].join(', ')}`);
    // the reference: raw onnxruntime on the switched graph, both switches on
    const switched = appendGraphOutputs(bytes, anatomy.originalOutputs, [], [
      { name: 'h', switch: 'sh', inputs: anatomy.hiddenStateOutputs },
      { name: 'a', switch: 'sa', inputs: anatomy.attentionOutputs },
    ]);
    const session = await ort.InferenceSession.create(switched);
    const on = new ort.Tensor('bool', Uint8Array.of(1), []);
    try {
      for (const [i, out] of outputs.entries()) {
        const ids = out.encoding.ids;
        const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
        const raw = await session.run({ input_ids: int64(ids), attention_mask: int64(ids.map(() => 1)), token_type_ids: int64(ids.map(() => 0)), sh: on, sa: on }, ['logits', 'h', 'a']);
        assert.deepEqual(out.logits!.data, raw.logits.data, `text #${i}: logits`);
        assert.deepEqual(out.hiddenStates!.data, raw.h.data, `text #${i}: hidden states`);
        assert.deepEqual(out.attentions!.data, raw.a.data, `text #${i}: attention maps`);
        assert.equal(out.attentions!.shape[0], config.num_hidden_layers);
      }
    } finally {
      await session.release();
    }
  });

  it('fetches one output per layer once a stack would pass 16 MiB, with the values of a stacked fetch', async () => {
    const long = Array.from({ length: 40 }, (_, i) => `${i} ${'the film was wonderful but the ending dragged on far too long and '.repeat(12)}`);
    const quiet = { cacheDir: false, memoryCacheBytes: 0, threads: 1, onWarning: () => undefined } as const;
    const big = await loadModel(SENTIMENT, { ...quiet, batchSize: 40 });
    const small = await loadModel(SENTIMENT, { ...quiet, batchSize: 2 });
    try {
      let outputs: SentenceOutput[] = [];
      const names = await fetchedNames(async () => (outputs = await big.run(long, ALL)));
      // 7 hidden layers × 40 × 128 tokens × 128 floats = 17.5 MiB
      assert.equal(names.length, 1);
      assert.equal(names[0].length, 1 + 7 + 6, `fetched ${names[0].join(', ')}`);
      assert.ok(!names[0].some((n) => n.startsWith('sesame/')));
      const stacked = await small.run(long.slice(0, 2), ALL);
      stacked.forEach((out, i) => {
        assert.deepEqual(outputs[i].hiddenStates!.shape, out.hiddenStates!.shape);
        assert.ok(maxAbsDiff(outputs[i].hiddenStates!.data, out.hiddenStates!.data) < 1e-4);
        assert.ok(maxAbsDiff(outputs[i].attentions!.data, out.attentions!.data) < 1e-4);
      });
    } finally {
      await Promise.all([big.dispose(), small.dispose()]);
    }
  });

  it('runs the stacking Concat only when its switch is on: a stack that cannot be built costs a switched-off run nothing', async () => {
    const file = onnxFile(SENTIMENT, 'fp32');
    const bytes = readWithRoom(file, 1 << 16);
    const graph = decodeModel(bytes, file);
    const hidden = '/m/bert/embeddings/LayerNorm/Add_1_output_0';
    const attention = '/m/bert/encoder/layer.0/attention/self/Softmax_output_0';
    // a hidden state [batch, seq, 128] and an attention map [batch, heads, seq, seq] cannot be joined
    const edited = appendGraphOutputs(bytes, graph.graph!.output!.map((o) => o.name!), [], [{ name: 'mismatched', inputs: [hidden, attention], switch: 'stack_mismatched' }]);
    const plain = await ort.InferenceSession.create(fs.readFileSync(file));
    const session = await ort.InferenceSession.create(edited, { logSeverityLevel: 4 });
    const ids = [101, 1996, 2143, 2001, 2307, 102];
    const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
    const feeds = { input_ids: int64(ids), attention_mask: int64(ids.map(() => 1)), token_type_ids: int64(ids.map(() => 0)) };
    const flag = (on: boolean) => new ort.Tensor('bool', Uint8Array.of(on ? 1 : 0), []);
    const expected = (await plain.run(feeds)).logits.data;
    const off = await session.run({ ...feeds, stack_mismatched: flag(false) }, ['logits', 'mismatched']);
    assert.deepEqual(off.logits.data, expected, 'the plain model\'s logits');
    assert.deepEqual(off.mismatched.dims, [0], 'switched off: an empty tensor, nothing copied');
    await assert.rejects(session.run({ ...feeds, stack_mismatched: flag(true) }, ['logits']), /Concat/, 'switched on, the Concat runs (and fails here)');
    await Promise.all([plain.release(), session.release()]);
  });
});
