/**
 * The model core against the baselines it must keep up with, on the fixture sentiment model (fp32):
 * a plain onnxruntime-node session (logits only), Sesame predict, Sesame full introspection (every hidden state
 * and attention) and the transformers.js pipeline, at batch sizes 1, 8 and 32; then the cached re-run speedup.
 * Throughput is measured in one process with the scenarios interleaved round by round; peak memory in a fresh
 * child process per scenario and batch size.
 *
 * Where Sesame's speed comes from: it sorts a call's sentences by length before batching (less padding), and for
 * models this small it runs each pass on one thread (the "same, 1 thread" line shows what that alone is worth).
 * The cost of the exposed tensors alone is the full-introspection / predict line (same session, same batches).
 *
 *   npm run bench -- model                          (everything)
 *   node --import tsx bench/model.bench.ts --memory predict 32   (one child measurement)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../src/attack/random.js';
import { childPeakRss, interleaved, median, medianRatio, peakRssMiB, table } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const MODELS = path.resolve(here, '..', 'fixtures', 'models');
const MODEL = path.join(MODELS, 'tiny-bert-sentiment');
const BATCHES = [1, 8, 32];
const SENTENCES = 96;
const ROUNDS = 7;
const SCENARIOS = ['plain', 'plain1', 'predict', 'full', 'pipeline'] as const;
type ScenarioName = (typeof SCENARIOS)[number];
const LABEL: Record<ScenarioName, string> = {
  plain: 'plain onnxruntime session (logits)',
  plain1: '  same, 1 thread (Sesame default here)',
  predict: 'Sesame predict',
  full: 'Sesame full introspection',
  pipeline: 'transformers.js pipeline',
};

/** Distinct review-style sentences of 6 to ~30 tokens, the same on every run. */
function sentences(count: number, seed = 7): string[] {
  const subjects = ['The film', 'This book', 'The restaurant', 'Our waiter', 'The new phone', 'The sequel', 'Her latest novel', 'The hotel room', 'The soundtrack', 'The ending'];
  const verbs = ['was', 'felt', 'seemed', 'turned out to be', 'is'];
  const adjectives = ['wonderful', 'dull', 'surprisingly good', 'painfully slow', 'charming', 'a complete mess', 'beautifully shot', 'overpriced', 'unforgettable', 'forgettable'];
  const tails = ['', ' and I would happily go back', ', although the second half dragged on far too long', ' despite what the critics said', ', which nobody in our group expected after seeing the trailer twice', ' but the service let it down badly'];
  const next = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const out = new Set<string>();
  while (out.size < count) out.add(`${pick(subjects)} ${pick(verbs)} ${pick(adjectives)}${pick(tails)}.`);
  return [...out];
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * Builds one scenario at one batch size: a function that processes a list of sentences the way its users would.
 * The raw session and the pipeline take the list `batch` sentences at a time, in order; Sesame takes the whole list
 * with `batchSize: batch` and forms its own batches (sorted by length, padded per batch).
 */
async function setup(
  name: ScenarioName,
  batch: number,
  cacheDir: string | false = false,
  cachePrecision: 'fp16' | 'fp32' = 'fp16',
): Promise<(texts: string[]) => Promise<unknown>> {
  if (name === 'plain' || name === 'plain1') {
    // the leanest honest baseline: the same tokenizer engine Sesame uses, padding to the chunk's longest sentence
    const ort = await import('onnxruntime-node');
    const { Tokenizer } = await import('@huggingface/tokenizers');
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(MODEL, file), 'utf8'));
    const tokenizer = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
    const options = name === 'plain1' ? { intraOpNumThreads: 1 } : {};
    const session = await ort.InferenceSession.create(fs.readFileSync(path.join(MODEL, 'onnx', 'model.onnx')), options);
    return async (texts) => {
      for (const chunk of chunks(texts, batch)) {
        const rows: number[][] = chunk.map((t) => tokenizer.encode(t).ids);
        const seq = Math.max(...rows.map((r) => r.length));
        const ids = new BigInt64Array(rows.length * seq);
        const mask = new BigInt64Array(rows.length * seq);
        rows.forEach((r, b) => r.forEach((id, t) => ((ids[b * seq + t] = BigInt(id)), (mask[b * seq + t] = 1n))));
        const dims = [rows.length, seq];
        await session.run({
          input_ids: new ort.Tensor('int64', ids, dims),
          attention_mask: new ort.Tensor('int64', mask, dims),
          token_type_ids: new ort.Tensor('int64', new BigInt64Array(rows.length * seq), dims),
        });
      }
    };
  }
  if (name === 'pipeline') {
    const { pipeline, env } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.localModelPath = MODELS;
    const classifier = await pipeline('text-classification', 'tiny-bert-sentiment', { dtype: 'fp32' });
    return async (texts) => {
      for (const chunk of chunks(texts, batch)) await classifier(chunk);
    };
  }
  const { loadModel } = await import('../src/models/index.js');
  const model = await loadModel(MODEL, { batchSize: batch, cacheDir, cachePrecision, memoryCacheBytes: cacheDir === false ? 0 : undefined });
  if (name === 'predict') return (texts) => model.predict(texts);
  return (texts) => model.run(texts, { logits: true, hiddenStates: true, attentions: true });
}

/** Child mode: one scenario alone in this process (only the libraries it needs), then its peak RSS as the last stdout line. */
async function measureMemory(name: ScenarioName | 'idle', batch: number): Promise<void> {
  if (name === 'idle') {
    console.log(JSON.stringify({ peakRssMiB: peakRssMiB() }));
    return;
  }
  const run = await setup(name, batch);
  const texts = sentences(SENTENCES);
  for (let i = 0; i < 2; i++) await run(texts);
  console.log(JSON.stringify({ peakRssMiB: peakRssMiB() }));
}

/** Bytes of every file under a directory. */
function directoryBytes(dir: string): number {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).reduce((sum, entry) => (entry.isFile() ? sum + fs.statSync(path.join(entry.parentPath, entry.name)).size : sum), 0);
}

async function cachedRerun(kind: 'predict' | 'full', precision: 'fp16' | 'fp32'): Promise<{ cold: number; memory: number; disk: number; bytes: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-bench-cache-'));
  const texts = sentences(256, 11);
  const time = async (f: () => Promise<unknown>) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  const first = await setup(kind, 32, dir, precision);
  const cold = await time(() => first(texts));
  const memory = await time(() => first(texts));
  const bytes = directoryBytes(dir);
  const fresh = await setup(kind, 32, dir, precision); // a new model instance: only the disk cache is warm
  const disk = await time(() => fresh(texts));
  fs.rmSync(dir, { recursive: true, force: true });
  return { cold, memory, disk, bytes };
}

async function main(): Promise<void> {
  const texts = sentences(SENTENCES);
  console.log(`Model core benchmark: tiny-bert-sentiment fp32, ${SENTENCES} distinct sentences, ${ROUNDS} interleaved rounds, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}`);
  const rows: Array<Array<string | number>> = [['batch', 'scenario', 'sentences/s', 'ms/sentence', 'vs plain (median of rounds)']];
  const throughput = new Map<string, number>();
  // speed relative to the plain session, per batch size: median over rounds of plain time / scenario time
  const speedup = new Map<string, number>();
  for (const batch of BATCHES) {
    const runs = await Promise.all(SCENARIOS.map(async (name) => ({ name, run: await setup(name, batch) })));
    const times = await interleaved(runs.map(({ name, run }) => ({ name, run: () => run(texts) })), ROUNDS);
    for (const name of SCENARIOS) {
      const perSecond = SENTENCES / (median(times.get(name)!) / 1000);
      throughput.set(`${name}@${batch}`, perSecond);
      speedup.set(`${name}@${batch}`, medianRatio(times.get('plain')!, times.get(name)!));
      speedup.set(`${name}/pipeline@${batch}`, medianRatio(times.get('pipeline')!, times.get(name)!));
      rows.push([batch, LABEL[name], perSecond.toFixed(0), (1000 / perSecond).toFixed(3), `${speedup.get(`${name}@${batch}`)!.toFixed(2)}×`]);
    }
  }
  console.log(`\n${table(rows)}`);

  console.log('\nCached re-run (256 sentences, batch 32, median of 5; disk = a new model instance reading the cache directory)');
  const cacheRows: Array<Array<string | number>> = [['scenario', 'cache', 'on disk KiB', 'first run ms', 'memory re-run ms', 'disk re-run ms', 'speedup (disk)', 'speedup (memory)']];
  const speedups: Record<string, number> = {};
  const cases = [['predict', 'fp16'], ['full', 'fp16'], ['full', 'fp32']] as const;
  for (const [kind, precision] of cases) {
    const repeats: Array<Awaited<ReturnType<typeof cachedRerun>>> = [];
    for (let r = 0; r < 5; r++) repeats.push(await cachedRerun(kind, precision));
    const pick = (key: 'cold' | 'memory' | 'disk') => median(repeats.map((r) => r[key]));
    const [cold, memory, disk] = [pick('cold'), pick('memory'), pick('disk')];
    speedups[`${kind}/${precision}`] = cold / disk;
    const shown = kind === 'predict' ? 'logits fp32' : `hidden + attention ${precision}`;
    cacheRows.push([LABEL[kind], shown, (repeats[0].bytes / 1024).toFixed(0), cold.toFixed(1), memory.toFixed(1), disk.toFixed(1), `${(cold / disk).toFixed(1)}×`, `${(cold / memory).toFixed(1)}×`]);
  }
  console.log(table(cacheRows));

  console.log('\nPeak memory (max RSS of a fresh process running one scenario: node + the libraries it loads + model + 2 passes)');
  const memoryRows: Array<Array<string | number>> = [['scenario', ...BATCHES.map((b) => `batch ${b} MiB`)]];
  const self = fileURLToPath(import.meta.url);
  for (const name of SCENARIOS.filter((n) => n !== 'plain1')) {
    memoryRows.push([LABEL[name], ...BATCHES.map((b) => childPeakRss(self, ['--memory', name, String(b)]).toFixed(0))]);
  }
  memoryRows.push(['(node + tsx, nothing loaded)', ...BATCHES.map(() => childPeakRss(self, ['--memory', 'idle', '1']).toFixed(0))]);
  console.log(table(memoryRows));

  const checks: Array<[string, number, (v: number) => boolean, string]> = [];
  for (const b of BATCHES) {
    checks.push([`predict speed / plain speed at batch ${b}`, speedup.get(`predict@${b}`)!, (v) => v >= 0.9, '≥ 0.90']);
    checks.push([`full-introspection cost / plain cost at batch ${b}`, 1 / speedup.get(`full@${b}`)!, (v) => v <= 1.5, '≤ 1.50']);
  }
  for (const b of BATCHES) {
    // same session, same batching: what exposing every hidden state and attention costs by itself
    checks.push([`full-introspection cost / predict cost at batch ${b}`, speedup.get(`predict@${b}`)! / speedup.get(`full@${b}`)!, (v) => v <= 1.5, '≤ 1.50']);
  }
  checks.push(['predict speed / pipeline speed at batch 32', speedup.get('predict/pipeline@32')!, (v) => v >= 2, '≥ 2.00']);
  checks.push(['cached re-run speedup (full introspection, disk, default fp32 cache)', speedups['full/fp32'], (v) => v >= 10, '≥ 10']);
  checks.push(['cached re-run speedup (predict, disk)', speedups['predict/fp16'], (v) => v >= 10, '≥ 10']);
  console.log('\nTargets');
  console.log(table(checks.map(([what, value, ok, target]) => [what, value.toFixed(2), target, ok(value) ? 'met' : 'MISSED'])));
}

const memoryFlag = process.argv.indexOf('--memory');
if (memoryFlag >= 0) {
  await measureMemory(process.argv[memoryFlag + 1] as ScenarioName | 'idle', Number(process.argv[memoryFlag + 2]));
} else {
  await main();
}
