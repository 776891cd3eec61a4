import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SesameReport } from '../../src/report/types.js';
import { sampledIds } from '../../src/runner/pair-compatibility.js';
import { cli, REPO, runInProcess, tempSuites } from './helpers.js';

const SENTIMENT = path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment');
const BASE = path.join(REPO, 'fixtures', 'models', 'tiny-bert-base');
const DISTILBERT = path.join(REPO, 'fixtures', 'models', 'tiny-distilbert-base');

/**
 * A copy of the sentiment fixture whose tokenizer maps the ids from 100 on to other tokens (the weights are the
 * same files): the same architecture and vocabulary size, a different vocabulary, as a model from another
 * tokenizer would have.
 */
function modelWithOtherTokenizer(): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-othertok-')), 'model');
  mkdirSync(dir);
  for (const f of readdirSync(SENTIMENT)) {
    if (f === 'onnx') symlinkSync(path.join(SENTIMENT, 'onnx'), path.join(dir, 'onnx'));
    else if (f !== 'tokenizer.json' && f !== 'vocab.txt') copyFileSync(path.join(SENTIMENT, f), path.join(dir, f));
  }
  const tokenizer = JSON.parse(readFileSync(path.join(SENTIMENT, 'tokenizer.json'), 'utf8'));
  const byId: string[] = [];
  for (const [token, id] of Object.entries(tokenizer.model.vocab as Record<string, number>)) byId[id] = token;
  const rotated = [...byId.slice(0, 100), ...byId.slice(101), byId[100]];
  tokenizer.model.vocab = Object.fromEntries(rotated.map((t, i) => [t, i]));
  writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(path.join(dir, 'vocab.txt'), `${rotated.join('\n')}\n`);
  return dir;
}

/** A suite whose first test leaves a file behind when it runs: proof that it did (or did not) run. */
function pairSuite(pretrained: string, marker: string): string {
  return tempSuites({
    'pair.suite.ts': `import { writeFileSync } from 'node:fs';
import { it, suite } from 'RUNNER_API';
suite('pair', { models: { pretrained: ${JSON.stringify(pretrained)}, finetuned: ${JSON.stringify(SENTIMENT)} } }, () => {
  it('first', () => { writeFileSync(${JSON.stringify(marker)}, 'ran'); });
  it('second', () => undefined);
});
`,
  });
}

describe('fail-soft runner: model pairs are checked before any test runs', () => {
  it('samples the first ten ids and evenly spaced ones up to the last, 75 in all', () => {
    const ids = sampledIds(8000);
    assert.equal(ids.length, 75);
    assert.deepEqual(ids.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(ids.at(-1), 7999);
    assert.deepEqual(sampledIds(5), [0, 1, 2, 3, 4]);
  });

  it('a fine-tune and its own base pass; another tokenizer is one line, exit 2, before the first test', async function () {
    this.timeout(60_000);
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-marker-')), 'ran');
    const ok = await runInProcess({ cwd: pairSuite(BASE, marker), inputs: ['pair.suite.ts'], config: { cacheDir: false } });
    assert.equal(ok.exitCode, 0);
    assert.ok(existsSync(marker));

    const other = modelWithOtherTokenizer();
    const marker2 = `${marker}2`;
    const r = cli(['run', 'pair.suite.ts', '--no-cache'], pairSuite(other, marker2));
    assert.equal(r.code, 2, r.stdout);
    // Progress lines ("loaded …") aside, the refusal is one line.
    const lines = r.stderr.trim().split('\n').filter((l) => !/^\s*loaded /.test(l));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /^sesame run: fine-tuned model .*tiny-bert-sentiment cannot come from pretrained .*model \(tokenizers disagree on 65 of 75 sampled ids, e\.g\. id \d+ is "[^"]+" vs "[^"]+"\), as paired for pair\.suite\.ts; pass the model it was fine-tuned from with --pretrained$/,
    );
    assert.equal(existsSync(marker2), false, 'no test ran');
  });

  it('DistilBERT declared as the base of a BERT fine-tune: model type and layers named', function () {
    this.timeout(60_000);
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-marker-')), 'ran');
    const r = cli(['run', 'pair.suite.ts', '--no-cache'], pairSuite(DISTILBERT, marker));
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim().split('\n').at(-1)!, /^sesame run: fine-tuned model \S+tiny-bert-sentiment cannot come from pretrained \S+tiny-distilbert-base \(model type bert vs distilbert; layers 6 vs 4\), as paired for pair\.suite\.ts; pass the model it was fine-tuned from with --pretrained$/);
    assert.equal(existsSync(marker), false);
  });
});

describe('fail-soft runner: an error inside one test fails that test only', () => {
  it('a wrong label name and a missing model fail their tests with "could not run"; the others run and the report is written', async function () {
    this.timeout(60_000);
    const dir = tempSuites({
      'soft.suite.ts': `import { directionalUnder, it, suite } from 'RUNNER_API';
suite('soft', { models: { finetuned: ${JSON.stringify(SENTIMENT)} } }, () => {
  it('before', () => ({ pass: true, reason: 'ran' }));
  it('wrong label', directionalUnder((s) => { throw new Error(s); }, { sentences: ['good'], label: 'POS', direction: 'increase', minPassRate: 0.9 }));
  it('needs the base', async (ctx) => { await ctx.pretrained(); });
  it('after', () => ({ pass: true, reason: 'ran too' }));
});
`,
    });
    const reportDir = path.join(dir, 'report');
    const r = await runInProcess({ cwd: dir, inputs: ['soft.suite.ts'], reportDir, config: { cacheDir: false } });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.report.summary, { passed: 2, failed: 2, skipped: 0, regressions: 0 });
    const reason = (title: string) => r.report.tests.find((t) => t.titlePath.at(-1) === title)!.reason;
    assert.equal(reason('wrong label'), 'could not run: DIR label "POS" is not one of the model\'s labels: NEGATIVE, POSITIVE');
    assert.equal(reason('needs the base'), 'could not run: "soft › needs the base" (soft.suite.ts) needs a pretrained model: declare models in suite(), set it in sesame.config, or pass --pretrained');
    assert.equal(reason('after'), 'ran too');
    assert.equal((JSON.parse(readFileSync(path.join(reportDir, 'report.json'), 'utf8')) as SesameReport).tests.length, 4);
  });
});

/** Spawns the CLI and resolves with its exit, calling `onStderr` with everything printed on stderr so far. */
function spawnCli(args: string[], cwd: string, onStderr: (text: string, kill: (signal: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), ...args], { cwd, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr(stderr, (signal) => child.kill(signal));
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

function slowSuite(firstMs: number): string {
  return tempSuites({
    'slow.suite.ts': `import { it, suite } from 'RUNNER_API';
suite('slow', {}, () => {
  it('first', async () => {
    process.stderr.write('first started\\n');
    await new Promise((r) => setTimeout(r, ${firstMs}));
    return { pass: true, reason: 'finished its check', metrics: { accuracy: 0.9 } };
  });
  it('second', () => ({ pass: true, reason: 'ran', metrics: { accuracy: 0.8 } }));
  it('third', () => ({ pass: true, reason: 'ran', metrics: { accuracy: 0.7 } }));
});
`,
  });
}

describe('fail-soft runner: SIGINT and SIGTERM', () => {
  it('SIGINT during the first of three tests: it finishes, "interrupted" is printed, a partial report is written, no baseline, exit 130', async function () {
    this.timeout(60_000);
    const dir = slowSuite(1500);
    let sent = false;
    const r = await spawnCli(['run', 'slow.suite.ts', '--report', 'out', '--baseline', 'baseline.json', '--update-baseline'], dir, (text, kill) => {
      if (!sent && text.includes('first started')) {
        sent = true;
        kill('SIGINT');
      }
    });
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted \(SIGINT\): stopping after the current check/);
    assert.match(r.stderr, /interrupted \(SIGINT\): 2 of 3 tests not run; the report is partial/);
    assert.match(r.stdout, /✓ first/);
    assert.doesNotMatch(r.stdout, /second|third/);
    assert.equal(existsSync(path.join(dir, 'baseline.json')), false, 'a partial run never writes the baseline');
    const report = JSON.parse(readFileSync(path.join(dir, 'out', 'report.json'), 'utf8')) as SesameReport;
    assert.deepEqual(report.interrupted, { signal: 'SIGINT', notRun: ['slow › second', 'slow › third'] });
    assert.deepEqual(report.tests.map((t) => [t.id, t.status, t.reason]), [['slow › first', 'passed', 'finished its check']]);
    assert.match(readFileSync(path.join(dir, 'out', 'report.md'), 'utf8'), /Partial report: the run was interrupted \(SIGINT\) and 2 selected tests did not run/);
    assert.match(readFileSync(path.join(dir, 'out', 'report.html'), 'utf8'), /class="verdict-banner partial" role="alert">Partial report: the run was interrupted \(SIGINT\)/);
  });

  it('SIGTERM stops after the current check too; a second signal quits at once without a report', async function () {
    this.timeout(60_000);
    const stuck = slowSuite(30_000);
    let sent = 0;
    const twice = await spawnCli(['run', 'slow.suite.ts', '--report', 'out'], stuck, (text, kill) => {
      if (sent === 0 && text.includes('first started')) {
        sent = 1;
        kill('SIGTERM');
      } else if (sent === 1 && text.includes('interrupted (SIGTERM): stopping after the current check')) {
        sent = 2;
        kill('SIGINT');
      }
    });
    assert.equal(twice.code, 130);
    assert.ok(twice.ms < 20_000, `quit at once, not after the 30 s check (${twice.ms} ms)`);
    assert.match(twice.stderr, /interrupted again \(SIGINT\): quitting without a report/);
    assert.equal(existsSync(path.join(stuck, 'out', 'report.json')), false);
  });
});
