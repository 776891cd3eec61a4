import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/errors.js';
import type { SesameReport } from '../../src/report/types.js';
import { mergeShardReports, shardBaselineEntries, type ShardReport } from '../../src/runner/merge-shards.js';
import { inProcess } from '../cli/helpers.js';
import { cli, envModelSuite, REPO, runInProcess, tempSuites, withEnv } from './helpers.js';

const SENTIMENT = path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment');
const SENTENCES = ['The film was a delight from start to finish.', 'The pasta was cold and the sauce tasted like metal.', 'Our guide was patient and kind.', 'What a boring, pointless story.'];

const dir = tempSuites({
  'merge.suite.ts': `import { describe, expectLabels, invariantUnder, it, suite } from 'RUNNER_API';
import { charNoise, keyboardTypos } from ${JSON.stringify(path.join(REPO, 'attacks', 'index.ts'))};
const SENTENCES = ${JSON.stringify(SENTENCES)};
suite('merge', { version: 1, models: { finetuned: ${JSON.stringify(SENTIMENT)} } }, () => {
  describe('properties', () => {
    it('typos', invariantUnder((s) => keyboardTypos(s, { maxWords: 1 }), { sentences: SENTENCES, perSentence: 3, minPassRate: 0.5 }));
    it('noise', invariantUnder((s) => charNoise(s, { maxWords: 3 }), { sentences: SENTENCES, perSentence: 4, minPassRate: 0.99 }));
    it('labels', expectLabels([{ text: 'A wonderful film.', label: 'POSITIVE' }, { text: 'An awful film.', label: 'NEGATIVE' }, { text: 'Not bad at all.', label: 'POSITIVE' }], { minPassRate: 0.5 }));
  });
  describe('seeded', () => {
    for (const i of [0, 1, 2, 3]) {
      it('case ' + i, (ctx) => ({ pass: ctx.seed % 3 !== 0, reason: 'seed ' + ctx.seed, metrics: { value: (ctx.seed % 100) / 100 }, metricSpecs: { value: { better: 'higher', tolerance: 0.01 } } }));
    }
  });
});
`,
});

/** What legitimately differs between the merged report and the unsharded run: dates, durations, timings, the command. */
function stable(report: SesameReport) {
  return JSON.parse(JSON.stringify(report, (key, value) => (['createdAt', 'durationMs', 'timings', 'command'].includes(key) ? undefined : value)));
}

function usageError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: Error) => {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${err}`);
    assert.match(err.message, pattern);
    assert.equal(err.message.includes('\n'), false, 'one line');
    return true;
  });
}

describe('sesame merge: shard reports become the report of the whole run', function () {
  this.timeout(120_000);
  const baseline = path.join(dir, 'baseline.json');
  let whole: SesameReport;
  const shards: ShardReport[] = [];

  before(async () => {
    const common = { cwd: dir, inputs: ['merge.suite.ts'], baseline };
    await runInProcess({ ...common, updateBaseline: true, config: { seed: 5 } });
    whole = (await runInProcess({ ...common, config: { seed: 6 } })).report;
    for (const index of [1, 2, 3]) {
      const reportDir = path.join(dir, 'artifacts', `shard-${index}`);
      const r = await runInProcess({ ...common, config: { seed: 6 }, shard: { index, count: 3 }, reportDir });
      shards.push({ file: `shard-${index}/report.json`, report: r.report });
    }
  });

  it('3 shards merged deep-equal the unsharded run: tests, order, verdicts, results, baseline deltas, summary', () => {
    assert.deepEqual(shards.map((s) => s.report.tests.length), [3, 2, 2]);
    assert.deepEqual(shards[0].report.run.plan, whole.tests.map((t) => t.id));
    assert.ok(whole.summary.failed > 0 && whole.baseline!.deltas.length > 0, 'the run has failures and baseline deltas to merge');
    // Shards in any order give the same merge.
    const merged = mergeShardReports([shards[2], shards[0], shards[1]], 'sesame merge (test)');
    assert.deepEqual(stable(merged), stable(whole));
    // Each shard adjusted its p-values over its own metrics; the whole run is one Holm family, decided again.
    const tested = merged.baseline!.deltas.filter((d) => d.significance);
    assert.ok(tested.length >= 2, 'some metrics have a statistical test');
    const inShard = (test: string, metric: string) => shards.flatMap((s) => s.report.baseline!.deltas).find((d) => d.test === test && d.metric === metric)!;
    assert.ok(tested.some((d) => d.significance!.adjustedPValue !== inShard(d.test, d.metric).significance!.adjustedPValue), 'Holm over the whole run differs from per-shard Holm');
  });

  it('the CLI merges a folder of artifact folders and writes report.json, .html and .md; exit 1 as the run failed', () => {
    const out = path.join(dir, 'merged');
    const r = cli(['merge', 'artifacts', '--report', 'merged'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /merged 3 shards of 7 planned tests/);
    const written = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as SesameReport;
    assert.deepEqual(stable(written), stable(JSON.parse(JSON.stringify(whole))));
    assert.match(readFileSync(path.join(out, 'report.md'), 'utf8'), /Sesame: \d+ of 7 tests failed/);
  });

  it('refuses a missing or duplicate shard, another run, a non-shard report — one line, nothing written', () => {
    usageError(() => mergeShardReports([shards[0], shards[2]], 'm'), /^shard 2\/3 missing \(got 2 of 3\); a shard job that crashed must be re-run$/);
    usageError(() => mergeShardReports([shards[0], shards[1], shards[1]], 'm'), /^shard 2\/3 is given twice \(shard-2\/report\.json and shard-2\/report\.json\); pass each shard's report once$/);
    const otherSeed = { file: 'other/report.json', report: { ...shards[1].report, run: { ...shards[1].report.run, seed: 7 } } };
    usageError(() => mergeShardReports([shards[0], otherSeed, shards[2]], 'm'), /^other\/report\.json is not from the same run as shard-1\/report\.json \(seed 6 vs 7\); merge the shards of one run$/);
    const otherModel = { file: 'm/report.json', report: { ...shards[1].report, models: { finetuned: { ...shards[1].report.models.finetuned!, contentHash: 'f'.repeat(64) } } } };
    usageError(() => mergeShardReports([shards[0], otherModel, shards[2]], 'm'), /\(finetuned model \S+ \([0-9a-f]{12}\) vs \S+ \(ffffffffffff\)\)/);
    const noBaseline = { file: 'b/report.json', report: { ...shards[1].report, baseline: undefined } };
    usageError(() => mergeShardReports([shards[0], noBaseline, shards[2]], 'm'), /\(baseline \S+baseline\.json vs none\)/);
    usageError(() => mergeShardReports([{ file: 'whole.json', report: whole }], 'm'), /^whole\.json is not a shard report \(no run\.shard\/run\.plan\)/);
  });

  it('a sharded run writes the baseline the unsharded run writes: merge --baseline <file> --update-baseline, only when asked', async () => {
    const wholeFile = path.join(dir, 'whole-baseline.json');
    await runInProcess({ cwd: dir, inputs: ['merge.suite.ts'], baseline: wholeFile, updateBaseline: true, config: { seed: 6 } });
    const wholeBaseline = JSON.parse(readFileSync(wholeFile, 'utf8'));
    assert.equal(Object.keys(wholeBaseline.tests).length, 7);
    assert.ok(Object.values(wholeBaseline.tests).some((e) => (e as { failing?: unknown[] }).failing?.length), 'some entry keeps counterexamples to judge again');
    assert.equal(whole.run.baselineEntries, undefined, 'only shard reports carry baseline entries');

    const r = await inProcess(['merge', 'artifacts', '--report', 'merged-for-baseline', '--baseline', 'merged-baseline.json', '--update-baseline'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^ {2}baseline merged-baseline\.json updated \(7 tests\)$/m);
    const mergedBaseline = JSON.parse(readFileSync(path.join(dir, 'merged-baseline.json'), 'utf8'));
    assert.deepEqual({ ...mergedBaseline, createdAt: undefined }, { ...wholeBaseline, createdAt: undefined });
    const merged = JSON.parse(readFileSync(path.join(dir, 'merged-for-baseline', 'report.json'), 'utf8')) as SesameReport;
    assert.equal(merged.run.baselineEntries, undefined);

    // Never without being asked: --baseline alone, or --update-baseline with no file, is one line, exit 2, nothing written.
    const before = readFileSync(path.join(dir, 'merged-baseline.json'), 'utf8');
    const unasked = await inProcess(['merge', 'artifacts', '--report', 'not-written', '--baseline', 'merged-baseline.json'], dir);
    assert.equal(unasked.code, 2);
    assert.match(unasked.stderr.trim(), /^sesame merge: --baseline merged-baseline\.json without --update-baseline or --pin: .*add --update-baseline to write the whole run to merged-baseline\.json$/);
    const noFile = await inProcess(['merge', 'artifacts', '--report', 'not-written', '--update-baseline'], dir);
    assert.equal(noFile.code, 2);
    assert.equal(noFile.stderr.trim(), 'sesame merge: --update-baseline needs a baseline file: pass --baseline <file> or set "baseline" in sesame.config');
    assert.equal(readFileSync(path.join(dir, 'merged-baseline.json'), 'utf8'), before);
    assert.throws(() => readFileSync(path.join(dir, 'not-written', 'report.json')), /ENOENT/);

    // A shard report without entries (an older Sesame) or with a damaged one cannot make a baseline.
    const bare = { file: 'old/report.json', report: { ...shards[0].report, run: { ...shards[0].report.run, baselineEntries: undefined } } };
    usageError(() => shardBaselineEntries([bare, shards[1], shards[2]]), /^old\/report\.json records no baseline entries .*re-run the shard jobs with this version/);
    const [id] = Object.keys(shards[1].report.run.baselineEntries!);
    const damaged = { file: 'bad/report.json', report: { ...shards[1].report, run: { ...shards[1].report.run, baselineEntries: { [id]: { file: 'x' } } } } };
    usageError(() => shardBaselineEntries([shards[0], damaged, shards[2]]), /^bad\/report\.json: the baseline entry of ".+" is malformed; /);

    // A run a shard of which was interrupted is never a baseline.
    for (const index of [1, 2, 3]) cpSync(path.join(dir, 'artifacts', `shard-${index}`), path.join(dir, 'cut', `shard-${index}`), { recursive: true });
    const cutFile = path.join(dir, 'cut', 'shard-3', 'report.json');
    const cut = JSON.parse(readFileSync(cutFile, 'utf8')) as SesameReport;
    const notRun = cut.tests.map((t) => t.id);
    writeFileSync(cutFile, JSON.stringify({ ...cut, tests: [], robustness: [], attacks: [], probes: [], attention: [], summary: { ...cut.summary, passed: 0, failed: 0, skipped: 0 }, run: { ...cut.run, baselineEntries: {} }, interrupted: { signal: 'SIGTERM', notRun } }));
    const partial = await inProcess(['merge', 'cut', '--report', 'cut-merged', '--baseline', 'cut-baseline.json', '--update-baseline'], dir);
    assert.equal(partial.code, 1, partial.stderr);
    assert.match(partial.stdout, /^ {2}baseline cut-baseline\.json not updated: a shard was interrupted$/m);
    assert.throws(() => readFileSync(path.join(dir, 'cut-baseline.json')), /ENOENT/);
  });

  it('the CLI: a missing shard and invalid JSON are one line and exit 2, and no merged report is written', async () => {
    const partial = path.join(dir, 'partial');
    mkdirSync(partial);
    cpSync(path.join(dir, 'artifacts', 'shard-1'), path.join(partial, 'shard-1'), { recursive: true });
    cpSync(path.join(dir, 'artifacts', 'shard-3'), path.join(partial, 'shard-3'), { recursive: true });
    const missing = await inProcess(['merge', 'partial', '--report', 'nothing'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'sesame merge: shard 2/3 missing (got 2 of 3); a shard job that crashed must be re-run');

    const broken = path.join(mkdtempSync(path.join(tmpdir(), 'sesame-merge-')), 'report.json');
    writeFileSync(broken, '{ "schemaVersion": 1, ');
    const invalid = await inProcess(['merge', path.join(dir, 'artifacts', 'shard-1'), broken, '--report', 'nothing'], dir);
    assert.equal(invalid.code, 2);
    assert.match(invalid.stderr.trim(), /^sesame merge: \S+report\.json is not valid JSON \(.*\); pass the report\.json a `sesame run --shard i\/n` job wrote$/);
    assert.throws(() => readFileSync(path.join(dir, 'nothing', 'report.json')), /ENOENT/);
  });
});

// Two custom checks whose "model" is an environment variable (which inputs it gets right), as in baseline-gate.test.ts:
// one fixes earlier counterexamples (something to pin), the other regresses (something the comparison flags).
const GATE_SUITE = envModelSuite(`suite('fixes', { version: 1 }, () => { it('labels', check(['a good film', 'a dull plot', 'great acting', 'weak ending', 'fine music'])); });
suite('breaks', { version: 1 }, () => { it('labels', check(['b1', 'b2', 'b3', 'b4', 'b5', 'b6', 'b7', 'b8'])); });`);

describe('sesame merge handles the baseline as sesame run does', function () {
  this.timeout(120_000);
  const BEFORE = 'a good film,b1,b2,b3,b4,b5,b6,b7,b8';
  const AFTER = 'a good film,a dull plot,great acting';
  const gate = tempSuites({ 'gate.suite.ts': GATE_SUITE });
  writeFileSync(path.join(gate, 'sesame.config.json'), JSON.stringify({ suites: ['.'], baseline: 'ci/baseline.json' }));
  const read = (file: string) => readFileSync(path.join(gate, file), 'utf8');
  const copy = (from: string, to: string) => cpSync(path.join(gate, from), path.join(gate, to));
  const run = (right: string, options: Parameters<typeof runInProcess>[0]) => withEnv({ SESAME_RIGHT: right }, () => runInProcess({ cwd: gate, inputs: ['gate.suite.ts'], ...options }));
  const merge = (args: string[]) => inProcess(['merge', 'artifacts', ...args], gate);

  before(async () => {
    mkdirSync(path.join(gate, 'ci'));
    await run(BEFORE, { baseline: 'ci/baseline.json', updateBaseline: true });
    copy('ci/baseline.json', 'ci/before.json');
    for (const index of [1, 2]) await run(AFTER, { config: { baseline: 'ci/baseline.json' }, shard: { index, count: 2 }, reportDir: path.join(gate, 'artifacts', `shard-${index}`) });
  });

  it('without --update-baseline the shards\' comparison stands: the regression fails the merge', async () => {
    const r = await merge(['--report', 'compared']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^ {2}baseline ci\/baseline\.json: 1 metric regressed \(breaks › labels › passRate\)$/m);
  });

  it('--pin (the config\'s baseline) pins what sesame run --pin pins, and --pin without any baseline is one line, exit 2', async () => {
    const merged = await merge(['--report', 'pinned', '--pin']);
    assert.equal(merged.code, 1, merged.stderr);
    assert.match(merged.stdout, /^ {2}pinned 2 earlier counterexamples the model now gets right as permanent cases \(ci\/baseline\.pins\.json\)$/m);
    copy('ci/before.json', 'ci/run.json');
    const unsharded = await run(AFTER, { config: { baseline: 'ci/run.json', pin: true } });
    assert.match(unsharded.err, /pinned 2 earlier counterexamples/);
    assert.equal(read('ci/baseline.pins.json'), read('ci/run.pins.json'));
    assert.deepEqual(JSON.parse(read('ci/run.pins.json')).tests['fixes › labels'].map((c: { original: string }) => c.original), ['a dull plot', 'great acting']);

    const nowhere = await inProcess(['merge', 'artifacts', '--report', 'not-written', '--pin'], dir);
    assert.equal(nowhere.code, 2);
    assert.equal(nowhere.stderr, 'sesame merge: --pin keeps earlier counterexamples of a baseline as permanent cases, but there is no baseline: pass --baseline <file> or set "baseline" in sesame.config');
  });

  it('--update-baseline (the config\'s baseline) writes what sesame run --update-baseline writes, without the comparison: no regression, exit 0', async () => {
    copy('ci/before.json', 'ci/baseline.json');
    const merged = await merge(['--report', 'updated', '--update-baseline']);
    assert.equal(merged.code, 0, merged.stdout);
    assert.doesNotMatch(merged.stdout, /regressed/);
    assert.match(merged.stdout, /^ {2}baseline ci\/baseline\.json updated \(2 tests\)$/m);
    copy('ci/before.json', 'ci/unsharded.json');
    const unsharded = await run(AFTER, { baseline: 'ci/unsharded.json', updateBaseline: true });
    assert.equal(unsharded.exitCode, 0);
    const mergedReport = JSON.parse(read('updated/report.json')) as SesameReport;
    assert.equal(mergedReport.baseline, undefined);
    assert.equal(mergedReport.summary.regressions, 0);
    assert.deepEqual(stable(mergedReport), stable(JSON.parse(JSON.stringify(unsharded.report))));
    const written = (file: string) => ({ ...JSON.parse(read(file)), createdAt: undefined });
    assert.deepEqual(written('ci/baseline.json'), written('ci/unsharded.json'));
  });
});
