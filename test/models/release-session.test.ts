import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { readConfigFacts } from '../../src/models/config.js';
import { analyseGraph, appendGraphOutputs, decodeModel, readWithRoom } from '../../src/models/graph.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { ForwardSession } from '../../src/models/session.js';
import { BASE, SENTIMENT } from './helpers.js';

const TEXTS = ['A fine film.', 'The soup arrived cold, but the dessert almost made up for it.'];
const ALL = { logits: true, hiddenStates: true, attentions: true } as const;

describe('releasing a model’s session while it is idle', () => {
  let model: SesameModel;
  before(async () => {
    model = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1 });
  });
  after(() => model.dispose());

  it('gives the same outputs from the session re-created on the next pass, and releases twice without harm', async () => {
    const before = await model.run(TEXTS, ALL);
    await model.releaseSession();
    await model.releaseSession();
    const after = await model.run(TEXTS, ALL);
    assert.deepEqual(after, before);
    assert.equal(model.queryCount, 2 * TEXTS.length, 'both runs were forward passes, not cache hits');
  });

  it('re-creates the session from the model file, and refuses a file that changed since the load', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-release-'));
    try {
      fs.cpSync(SENTIMENT, dir, { recursive: true });
      const copy = await loadModel(dir, { cacheDir: false, memoryCacheBytes: 0, threads: 1, batchSize: 12, onWarning: () => undefined });
      // 12 sentences of 128 tokens: their attention maps alone pass 16 MiB, so the pass runs on the edited graph's session
      const long = (k: number) => Array.from({ length: 12 }, (_, i) => `${k} ${i} ${'the film was wonderful but the ending dragged on far too long and '.repeat(12)}`);
      const [short] = await copy.run(TEXTS.slice(0, 1), { hiddenStates: [1] });
      await copy.run(long(0), { hiddenStates: [1] });
      await copy.releaseSession();
      fs.copyFileSync(path.join(BASE, 'onnx', 'model.onnx'), path.join(dir, 'onnx', 'model.onnx'));
      await assert.rejects(copy.run(long(1), { hiddenStates: [1] }), /changed since the model was loaded; load it again/);
      // a small model's other sessions come back from the bytes it loaded, not from the changed file
      const [again] = await copy.run(TEXTS.slice(0, 1), { hiddenStates: [1] });
      assert.deepEqual(again.hiddenStates, short.hiddenStates);
      await copy.dispose();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a logits-only session that fails to open is a one-line error for the pass, and dispose still succeeds', async () => {
    const other = await loadModel(SENTIMENT, { cacheDir: false, memoryCacheBytes: 0, threads: 1 });
    const create = ort.InferenceSession.create;
    (ort.InferenceSession as { create: unknown }).create = () => Promise.reject(new Error('out of memory\nstack'));
    try {
      await assert.rejects(other.predict(TEXTS), /^SesameError: onnxruntime cannot load .*model\.onnx \(out of memory\); re-export or re-download the model$/);
    } finally {
      (ort.InferenceSession as { create: unknown }).create = create;
    }
    await other.dispose();
  });

  it('frees the graph bytes a session was made from at once, but for a small graph’s, which its other sessions are made from', async () => {
    const file = path.join(SENTIMENT, 'onnx', 'model.onnx');
    const facts = readConfigFacts(JSON.parse(fs.readFileSync(path.join(SENTIMENT, 'config.json'), 'utf8')), 'config.json');
    const anatomy = analyseGraph(decodeModel(fs.readFileSync(file), file), facts);
    // the edited graph, as loadModel makes it (every layer output added)
    const read = () => {
      const raw = readWithRoom(file, 1 << 20);
      return appendGraphOutputs(raw, anatomy.originalOutputs, [...anatomy.hiddenStateOutputs, ...anatomy.attentionOutputs]);
    };
    const options = { numHeads: facts.numHeads, padId: 0, threads: 1 };
    const [bytes, kept] = [read(), read()];
    const rereads: Uint8Array[] = [];
    const session = await ForwardSession.create(bytes, anatomy, options, file, () => (rereads.push(read()), rereads.at(-1)!));
    const small = await ForwardSession.create(kept, anatomy, { ...options, uneditedGraph: kept }, file, read);
    try {
      assert.equal(bytes.byteLength, 0, 'no logits-only session: the bytes are detached (freed) once the session is made');
      assert.ok(kept.byteLength > fs.statSync(file).size, 'its logits-only and unswitched sessions still need them');
      const probe = { text: 'a film', tokens: [], ids: [101, 1037, 2143, 102], truncated: false, words: [] };
      await session.suspend();
      await session.isCausal(probe);
      assert.equal(rereads.length, 1, 'the session came back from a re-read');
      assert.equal(rereads[0].byteLength, 0, 'and the re-read bytes are freed too');
    } finally {
      await session.release();
      await small.release();
    }
  });

  it('does not come back after dispose', async () => {
    const other = await loadModel(SENTIMENT, { cacheDir: false, threads: 1 });
    await other.dispose();
    await assert.rejects(other.run(TEXTS, { logits: true }), /this model was disposed/);
  });
});
