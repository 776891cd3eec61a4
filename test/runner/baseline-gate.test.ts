import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, envModelSuite, REPO as REPO_ROOT, runInProcess, tempSuites, withEnv } from './helpers.js';

// Yesterday's attacks and pins go through a custom check whose "model" is an environment variable: which inputs
// it gets right. The runner's machinery (storing failures with the baseline, judging them again, pinning, a
// pinned case failing again) is the same for every check; the property checks' own `recheck` is tested on a real
// model below.
const SUITE = envModelSuite(`suite('gate', { version: 1 }, () => {
  it('keeps its label', check(['a good film', 'a dull plot', 'great acting', 'weak ending', 'fine music']));
});`);

describe('baseline gate: yesterday\'s attacks and pins', () => {
  it('stores failures with the baseline, judges them again, pins the fixed ones, and fails when a pinned case breaks again', async () => {
    const dir = tempSuites({ 'gate.suite.ts': SUITE });
    const baseline = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-gate-')), 'baseline.json');
    const pins = baseline.replace(/\.json$/, '.pins.json');
    const run = (right: string, extra: Parameters<typeof runInProcess>[0] = {}) =>
      withEnv({ SESAME_RIGHT: right }, () => runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline, ...extra }));

    await run('a good film', { updateBaseline: true });
    const stored = JSON.parse(readFileSync(baseline, 'utf8'));
    assert.equal(stored.sesameBaseline, 2);
    assert.equal(stored.tests['gate › keeps its label'].failing.length, 4);
    assert.equal(stored.tests['gate › keeps its label'].cases.outcomes, '10000');

    const second = await run('a good film,a dull plot,great acting', { config: { pin: true } });
    const test = second.report.tests[0];
    assert.deepEqual(test.earlier, { cases: 4, stillFailing: 2 });
    assert.deepEqual(second.report.baseline!.earlier, { tests: 1, cases: 4, stillFailing: 2 });
    assert.match(second.out, /yesterday's attacks: still fooled by 2 of 4 earlier counterexamples over 1 test/);
    assert.match(second.err, /pinned 2 earlier counterexamples the model now gets right as permanent cases/);
    const pinned = JSON.parse(readFileSync(pins, 'utf8'));
    assert.deepEqual(pinned.tests['gate › keeps its label'].map((c: { original: string }) => c.original), ['a dull plot', 'great acting']);
    // The paired test sees 2 better, 0 worse of 5 cases.
    const d = second.report.baseline!.deltas[0];
    assert.equal(d.significance!.method, 'paired exact');
    assert.deepEqual(d.significance!.discordant, { worse: 0, better: 2 });

    // --update-baseline keeps the pins; a model that breaks a pinned case again fails the test, naming it.
    await run('a good film,a dull plot,great acting', { updateBaseline: true });
    assert.ok(existsSync(pins));
    const third = await run('a good film,great acting');
    assert.equal(third.exitCode, 1);
    assert.equal(third.report.tests[0].status, 'failed');
    assert.deepEqual(third.report.tests[0].pinned, { cases: 2, failing: 1 });
    assert.match(third.report.tests[0].reason, /^1 of 2 pinned cases fails again \(a fix did not stay made\): "a dull plot" → "a dull plot!"/);
  });
});

describe('baseline gate: bad input → one line, exit 2, files byte-identical', () => {
  const dir = tempSuites({ 'gate.suite.ts': SUITE });
  const made = async () => {
    const baseline = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-gate-')), 'baseline.json');
    await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline, updateBaseline: true });
    return baseline;
  };

  it('malformed case records in the baseline', async () => {
    const baseline = await made();
    const data = JSON.parse(readFileSync(baseline, 'utf8'));
    data.tests['gate › keeps its label'].cases.outcomes = '10x00';
    const bytes = `${JSON.stringify(data, null, 2)}\n`;
    writeFileSync(baseline, bytes);
    const r = cli(['run', 'gate.suite.ts', '--baseline', baseline], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /baseline .*baseline\.json is corrupt \(entry "gate › keeps its label": case outcomes may only hold 1, 0 and -\)/);
    assert.equal(readFileSync(baseline, 'utf8'), bytes);
  });

  it('a corrupt pins file, also with --update-baseline', async () => {
    const baseline = await made();
    const pins = baseline.replace(/\.json$/, '.pins.json');
    const bytes = readFileSync(baseline, 'utf8');
    const pinBytes = '{"sesamePins": 1, "tests": {"gate › keeps its label": [{"original": 3}]}}';
    writeFileSync(pins, pinBytes);
    const r = cli(['run', 'gate.suite.ts', '--baseline', baseline], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /pins file .*baseline\.pins\.json is corrupt \(test "gate › keeps its label": case 1 needs "original" and "perturbed" strings\)/);
    await assert.rejects(runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline, updateBaseline: true }), /pins file .* is corrupt/);
    assert.equal(readFileSync(baseline, 'utf8'), bytes);
    assert.equal(readFileSync(pins, 'utf8'), pinBytes);
  });

  it('--pin without a baseline', () => {
    const r = cli(['run', 'gate.suite.ts', '--pin'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /--pin keeps earlier counterexamples of a baseline as permanent cases, but there is no baseline/);
  });

  it('a baseline in the old format 1 is read, compared by size, with a warning', async () => {
    const baseline = await made();
    const data = JSON.parse(readFileSync(baseline, 'utf8'));
    const old = { sesameBaseline: 1, createdAt: data.createdAt, seed: data.seed, tests: Object.fromEntries(Object.entries(data.tests as Record<string, Record<string, unknown>>).map(([k, e]) => [k, { file: e.file, suiteVersion: e.suiteVersion, models: e.models, metrics: e.metrics, specs: e.specs }])) };
    writeFileSync(baseline, JSON.stringify(old));
    const r = await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline });
    assert.equal(r.exitCode, 0);
    assert.match(r.report.baseline!.warnings![0], /is in the old format 1 \(metrics only, no case records\)/);
    assert.match(r.report.baseline!.deltas[0].note!, /no per-case records/);
    assert.equal(readFileSync(baseline, 'utf8'), JSON.stringify(old));
  });

  it('a baseline without a metric this run measures (written before the metric existed): warned, not silently ungated', async () => {
    const baseline = await made();
    const data = JSON.parse(readFileSync(baseline, 'utf8'));
    delete data.tests['gate › keeps its label'].metrics.passRate;
    writeFileSync(baseline, JSON.stringify(data));
    const r = await runInProcess({ cwd: dir, inputs: ['gate.suite.ts'], baseline });
    assert.equal(r.exitCode, 0);
    assert.deepEqual(r.report.baseline!.deltas, []);
    assert.deepEqual(r.report.baseline!.warnings, [
      `baseline ${r.report.baseline!.file} has no value for 1 metric this run measured (passRate of "gate › keeps its label"): it is not compared and cannot gate; re-create the baseline with --update-baseline`,
    ]);
    assert.match(r.out, /warning: baseline .* has no value for 1 metric this run measured/);
  });
});

describe("baseline gate: the property checks judge earlier cases with their own property", () => {
  it('MFT: wrong label; INV: label changes; DIR: probability moves the wrong way — on the fixture model', async () => {
    const { loadModel } = await import('../../src/models/index.js');
    const { expectLabels, invariantUnder, directionalUnder } = await import('../../src/runner/index.js');
    const model = await loadModel(path.join(REPO_ROOT, 'fixtures/models/tiny-bert-sentiment'), { cacheDir: false });
    try {
      const ctx = { finetuned: async () => model, pretrained: async () => model } as unknown as Parameters<NonNullable<ReturnType<typeof expectLabels>['recheck']>>[0];
      const texts = ['I loved this film.', 'I hated this film.'];
      const [pos, neg] = await model.predict(texts);
      const mft = expectLabels([{ text: texts[0], label: pos.label }], { minPassRate: 0.5 });
      assert.deepEqual(await mft.recheck!(ctx, [
        { original: texts[0], perturbed: texts[0], expected: pos.label },
        { original: texts[1], perturbed: texts[1], expected: pos.label },
      ]), [false, pos.label !== neg.label]);
      const perturb = (() => { throw new Error('not drawn'); }) as never;
      const inv = invariantUnder(perturb, { sentences: texts, minPassRate: 0.5 });
      assert.deepEqual(await inv.recheck!(ctx, [
        { original: texts[0], perturbed: texts[0] },
        { original: texts[0], perturbed: texts[1] },
      ]), [false, pos.label !== neg.label]);
      const dir = directionalUnder(perturb, { sentences: texts, minPassRate: 0.5, label: pos.label, direction: 'decrease' });
      const moved = neg.scores[pos.labelIndex] - pos.scores[pos.labelIndex];
      assert.deepEqual(await dir.recheck!(ctx, [{ original: texts[0], perturbed: texts[1] }, { original: texts[1], perturbed: texts[0] }]), [-moved < 0, moved < 0]);
    } finally {
      await model.dispose?.();
    }
  });
});

describe('sesame compare: warnings and tests that cannot be compared', () => {
  it('warns when seeds, numRuns or suite versions differ, and leaves tests of another version out', async () => {
    const { compareReports } = await import('../../src/cli/commands/compare.js');
    const metrics = path.join(REPO_ROOT, 'test/runner/fixtures/metrics.suite.ts');
    const a = (await runInProcess({ inputs: [metrics], config: { seed: 1, numRuns: 100 } })).report;
    const b = (await runInProcess({ inputs: [metrics], config: { seed: 2, numRuns: 50 } })).report;
    b.tests[0].suiteVersion = '2';
    const c = compareReports(a, b);
    assert.match(c.warnings[0], /^seeds differ \(old report 1, new report 2\)/);
    assert.match(c.warnings[1], /^sampling differs: numRuns 100 in the old report, 50 in the new one/);
    assert.match(c.warnings[2], /^suite versions differ for 1 test: not compared/);
    assert.deepEqual(c.notComparable, [{ test: b.tests[0].id, reason: 'suite version changed (1 → 2 in test/runner/fixtures/metrics.suite.ts)' }]);
    assert.ok(!c.deltas.some((d) => d.test === b.tests[0].id));
    assert.match(c.line, /^old report: fine-tune no fine-tuned model, .* seed 1; new report: no fine-tuned model, seed 2 — .*1 test not comparable$/);
    assert.deepEqual(compareReports(a, a).warnings, []);
  });
});
