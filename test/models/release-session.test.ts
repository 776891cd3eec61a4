import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadModel, type SesameModel } from '../../src/models/index.js';
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

  it('does not come back after dispose', async () => {
    const other = await loadModel(SENTIMENT, { cacheDir: false, threads: 1 });
    await other.dispose();
    await assert.rejects(other.run(TEXTS, { logits: true }), /this model was disposed/);
  });
});
