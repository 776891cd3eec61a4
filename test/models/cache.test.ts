import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { float16ErrorBound } from '../../src/models/float16.js';
import { loadModel, type SentenceOutput, type Tensor } from '../../src/models/index.js';
import { diskCacheCap } from '../../src/models/load.js';
import { BASE, MODELS, SENTIMENT } from './helpers.js';

const AGREEMENT = path.join(MODELS, 'tiny-bert-agreement');
const ALL = { logits: true, hiddenStates: true, attentions: true };
/** Enough distinct sentences that a pack is tens of kilobytes. */
const MANY = Array.from({ length: 24 }, (_, i) => `Review number ${i}: the ${['film', 'book', 'meal', 'hotel'][i % 4]} was ${['great', 'awful', 'fine'][i % 3]} and ${'very '.repeat(i % 5)}memorable.`);

/** Bytes of every pack under a cache root, by `<model>/<kind>.pack`. */
function packSizes(root: string): Map<string, number> {
  const sizes = new Map<string, number>();
  if (!fs.existsSync(root)) return sizes;
  for (const model of fs.readdirSync(root)) {
    for (const name of fs.readdirSync(path.join(root, model))) sizes.set(`${model}/${name}`, fs.statSync(path.join(root, model, name)).size);
  }
  return sizes;
}
const total = (sizes: Map<string, number>) => [...sizes.values()].reduce((a, b) => a + b, 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function worstError(rounded: Tensor, exact: Tensor): number {
  assert.deepEqual(rounded.shape, exact.shape);
  let worst = 0;
  for (let i = 0; i < exact.data.length; i++) worst = Math.max(worst, Math.abs(rounded.data[i] - exact.data[i]) / float16ErrorBound(exact.data[i]));
  return worst;
}

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

  it('cuts off a damaged tail before appending, so records written after a crash are found again', async () => {
    const writer = await loadModel(SENTIMENT, { cacheDir: dir });
    await writer.run([TEXTS[0]], { hiddenStates: true });
    await writer.run([TEXTS[1]], { hiddenStates: true });
    await writer.dispose();
    const pack = path.join(dir, writer.info.contentHash, 'hiddenStates.6.pack');
    fs.truncateSync(pack, fs.statSync(pack).size - 100);

    const repairer = await loadModel(SENTIMENT, { cacheDir: dir });
    await repairer.run([TEXTS[1], MANY[0]], { hiddenStates: true });
    assert.equal(repairer.queryCount, 2, 'the cut record and the new text are computed');
    await repairer.dispose();

    const reader = await loadModel(SENTIMENT, { cacheDir: dir });
    await reader.run([TEXTS[0], TEXTS[1], MANY[0]], { hiddenStates: true });
    assert.equal(reader.queryCount, 0, 'every record, old and new, is read from disk');
    await reader.dispose();
  });
});

describe('model core: disk cache precision', () => {
  let dir: string;
  let exact: SentenceOutput[];
  before(async () => {
    const reference = await loadModel(SENTIMENT, { cacheDir: false });
    exact = await reference.run(MANY, ALL);
    await reference.dispose();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('serves from disk exactly what the fresh run returned, within the float16 bound of the exact outputs, logits exact', async () => {
    const writer = await loadModel(SENTIMENT, { cacheDir: dir, cachePrecision: 'fp16' });
    const fresh = await writer.run(MANY, ALL);
    await writer.dispose();
    const reader = await loadModel(SENTIMENT, { cacheDir: dir, cachePrecision: 'fp16' });
    const cached = await reader.run(MANY, ALL);
    assert.equal(reader.queryCount, 0);
    await reader.dispose();
    let worst = 0;
    let changed = 0;
    for (const [i, out] of cached.entries()) {
      assert.deepEqual(out.hiddenStates, fresh[i].hiddenStates, 'a cache hit is bit for bit the fresh result');
      assert.deepEqual(out.attentions, fresh[i].attentions);
      assert.deepEqual(out.logits, exact[i].logits, 'logits are stored in full precision');
      worst = Math.max(worst, worstError(out.hiddenStates!, exact[i].hiddenStates!), worstError(out.attentions!, exact[i].attentions!));
      changed += out.hiddenStates!.data.filter((v, k) => v !== exact[i].hiddenStates!.data[k]).length;
    }
    assert.ok(worst <= 1, `the worst rounding error is ${worst.toFixed(3)}× the documented float16 bound`);
    assert.ok(changed > 0, 'float16 storage does round the hidden states');
  });

  it("keeps hidden states and attentions exact by default (cachePrecision 'fp32'), at twice the float16 bytes", async () => {
    const half = await loadModel(SENTIMENT, { cacheDir: path.join(dir, 'fp16'), cachePrecision: 'fp16' });
    await half.run(MANY, ALL);
    await half.dispose();
    const full = await loadModel(SENTIMENT, { cacheDir: path.join(dir, 'fp32') });
    const fresh = await full.run(MANY, ALL);
    await full.dispose();
    const reader = await loadModel(SENTIMENT, { cacheDir: path.join(dir, 'fp32'), cachePrecision: 'fp32' });
    const cached = await reader.run(MANY, ALL);
    for (const [i, out] of cached.entries()) {
      assert.deepEqual(fresh[i].hiddenStates, exact[i].hiddenStates);
      assert.deepEqual(out.hiddenStates, exact[i].hiddenStates);
      assert.deepEqual(out.attentions, exact[i].attentions);
    }
    await reader.dispose();
    const [h16, h32] = ['fp16', 'fp32'].map((p) => packSizes(path.join(dir, p)));
    const bytes = (sizes: Map<string, number>, kind: string) => [...sizes].filter(([k]) => path.basename(k).startsWith(kind)).reduce((a, [, v]) => a + v, 0);
    const ratio = (kind: string) => bytes(h16, kind) / bytes(h32, kind);
    assert.ok(ratio('hiddenStates.') < 0.52, `float16 hidden states take ${ratio('hiddenStates.').toFixed(3)} of the float32 bytes`);
    assert.ok(ratio('attentions.') < 0.6, `float16 attentions take ${ratio('attentions.').toFixed(3)} of the float32 bytes`);
    assert.equal(ratio('logits'), 1);
  });

  it('stores a kind already on disk once: asking for more kinds later fetches and appends only the new ones', async () => {
    const model = await loadModel(SENTIMENT, { cacheDir: dir });
    await model.run(MANY, { logits: true });
    const before = packSizes(dir);
    const model2 = await loadModel(SENTIMENT, { cacheDir: dir });
    await model2.run(MANY, { logits: true, attentions: true });
    assert.equal(model2.queryCount, MANY.length);
    const after = packSizes(dir);
    const logits = `${model.info.contentHash}/logits.pack`;
    assert.equal(after.get(logits), before.get(logits), 'logits were not written again');
    assert.ok(after.get(`${model.info.contentHash}/attentions.0.pack`)! > 0);
    assert.ok(![...after.keys()].some((k) => k.includes('hiddenStates')), 'hidden states were never asked for');
    await model.dispose();
    await model2.dispose();
  });
});

describe('model core: disk cache size cap', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stays within the cap while writing several times the cap, and keeps serving what is left', async () => {
    const cap = 300_000;
    const model = await loadModel(SENTIMENT, { cacheDir: dir, cacheMaxBytes: cap });
    let written = 0;
    for (let at = 0; at < MANY.length; at += 4) {
      await model.run(MANY.slice(at, at + 4), ALL);
      written = Math.max(written, total(packSizes(dir)));
      assert.ok(total(packSizes(dir)) <= cap, `after ${at + 4} sentences the cache holds ${total(packSizes(dir))} bytes > cap ${cap}`);
    }
    await model.dispose();
    const unbounded = await loadModel(SENTIMENT, { cacheDir: path.join(dir, 'unbounded') });
    await unbounded.run(MANY, ALL);
    await unbounded.dispose();
    const needed = total(packSizes(path.join(dir, 'unbounded')));
    assert.ok(needed > 3 * cap, `the run needs ${needed} bytes, several times the cap`);
    fs.rmSync(path.join(dir, 'unbounded'), { recursive: true });

    const reader = await loadModel(SENTIMENT, { cacheDir: dir, cacheMaxBytes: cap });
    await reader.predict(MANY);
    assert.ok(reader.queryCount < MANY.length, 'the logits that survived are served from disk');
    await reader.dispose();
  });

  it('of model/kind packs the same size, evicts the least recently used first: a pack read since is kept', async () => {
    const write = async (model: string, cacheMaxBytes?: number) => {
      const m = await loadModel(model, { cacheDir: dir, cacheMaxBytes });
      await m.run(MANY, { hiddenStates: true });
      await m.dispose();
      await sleep(30); // distinct modification times
      return m.info.contentHash;
    };
    const sentiment = await write(SENTIMENT);
    const agreement = await write(AGREEMENT);
    // reading the sentiment pack marks it used: the agreement pack is now the least recently used
    const reader = await loadModel(SENTIMENT, { cacheDir: dir });
    await reader.run([MANY[0]], { hiddenStates: true });
    assert.equal(reader.queryCount, 0);
    await reader.dispose();
    await sleep(30);
    const before = packSizes(dir);
    const one = total(before) / 2;
    const base = await write(BASE, Math.floor(3 * one - 1));
    const after = packSizes(dir);
    const gone = [...before.keys()].filter((k) => !after.has(k));
    assert.ok(gone.length > 0 && gone.every((k) => k.startsWith(agreement)), `only agreement packs were evicted (${gone.join(', ')})`);
    assert.equal([...after.keys()].filter((k) => k.startsWith(sentiment)).length, 7, 'every sentiment pack (7 layers) is kept');
    assert.equal([...after.keys()].filter((k) => k.startsWith(base)).length, 7, 'the newest model is written whole');
    assert.ok(total(after) <= 3 * one - 1);
  });

  it('reads the cap from cacheMaxBytes, else SESAME_CACHE_MAX_BYTES, else 2 GiB; 0 keeps nothing on disk', async () => {
    assert.equal(diskCacheCap(undefined, undefined), 2 * 1024 ** 3);
    assert.equal(diskCacheCap(undefined, '500M'), 500 * 1024 ** 2);
    assert.equal(diskCacheCap(undefined, '2GiB'), 2 * 1024 ** 3);
    assert.equal(diskCacheCap(undefined, '123456'), 123456);
    assert.equal(diskCacheCap(1000, '2G'), 1000, 'the option wins over the environment');
    assert.throws(() => diskCacheCap(undefined, 'lots'), /^SesameError: SESAME_CACHE_MAX_BYTES="lots" is not a size; set it to bytes or a size like 500M or 2G$/);
    assert.throws(() => diskCacheCap(-1, undefined), /cacheMaxBytes -1 is not a whole number of bytes/);
    const none = await loadModel(SENTIMENT, { cacheDir: dir, cacheMaxBytes: 0 });
    const [out] = await none.run([MANY[0]], ALL);
    await none.dispose();
    assert.deepEqual(fs.readdirSync(dir), []);
    const reference = await loadModel(SENTIMENT, { cacheDir: false });
    const [exact] = await reference.run([MANY[0]], ALL);
    await reference.dispose();
    assert.deepEqual(out.hiddenStates, exact.hiddenStates, 'without a disk cache nothing is rounded');
  });
});
