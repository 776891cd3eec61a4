import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { readConfig, resolveConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';
import { REPO, runInProcess, tempSuites } from './helpers.js';

describe('config: sesame.config.json / .ts', () => {
  it('reads JSON, resolves paths against the config folder, and keeps hub ids as they are', async () => {
    const dir = tempSuites({});
    writeFileSync(path.join(dir, 'sesame.config.json'), JSON.stringify({ seed: 9, numRuns: 12, models: { pretrained: REPO + '/fixtures/models/tiny-bert-base', finetuned: 'someone/bert-finetuned' }, report: 'out', tolerances: { passRate: 0.05 } }));
    const config = resolveConfig(await readConfig(dir), dir);
    assert.equal(config.seed, 9);
    assert.equal(config.numRuns, 12);
    assert.equal(config.report, 'out');
    assert.equal(config.models.finetuned, 'someone/bert-finetuned');
    assert.equal(path.resolve(dir, config.models.pretrained!), path.join(REPO, 'fixtures/models/tiny-bert-base'));
    assert.deepEqual(config.tolerances, { passRate: 0.05 });
  });

  it('reads a TypeScript config with a default export', async () => {
    const dir = tempSuites({ 'sesame.config.ts': 'export default { seed: 4, suites: ["checks"] };\n' });
    const config = resolveConfig(await readConfig(dir), dir);
    assert.equal(config.seed, 4);
    assert.deepEqual(config.suites, ['checks']);
  });

  it('names the wrong field of a bad config', async () => {
    const dir = tempSuites({});
    writeFileSync(path.join(dir, 'sesame.config.json'), '{"seed": -1}');
    await assert.rejects(readConfig(dir), (err: Error) => err instanceof UsageError && /^config sesame\.config\.json: "seed" must be a non-negative integer$/.test(err.message));
    writeFileSync(path.join(dir, 'sesame.config.json'), '{"sed": 1}');
    await assert.rejects(readConfig(dir), /unknown field "sed"/);
    writeFileSync(path.join(dir, 'sesame.config.json'), '{"seed": 1,');
    await assert.rejects(readConfig(dir), /config sesame\.config\.json: not valid JSON/);
  });

  it('precedence: flags over the suite, the suite over the config', async () => {
    const dir = tempSuites({
      'which.suite.ts': `import { describe, it, suite } from 'RUNNER_API';
suite('s', { models: { finetuned: 'declared/by-suite' } }, () => {
  it('uses', async (ctx) => ({ pass: true, reason: 'ok' }));
});
describe('no models declared', () => { it('also', () => undefined); });
`,
    });
    const { modelsFor } = await import('../../src/runner/execute.js');
    const test = { models: { finetuned: 'declared/by-suite' } } as Parameters<typeof modelsFor>[0];
    const config = { ...resolveConfig(undefined, dir), models: { pretrained: 'config/base', finetuned: 'config/tuned' } };
    assert.deepEqual(modelsFor(test, { cliModels: {}, config }), { pretrained: 'config/base', finetuned: 'declared/by-suite' });
    assert.deepEqual(modelsFor(test, { cliModels: { finetuned: 'flag/tuned' }, config }), { pretrained: 'config/base', finetuned: 'flag/tuned' });
    // A hub id that is not a local directory fails offline with the model core's message, naming the suite.
    await assert.rejects(runInProcess({ cwd: dir, inputs: ['which.suite.ts'] }), /finetuned model of which\.suite\.ts: model "declared\/by-suite"/);
  });
});

describe('bundled Open Sesame suite without its data', () => {
  it('skips every test with a message saying where the data was looked for', async () => {
    const saved = process.env.SESAME_OPENSESAME_DIR;
    process.env.SESAME_OPENSESAME_DIR = '/nonexistent/opensesame';
    try {
      const r = await runInProcess({ inputs: ['suites/opensesame.suite.ts'] });
      assert.equal(r.exitCode, 0);
      assert.equal(r.report.summary.skipped, r.report.tests.length);
      assert.ok(r.report.tests.length >= 6);
      assert.match(r.report.tests[0].reason, /^skipped: Open Sesame data not found at \/nonexistent\/opensesame; put the paper's data there/);
      assert.match(r.out, /^ {2}0 passed, 0 failed, \d+ skipped$/m);
    } finally {
      if (saved === undefined) delete process.env.SESAME_OPENSESAME_DIR;
      else process.env.SESAME_OPENSESAME_DIR = saved;
    }
  });
});
