import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/index.js';
import type { SesameModel } from '../../src/models/types.js';
import { compareAttention } from '../../src/attention/compare-attention.js';
import { confusionByLayer } from '../../src/attention/confusion.js';
import { generateAttentionItems } from '../../src/probing/datasets/generated.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const model = (name: string) => path.join(root, 'fixtures', 'models', name);

describe('compareAttention on the fixture models', () => {
  let base: SesameModel;
  let agreement: SesameModel;
  const items = generateAttentionItems({ perCondition: 4, seed: 2 });

  before(async () => {
    base = await loadModel(model('tiny-bert-base'), { cacheDir: false });
    agreement = await loadModel(model('tiny-bert-agreement'), { cacheDir: false });
  });
  after(async () => {
    await base?.dispose();
    await agreement?.dispose();
  });

  it('a model compared with itself: JSD 0 for every head, CKA 1 for every layer, equal confusion', async () => {
    const r = await compareAttention(base, base, items.slice(0, 12));
    expect(r.jsd.flat().every((v) => v < 1e-9)).to.equal(true);
    for (const c of r.cka) expect(c).to.be.closeTo(1, 1e-6);
    expect(r.confusion!.pretrained).to.deep.equal(r.confusion!.finetuned);
    expect(r.entropy.pretrained).to.deep.equal(r.entropy.finetuned);
  });

  it('pretrained vs fine-tuned: layers × heads matrices, per-condition confusion matching a direct computation', async () => {
    const r = await compareAttention(base, agreement, items, { samples: 1 });
    expect(r.sentences).to.equal(items.length);
    expect(r.jsd).to.have.length(6);
    expect(r.jsd[0]).to.have.length(4);
    expect(r.jsd.flat().every((v) => v >= 0 && v <= 1)).to.equal(true);
    expect(Math.max(...r.jsd.flat())).to.be.greaterThan(0.01);
    expect(r.entropy.finetuned.flat().every((v) => v > 0 && v <= Math.log2(16))).to.equal(true);
    expect(r.cka).to.have.length(7);
    expect(Object.keys(r.confusion!.conditions!)).to.have.length(12);
    expect(r.samples).to.have.length(1);
    expect(r.samples[0].pretrained[0][0][0].length).to.equal(r.samples[0].tokens.length);

    const one = items.filter((i) => i.condition === 'refl-pp-mismatch');
    const outputs = await agreement.run(one.map((i) => i.text), { attentions: true });
    const expected = [0, 1, 2, 3, 4, 5].map((l) => one.reduce((s, item, k) => s + confusionByLayer(outputs[k].attentions!, outputs[k].encoding.words, item)[l]!, 0) / one.length);
    r.confusion!.conditions!['refl-pp-mismatch'].finetuned.forEach((c, l) => expect(c).to.be.closeTo(expected[l], 1e-9));
  });

  it('counts items without a distractor or with indices out of range instead of scoring them', async () => {
    const r = await compareAttention(base, agreement, [
      { text: 'the dog does run', source: 2, candidates: [[0, 1]], condition: 'x' },
      { text: 'the dog does run', source: 7, candidates: [[0, 1], [3]], condition: 'x' },
      { text: 'the dogs near the cat do run', source: 5, candidates: [[0, 1], [3, 4]], condition: 'x' },
    ]);
    expect(r.skipped).to.deep.equal({ 'no-distractor': 1, 'index-out-of-range': 1 });
    expect(r.confusion!.pretrained).to.have.length(6);
  });
  it('fetches hidden states only while CKA wants words, and never keeps these outputs in the in-memory cache', async () => {
    const requests: Array<{ hiddenStates?: unknown; attentions?: unknown; keepInMemory?: unknown }> = [];
    const spy = (m: SesameModel): SesameModel => new Proxy(m, {
      get: (target, key) => (key === 'run' ? (texts: string[], request: object) => (requests.push(request), target.run(texts, request)) : Reflect.get(target, key)),
    });
    const texts = [...new Set(items.map((i) => i.text))];
    const firstBatch = new Set(texts.slice(0, 4));
    const words = texts.slice(0, 4).reduce((a, t) => a + t.split(' ').length, 0);
    const r = await compareAttention(spy(base), spy(agreement), items, { batchSize: 4, ckaWords: words - 1 });
    expect(requests.length).to.equal(2 * Math.ceil(texts.length / 4));
    expect(requests.map((q) => q.hiddenStates)).to.deep.equal(requests.map((_, i) => i < 2));
    expect(requests.every((q) => q.attentions === true && q.keepInMemory === false)).to.equal(true);
    // the CKA of the first batch alone (its words reach the budget), computed with hidden states for every batch
    const first = await compareAttention(base, agreement, items.filter((i) => firstBatch.has(i.text)), { batchSize: 4, ckaWords: words - 1 });
    expect(r.cka).to.deep.equal(first.cka);
  });
});
