/**
 * "New fine-tunes" of the fixture sentiment model, to show the regression gate on real runs (issue 10):
 * copies fixtures/models/tiny-bert-sentiment into a temp folder and adds seeded Gaussian noise to every
 * weight matrix of its ONNX graph (onnx-proto), scaled by each matrix's RMS — a small and a large amount.
 * With --gate it then runs the sentiment suite through the CLI, as CI would:
 *   1. baseline on the fixture (--update-baseline)        → exit 0
 *   2. the small-noise fine-tune against it               → expected: exit 0, no regression
 *   3. the fixture again with --seed 2                    → expected: exit 0, no regression (unpaired)
 *   4. the large-noise fine-tune                          → expected: exit 1, regressed tests named with p-values
 * The suite's own pass thresholds are lowered in a temp config (minPassRate 0, maxSuccessRate 1), so every
 * exit code is the gate's, not a failing test's.
 *
 *   npx tsx scripts/noisy-finetunes.ts [--out dir] [--small 0.02] [--large 1] [--seed 7] [--gate]
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import onnxProto from 'onnx-proto';
import { createRandom } from '../src/probing/random.js';

const { onnx } = onnxProto;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURE = path.join(REPO, 'fixtures/models/tiny-bert-sentiment');
const SUITE = path.join(REPO, 'suites/sentiment.suite.ts');

/** Copies the fixture to `dir` with noise of `scale` × RMS added to each float weight matrix; returns how many matrices changed. */
export function noisyCopy(dir: string, scale: number, seed: number): number {
  cpSync(FIXTURE, dir, { recursive: true, filter: (src) => !src.endsWith('model_quantized.onnx') });
  const file = path.join(dir, 'onnx', 'model.onnx');
  const model = onnx.ModelProto.decode(readFileSync(file));
  const random = createRandom(seed);
  const normal = () => random.normal();
  let changed = 0;
  for (const t of model.graph!.initializer!) {
    if (t.dataType !== onnx.TensorProto.DataType.FLOAT || (t.dims ?? []).length < 2) continue;
    const raw = t.rawData && t.rawData.length > 0;
    const values = raw ? new Float32Array(Float32Array.from(new Float32Array(t.rawData!.buffer.slice(t.rawData!.byteOffset, t.rawData!.byteOffset + t.rawData!.byteLength)))) : Float32Array.from(t.floatData ?? []);
    if (values.length === 0) continue;
    const rms = Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
    for (let i = 0; i < values.length; i++) values[i] += scale * rms * normal();
    if (raw) t.rawData = new Uint8Array(values.buffer);
    else t.floatData = Array.from(values);
    changed++;
  }
  writeFileSync(file, onnx.ModelProto.encode(model).finish());
  return changed;
}

function sesame(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/sesame.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The lines a reader of the gate needs: the baseline line, warnings, regressions and yesterday's attacks. */
function gateLines(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => /^ {2}baseline /.test(l));
  if (start < 0) return lines.filter((l) => /sesame run:|error/.test(l));
  const keep: string[] = [];
  for (const l of lines.slice(start)) {
    if (/^ {2}\d+\) /.test(l)) break;
    if (/^ {2}(baseline|warning|not comparable|yesterday|\d+ metrics? regressed)|^ {4}\S/.test(l) && !/^ {4}unchanged:/.test(l)) keep.push(l);
  }
  return keep;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, small: { type: 'string', default: '0.02' }, large: { type: 'string', default: '1' }, seed: { type: 'string', default: '7' }, gate: { type: 'boolean' } },
  });
  const out = values.out ? path.resolve(values.out) : mkdtempSync(path.join(tmpdir(), 'sesame-noisy-'));
  mkdirSync(out, { recursive: true });
  const seed = Number(values.seed);
  const small = path.join(out, 'small');
  const large = path.join(out, 'large');
  console.log(`small noise ${values.small} × RMS: ${noisyCopy(small, Number(values.small), seed)} weight matrices → ${small}`);
  console.log(`large noise ${values.large} × RMS: ${noisyCopy(large, Number(values.large), seed)} weight matrices → ${large}`);
  if (!values.gate) return;

  // Lower every pass threshold of the suite, so exit codes come from the baseline gate only.
  const listed = sesame(['run', SUITE, '--dry-run'], REPO).out.split('\n').flatMap((l) => {
    const m = l.match(/^[^:]+\.suite\.ts: (.+?)( \(skipped.*)?$/);
    return m ? [m[1]] : [];
  });
  const thresholds = Object.fromEntries(listed.map((id) => [id, { minPassRate: 0, maxSuccessRate: 1 }]));
  const config = path.join(out, 'sesame.config.json');
  writeFileSync(config, `${JSON.stringify({ seed: 1, numRuns: 100, tolerances: { passRate: 0.03, successRate: 0.1 }, thresholds }, null, 2)}\n`);
  const baseline = path.join(out, 'baseline.json');
  const common = ['--config', config, '--baseline', baseline];
  const steps: Array<[string, string[], number]> = [
    ['1. baseline on the fixture', ['--update-baseline'], 0],
    ['2. small-noise fine-tune', ['--finetuned', small], 0],
    ['3. the fixture again with --seed 2', ['--seed', '2'], 0],
    ['4. large-noise fine-tune', ['--finetuned', large], 1],
  ];
  let ok = true;
  for (const [title, extra, expected] of steps) {
    const r = sesame(['run', SUITE, ...common, ...extra, '--report', path.join(out, `report-${title[0]}`)], REPO);
    ok &&= r.code === expected;
    console.log(`\n${title}: exit ${r.code} (expected ${expected})`);
    for (const l of gateLines(r.out)) console.log(l);
  }
  console.log(`\n${ok ? 'every exit code as expected' : 'SOME EXIT CODE DIFFERS FROM WHAT WAS EXPECTED'}; files in ${out}`);
  process.exitCode = ok ? 0 : 1;
}

await main();
