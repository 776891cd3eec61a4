import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evictionWeight, OutputCache, type OutputPart } from '../../src/models/cache.js';
import type { Tensor } from '../../src/models/types.js';

const HOUR = 3600 * 1000;
const MODEL = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
/** Bytes of one record: header 12 + key 64 + dtype, ndim, one dimension 12 + the floats. */
const recordBytes = (floats: number) => 12 + 64 + 12 + 4 * floats;

const tensor = (floats: number, fill: number): Tensor => ({ data: new Float32Array(floats).fill(fill), shape: [floats] });

/** Writes `texts` records of `floats` values into one pack and flushes (the cap is held after the write). */
function write(cache: OutputCache, part: OutputPart, texts: string[], floats: number): void {
  texts.forEach((t, i) => cache.set(part, t, tensor(floats, i), false));
  cache.flush();
}

const packs = (root: string) =>
  fs.existsSync(root) ? fs.readdirSync(root).flatMap((m) => fs.readdirSync(path.join(root, m)).map((n) => `${m === MODEL ? 'model' : 'other'}/${n.replace(/\.pack$/, '')}`)).sort() : [];

function age(root: string, model: string, part: string, hours: number): void {
  const when = new Date(Date.now() - hours * HOUR);
  fs.utimesSync(path.join(root, model, `${part}.pack`), when, when);
}

const SENTENCES = Array.from({ length: 20 }, (_, i) => `sentence ${i}`);

describe('model core: cache eviction keeps what is cheap per byte and re-read', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-evict-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('weighs bytes by time unused: bigger first at equal age, older first at equal size, an hour unused doubles the weight', () => {
    const now = 10 * HOUR;
    assert.equal(evictionWeight(1000, now, now), 1000);
    assert.equal(evictionWeight(1000, now - HOUR, now), 2000);
    assert.equal(evictionWeight(1000, now - 3 * HOUR, now), 4000);
    assert.ok(evictionWeight(2000, now, now) > evictionWeight(1000, now - 0.5 * HOUR, now));
    assert.ok(evictionWeight(1000, now - 2 * HOUR, now) > evictionWeight(2000, now, now));
    assert.equal(evictionWeight(1000, now + 5000, now), 1000, 'a clock that went back counts as just used');
  });

  it("a run's hidden-state packs do not evict its logits pack, written and read first: a re-run hits every logit", async () => {
    // A property test's logits (2 floats a sentence), then a probe's three layers (200 floats a sentence).
    const logits = SENTENCES.length * recordBytes(2);
    const layer = SENTENCES.length * recordBytes(200);
    const cap = logits + 2 * layer + 100; // room for the logits and two of the three layers
    const run = new OutputCache({ root, modelKey: MODEL, maxDiskBytes: cap, maxMemoryBytes: 0 });
    write(run, 'logits', SENTENCES, 2);
    age(root, MODEL, 'logits', 0.1); // read six minutes before the probe
    write(run, 'hiddenStates.1', SENTENCES, 200);
    age(root, MODEL, 'hiddenStates.1', 0.02);
    write(run, 'hiddenStates.2', SENTENCES, 200);
    age(root, MODEL, 'hiddenStates.2', 0.01);
    write(run, 'hiddenStates.3', SENTENCES, 200);
    run.close();
    // .3 took the cache over the cap: the layers weigh ~100× the logits, and of them .1 was unused longest
    assert.deepEqual(packs(root), ['model/hiddenStates.2', 'model/hiddenStates.3', 'model/logits']);

    const rerun = new OutputCache({ root, modelKey: MODEL, maxDiskBytes: cap, maxMemoryBytes: 0 });
    const found = await rerun.getMany('logits', SENTENCES);
    assert.deepEqual(found.map((t) => t?.data[0]), SENTENCES.map((_, i) => i), 'every logit is served from disk, the right one for each sentence');
    assert.deepEqual(rerun.stats().hits, SENTENCES.length);
    rerun.close();
  });

  it('among packs of one size the one unused longest goes: logits as big as a layer (a masked-LM head) are not spared', () => {
    const layer = SENTENCES.length * recordBytes(200);
    const run = new OutputCache({ root, modelKey: MODEL, maxDiskBytes: 3 * layer + 100, maxMemoryBytes: 0 });
    write(run, 'logits', SENTENCES, 200); // as big as a layer (a masked-LM head's logits are)
    age(root, MODEL, 'logits', 0.1);
    for (const l of [1, 2, 3]) write(run, `hiddenStates.${l}`, SENTENCES, 200);
    run.close();
    assert.deepEqual(packs(root), ['model/hiddenStates.1', 'model/hiddenStates.2', 'model/hiddenStates.3']);
  });

  it("a small pack unused long enough goes before a fresh big one, and any model's packs compete", () => {
    const small = 10 * recordBytes(2), big = 10 * recordBytes(200);
    // small × (hours + 1) > big once hours > big / small − 1: a stale model's logits 30 days old, another's 1 hour
    const hours = big / small; // past the break-even by one hour
    const first = new OutputCache({ root, modelKey: OTHER, maxDiskBytes: 10 ** 9, maxMemoryBytes: 0 });
    write(first, 'logits', SENTENCES.slice(0, 10), 2);
    write(first, 'attentions.0', SENTENCES.slice(0, 10), 2);
    first.close();
    age(root, OTHER, 'logits', hours);
    age(root, OTHER, 'attentions.0', 1);
    // over the cap by one small pack: weights are logits small × (hours + 1) = big + small, attentions small × 2, the
    // fresh layer big × 1
    const run = new OutputCache({ root, modelKey: MODEL, maxDiskBytes: small + big, maxMemoryBytes: 0 });
    write(run, 'hiddenStates.0', SENTENCES.slice(0, 10), 200);
    run.close();
    assert.deepEqual(packs(root), ['model/hiddenStates.0', 'other/attentions.0']);
  });
  it("two models' caches in one process share the root's cap: together they stay under it", () => {
    const pack = SENTENCES.length * recordBytes(200);
    const cap = 3 * pack + 100; // each model alone writes two packs, both together four
    const [a, b] = [MODEL, OTHER].map((modelKey) => new OutputCache({ root, modelKey, maxDiskBytes: cap, maxMemoryBytes: 0 }));
    write(a, 'hiddenStates.1', SENTENCES, 200);
    age(root, MODEL, 'hiddenStates.1', 0.01);
    write(b, 'hiddenStates.1', SENTENCES, 200);
    write(a, 'hiddenStates.2', SENTENCES, 200);
    write(b, 'hiddenStates.2', SENTENCES, 200);
    a.close();
    b.close();
    const left = packs(root);
    assert.equal(left.length, 3, `one pack evicted, ${left.join(', ')} left`);
    assert.ok(!left.includes('model/hiddenStates.1'), 'the one unused longest went');
  });
});
