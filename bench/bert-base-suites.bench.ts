/**
 * The bundled suites against a bert-base-size pair (issue 14): `sesame run` on suites/ with the bench model of seed 0
 * as --pretrained and of seed 1 as --finetuned (random weights: the verdicts mean nothing, time and cache do), twice
 * on one fresh cache folder: cold (every output computed) and warm (the same run again). Printed per run: wall and
 * CPU time, peak RSS (from /usr/bin/time when present), and the cache lines `sesame run` prints per model (lookups
 * that hit, MiB on disk), with the load average.
 *
 *   npm run bench -- suites
 *   SESAME_SUITES_GREP=typos SESAME_SUITES_RUNS=20 npm run bench -- suites   (a subset; default: every test whose
 *   title names the sentiment fine-tune in sentiment and internals, 25 cases per property check; the Open Sesame
 *   replication's probes at this size are what bench/bert-base-sweep.bench.ts measures)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBertBase } from './bert-base-model.js';
import { load1, table } from './harness.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const GREP = process.env.SESAME_SUITES_GREP ?? 'sentiment';
const RUNS = process.env.SESAME_SUITES_RUNS ?? '25';
const FILES = (process.env.SESAME_SUITES_FILES ?? 'suites/sentiment.suite.ts,suites/internals.suite.ts').split(',');

const [pretrained, finetuned] = [ensureBertBase(0), ensureBertBase(1)];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-bench-suites-'));
const cacheDir = path.join(work, 'cache');
const config = path.join(work, 'sesame.config.json');
fs.writeFileSync(config, JSON.stringify({ seed: 1, cacheDir }));
const timed = fs.existsSync('/usr/bin/time');

function runOnce(name: string): Array<string | number> {
  const loadBefore = load1();
  const args = [path.join(repo, 'bin', 'sesame.js'), 'run', ...FILES, '--pretrained', pretrained, '--finetuned', finetuned, '--config', config, '--grep', GREP, '--num-runs', RUNS, '--report', path.join(work, `report-${name}`)];
  const started = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', 'TIME %U %S %M', process.execPath, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } })
    : spawnSync(process.execPath, args, { cwd: repo, encoding: 'utf8', env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' } });
  const wall = (performance.now() - started) / 1000;
  const output = `${r.stdout}\n${r.stderr}`;
  const summary = /(\d+) passed, (\d+) failed/.exec(output)?.[0] ?? `exit ${r.status}`;
  const cache = output.split('\n').filter((l) => /^\s*cache /.test(l)).map((l) => l.trim().replace(/^cache /, ''));
  const usage = /TIME ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr);
  const cpu = usage ? (Number(usage[1]) + Number(usage[2])).toFixed(1) : 'n/a';
  const rss = usage ? (Number(usage[3]) / 1024).toFixed(0) : 'n/a';
  if (r.status !== 0 && r.status !== 1) console.log(output.split('\n').slice(-15).join('\n'));
  return [name, wall.toFixed(1), cpu, rss, summary, cache.join('; '), `${loadBefore}–${load1()}`];
}

console.log(`bundled suites at bert-base size: ${FILES.join(' ')} --grep ${JSON.stringify(GREP)} --num-runs ${RUNS}; pair: seed 0 → seed 1; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
const rows: Array<Array<string | number>> = [['run', 'wall s', 'CPU s', 'peak RSS MiB', 'tests', 'cache per model (hits of lookups, on disk)', 'load avg']];
rows.push(runOnce('cold'));
console.log(table(rows));
rows.push(runOnce('warm'));
console.log(table(rows.slice(-1)));
console.log(table(rows));
const diskBytes = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir, { recursive: true }).map((f) => path.join(cacheDir, String(f))).filter((f) => fs.statSync(f).isFile()).reduce((a, f) => a + fs.statSync(f).size, 0) : 0;
console.log(`cache folder after both runs: ${(diskBytes / 2 ** 20).toFixed(1)} MiB (model outputs per kind and layer, trained probes)`);
fs.rmSync(work, { recursive: true, force: true });
