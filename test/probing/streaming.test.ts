import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/index.js';
import type { SesameModel } from '../../src/models/types.js';
import { generateSelectionTask } from '../../src/probing/datasets/generated.js';
import { runProbeTask } from '../../src/probing/run-probe.js';
import { WordVectorCache } from '../../src/probing/word-vectors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const model = (name: string) => path.join(root, 'fixtures', 'models', name);

describe('probe sweeps stream word vectors layer by layer', () => {
  let base: SesameModel;
  let sentiment: SesameModel;
  const task = generateSelectionTask('subject', { train: 100, test: 30, gen: 30, seed: 11 });
  const options = { layers: [1, 4], seed: 3, seeds: 2, train: { l2Grid: [0.1, 0.01] } };

  before(async () => {
    base = await loadModel(model('tiny-bert-base'), { cacheDir: false, threads: 1 });
    sentiment = await loadModel(model('tiny-bert-sentiment'), { cacheDir: false, threads: 1 });
  });
  after(async () => {
    await base?.dispose();
    await sentiment?.dispose();
  });

  it('hands out one layer at a time exactly the vectors of a full forward pass', async () => {
    const words = task.test.map((e) => e.words);
    const outputs = await base.run(words.map((w) => w.join(' ')), { hiddenStates: true, wordSplit: 'whitespace' });
    const cache = new WordVectorCache();
    const layer4 = await cache.layer(base, words, 4);
    outputs.forEach((out, i) => {
      const all = base.wordVectors(out);
      const size = all.shape[1] * all.shape[2];
      expect(layer4[i]).to.deep.equal(all.data.slice(4 * size, 5 * size));
    });
  });

  it('extracts in chunks of similar length (shortest first), with the vectors of a single forward pass', async () => {
    const words = task.train.map((e) => e.words);
    const texts = words.map((w) => w.join(' '));
    const lengthOf = (text: string) => base.encode(text).ids.length;
    expect(new Set(texts.map(lengthOf)).size, 'the sentences differ in length').to.be.above(3);
    const chunks: number[][] = [];
    const run = base.run.bind(base);
    const spy = Object.assign(Object.create(base) as SesameModel, { run: (chunk: string[], request?: object) => (chunks.push(chunk.map(lengthOf)), run(chunk, request)) });
    const cache = new WordVectorCache({ batchSize: 8 });
    await cache.prepare(spy, words, [2]);
    expect(chunks.flat()).to.have.length(new Set(texts).size);
    for (let k = 1; k < chunks.length; k++) expect(Math.max(...chunks[k - 1]), `chunk ${k - 1} is no longer than chunk ${k}`).to.be.at.most(Math.min(...chunks[k]));
    const outputs = await base.run(texts, { hiddenStates: [2], wordSplit: 'whitespace' });
    const layer2 = await cache.layer(spy, words, 2);
    expect(chunks.flat(), 'nothing extracted twice').to.have.length(new Set(texts).size);
    outputs.forEach((out, i) => expect(layer2[i]).to.deep.equal(base.wordVectors(out).data));
  });

  it('keeps an extraction in memory only when all its layers fit the budget, else spills every layer of it', async () => {
    const words = task.test.map((e) => e.words);
    const distinct = new Map(words.map((w) => [w.join(' '), w.length]));
    const layerBytes = [...distinct.values()].reduce((a, n) => a + n, 0) * base.info.hiddenSize * 4;
    const tight = new WordVectorCache({ maxMemoryBytes: 2 * layerBytes - 1 });
    await tight.prepare(base, words, [1, 2]);
    expect([tight.bytesInMemory, tight.bytesSpilled], 'one layer would fit, two do not: both spilled').to.deep.equal([0, 2 * layerBytes]);
    const roomy = new WordVectorCache({ maxMemoryBytes: 2 * layerBytes });
    await roomy.prepare(base, words, [1, 2]);
    expect([roomy.bytesInMemory, roomy.bytesSpilled]).to.deep.equal([2 * layerBytes, 0]);
    expect(await tight.layer(base, words, 2)).to.deep.equal(await roomy.layer(base, words, 2));
    tight.clear();
  });

  it('extracts spilled vectors one model after the other, with only that model’s session resident', async () => {
    const [first, second] = [await loadModel(model('tiny-bert-base'), { cacheDir: false, threads: 1 }), await loadModel(model('tiny-bert-sentiment'), { cacheDir: false, threads: 1 })];
    const events: string[] = [];
    const watched = (m: SesameModel, name: string) =>
      Object.assign(Object.create(m) as SesameModel, {
        run: (texts: string[], request?: object) => (events.push(`run ${name}`), m.run(texts, request as never)),
        releaseSession: () => (events.push(`release ${name}`), m.releaseSession()),
      });
    const lists = [task.train, task.test].map((examples) => examples.map((e) => e.words));
    try {
      const roomy = new WordVectorCache();
      await roomy.prepareEach([watched(first, 'base'), watched(second, 'sentiment')], lists, [1, 4]);
      expect(events.filter((e) => e.startsWith('release')), 'vectors in memory: the sessions stay').to.deep.equal([]);
      expect(events.indexOf('run sentiment'), 'one model after the other').to.be.above(events.lastIndexOf('run base'));
      events.length = 0;
      const spilled = new WordVectorCache({ maxMemoryBytes: 0 });
      await spilled.prepareEach([watched(first, 'base'), watched(second, 'sentiment')], lists, [1, 4]);
      // both sessions were live after loading: each pass must find the other model's released
      const resident = { base: true, sentiment: true };
      for (const event of events) {
        const [what, name] = event.split(' ') as ['run' | 'release', 'base' | 'sentiment'];
        if (what === 'run') expect(resident[name === 'base' ? 'sentiment' : 'base'], `${event}: the other session is freed`).to.equal(false);
        resident[name] = what === 'run';
      }
      expect(resident, 'both freed once extracted').to.deep.equal({ base: false, sentiment: false });
      expect(await spilled.layer(first, lists[1], 4)).to.deep.equal(await roomy.layer(first, lists[1], 4));
      expect(await spilled.layer(second, lists[0], 1)).to.deep.equal(await roomy.layer(second, lists[0], 1));
      spilled.clear();
    } finally {
      await first.dispose();
      await second.dispose();
    }
  });

  it('gives the same probe numbers with every layer spilled to disk as with all in memory, and asks the models only for the probed layers', async () => {
    const [freshBase, freshSentiment] = [await loadModel(model('tiny-bert-base'), { cacheDir: false, threads: 1 }), await loadModel(model('tiny-bert-sentiment'), { cacheDir: false, threads: 1 })];
    const released: string[] = [];
    const watched = (m: SesameModel, name: string) => Object.assign(Object.create(m) as SesameModel, { releaseSession: () => (released.push(name), m.releaseSession()) });
    const inMemory = new WordVectorCache();
    const expected = await runProbeTask(watched(freshBase, 'base'), watched(freshSentiment, 'sentiment'), task, { ...options, cache: inMemory });
    expect(released, 'vectors in memory: the sessions stay').to.deep.equal([]);
    const sentences = new Set([...task.train, ...task.test, ...Object.values(task.gen).flat()].map((e) => e.words.join(' '))).size;
    // one lookup per sentence and part: two hidden-state layers, nothing else
    expect(freshBase.cacheStats().lookups).to.equal(2 * sentences);
    expect(freshSentiment.cacheStats().lookups).to.equal(2 * sentences);
    expect(inMemory.bytesInMemory).to.be.above(0);
    await freshBase.dispose();
    await freshSentiment.dispose();

    const spilled = new WordVectorCache({ maxMemoryBytes: 0 });
    const streamed = await runProbeTask(watched(base, 'base'), watched(sentiment, 'sentiment'), task, { ...options, cache: spilled });
    expect(released, 'spilled vectors: the other session freed before each model’s extraction, both while probing').to.deep.equal(['sentiment', 'base', 'base', 'sentiment']);
    expect(spilled.bytesInMemory, 'nothing held in memory: every layer went to a spill file').to.equal(0);
    expect(spilled.bytesSpilled, 'the spill files hold what the other cache holds in memory').to.equal(inMemory.bytesInMemory);
    expect(inMemory.bytesSpilled).to.equal(0);
    expect(streamed).to.deep.equal(expected);
    expect(streamed.layers[1].pretrained.test).to.be.above(0);
    spilled.clear();
    const again = await runProbeTask(base, sentiment, task, { ...options, cache: new WordVectorCache() });
    expect(again, 'the released sessions come back for the next extraction').to.deep.equal(expected);
  });
});
