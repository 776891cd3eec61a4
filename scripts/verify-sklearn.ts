/**
 * Exports frozen word vectors of the fixture pretrained model for two probing tasks (aux: token selection, pos: token
 * labelling) at three layers, with the accuracy of Sesame's own linear probe on each, for verify-sklearn.py to
 * cross-check with scikit-learn's logistic regression. Run through scripts/verify-sklearn.sh.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../src/models/index.js';
import { buildProbeData } from '../src/probing/build-data.js';
import { resolveProbeTask } from '../src/probing/resolve-task.js';
import { createRandom, shuffleInPlace } from '../src/probing/random.js';
import { evaluateProbe, trainProbe } from '../src/probing/train-probe.js';
import type { ProbeData } from '../src/probing/probe-data.js';
import type { Example } from '../src/probing/task-types.js';
import { WordVectorCache, type SentenceVectors } from '../src/probing/word-vectors.js';
import { openSesameRoot } from '../src/probing/datasets/opensesame.js';

const out = process.argv[2] ?? path.resolve('reports', 'sklearn-check');
const modelDir = process.argv[3] ?? path.resolve('fixtures', 'models', 'tiny-bert-base');
mkdirSync(out, { recursive: true });
const model = await loadModel(modelDir, { cacheDir: false });
const cache = new WordVectorCache();

function write(name: string, d: ProbeData): { file: string; rows: number; groups: number } {
  writeFileSync(path.join(out, `${name}.x.f32`), Buffer.from(d.features.buffer, d.features.byteOffset, d.features.byteLength));
  writeFileSync(path.join(out, `${name}.offsets.i32`), Buffer.from(d.offsets.buffer));
  writeFileSync(path.join(out, `${name}.gold.i32`), Buffer.from(d.gold.buffer));
  return { file: name, rows: d.offsets[d.offsets.length - 1], groups: d.offsets.length - 1 };
}

async function vectors(examples: Example[]): Promise<{ examples: Example[]; vectors: SentenceVectors[] }> {
  const r = await cache.get(model, examples.map((e) => e.words));
  const keep = examples.map((_, i) => typeof r.vectors[i] !== 'string');
  return { examples: examples.filter((_, i) => keep[i]), vectors: r.vectors.filter((v): v is SentenceVectors => typeof v !== 'string') };
}

const cases: unknown[] = [];
// POS on real sentences (Open Sesame's WSJ lines) when ../shared is there: a harder, less saturated check.
const shared = openSesameRoot(path.resolve('.'));
for (const taskName of ['aux', 'pos']) {
  const data = taskName === 'pos' && shared ? path.join(shared, 'data_nth') : undefined;
  const { task } = resolveProbeTask(taskName, { train: 1500, test: 500, seed: 11, data });
  const train = task.train.slice();
  shuffleInPlace(train, createRandom(5));
  const dev = train.splice(0, Math.round(train.length * 0.1));
  const [tr, dv, te] = [await vectors(train), await vectors(dev), await vectors(task.test)];
  const gens = await Promise.all(Object.entries(task.gen).map(async ([g, v]) => [g, await vectors(v)] as const));
  const classes = task.shape === 'labelling' ? new Map([...new Set(tr.examples.flatMap((e) => ('labels' in e ? e.labels : [])).filter((l): l is string => l !== null))].sort().map((l, i) => [l, i])) : undefined;
  for (const layer of [0, 3, 6]) {
    const build = (s: typeof tr) => buildProbeData(s.examples, s.vectors, layer, model.info.hiddenSize, classes);
    const [dTrain, dDev, dTest] = [build(tr), build(dv), build(te)];
    const probe = trainProbe(dTrain, dDev, { seed: 1 });
    const name = `${taskName}-layer${layer}`;
    const train = write(`${name}.train`, dTrain);
    for (const [split, d] of [['test', dTest], ...gens.map(([g, v]) => [`gen-${g}`, build(v)] as const)] as const) {
      cases.push({
        name: `${name}-${split}`, task: taskName, shape: task.shape, layer, dim: model.info.hiddenSize, numClasses: dTrain.numClasses,
        train, test: write(`${name}.${split}`, d), sesameAccuracy: evaluateProbe(probe, d).accuracy,
      });
    }
  }
}
writeFileSync(path.join(out, 'cases.json'), JSON.stringify({ model: modelDir, cases }, null, 2));
await model.dispose();
console.log(`exported ${cases.length} cases to ${out}`);
