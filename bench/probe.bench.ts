/**
 * Full probing sweep: 2 models (tiny-bert-base, tiny-bert-sentiment) × all 7 layers × aux, subject, nth on 2,000
 * generated sentences each (1,600 train incl. dev, 200 test, 200 per generalization set). Word vectors are extracted
 * once per model and sentence (timed apart), then every layer's probe reads them from the cache; the cache is
 * cleared between tasks.
 * Target: the cached sweep under 60 s on 2 cores.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/models/index.js';
import { generateSelectionTask } from '../src/probing/datasets/generated.js';
import { runProbeTask } from '../src/probing/run-probe.js';
import { WordVectorCache } from '../src/probing/word-vectors.js';
import { peakRssMiB, table } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => path.join(root, 'fixtures', 'models', name);
const TARGET_MS = 60_000;

const base = await loadModel(fixture('tiny-bert-base'), { cacheDir: false });
const finetuned = await loadModel(fixture('tiny-bert-sentiment'), { cacheDir: false });
const cache = new WordVectorCache();
const tasks = (['aux', 'subject', 'nth'] as const).map((t) => generateSelectionTask(t, { train: 1600, test: 200, gen: 200, seed: 1 }));
const sentences = tasks.reduce((s, t) => s + t.train.length + t.test.length + Object.values(t.gen).reduce((a, g) => a + g.length, 0), 0);

// Task by task, as `sesame probe` runs them: extract both models' word vectors (cold), sweep every layer from the
// cache, sweep again with control tasks, then drop the task's vectors so memory stays bounded by one task.
let extractMs = 0, sweepMs = 0, controlMs = 0, probes = 0;
for (const t of tasks) {
  let start = performance.now();
  const words = [t.train, t.test, ...Object.values(t.gen)].flat().map((e) => e.words);
  await cache.get(base, words);
  await cache.get(finetuned, words);
  extractMs += performance.now() - start;
  start = performance.now();
  const r = await runProbeTask(base, finetuned, t, { cache, control: false, seed: 1 });
  probes += r.layers.length * 2;
  sweepMs += performance.now() - start;
  start = performance.now();
  await runProbeTask(base, finetuned, t, { cache, control: true, seed: 1 });
  controlMs += performance.now() - start;
  cache.clear();
}

console.log(table([
  ['step', 'ms', 'note'],
  ['extract word vectors (2 models, cold)', extractMs.toFixed(0), `${sentences} sentences per model, ${(2 * sentences / (extractMs / 1000)).toFixed(0)} sentences/s`],
  ['probe sweep, cached vectors', sweepMs.toFixed(0), `${probes} linear probes (2 models × 7 layers × 3 tasks), ${(sweepMs / probes).toFixed(0)} ms each`],
  ['probe sweep + control tasks', controlMs.toFixed(0), `${(controlMs / sweepMs).toFixed(2)}× the sweep`],
  ['sweep incl. extraction', (extractMs + sweepMs).toFixed(0), ''],
]));
console.log(`peak RSS ${peakRssMiB().toFixed(0)} MiB; cache ${cache.hits} hits / ${cache.misses} misses`);
console.log(`cached sweep ${sweepMs < TARGET_MS ? 'meets' : 'MISSES'} the ${TARGET_MS / 1000} s target (${(sweepMs / 1000).toFixed(1)} s); with extraction ${((extractMs + sweepMs) / 1000).toFixed(1)} s`);
await base.dispose();
await finetuned.dispose();
process.exit(sweepMs < TARGET_MS ? 0 : 1);
