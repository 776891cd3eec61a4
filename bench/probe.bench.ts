/**
 * Full probing sweep: 2 models (tiny-bert-base, tiny-bert-sentiment) × all 7 layers × aux, subject, nth on 2,200
 * generated sentences each (1,600 train + 200 dev, 200 test, 200 per generalization set), linear probes fitted to
 * their optimum (L-BFGS over the λ grid), 3 data + probe seeds: the default settings. Word vectors are extracted once
 * per model and sentence (timed apart), then every layer's probes read them from the cache; the cache is cleared
 * between tasks. Side by side in one run: the 3-seed sweep, and the same with control tasks (control probes at their
 * task probe's λ). Wall and CPU time (the machine is shared: CPU time is the steadier number), probes converged,
 * the load average before and after.
 * Targets: the cached 3-seed sweep under 60 s wall on 2 cores; a control probe at most ~1.5× a task probe's CPU.
 * `--no-control` skips the control sweep.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/models/index.js';
import { generateSelectionTask } from '../src/probing/datasets/generated.js';
import { runProbeTask } from '../src/probing/run-probe.js';
import { WordVectorCache } from '../src/probing/word-vectors.js';
import type { ProbeFit, ProbeResult } from '../src/report/types.js';
import { peakRssMiB, table } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => path.join(root, 'fixtures', 'models', name);
const TARGET_MS = 60_000;
const withControl = !process.argv.includes('--no-control');
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

const loadBefore = load();
const base = await loadModel(fixture('tiny-bert-base'), { cacheDir: false });
const finetuned = await loadModel(fixture('tiny-bert-sentiment'), { cacheDir: false });
const cache = new WordVectorCache();
const tasks = (['aux', 'subject', 'nth'] as const).map((t) => generateSelectionTask(t, { train: 1800, test: 200, gen: 200, seed: 1 }));
const sentences = tasks.reduce((s, t) => s + t.train.length + t.test.length + Object.values(t.gen).reduce((a, g) => a + g.length, 0), 0);

interface Timing { wall: number; cpu: number }
const timings = { extract: { wall: 0, cpu: 0 }, task: { wall: 0, cpu: 0 }, control: { wall: 0, cpu: 0 } };
async function timed<T>(into: Timing, work: () => Promise<T>): Promise<T> {
  const [wall, cpu] = [performance.now(), process.cpuUsage()];
  const result = await work();
  const used = process.cpuUsage(cpu);
  into.wall += performance.now() - wall;
  into.cpu += (used.user + used.system) / 1000;
  return result;
}

/** Fits of a sweep: task probes, and control probes where the sweep ran them. */
const fits = { task: [] as ProbeFit[], control: [] as ProbeFit[] };
function collect(r: ProbeResult, into: { task: ProbeFit[]; control: ProbeFit[] }): void {
  for (const l of r.layers) {
    into.task.push(...l.pretrained.fits!, ...l.finetuned.fits!);
    if (l.control?.fits) into.control.push(...l.control.fits.pretrained, ...l.control.fits.finetuned);
  }
}
const controlRunFits = { task: [] as ProbeFit[], control: [] as ProbeFit[] };

for (const t of tasks) {
  const words = [t.train, t.test, ...Object.values(t.gen)].flat().map((e) => e.words);
  await timed(timings.extract, async () => {
    await cache.get(base, words);
    await cache.get(finetuned, words);
  });
  collect(await timed(timings.task, () => runProbeTask(base, finetuned, t, { cache, control: false, seed: 1, seeds: 3, dev: 200 })), fits);
  if (withControl) collect(await timed(timings.control, () => runProbeTask(base, finetuned, t, { cache, control: true, seed: 1, seeds: 3, dev: 200 })), controlRunFits);
  cache.clear();
}

const s = (ms: number) => (ms / 1000).toFixed(1);
const converged = (list: ProbeFit[]) => `${list.filter((f) => f.converged).length} of ${list.length} converged`;
const iterations = (list: ProbeFit[]) => {
  const sorted = list.map((f) => f.iterations).sort((a, b) => a - b);
  return `iterations at the chosen λ: median ${sorted[sorted.length >> 1]}, max ${sorted[sorted.length - 1]}`;
};
const perTask = timings.task.cpu / fits.task.length;
const rows: string[][] = [
  ['step', 'wall s', 'cpu s', 'note'],
  ['extract word vectors (2 models, cold)', s(timings.extract.wall), s(timings.extract.cpu), `${sentences} sentences per model`],
  ['probe sweep, 3 seeds, cached vectors', s(timings.task.wall), s(timings.task.cpu), `${fits.task.length} linear probes (2 models × 7 layers × 3 tasks × 3 seeds), ${converged(fits.task)}, ${perTask.toFixed(0)} cpu ms each; ${iterations(fits.task)}`],
];
if (withControl) {
  // The control sweep trains the same task probes again, then one control probe per task probe.
  const perControl = (timings.control.cpu - timings.task.cpu) / controlRunFits.control.length;
  rows.push(['probe sweep, 3 seeds + control tasks', s(timings.control.wall), s(timings.control.cpu), `${(timings.control.cpu / timings.task.cpu).toFixed(2)}× the 3-seed sweep (cpu)`]);
  rows.push(['  control probes alone (difference)', s(timings.control.wall - timings.task.wall), s(timings.control.cpu - timings.task.cpu), `${controlRunFits.control.length} control probes, ${converged(controlRunFits.control)}, ${perControl.toFixed(0)} cpu ms each = ${(perControl / perTask).toFixed(2)}× a task probe; ${iterations(controlRunFits.control)}`]);
}
rows.push(['3-seed sweep incl. extraction', s(timings.extract.wall + timings.task.wall), s(timings.extract.cpu + timings.task.cpu), '']);
console.log(table(rows));
console.log(`load average (1, 5, 15 min) before ${loadBefore}, after ${load()}; ${os.cpus().length} cores; peak RSS ${peakRssMiB().toFixed(0)} MiB`);
const meets = timings.task.wall < TARGET_MS;
console.log(`cached 3-seed sweep ${meets ? 'meets' : 'MISSES'} the ${TARGET_MS / 1000} s target on wall time (${s(timings.task.wall)} s wall, ${s(timings.task.cpu)} s cpu)`);
await base.dispose();
await finetuned.dispose();
process.exit(meets ? 0 : 1);
