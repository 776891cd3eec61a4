import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import type { SesameReport } from '../../src/report/types.js';
import { parseShard } from '../../src/runner/plan.js';
import { FIXTURES, runInProcess, tempSuites, withEnv } from './helpers.js';

const basic = path.join(FIXTURES, 'basic.suite.ts');
const metrics = path.join(FIXTURES, 'metrics.suite.ts');

/** A report with what legitimately differs between two runs (dates, durations) blanked. */
function stable(report: SesameReport) {
  return JSON.parse(
    JSON.stringify(report, (key, value) => (key === 'createdAt' || key === 'durationMs' || key === 'timings' ? undefined : value)),
  );
}

async function rejects(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (err: Error) => {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${err}`);
    assert.match(err.message, pattern);
    assert.equal(err.message.includes('\n'), false, 'one line');
    return true;
  });
}

describe('runner: tree, summary, outcomes', () => {
  it('prints a mocha-like tree with reasons and the exact summary line, and exit code 1 on a failure', async () => {
    const r = await runInProcess({ inputs: [basic] });
    assert.equal(r.exitCode, 1);
    assert.deepEqual(r.report.summary, { passed: 2, failed: 3, skipped: 1, regressions: 0 });
    assert.match(r.out, /^ {2}basic\n {4}arithmetic\n {6}✓ adds\n {10}1 \+ 1 is 2$/m);
    assert.match(r.out, /✗ 1\) fails on purpose\n\s+pass rate 0\.50 is below the required 1\.01/);
    assert.match(r.out, /✗ 2\) throws\n\s+threw: boom/);
    assert.match(r.out, /^ {2}2 passed, 3 failed, 1 skipped$/m);
    assert.match(r.out, /✗ 3\) gives up after its timeout\n\s+threw: timed out after 50 ms \(timeoutMs of this test\)/);
    const thrown = r.report.tests.find((t) => t.id === 'basic › failures › throws')!;
    assert.equal(thrown.status, 'failed');
    assert.equal(r.report.tests.find((t) => t.titlePath.at(-1) === 'not yet')!.status, 'skipped');
  });

  it('exit code 0 and "N passed, 0 failed" when everything passes', async () => {
    const r = await runInProcess({ inputs: [metrics] });
    assert.equal(r.exitCode, 0);
    assert.match(r.out, /^ {2}8 passed, 0 failed$/m);
  });

  it('writes report.json atomically into --report, leaving no temp files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sesame-report-'));
    const r = await runInProcess({ inputs: [metrics], reportDir: dir });
    const written = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as SesameReport;
    assert.equal(written.summary.passed, 8);
    assert.equal(written.schemaVersion, 1);
    assert.deepEqual(written.run.files, ['test/runner/fixtures/metrics.suite.ts']);
    assert.equal(r.reportFile, path.join(dir, 'report.json'));
    const { readdirSync } = await import('node:fs');
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
  });
});

describe('runner: selection', () => {
  it('--grep keeps matching tests only', async () => {
    const r = await runInProcess({ inputs: [metrics], grep: 'draw [12]' });
    assert.deepEqual(r.report.tests.map((t) => t.titlePath.at(-1)), ['draw 1', 'draw 2']);
  });

  it('--grep that selects nothing is a usage error that says so', async () => {
    await rejects(runInProcess({ inputs: [metrics], grep: 'no such test' }), /--grep "no such test" selects none of the 8 tests/);
  });

  it('--shard i/n partitions the tests exactly: disjoint, complete, deterministic', async () => {
    const all = (await runInProcess({ inputs: [metrics, basic] })).report.tests.map((t) => t.id).sort();
    const parts: string[][] = [];
    for (let i = 1; i <= 3; i++) parts.push((await runInProcess({ inputs: [metrics, basic], shard: { index: i, count: 3 } })).report.tests.map((t) => t.id));
    assert.deepEqual(parts.flat().sort(), all);
    assert.equal(new Set(parts.flat()).size, all.length);
    assert.ok(parts.every((p) => p.length >= 4 && p.length <= 5), `balanced: ${parts.map((p) => p.length)}`);
    const again = (await runInProcess({ inputs: [basic, metrics], shard: { index: 2, count: 3 } })).report.tests.map((t) => t.id).sort();
    assert.deepEqual(again, [...parts[1]].sort());
  });

  it('rejects malformed shards', () => {
    assert.throws(() => parseShard('0/3'), /--shard must be i\/n/);
    assert.throws(() => parseShard('4/3'), /--shard must be i\/n/);
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
  });
});

describe('runner: seeds', () => {
  it('the same seed gives the same report (modulo dates and timings)', async () => {
    const a = await runInProcess({ inputs: [metrics, basic], config: { seed: 7 } });
    const b = await runInProcess({ inputs: [metrics, basic], config: { seed: 7 } });
    assert.deepEqual(stable(b.report), stable(a.report));
    const c = await runInProcess({ inputs: [metrics], config: { seed: 8 } });
    assert.notDeepEqual(
      c.report.tests.map((t) => t.metrics.draw),
      a.report.tests.filter((t) => t.file.endsWith('metrics.suite.ts')).map((t) => t.metrics.draw),
    );
  });

  it("a test's seed does not depend on grep or shard", async () => {
    const whole = await runInProcess({ inputs: [metrics], config: { seed: 3 } });
    const alone = await runInProcess({ inputs: [metrics], config: { seed: 3 }, grep: 'draw 4' });
    const full = whole.report.tests.find((t) => t.id.endsWith('draw 4'))!;
    assert.equal(alone.report.tests[0].metrics.draw, full.metrics.draw);
  });
});

describe('runner: baselines', () => {
  it('a missing baseline without --update-baseline is a usage error, and nothing is written', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    await rejects(runInProcess({ inputs: [metrics], baseline: file }), /does not exist; create it with --update-baseline/);
    assert.equal(existsSync(file), false);
  });

  it('--update-baseline writes it, a re-run passes, a regression beyond tolerance fails with exit 1', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    const made = await runInProcess({ inputs: [metrics], baseline: file, updateBaseline: true });
    assert.equal(made.exitCode, 0);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(stored.tests['metrics › gates › accuracy stays high'].metrics.accuracy, 0.9);

    const rerun = await runInProcess({ inputs: [metrics], baseline: file });
    assert.equal(rerun.exitCode, 0);
    assert.equal(rerun.report.summary.regressions, 0);
    assert.ok(rerun.report.baseline!.deltas.every((d) => d.verdict === 'unchanged'));

    // within tolerance (0.02): still passes
    const small = await withEnv({ SESAME_FIXTURE_ACCURACY: '0.885' }, () => runInProcess({ inputs: [metrics], baseline: file }));
    assert.equal(small.exitCode, 0);

    const worse = await withEnv({ SESAME_FIXTURE_ACCURACY: '0.8' }, () => runInProcess({ inputs: [metrics], baseline: file }));
    assert.equal(worse.exitCode, 1);
    assert.equal(worse.report.summary.failed, 0, 'the test itself still passes; the gate is the regression');
    assert.equal(worse.report.summary.regressions, 1);
    const d = worse.report.baseline!.deltas.find((x) => x.metric === 'accuracy')!;
    assert.equal(d.verdict, 'regressed');
    assert.ok(Math.abs(d.delta + 0.1) < 1e-9);
    assert.match(worse.out, /1 metric regressed against the baseline:\n\s+metrics › gates › accuracy stays high › accuracy: 0\.9 → 0\.8/);
    assert.equal(readFileSync(file, 'utf8'), JSON.stringify(stored, null, 2) + '\n', 'never rewritten without --update-baseline');

    const better = await withEnv({ SESAME_FIXTURE_ACCURACY: '0.99' }, () => runInProcess({ inputs: [metrics], baseline: file }));
    assert.equal(better.exitCode, 0);
    assert.equal(better.report.baseline!.deltas.find((x) => x.metric === 'accuracy')!.verdict, 'improved');
  });

  it('a corrupt baseline is a usage error and stays byte-identical', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    const bytes = '{"sesameBaseline": 1, "tests": {"x": {"metrics": ';
    writeFileSync(file, bytes);
    await rejects(runInProcess({ inputs: [metrics], baseline: file }), /baseline .*baseline\.json is corrupt \(not valid JSON/);
    assert.equal(readFileSync(file, 'utf8'), bytes);
    writeFileSync(file, '{"sesameBaseline": 1, "tests": {"x": {"metrics": {"a": "high"}}}}');
    await rejects(runInProcess({ inputs: [metrics], baseline: file }), /is corrupt \(entry "x" is malformed\)/);
  });

  it('another suite version makes its tests "not comparable", one by one, without stopping the run', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    await runInProcess({ inputs: [metrics], baseline: file, updateBaseline: true });
    const before = readFileSync(file, 'utf8');
    const run = await withEnv({ SESAME_FIXTURE_VERSION: '2', SESAME_FIXTURE_ACCURACY: '0.5' }, () => runInProcess({ inputs: [metrics], baseline: file }));
    assert.equal(run.exitCode, 0, 'an incomparable test never regresses');
    const nc = run.report.baseline!.notComparable!;
    assert.equal(nc.length, 8);
    assert.match(nc[0].reason, /^suite version changed \(1 → 2 in test\/runner\/fixtures\/metrics\.suite\.ts\)$/);
    assert.deepEqual(run.report.baseline!.deltas, []);
    assert.match(run.out, /not comparable: metrics › gates › accuracy stays high: suite version changed/);
    assert.match(run.out, /no regression: 0 of 0 gating metrics regressed .*; 8 tests not comparable/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('--update-baseline with --grep keeps the entries of tests it did not run', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    await runInProcess({ inputs: [metrics], baseline: file, updateBaseline: true });
    await withEnv({ SESAME_FIXTURE_ACCURACY: '0.7' }, () => runInProcess({ inputs: [metrics], baseline: file, updateBaseline: true, grep: 'accuracy' }));
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(Object.keys(stored.tests).length, 8);
    assert.equal(stored.tests['metrics › gates › accuracy stays high'].metrics.accuracy, 0.7);
  });
});

describe('runner: bad input', () => {
  it('a suite with a syntax error names the file and line', async () => {
    const dir = tempSuites({ 'broken.suite.ts': "import { it } from 'RUNNER_API';\n\nit('x', () => {\n  const a = ;\n});\n" });
    await rejects(runInProcess({ cwd: dir, inputs: ['broken.suite.ts'] }), /^broken\.suite\.ts:4:\d+: syntax error: /);
  });

  it('a suite that throws while loading names the file and line', async () => {
    const dir = tempSuites({ 'throws.suite.ts': "import { it } from 'RUNNER_API';\n\nit('x', () => undefined);\nthrow new Error('bad data');\n" });
    await rejects(runInProcess({ cwd: dir, inputs: ['throws.suite.ts'] }), /^throws\.suite\.ts:4:\d+: loading the suite threw: bad data$/);
  });

  it('a missing model is a usage error naming the model and the suite', async () => {
    const dir = tempSuites({
      'model.suite.ts': "import { suite, it } from 'RUNNER_API';\nsuite('m', { models: { finetuned: 'models/nope' } }, () => { it('x', () => undefined); });\n",
    });
    await rejects(runInProcess({ cwd: dir, inputs: ['model.suite.ts'] }), /finetuned model of model\.suite\.ts: .*models\/nope/);
  });

  it('a path that does not exist, and a folder without suites, are usage errors', async () => {
    await rejects(runInProcess({ inputs: ['no/such/dir'] }), /suite path "no\/such\/dir" does not exist/);
    const dir = tempSuites({});
    await rejects(runInProcess({ cwd: dir, inputs: ['.'] }), /contains no \*\.suite\.ts files/);
  });

  it('duplicate test titles are refused (baselines key on them)', async () => {
    const dir = tempSuites({ 'dup.suite.ts': "import { describe, it } from 'RUNNER_API';\ndescribe('d', () => { it('x', () => undefined); it('x', () => undefined); });\n" });
    await rejects(runInProcess({ cwd: dir, inputs: ['dup.suite.ts'] }), /two tests are both called "d › x"/);
  });

  it('a test without the model it asks for fails with what to declare (the run goes on)', async () => {
    const dir = tempSuites({ 'nomodel.suite.ts': "import { it } from 'RUNNER_API';\nit('needs a model', async (ctx) => { await ctx.finetuned(); });\n" });
    const r = await runInProcess({ cwd: dir, inputs: ['nomodel.suite.ts'] });
    assert.equal(r.exitCode, 1);
    assert.match(r.report.tests[0].reason, /^could not run: "needs a model" \(nomodel\.suite\.ts\) needs a finetuned model: declare models in suite\(\), set it in sesame\.config, or pass --finetuned$/);
  });
});
