import assert from 'node:assert/strict';
import path from 'node:path';
import { assertProbeRetention } from '../../src/assertions/probe-retention.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { probeRetention } from '../../src/runner/checks/probe.js';
import type { TestContext } from '../../src/runner/types.js';
import type { ProbeResult } from '../../src/report/types.js';
import { REPO } from './helpers.js';
import { generateSelectionTask } from '../../src/probing/datasets/generated.js';
import { runProbeTask } from '../../src/probing/run-probe.js';

const MODELS = path.join(REPO, 'fixtures', 'models');

/** A run's context for the two fixture models, with the run's memo (shared promises by key) and no disk cache. */
function context(pretrained: SesameModel, finetuned: SesameModel, memoKeys: string[]): TestContext {
  const memo = new Map<string, Promise<unknown>>();
  return {
    pretrained: async () => pretrained,
    finetuned: async () => finetuned,
    model: async () => { throw new Error('not used'); },
    seed: 7,
    runSeed: 7,
    memo: <T>(key: string, make: () => Promise<T>) => {
      if (!memo.has(key)) {
        memoKeys.push(key);
        memo.set(key, make());
      }
      return memo.get(key) as Promise<T>;
    },
    numRuns: 10,
    thresholds: {},
    cwd: REPO,
    cacheDir: false,
    progress: () => {},
    skip: (reason: string) => { throw new Error(reason); },
  };
}

const probeOf = (outcome: Awaited<ReturnType<ReturnType<typeof probeRetention>['run']>>) => (outcome.result as { value: ProbeResult }).value;

describe('runner: probeRetention trains the layers it judges', function () {
  this.timeout(120_000);
  let pretrained: SesameModel, finetuned: SesameModel;
  before(async () => {
    [pretrained, finetuned] = [await loadModel(path.join(MODELS, 'tiny-bert-base'), { cacheDir: false }), await loadModel(path.join(MODELS, 'tiny-bert-sentiment'), { cacheDir: false })];
  });
  after(async () => {
    await pretrained.dispose();
    await finetuned.dispose();
  });

  const sizes = { train: 60, test: 40, gen: 30 };

  it('trains the union of the ranges its tests judge (2–3 and 3–4: layers 2–4) once, with the numbers of an every-layer run', async () => {
    const keys: string[] = [];
    const ctx = context(pretrained, finetuned, keys);
    const a = probeRetention({ task: 'aux', sizes, seeds: 1, layers: [2, 3], minRetention: 0.5 });
    const b = probeRetention({ task: 'aux', sizes, seeds: 1, layers: [3, 4], minRetention: 0.5, split: 'gen' });
    const [ra, rb] = [await a.run(ctx), await b.run(ctx)];
    assert.equal(keys.length, 1, 'one probe run for both tests');
    assert.equal(probeOf(rb), probeOf(ra), 'both tests judge the same result object (one card in the report)');
    const some = probeOf(ra);
    assert.deepEqual(some.layers.map((l) => l.layer), [2, 3, 4]);
    // the same probes on every layer, as the check trains them (dev = train / 8 for a built-in task)
    const dev = Math.round(sizes.train / 8);
    const task = generateSelectionTask('aux', { train: sizes.train + dev, test: sizes.test, gen: sizes.gen, seed: ctx.runSeed });
    const all = await runProbeTask(pretrained, finetuned, task, { seed: ctx.runSeed, seeds: 1, dev, projections: true });
    assert.deepEqual(all.layers.map((l) => l.layer), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(some.layers, all.layers.slice(2, 5), 'layer results do not depend on which other layers were probed');
    assert.deepEqual(some.projections, all.projections!.filter((p) => p.layer >= 2 && p.layer <= 4));
    assert.deepEqual(some.selectivity, { pretrained: all.selectivity!.pretrained.slice(2, 5), finetuned: all.selectivity!.finetuned.slice(2, 5) });
    for (const [outcome, options] of [[ra, { layers: [2, 3] as [number, number], minRetention: 0.5 }], [rb, { layers: [3, 4] as [number, number], minRetention: 0.5, split: 'gen' as const }]] as const) {
      const judged = assertProbeRetention(all, options);
      assert.deepEqual([outcome.pass, outcome.score, outcome.reason], [judged.pass, judged.score, judged.reason], 'the verdict is the one an every-layer result gives');
    }
  });

  it('a test without layers makes the tests of its task probe every layer', async () => {
    const keys: string[] = [];
    const ctx = context(pretrained, finetuned, keys);
    const other = { train: 40, test: 30, gen: 20 }; // another task signature than the test above
    const ranged = probeRetention({ task: 'aux', sizes: other, seeds: 1, control: false, layers: [5, 6], minRetention: 0.5 });
    const every = probeRetention({ task: 'aux', sizes: other, seeds: 1, control: false, minRetention: 0.5 });
    const [r1, r2] = [await ranged.run(ctx), await every.run(ctx)];
    assert.equal(keys.length, 1);
    assert.deepEqual(probeOf(r1).layers.map((l) => l.layer), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(probeOf(r2), probeOf(r1));
    assert.match(r1.reason, /at layers 5–6/);
  });

  it('refuses a range past the last layer before extracting anything, naming the layers the model has', async () => {
    const ctx = context(pretrained, finetuned, []);
    await assert.rejects(probeRetention({ task: 'aux', sizes, seeds: 1, layers: [5, 7], minRetention: 0.5 }).run(ctx), /^UsageError: layers \[5, 7\] goes past the model's last layer 6$/m);
  });
});
