import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, tempSuites } from './helpers.js';

// Only what needs a real process: exit codes and what reaches stdout/stderr.
describe('sesame run / compare: exit codes', () => {
  const reports = mkdtempSync(path.join(tmpdir(), 'sesame-cli-'));

  it('0 when every test passes, with the summary line and report.json written', () => {
    const r = cli(['run', 'test/runner/fixtures/metrics.suite.ts', '--report', path.join(reports, 'a')]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}8 passed, 0 failed$/m);
    assert.equal(JSON.parse(readFileSync(path.join(reports, 'a', 'report.json'), 'utf8')).summary.passed, 8);
  });

  it('1 when a test fails, with the reason in the tree and the failure list', () => {
    const r = cli(['run', 'test/runner/fixtures/basic.suite.ts', '--report', path.join(reports, 'b')]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /✗ 1\) fails on purpose\n\s+pass rate 0\.50 is below the required 1\.01/);
    assert.match(r.stdout, /^ {2}2 passed, 3 failed, 1 skipped$/m);
  });

  it('2 with one line on stderr for a --grep that selects nothing, a corrupt baseline, a syntax error and a bad flag', () => {
    const grep = cli(['run', 'test/runner/fixtures/metrics.suite.ts', '--grep', 'nothing like this']);
    assert.equal(grep.code, 2);
    assert.equal(grep.stderr.trim(), 'sesame run: --grep "nothing like this" selects none of the 8 tests in test/runner/fixtures/metrics.suite.ts');

    const baseline = path.join(reports, 'corrupt.json');
    const bytes = '{ not json';
    writeFileSync(baseline, bytes);
    const corrupt = cli(['run', 'test/runner/fixtures/metrics.suite.ts', '--baseline', baseline]);
    assert.equal(corrupt.code, 2);
    assert.match(corrupt.stderr, /^sesame run: baseline .* is corrupt \(not valid JSON/);
    assert.equal(readFileSync(baseline, 'utf8'), bytes);

    const dir = tempSuites({ 'broken.suite.ts': "import { it } from 'RUNNER_API';\nit('x', () => {\n  return (;\n});\n" });
    const syntax = cli(['run', 'broken.suite.ts'], dir);
    assert.equal(syntax.code, 2);
    assert.match(syntax.stderr.trim(), /^sesame run: broken\.suite\.ts:3:\d+: syntax error: .+$/);

    const flag = cli(['run', '--shard', '5/4']);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /--shard must be i\/n/);
  });

  it('--dry-run lists what a shard would run without loading a model', () => {
    const shards = [1, 2].map((i) => cli(['run', 'test/runner/fixtures/metrics.suite.ts', '--dry-run', '--shard', `${i}/2`]));
    assert.ok(shards.every((r) => r.code === 0));
    assert.match(shards[0].stdout, /^test\/runner\/fixtures\/metrics\.suite\.ts: metrics › gates › accuracy stays high$/m);
    assert.match(shards[0].stdout, /^4 tests selected$/m);
    assert.match(shards[1].stdout, /^4 tests selected$/m);
  });

  it('--json prints the report alone on stdout (the tree goes to stderr)', () => {
    const r = cli(['run', 'test/runner/fixtures/metrics.suite.ts', '--json', '--grep', 'gates']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.summary, { passed: 2, failed: 0, skipped: 0, regressions: 0 });
    assert.match(r.stderr, /2 passed, 0 failed/);
  });

  it('compare exits 1 on a regression beyond tolerance and 0 otherwise', () => {
    const a = path.join(reports, 'a', 'report.json');
    const worse = JSON.parse(readFileSync(a, 'utf8'));
    worse.tests[0].metrics.accuracy = 0.5;
    const w = path.join(reports, 'worse.json');
    writeFileSync(w, JSON.stringify(worse));
    const regressed = cli(['compare', a, w]);
    assert.equal(regressed.code, 1, regressed.stderr);
    // A custom metric without per-case records: judged by size against its minimal effect, said so, no p-value.
    assert.match(regressed.stdout, /metrics › gates › accuracy stays high\s+accuracy\s+0\.9\s+0\.5\s+-0\.4\s+–\s+–\s+0\.02\s+size only\s+regressed \(higher is better\)/);
    assert.match(regressed.stdout, /old report: .* — 1 regression: 1 of 8 gating metrics regressed \(α 0\.05, Holm; 0 paired; 0 unpaired; 8 by size only\)/);
    assert.match(regressed.stdout, /0 improved, 1 regressed, \d+ unchanged/);
    assert.equal(cli(['compare', a, a]).code, 0);
    assert.equal(cli(['compare', a, w, '--tolerance', 'accuracy=0.5']).code, 0);
  });
});
