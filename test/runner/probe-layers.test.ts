import assert from 'node:assert/strict';
import path from 'node:path';
import { assertProbeRetention } from '../../src/assertions/probe-retention.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { probeRetention } from '../../src/runner/checks/probe.js';
import type { TestContext } from '../../src/runner/types.js';
import type { ProbeResult } from '../../src/report/types.js';
import { REPO } from './helpers.js';

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

  it('probes layers 2–3 only, with the same numbers as those rows of an every-layer run; each range has its own memo', async () => {
    const keys: string[] = [];
    const ctx = context(pretrained, finetuned, keys);
    const some = await probeRetention({ task: 'aux', sizes, seeds: 1, layers: [2, 3], minRetention: 0.5 }).run(ctx);
    const sameRange = await probeRetention({ task: 'aux', sizes, seeds: 1, layers: [2, 3], minRetention: 0.5, split: 'gen' }).run(ctx);
    const all = await probeRetention({ task: 'aux', sizes, seeds: 1, minRetention: 0.5 }).run(ctx);
    assert.equal(keys.length, 2, 'two tests judging layers 2–3 share one probe run; the every-layer test has its own');
    assert.equal(probeOf(sameRange), probeOf(some), 'the shared run is the same result object');
    assert.deepEqual(probeOf(some).layers.map((l) => l.layer), [2, 3]);
    assert.deepEqual(probeOf(all).layers.map((l) => l.layer), [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(probeOf(some).layers, probeOf(all).layers.slice(2, 4), 'layer results do not depend on which other layers were probed');
    assert.deepEqual(probeOf(some).projections, probeOf(all).projections!.filter((p) => p.layer === 2 || p.layer === 3));
    assert.deepEqual(probeOf(some).selectivity, { pretrained: probeOf(all).selectivity!.pretrained.slice(2, 4), finetuned: probeOf(all).selectivity!.finetuned.slice(2, 4) });
    const judgedAll = assertProbeRetention(probeOf(all), { layers: [2, 3], minRetention: 0.5 });
    assert.equal(some.pass, judgedAll.pass);
    assert.equal(some.score, judgedAll.score);
    assert.equal(some.reason, judgedAll.reason);
  });

  it('refuses a range past the last layer before extracting anything, naming the layers the model has', async () => {
    const ctx = context(pretrained, finetuned, []);
    await assert.rejects(probeRetention({ task: 'aux', sizes, seeds: 1, layers: [5, 7], minRetention: 0.5 }).run(ctx), /^UsageError: layers \[5, 7\] goes past the model's last layer 6$/m);
  });
});
