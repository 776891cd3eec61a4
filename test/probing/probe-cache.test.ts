import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/index.js';
import type { SesameModel } from '../../src/models/types.js';
import { generateSelectionTask } from '../../src/probing/datasets/generated.js';
import { ProbeResultCache } from '../../src/probing/probe-cache.js';
import { runProbeTask } from '../../src/probing/run-probe.js';
import { WordVectorCache } from '../../src/probing/word-vectors.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const model = (name: string) => path.join(root, 'fixtures', 'models', name);

describe('trained-probe result cache', () => {
  let base: SesameModel;
  let sentiment: SesameModel;
  let dir: string;
  const vectors = new WordVectorCache();
  const task = generateSelectionTask('aux', { train: 120, test: 40, gen: 40, seed: 5 });
  const options = { layers: [0, 3], seed: 7, seeds: 2, cache: vectors, train: { l2Grid: [0.1, 0.01] } };
  // 2 layers × 2 models × (task + control) × 2 seeds
  const probesPerRun = 16;

  before(async () => {
    base = await loadModel(model('tiny-bert-base'), { cacheDir: false });
    sentiment = await loadModel(model('tiny-bert-sentiment'), { cacheDir: false });
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-probe-cache-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  after(async () => {
    await base?.dispose();
    await sentiment?.dispose();
  });

  it('reuses every probe on a re-run, with results identical to training without a cache', async () => {
    const uncached = await runProbeTask(base, sentiment, task, options);
    const first = new ProbeResultCache(dir);
    const fresh = await runProbeTask(base, sentiment, task, { ...options, probeCache: first });
    expect(first.trained).to.equal(probesPerRun);
    expect(fs.readdirSync(path.join(dir, 'probes')).filter((f) => f.endsWith('.json'))).to.have.length(probesPerRun);
    const second = new ProbeResultCache(dir);
    const cached = await runProbeTask(base, sentiment, task, { ...options, probeCache: second });
    expect(second.trained).to.equal(0);
    expect(fresh).to.deep.equal(uncached);
    expect(cached).to.deep.equal(uncached);
    expect(cached.layers[1].pretrained.test).to.be.above(0);
  });

  it('misses when the seed, the data or a training option changes', async () => {
    await runProbeTask(base, sentiment, task, { ...options, probeCache: new ProbeResultCache(dir) });
    const seed = new ProbeResultCache(dir);
    await runProbeTask(base, sentiment, task, { ...options, seed: 9, probeCache: seed });
    expect(seed.trained).to.equal(probesPerRun);
    const overlap = new ProbeResultCache(dir);
    await runProbeTask(base, sentiment, task, { ...options, seed: 8, probeCache: overlap });
    expect(overlap.trained, 'seeds 8 and 9 were trained already').to.equal(0);
    const data = new ProbeResultCache(dir);
    const changed = { ...task, test: task.test.map((e, i) => (i === 0 ? { ...e, target: (e.target + 1) % e.words.length } : e)) };
    await runProbeTask(base, sentiment, changed, { ...options, probeCache: data });
    // the control task draws its own targets, so only the task's probes see the changed test gold
    expect(data.trained).to.equal(probesPerRun / 2);
    const grid = new ProbeResultCache(dir);
    await runProbeTask(base, sentiment, task, { ...options, train: { l2Grid: [0.1, 0.001] }, probeCache: grid });
    expect(grid.trained).to.equal(probesPerRun);
    const tolerance = new ProbeResultCache(dir);
    await runProbeTask(base, sentiment, task, { ...options, layers: [0], train: { ...options.train, tolerance: 1e-6 }, probeCache: tolerance });
    expect(tolerance.trained).to.equal(probesPerRun / 2);
  });

  it('a third seed trains only its own probes: each seed\'s probes are keyed by their own dev split', async () => {
    await runProbeTask(base, sentiment, task, { ...options, probeCache: new ProbeResultCache(dir) });
    const more = new ProbeResultCache(dir);
    const result = await runProbeTask(base, sentiment, task, { ...options, seeds: 3, probeCache: more });
    expect(more.trained).to.equal(probesPerRun / 2);
    expect(result.seeds).to.deep.equal([7, 8, 9]);
    expect(result.layers[0].pretrained.fits!.map((f) => f.seed)).to.deep.equal([7, 8, 9]);
  });

  it('ignores and rewrites a corrupt file; stores nothing when disabled', async () => {
    const reference = await runProbeTask(base, sentiment, task, { ...options, layers: [0], probeCache: new ProbeResultCache(dir) });
    const probes = path.join(dir, 'probes');
    const files = fs.readdirSync(probes);
    for (const f of files) fs.writeFileSync(path.join(probes, f), '{"version": 1, "resu');
    const again = new ProbeResultCache(dir);
    expect(await runProbeTask(base, sentiment, task, { ...options, layers: [0], probeCache: again })).to.deep.equal(reference);
    expect(again.trained).to.equal(files.length);
    expect(fs.readdirSync(probes).sort()).to.deep.equal(files.sort());
    const healed = new ProbeResultCache(dir);
    await runProbeTask(base, sentiment, task, { ...options, layers: [0], probeCache: healed });
    expect(healed.trained).to.equal(0);

    const off = new ProbeResultCache(false);
    await runProbeTask(base, sentiment, task, { ...options, layers: [0], probeCache: off });
    await runProbeTask(base, sentiment, task, { ...options, layers: [0], probeCache: off });
    expect(off.trained).to.equal(2 * files.length);
  });
});
