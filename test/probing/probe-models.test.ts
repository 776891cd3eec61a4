import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/index.js';
import type { SesameModel } from '../../src/models/types.js';
import { generateSelectionTask } from '../../src/probing/datasets/generated.js';
import { runProbeTask, wordHoldingToken } from '../../src/probing/run-probe.js';
import { WordVectorCache } from '../../src/probing/word-vectors.js';
import { buildProbeData } from '../../src/probing/build-data.js';
import type { TaskData } from '../../src/probing/task-types.js';
import { resolveProbeTask } from '../../src/probing/resolve-task.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const model = (name: string) => path.join(root, 'fixtures', 'models', name);

describe('probing the fixture models', () => {
  let base: SesameModel;
  let sentiment: SesameModel;
  const cache = new WordVectorCache();

  before(async () => {
    base = await loadModel(model('tiny-bert-base'), { cacheDir: false });
    sentiment = await loadModel(model('tiny-bert-sentiment'), { cacheDir: false });
  });
  after(async () => {
    await base?.dispose();
    await sentiment?.dispose();
  });

  it('finds the n-th token almost perfectly at the embedding layer (position embeddings)', async () => {
    // n = 4 counts sub-tokens: in "their farm ##er near …" the 4th token is "near", the 4th word is "the".
    const { task } = resolveProbeTask('nth', { train: 300, test: 100, gen: 50, seed: 3, n: 4 });
    expect(task.nthToken).to.equal(4);
    const result = await runProbeTask(base, sentiment, task, { layers: [0], control: false, seed: 1, cache });
    expect(result.layers).to.have.length(1);
    expect(result.layers[0].pretrained.test).to.be.at.least(0.97);
    expect(result.layers[0].finetuned.test).to.be.at.least(0.97);
  });

  it('re-derives n-th token targets from the model\'s own sub-tokens', async () => {
    const task: TaskData = {
      name: 'nth', shape: 'selection', gen: {}, skipped: {}, nthToken: 3,
      train: generateSelectionTask('aux', { train: 40, seed: 1 }).train,
      // [CLS] the unb ##el ##ie … : the 3rd sub-token "##el" belongs to word 1; "a b" has only 2 sub-tokens.
      test: [{ words: ['the', 'unbelievableness', 'barks'], target: 0 }, { words: ['a', 'b'], target: 0 }],
    };
    const [output] = await base.run(['the unbelievableness barks']);
    const starts = Int32Array.from(output.encoding.words, (w) => w.tokenStart);
    expect(wordHoldingToken(starts, 3, output.encoding.words[2].tokenEnd)).to.equal(1);
    expect(wordHoldingToken(starts, 1, output.encoding.words[2].tokenEnd)).to.equal(0);
    expect(wordHoldingToken(starts, output.encoding.words[2].tokenEnd, output.encoding.words[2].tokenEnd)).to.equal(-1);
    const result = await runProbeTask(base, sentiment, task, { layers: [0], control: false, cache });
    expect(result.sizes.test).to.equal(1);
    expect(result.skipped).to.deep.equal({ 'fewer sub-tokens than n': 1 });
  });

  it('returns accuracy per layer for both models and splits, the difference, control and selectivity', async () => {
    const task = generateSelectionTask('aux', { train: 200, test: 60, gen: 60, seed: 4 });
    const result = await runProbeTask(base, sentiment, task, { layers: [0, 6], seed: 2, cache, projections: true, projectionPoints: 60 });
    expect(result.task).to.equal('aux');
    expect(result.sizes).to.deep.equal({ train: 180, dev: 20, test: 60, gen: 60 });
    for (const row of result.layers) {
      for (const side of [row.pretrained, row.finetuned]) {
        expect(side.test).to.be.within(0, 1);
        expect(side.gen).to.be.within(0, 1);
      }
      expect(row.delta!.test).to.be.closeTo(row.finetuned.test - row.pretrained.test, 1e-12);
      expect(row.control!.pretrained).to.be.within(0, 1);
      // Every control probe reports how its fit ended, at its task probe's λ (one per seed).
      for (const side of ['pretrained', 'finetuned'] as const) {
        const fits = row.control!.fits![side];
        expect(fits.map((f) => f.seed)).to.deep.equal([2, 3, 4]);
        fits.forEach((f, i) => {
          expect(f.l2).to.equal(row[side].fits![i].l2);
          expect(f.converged).to.equal(true);
          expect(f.iterations).to.be.greaterThan(0);
          expect(f.objective).to.be.greaterThan(0);
        });
      }
    }
    // Without a relative clause on the subject, the first auxiliary is the main one: easy for every layer.
    expect(result.layers[1].pretrained.test).to.be.at.least(0.95);
    expect(result.selectivity!.pretrained[1]).to.be.closeTo(result.layers[1].pretrained.test - result.layers[1].control!.pretrained, 1e-12);
    expect(result.seeds).to.deep.equal([2, 3, 4]);
    expect(result.pooling).to.equal('first');
    // Chance: the mean over test sentences of 1/words.
    const chance = task.test.reduce((a, e) => a + 1 / e.words.length, 0) / task.test.length;
    expect(result.chance!.test).to.be.closeTo(chance, 1e-12);
    for (const row of result.layers) {
      for (const side of [row.pretrained, row.finetuned]) {
        expect(side.testInterval![0]).to.be.at.most(side.test);
        expect(side.testInterval![1]).to.be.at.least(side.test);
        expect(side.genInterval![0]).to.be.below(side.gen!);
        expect(side.genInterval![1]).to.be.above(side.gen!);
        // the seed mean lies inside the seed range, and the interval is wider than a 60-sentence Wilson bound at p = 0.5 / 2
        expect(side.gen).to.be.within(side.genSeedRange![0], side.genSeedRange![1]);
        expect(side.genInterval![1] - side.genInterval![0]).to.be.above(0.1);
        expect(side.fits).to.have.length(3);
        for (const fit of side.fits!) {
          expect(fit.converged).to.equal(true);
          expect([0.1, 0.01, 0.001, 0.0001]).to.include(fit.l2);
          expect(fit.objective).to.be.above(0);
        }
      }
      const d = row.delta!;
      expect(d.gen!).to.be.within(d.genInterval![0], d.genInterval![1]);
      expect(d.testInterval![0]).to.be.at.most(d.test);
    }
    expect(result.projections).to.have.length(4);
    expect(result.projections![0].points).to.have.length(60);
    expect(result.projections![0].labels.filter((l) => l === 'target').length).to.be.greaterThan(0);
  });

  it('pools a word split into sub-tokens by its first sub-token by default, by their mean on request', async () => {
    const words = ['the', 'unbelievableness', 'barks'];
    const [output] = await base.run([words.join(' ')], { hiddenStates: true });
    const w = output.encoding.words[1];
    expect(output.encoding.tokens.slice(w.tokenStart, w.tokenEnd).join(' ')).to.equal('unb ##el ##ie ##v ##able ##ness');
    const features = async (c: WordVectorCache) => {
      const { vectors, hidden } = await c.get(base, [words]);
      const v = vectors[0];
      if (typeof v === 'string') throw new Error(v);
      return buildProbeData([{ words, target: 1 }], [v], 3, hidden);
    };
    const first = await features(cache);
    const mean = await features(new WordVectorCache({ pooling: 'mean' }));
    const [, seq, dim] = output.hiddenStates!.shape;
    for (const d of [0, 17, 127]) {
      let sum = 0;
      for (let t = w.tokenStart; t < w.tokenEnd; t++) sum += output.hiddenStates!.data[(3 * seq + t) * dim + d];
      expect(mean.features[1 * dim + d]).to.be.closeTo(sum / (w.tokenEnd - w.tokenStart), 1e-5);
      expect(first.features[1 * dim + d]).to.equal(output.hiddenStates!.data[(3 * seq + w.tokenStart) * dim + d]);
    }
    expect(first.gold[0]).to.equal(1);
  });

  it('counts a sentence longer than the model accepts as skipped instead of probing a cut sentence', async () => {
    const task = generateSelectionTask('aux', { train: 60, test: 20, gen: 0, seed: 5 });
    const long = Array.from({ length: 200 }, (_, i) => (i === 0 ? 'the' : 'dog'));
    const withLong: TaskData = { ...task, gen: {}, test: [...task.test, { words: long, target: 3 }] };
    const result = await runProbeTask(base, sentiment, withLong, { layers: [0], control: false, cache });
    expect(result.skipped).to.deep.equal({ 'longer than the model accepts': 1 });
    expect(result.sizes.test).to.equal(20);
  });

  it('refuses a layer the models do not have, naming the range', async () => {
    const task = generateSelectionTask('aux', { train: 20, test: 5, gen: 0 });
    let error: Error | undefined;
    await runProbeTask(base, sentiment, task, { layers: [9] }).catch((e) => (error = e));
    expect(error?.message).to.equal('layer 9 does not exist; the models have layers 0..6');
  });
});
