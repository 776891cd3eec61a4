import assert from 'node:assert/strict';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import { FIXTURES, runInProcess, tempSuites } from './helpers.js';

describe('runner: capability checks on the fixture models', () => {
  it('a deliberately impossible threshold fails with the reason, while a sound one passes', async () => {
    const r = await runInProcess({ inputs: [path.join(FIXTURES, 'impossible.suite.ts')] });
    assert.equal(r.exitCode, 1);
    const [shift, label] = r.report.tests;
    assert.equal(shift.status, 'failed');
    assert.match(shift.reason, /^layer \d head \d \(JSD 0\.\d{3} bits over 2 sentences\) shifted more than the bound of 0\.000 bits; mean shift at layers 1–6 is 0\.\d{3}$/);
    assert.ok(shift.metrics.maxJsd > 0);
    assert.equal(shift.kind, 'attention');
    assert.equal(r.report.attention.length, 1);
    assert.equal(r.report.attention[shift.resultIndex!].jsd.length, 6);
    assert.deepEqual(r.report.attention[shift.resultIndex!].models, { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'fixtures/models/tiny-bert-sentiment' });
    assert.equal(label.status, 'passed', label.reason);
    assert.match(r.out, /✗ 1\) no head moves at all/);
    assert.deepEqual(r.report.models.finetuned?.id, 'fixtures/models/tiny-bert-sentiment');
  });

  it('a threshold outside [0, 1] is a usage error naming the suite file, line and threshold', async () => {
    const dir = tempSuites({
      'bad.suite.ts': `import { invariantUnder, it } from 'RUNNER_API';\n\nit('x', invariantUnder((s) => { throw new Error(s); }, {\n  sentences: ['a'],\n  minPassRate: 1.5,\n}));\n`,
    });
    await assert.rejects(runInProcess({ cwd: dir, inputs: ['bad.suite.ts'] }), (err: Error) => {
      assert.ok(err instanceof UsageError);
      assert.match(err.message, /^bad\.suite\.ts:3:\d+: minPassRate must be a number between 0 and 1, got 1\.5$/);
      return true;
    });
  });

  it('the same run on 2 worker threads gives the same report as in one thread', async () => {
    const inputs = [path.join(FIXTURES, 'metrics.suite.ts'), path.join(FIXTURES, 'basic.suite.ts')];
    const blank = (key: string, value: unknown) => (key === 'createdAt' || key === 'durationMs' || key === 'timings' ? undefined : value);
    const one = await runInProcess({ inputs, config: { seed: 5 } });
    const two = await runInProcess({ inputs, config: { seed: 5 }, workers: 2 });
    assert.match(two.err, /running 14 tests on 2 worker threads/);
    assert.equal(JSON.stringify(two.report, blank), JSON.stringify(one.report, blank));
    const tree = (text: string) => text.replace(/ \(\d+ ms\)/g, '').replace(/finished in .*/, '');
    assert.equal(tree(two.out), tree(one.out), 'the tree prints in plan order whichever worker finishes first');
  });

});

describe('runner: baselines and models', () => {
  it('compares another fine-tuned model with the baseline (shown, never enforced), and leaves the baseline untouched', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = tempSuites({
      'gate.suite.ts': `import { it, suite } from 'RUNNER_API';
suite('gate', { version: 1, models: { finetuned: '${path.resolve('fixtures/models/tiny-bert-sentiment')}' } }, () => {
  it('measures', async (ctx) => ({ pass: true, reason: 'ok', metrics: { labels: (await ctx.finetuned()).info.labels!.length } }));
});
`,
    });
    const baseline = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-bl-')), 'baseline.json');
    await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline, updateBaseline: true });
    const bytes = readFileSync(baseline, 'utf8');
    assert.equal((await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline })).exitCode, 0);
    const other = await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline, cliModels: { finetuned: path.resolve('fixtures/models/tiny-bert-agreement') } });
    assert.equal(other.exitCode, 0);
    assert.match(
      other.report.baseline!.line!,
      /^baseline .*baseline\.json: fine-tune .*tiny-bert-sentiment \([0-9a-f]{12}\), \d{4}-\d\d-\d\d \d\d:\d\d UTC, seed 1; this run: .*tiny-bert-agreement \([0-9a-f]{12}\), seed 1 — no regression: 0 of 1 gating metric regressed/,
    );
    assert.ok(other.out.includes(other.report.baseline!.line!), 'the console prints the line although nothing regressed');
    assert.equal(readFileSync(baseline, 'utf8'), bytes);
  });
});

describe('runner: --replay', () => {
  it('a failing property prints seed, path and a command that replays exactly its counterexample', async () => {
    const grep = '^agreement with attractor nouns › grammar rewrites › an attractor phrase after the subject keeps a sentence acceptable$';
    const first = await runInProcess({ inputs: ['suites/agreement.suite.ts'], grep });
    const [test] = first.report.tests;
    assert.equal(test.status, 'failed');
    const counterexample = first.report.robustness[test.resultIndex!].counterexamples[0];
    assert.ok(test.replay && test.replay.path === counterexample.path && test.replay.seed === counterexample.seed);
    assert.match(test.replay.command, /^npx sesame run suites\/agreement\.suite\.ts --grep '\^agreement with attractor nouns › .*\$' --replay \d+:[\d:]+$/);
    assert.match(first.out, /seed \d+, path [\d:]+; replay: npx sesame run/);

    const again = await runInProcess({ inputs: ['suites/agreement.suite.ts'], grep, replay: `${test.replay.seed}:${test.replay.path}` });
    const [replayed] = again.report.tests;
    assert.equal(replayed.status, 'failed');
    assert.ok(replayed.reason.includes(`"${counterexample.original}" → "${counterexample.perturbed}"`), replayed.reason);
    await assert.rejects(runInProcess({ inputs: ['suites/agreement.suite.ts'], replay: '1:2' }), /--replay replays one test, but \d+ are selected/);
  });
});
