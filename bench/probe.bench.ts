/**
 * Full probing sweep: 2 models (tiny-bert-base, tiny-bert-sentiment) × all 7 layers × aux, subject, nth on 2,200
 * generated sentences each (1,600 train + 200 dev, 200 test, 200 per generalization set), linear probes fitted to
 * their optimum (L-BFGS over the λ grid), 3 data + probe seeds. Word vectors are extracted once per model and
 * sentence (timed apart), then every layer's probes read them from the cache; the cache is cleared between tasks.
 * Side by side in one run: 3 seeds, 1 seed, 3 seeds + control tasks. Wall and CPU time (the machine is shared: CPU
 * time is the steadier number) and the load average before and after.
 * Target: the cached 3-seed sweep under 60 s on 2 cores.
 */
import os from 'node:os';
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
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const loadBefore = load();
const base = await loadModel(fixture('tiny-bert-base'), { cacheDir: false });
const finetuned = await loadModel(fixture('tiny-bert-sentiment'), { cacheDir: false });
const cache = new WordVectorCache();
const tasks = (['aux', 'subject', 'nth'] as const).map((t) => generateSelectionTask(t, { train: 1800, test: 200, gen: 200, seed: 1 }));
const sentences = tasks.reduce((s, t) => s + t.train.length + t.test.length + Object.values(t.gen).reduce((a, g) => a + g.length, 0), 0);

interface Timing { wall: number; cpu: number }
const timings = { extract: { wall: 0, cpu: 0 }, seeds3: { wall: 0, cpu: 0 }, seeds1: { wall: 0, cpu: 0 }, control: { wall: 0, cpu: 0 } };
async function timed(into: Timing, work: () => Promise<unknown>): Promise<void> {
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  await work();
  const used = process.cpuUsage(cpu);
  into.wall += performance.now() - wall;
  into.cpu += (used.user + used.system) / 1000;
}

let probes = 0, converged = 0;
for (const t of tasks) {
  const words = [t.train, t.test, ...Object.values(t.gen)].flat().map((e) => e.words);
  await timed(timings.extract, async () => {
    await cache.get(base, words);
    await cache.get(finetuned, words);
  });
  await timed(timings.seeds3, async () => {
    const r = await runProbeTask(base, finetuned, t, { cache, control: false, seed: 1, seeds: 3, dev: 200 });
    for (const l of r.layers) for (const f of [...l.pretrained.fits!, ...l.finetuned.fits!]) { probes++; if (f.converged) converged++; }
  });
  await timed(timings.seeds1, () => runProbeTask(base, finetuned, t, { cache, control: false, seed: 1, seeds: 1, dev: 200 }));
  await timed(timings.control, () => runProbeTask(base, finetuned, t, { cache, control: true, seed: 1, seeds: 3, dev: 200 }));
  cache.clear();
}

const s = (ms: number) => (ms / 1000).toFixed(1);
console.log(table([
  ['step', 'wall s', 'cpu s', 'note'],
  ['extract word vectors (2 models, cold)', s(timings.extract.wall), s(timings.extract.cpu), `${sentences} sentences per model`],
  ['probe sweep, 3 seeds, cached vectors', s(timings.seeds3.wall), s(timings.seeds3.cpu), `${probes} linear probes (2 models × 7 layers × 3 tasks × 3 seeds), ${converged} converged, ${(timings.seeds3.cpu / probes).toFixed(0)} cpu ms each`],
  ['probe sweep, 1 seed', s(timings.seeds1.wall), s(timings.seeds1.cpu), `${(timings.seeds3.cpu / timings.seeds1.cpu).toFixed(2)}× less cpu than 3 seeds`],
  ['probe sweep, 3 seeds + control tasks', s(timings.control.wall), s(timings.control.cpu), `${(timings.control.cpu / timings.seeds3.cpu).toFixed(2)}× the 3-seed sweep (cpu)`],
  ['3-seed sweep incl. extraction', s(timings.extract.wall + timings.seeds3.wall), s(timings.extract.cpu + timings.seeds3.cpu), ''],
]));
console.log(`load average (1, 5, 15 min) before ${loadBefore}, after ${load()}; ${os.cpus().length} cores; peak RSS ${peakRssMiB().toFixed(0)} MiB`);
const meets = timings.seeds3.cpu < TARGET_MS;
console.log(`cached 3-seed sweep ${meets ? 'meets' : 'MISSES'} the ${TARGET_MS / 1000} s target on CPU time (${s(timings.seeds3.cpu)} s cpu, ${s(timings.seeds3.wall)} s wall)`);
await base.dispose();
await finetuned.dispose();
process.exit(meets ? 0 : 1);
