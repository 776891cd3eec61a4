/**
 * Exports frozen word vectors and Sesame's linear-probe results for verify-sklearn.py to refit independently:
 * - Open Sesame aux (data_aux) and subject (data_sbjn-join) at every layer of the pretrained fixture and its sentiment
 *   fine-tune (falling back to Sesame's grammar when the data is missing), token selection;
 * - the control task (Hewitt & Liang) of aux and subject at layers 0, 3, 6, at the task probe's λ;
 * - POS on Open Sesame's sentences (data_nth) at layers 0, 3, 6, token labelling.
 * SESAME_VERIFY_TASKS=aux,subject limits the run to those tasks.
 * Each case records the λ Sesame's dev split chose, its final objective and its test / generalization accuracy.
 * Run through scripts/verify-sklearn.sh (SESAME_OPENSESAME_DIR overrides where the data is looked for).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../src/models/index.js';
import type { SesameModel } from '../src/models/types.js';
import { buildProbeData } from '../src/probing/build-data.js';
import { openSesameRoot } from '../src/probing/datasets/opensesame.js';
import type { ProbeData } from '../src/probing/probe-data.js';
import { controlTask } from '../src/probing/control.js';
import { createRandom, shuffleInPlace } from '../src/probing/random.js';
import { resolveProbeTask } from '../src/probing/resolve-task.js';
import type { Example } from '../src/probing/task-types.js';
import { evaluateProbe, trainProbe } from '../src/probing/train-probe.js';
import { WordVectorCache, type SentenceVectors } from '../src/probing/word-vectors.js';

const out = process.argv[2] ?? path.resolve('reports', 'sklearn-check');
const fixture = (name: string) => path.resolve('fixtures', 'models', name);
mkdirSync(out, { recursive: true });
const shared = process.env.SESAME_OPENSESAME_DIR ?? openSesameRoot(path.resolve('.'));
const dataDir = (folder: string) => (shared && existsSync(path.join(shared, folder)) ? path.join(shared, folder) : undefined);
const cache = new WordVectorCache();

function write(name: string, d: ProbeData): { file: string; rows: number; groups: number } {
  writeFileSync(path.join(out, `${name}.x.f32`), Buffer.from(d.features.buffer, d.features.byteOffset, d.features.byteLength));
  writeFileSync(path.join(out, `${name}.offsets.i32`), Buffer.from(d.offsets.buffer));
  writeFileSync(path.join(out, `${name}.gold.i32`), Buffer.from(d.gold.buffer));
  return { file: name, rows: d.offsets[d.offsets.length - 1], groups: d.offsets.length - 1 };
}

async function vectors(model: SesameModel, examples: Example[]): Promise<{ examples: Example[]; vectors: SentenceVectors[] }> {
  const r = await cache.get(model, examples.map((e) => e.words));
  const keep = examples.map((_, i) => typeof r.vectors[i] !== 'string');
  return { examples: examples.filter((_, i) => keep[i]), vectors: r.vectors.filter((v): v is SentenceVectors => typeof v !== 'string') };
}

const plan: Array<{ task: 'aux' | 'subject' | 'pos'; data?: string; models: string[]; layers: number[] }> = [
  { task: 'aux', data: dataDir('data_aux'), models: ['tiny-bert-base', 'tiny-bert-sentiment'], layers: [0, 1, 2, 3, 4, 5, 6] },
  { task: 'subject', data: dataDir('data_sbjn-join'), models: ['tiny-bert-base', 'tiny-bert-sentiment'], layers: [0, 1, 2, 3, 4, 5, 6] },
  { task: 'pos', data: dataDir('data_nth'), models: ['tiny-bert-base'], layers: [0, 3, 6] },
];

/** Control-task probes are cross-checked at these layers (selection tasks). */
const CONTROL_LAYERS = [0, 3, 6];
const CONTROL_SEED = 3;
/** SESAME_VERIFY_TASKS=aux,subject runs only those (POS takes the longest). */
const only = process.env.SESAME_VERIFY_TASKS?.split(',').map((t) => t.trim());

const cases: unknown[] = [];
for (const step of plan.filter((p) => !only || only.includes(p.task))) {
  const { task } = resolveProbeTask(step.task, { train: 1600, dev: 200, test: 400, gen: 400, seed: 11, data: step.data });
  const pool = task.train.slice();
  shuffleInPlace(pool, createRandom(5));
  const devExamples = pool.splice(0, 200);
  for (const modelName of step.models) {
    const model = await loadModel(fixture(modelName), { cacheDir: false });
    const [tr, dv, te] = [await vectors(model, pool), await vectors(model, devExamples), await vectors(model, task.test)];
    const gens = await Promise.all(Object.entries(task.gen).map(async ([g, v]) => [g, await vectors(model, v)] as const));
    const classes = task.shape === 'labelling' ? new Map([...new Set(tr.examples.flatMap((e) => ('labels' in e ? e.labels : [])).filter((l): l is string => l !== null))].sort().map((l, i) => [l, i])) : undefined;
    for (const layer of step.layers) {
      const build = (s: typeof tr) => buildProbeData(s.examples, s.vectors, layer, model.info.hiddenSize, classes);
      const [dTrain, dDev] = [build(tr), build(dv)];
      const probe = trainProbe(dTrain, dDev);
      const name = `${step.task}-${modelName.replace('tiny-bert-', '')}-L${layer}`;
      const train = write(`${name}.train`, dTrain);
      const splits: Array<[string, ProbeData]> = [['test', build(te)], ...gens.map(([g, v]) => [`gen-${g}`, build(v)] as [string, ProbeData])];
      for (const [split, d] of splits) {
        cases.push({
          name, split, task: step.task, data: step.data ?? 'sesame grammar', shape: task.shape, layer, dim: model.info.hiddenSize, numClasses: dTrain.numClasses,
          l2: probe.fit.l2, objective: probe.fit.objective, converged: probe.fit.converged, iterations: probe.fit.iterations,
          train, test: write(`${name}.${split}`, d), sesameAccuracy: evaluateProbe(probe, d).accuracy,
        });
      }
      if (task.shape === 'selection' && CONTROL_LAYERS.includes(layer)) {
        // The control task at the task probe's λ, as the probe runs do: the badly conditioned fits (preconditioned L-BFGS).
        const relabel = (s: typeof tr) => ({ ...s, examples: controlTask({ ...task, train: s.examples, test: [], gen: {} }, CONTROL_SEED).train });
        const [cTrain, cDev, cTest] = [build(relabel(tr)), build(relabel(dv)), build(relabel(te))];
        const control = trainProbe(cTrain, cDev, { l2: probe.fit.l2 });
        const cName = `${step.task}-control-${modelName.replace('tiny-bert-', '')}-L${layer}`;
        cases.push({
          name: cName, split: 'test', task: `${step.task}:control`, data: step.data ?? 'sesame grammar', shape: task.shape, layer, dim: model.info.hiddenSize, numClasses: 1,
          l2: control.fit.l2, objective: control.fit.objective, converged: control.fit.converged, iterations: control.fit.iterations,
          train: write(`${cName}.train`, cTrain), test: write(`${cName}.test`, cTest), sesameAccuracy: evaluateProbe(control, cTest).accuracy,
        });
      }
    }
    cache.clear();
    await model.dispose();
  }
}
writeFileSync(path.join(out, 'cases.json'), JSON.stringify({ cases }, null, 2));
console.log(`exported ${cases.length} cases to ${out}`);
