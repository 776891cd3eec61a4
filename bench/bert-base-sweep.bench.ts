/**
 * The probe sweep at bert-base size (issue 14 item 4): 2 models × 13 layers × aux, subject and nth of Open Sesame
 * (../shared/opensesame, or $SESAME_OPENSESAME_DIR), 2,000 sentences per task (1,600 train incl. 160 dev, 200 test,
 * 200 generalization), 1 seed, no control task. The two models are the bert-base-size bench model with seed 0 (as
 * "pretrained") and seed 1 (as "fine-tuned"): random weights, so the accuracies mean nothing; time and memory do.
 * Word vectors are extracted once per model and sentence (only the 13 hidden-state layers: no attention, no logits),
 * held in memory when an extraction fits the WordVectorCache budget and spilled to temporary files otherwise; the
 * probes then read one layer of one model at a time. Sentences are extracted shortest first in chunks of 32 (little padding). Printed per task:
 * extraction and probing time (wall and CPU), vectors in memory and spilled, how many probe fits converged, the
 * load average and the peak RSS of that task (Linux: VmHWM reset before each task; target < 2 GB). The models are
 * loaded once. Extraction goes through `WordVectorCache.prepareEach`: one model after the other, and once the vectors
 * spill only that model's session is resident (the other's is freed); `runProbeTask` finds the vectors ready and
 * probes with both sessions freed; the next task's extraction re-creates them from the files.
 *
 * Measured 2026-12-07 (2 cores, load 1.2–5.4, niced beside other benches): peaks 1309 (aux), 1373 (subject),
 * 1543 MiB (nth), 1266 MiB after loading both models; extraction 220 / 243 / 461 s CPU (a second run, load 1.5–3.8:
 * 1172, 1336, 1594 MiB, 1317 after loading; nth's peak now comes while probing, ≤ ~1100 MiB in its extraction). Before extraction went one
 * model at a time and the graph bytes were freed at once: 1354–1358, 1678–1730, 1909–1989 MiB (1299–1335 after
 * loading); 2174 MiB on nth while the sessions also stayed through probing. What the earlier tasks add to nth is
 * mostly memory glibc keeps after freed sessions (before these changes, with MALLOC_MMAP_THRESHOLD_=131072 in the
 * environment: 1344, 1560, 1597 MiB).
 *
 *   npm run bench -- sweep                     (SESAME_SWEEP_SENTENCES=500 for a shorter run, SESAME_SWEEP_TASKS=aux)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/models/index.js';
import { resolveProbeTask } from '../src/probing/resolve-task.js';
import { runProbeTask } from '../src/probing/run-probe.js';
import { WordVectorCache } from '../src/probing/word-vectors.js';
import { ensureBertBase } from './bert-base-model.js';
import { load1, peakRssMiB, resetPeakRss, table } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DATA = process.env.SESAME_OPENSESAME_DIR ?? path.resolve(here, '..', '..', 'shared', 'opensesame');
const TOTAL = Number(process.env.SESAME_SWEEP_SENTENCES ?? 2000);
const TASKS = (process.env.SESAME_SWEEP_TASKS ?? 'aux,subject,nth').split(',');
const FOLDERS: Record<string, string> = { aux: 'data_aux', subject: 'data_sbjn', nth: 'data_nth' };
const TARGET_MIB = 2048;

if (!fs.existsSync(DATA)) {
  console.log(`bert-base sweep skipped: no Open Sesame data at ${DATA} (set SESAME_OPENSESAME_DIR)`);
  process.exit(0);
}

const sizes = { train: Math.round(TOTAL * 0.72), dev: Math.round(TOTAL * 0.08), test: Math.round(TOTAL * 0.1), gen: Math.round(TOTAL * 0.1) };
const dirs = [ensureBertBase(0), ensureBertBase(1)];
console.log(`bert-base sweep: ${TASKS.join(', ')} × ${TOTAL} sentences, 2 models (seeds 0 and 1) × 13 layers; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
const [pretrained, finetuned] = [await loadModel(dirs[0], { cacheDir: false }), await loadModel(dirs[1], { cacheDir: false })];
const layers = Array.from({ length: pretrained.info.numLayers + 1 }, (_, l) => l);
const afterLoad = peakRssMiB();

const rows: Array<Array<string | number>> = [['task', 'sentences', 'extract wall s', 'CPU s', 'probe wall s', 'CPU s', 'vectors in memory MiB', 'spilled MiB', 'fits converged', 'peak RSS MiB', 'load avg']];
const perTask = resetPeakRss();
let peak = afterLoad;
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() });
const since = (t: ReturnType<typeof clock>) => {
  const used = process.cpuUsage(t.cpu);
  return [((performance.now() - t.wall) / 1000).toFixed(1), ((used.user + used.system) / 1e6).toFixed(1)];
};
for (const name of TASKS) {
  // as `sesame probe --task <name> --data <folder>` resolves it (nth: the 3rd sub-token)
  const { task } = resolveProbeTask(name, { data: path.join(DATA, FOLDERS[name]), ...sizes, seed: 1 });
  const cache = new WordVectorCache();
  if (perTask) resetPeakRss();
  const loadBefore = load1();
  const lists = [task.train, task.test, ...Object.values(task.gen)].map((examples) => examples.map((e) => e.words));
  const count = lists.reduce((a, l) => a + l.length, 0);
  const extract = clock();
  // the same lists, in the same order, that the sweep extracts (one model after the other, the other's session
  // freed once the vectors spill): the sweep then finds every vector ready
  await cache.prepareEach([pretrained, finetuned], lists, layers);
  const extracted = since(extract);
  const [inMemory, spilled] = [cache.bytesInMemory / 2 ** 20, cache.bytesSpilled / 2 ** 20];
  const probe = clock();
  const result = await runProbeTask(pretrained, finetuned, task, { cache, seeds: 1, control: false, dev: sizes.dev });
  const fits = result.layers.flatMap((l) => [...(l.pretrained.fits ?? []), ...(l.finetuned.fits ?? [])]);
  const converged = `${fits.filter((f) => f.converged).length}/${fits.length} (≤ ${Math.max(...fits.map((f) => f.iterations))} it.)`;
  const taskPeak = peakRssMiB();
  peak = Math.max(peak, taskPeak);
  rows.push([name, count, ...extracted, ...since(probe), inMemory.toFixed(0), spilled.toFixed(0), converged, taskPeak.toFixed(0), `${loadBefore}–${load1()}`]);
  // the previous task's vectors and spill files go before the next task's extraction
  cache.clear();
  console.log(table(rows.slice(-1)));
}
console.log(table(rows));
if (!perTask) peak = peakRssMiB();
console.log(`peak RSS ${peak.toFixed(0)} MiB (${peak < TARGET_MIB ? 'under' : 'OVER'} the ${TARGET_MIB} MiB target); ${afterLoad.toFixed(0)} MiB after loading both models. Extractions over the WordVectorCache budget went to spill files.`);
await pretrained.dispose();
await finetuned.dispose();
process.exit(peak < TARGET_MIB ? 0 : 1);
