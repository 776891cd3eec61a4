/**
 * Sesame's cost at both model sizes (issue 14): the fixture sentiment model (6 × 4 × 128) and a bert-base-size BERT
 * (12 × 12 × 768, random weights, built on demand by bench/bert-base-model.ts, never committed). At batches 1, 8
 * and 32, side by side in one process, scenarios interleaved round by round:
 *   predict ÷ plain    plain session time / Sesame predict time (a speed ratio, target ≥ 1.0)
 *   full ÷ plain       Sesame full introspection time / plain session time (a cost ratio, target ≤ 1.3)
 * "plain" is a bare onnxruntime-node session with onnxruntime's default threads, fed chunks in the given order of the
 * same sentences padded to the chunk's longest. Sesame uses its own defaults (threads, length-sorted batches, no cache).
 * The load average is printed before and after: on a shared machine wall-time ratios mostly measure waiting for a core.
 *
 *   npm run bench -- model                              (this and bench/model.bench.ts, the fixture-only detail)
 *   npm run bench -- model-sizes                        (both sizes, this file only)
 *   SESAME_BENCH_SIZE=bert-base npm run bench -- model-sizes   (one size)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBertBase } from './bert-base-model.js';
import { interleaved, medianRatio, table } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.resolve(here, '..', 'fixtures', 'models', 'tiny-bert-sentiment');
const BATCHES = [1, 8, 32];

const SUBJECTS = ['The film', 'This book', 'The restaurant', 'Our waiter', 'The sequel', 'The hotel room', 'The soundtrack', 'The ending'];
const TAILS = ['', ' and I would happily go back', ', although the second half dragged on far too long', ' despite what the critics said', ' but the service let it down badly'];
const ADJECTIVES = ['wonderful', 'dull', 'surprisingly good', 'painfully slow', 'charming', 'beautifully shot'];

/** Distinct short review sentences (6 to ~20 tokens), the same on every run. */
function sentences(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) out.push(`${SUBJECTS[i % SUBJECTS.length]} was ${ADJECTIVES[(i * 7) % ADJECTIVES.length]}${TAILS[(i * 3) % TAILS.length]}.`);
  return out;
}

type Run = (texts: string[]) => Promise<unknown>;

async function plainSession(dir: string, batch: number): Promise<Run> {
  const ort = await import('onnxruntime-node');
  const { Tokenizer } = await import('@huggingface/tokenizers');
  const read = (file: string) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  const tokenizer = new Tokenizer(read('tokenizer.json'), read('tokenizer_config.json'));
  const session = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, 'onnx', 'model.onnx')));
  return async (texts) => {
    for (let start = 0; start < texts.length; start += batch) {
      const rows: number[][] = texts.slice(start, start + batch).map((t) => tokenizer.encode(t).ids);
      const seq = Math.max(...rows.map((r) => r.length));
      const ids = new BigInt64Array(rows.length * seq);
      const mask = new BigInt64Array(rows.length * seq);
      rows.forEach((r, b) => r.forEach((id, t) => ((ids[b * seq + t] = BigInt(id)), (mask[b * seq + t] = 1n))));
      const dims = [rows.length, seq];
      await session.run({ input_ids: new ort.Tensor('int64', ids, dims), attention_mask: new ort.Tensor('int64', mask, dims), token_type_ids: new ort.Tensor('int64', new BigInt64Array(rows.length * seq), dims) });
    }
  };
}

async function measure(size: string, dir: string, count: number, rounds: number): Promise<Array<Array<string | number>>> {
  const { loadModel } = await import('../src/models/index.js');
  const texts = sentences(count);
  const rows: Array<Array<string | number>> = [];
  for (const batch of BATCHES) {
    const model = await loadModel(dir, { batchSize: batch, cacheDir: false, memoryCacheBytes: 0 });
    const plain = await plainSession(dir, batch);
    const loadBefore = os.loadavg()[0];
    const times = await interleaved(
      [
        { name: 'plain', run: () => plain(texts) },
        { name: 'predict', run: () => model.predict(texts) },
        { name: 'full', run: () => model.run(texts, { logits: true, hiddenStates: true, attentions: true }) },
      ],
      rounds,
    );
    const plainTimes = times.get('plain')!;
    const perSecond = (count * 1000 * plainTimes.length) / plainTimes.reduce((a, b) => a + b, 0);
    const speed = medianRatio(plainTimes, times.get('predict')!);
    const cost = 1 / medianRatio(plainTimes, times.get('full')!);
    rows.push([size, batch, perSecond.toFixed(1), `${speed.toFixed(2)}${speed >= 1 ? '' : ' (< 1.0)'}`, `${cost.toFixed(2)}${cost <= 1.3 ? '' : ' (> 1.3)'}`, `${loadBefore.toFixed(1)}–${os.loadavg()[0].toFixed(1)}`]);
    await model.dispose();
  }
  return rows;
}

const only = process.env.SESAME_BENCH_SIZE;
console.log(`Model sizes: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`);
const rows: Array<Array<string | number>> = [['size', 'batch', 'plain sentences/s', 'predict ÷ plain (speed, ≥ 1.0)', 'full ÷ plain (cost, ≤ 1.3)', 'load avg (1 min)']];
if (!only || only === 'fixture') rows.push(...(await measure('fixture 6×4×128', FIXTURE, 64, 5)));
if (!only || only === 'bert-base') rows.push(...(await measure('bert-base 12×12×768', ensureBertBase(), 16, 3)));
console.log(table(rows));
console.log('Ratios are medians over interleaved rounds; above a load average of about 2 (2 cores) they mostly measure waiting for a core: re-measure on a quiet machine.');
