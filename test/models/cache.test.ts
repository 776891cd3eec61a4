import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../../src/models/index.js';
import { SENTIMENT } from './helpers.js';

const TEXTS = ['A warm and funny film.', 'The plot made no sense at all.', 'A warm and funny film.'];

describe('model core: output cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-cache-'));
  });

  it('forwards each distinct text once and serves repeats from memory', async () => {
    const model = await loadModel(SENTIMENT, { cacheDir: false });
    const first = await model.run(TEXTS, { logits: true, attentions: true });
    assert.equal(model.queryCount, 2, 'the duplicate text is forwarded once');
    const again = await model.run(TEXTS, { logits: true, attentions: true });
    assert.equal(model.queryCount, 2);
    assert.deepEqual(again[1].attentions!.data, first[1].attentions!.data);
    // what was asked is part of the key: hidden states were never computed, so they cost a forward pass
    await model.run([TEXTS[0]], { hiddenStates: true });
    assert.equal(model.queryCount, 3);
    await model.dispose();
  });

  it('serves a new process (a new model instance) from disk, keyed by the model content hash', async () => {
    const writer = await loadModel(SENTIMENT, { cacheDir: dir });
    const computed = await writer.run(TEXTS, { logits: true, hiddenStates: true, attentions: true });
    await writer.dispose();
    assert.deepEqual(fs.readdirSync(dir), [writer.info.contentHash]);

    const reader = await loadModel(SENTIMENT, { cacheDir: dir });
    const cached = await reader.run(TEXTS, { logits: true, hiddenStates: true, attentions: true });
    assert.equal(reader.queryCount, 0);
    for (const [i, out] of cached.entries()) {
      assert.deepEqual(out.hiddenStates, computed[i].hiddenStates);
      assert.deepEqual(out.attentions, computed[i].attentions);
      assert.deepEqual(out.encoding.tokens, computed[i].encoding.tokens);
    }
    assert.deepEqual(await reader.predict([TEXTS[1]]), await writer.predict([TEXTS[1]]));
    assert.equal(reader.queryCount, 0);
    await reader.dispose();

    // the q8 model has another content hash, so it never reads fp32 outputs
    const q8 = await loadModel(SENTIMENT, { cacheDir: dir, precision: 'q8' });
    await q8.predict([TEXTS[0]]);
    assert.equal(q8.queryCount, 1);
    await q8.dispose();
  });

  it('ignores a record cut short by a crash and recomputes it', async () => {
    const writer = await loadModel(SENTIMENT, { cacheDir: dir });
    await writer.run([TEXTS[0]], { logits: true });
    await writer.run([TEXTS[1]], { logits: true });
    await writer.dispose();
    const pack = path.join(dir, writer.info.contentHash, 'logits.pack');
    fs.truncateSync(pack, fs.statSync(pack).size - 3);

    const reader = await loadModel(SENTIMENT, { cacheDir: dir });
    const [intact, cut] = await reader.predict(TEXTS.slice(0, 2));
    assert.equal(reader.queryCount, 1, 'only the damaged record is recomputed');
    assert.equal(intact.label, 'POSITIVE');
    assert.equal(cut.label, 'NEGATIVE');
    await reader.dispose();
  });
});
