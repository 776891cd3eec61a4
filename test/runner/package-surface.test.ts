/**
 * The package surface users import: `sesame` and `sesame/chai` resolve (package self-reference through
 * package.json "exports") to the very modules the runner uses, so a suite's suite()/it() calls land in
 * the runner's own collector and its checks are the runner's checks.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { cli } from './helpers.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('package surface: sesame and sesame/chai', () => {
  it('every "exports" target of package.json exists', () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { name: string; exports: Record<string, string> };
    assert.equal(pkg.name, 'sesame');
    assert.deepEqual(Object.keys(pkg.exports).sort(), ['.', './chai', './package.json', './report.schema.json']);
    for (const [entry, target] of Object.entries(pkg.exports)) assert.ok(existsSync(path.join(REPO, target)), `${entry} → ${target}`);
  });

  it('`sesame` is the same module instance as the runner, models and report code the CLI loads', async () => {
    const sesame = await import('sesame');
    const api = await import('../../src/runner/api.js');
    const checks = await import('../../src/runner/checks/probe.js');
    const models = await import('../../src/models/index.js');
    const report = await import('../../src/report/index.js');
    const attacks = await import('../../attacks/index.js');
    assert.equal(sesame.suite, api.suite);
    assert.equal(sesame.it, api.it);
    assert.equal(sesame.probeRetention, checks.probeRetention);
    assert.equal(sesame.loadModel, models.loadModel);
    assert.equal(sesame.writeReports, report.writeReports);
    assert.equal(sesame.keyboardTypos, attacks.keyboardTypos);
  });

  it('`sesame/chai` is the chai plugin and `sesame/report.schema.json` the schema reports are validated with', async () => {
    const { sesameChai } = await import('sesame/chai');
    const own = await import('../../src/chai/index.js');
    assert.equal(sesameChai, own.sesameChai);
    const { default: schema } = await import('sesame/report.schema.json', { with: { type: 'json' } });
    const { reportSchema } = await import('sesame');
    assert.deepEqual(schema, reportSchema);
  });

  it('offers the authoring API, every perturbation family, the recipes and the report writers by name', async () => {
    const sesame: Record<string, unknown> = await import('sesame');
    const names = [
      'suite', 'describe', 'it', 'invariantUnder', 'directionalUnder', 'expectLabels', 'attackSuccessBelow', 'probeRetention', 'attentionShift', 'attentionConfusion',
      'casing', 'charNoise', 'contractions', 'embeddingNeighbours', 'entitySwap', 'inflections', 'keyboardTypos', 'negation', 'ocrConfusions', 'punctuation', 'synonyms', 'whitespace',
      'textfooler', 'deepwordbug', 'pwws', 'getRecipe', 'template', 'minimumFunctionality', 'invariance', 'directional',
      'runProbeTask', 'compareAttention', 'loadModel', 'writeReports', 'renderHtml', 'renderMarkdown', 'validateReport', 'defineConfig',
    ];
    for (const name of names) assert.equal(typeof sesame[name], 'function', name);
  });

  it('a project with sesame in node_modules runs suites that import it; as CommonJS it is told what to add', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'sesame-user-'));
    try {
      mkdirSync(path.join(project, 'node_modules'));
      symlinkSync(REPO, path.join(project, 'node_modules', 'sesame'), 'dir');
      writeFileSync(
        path.join(project, 'mine.suite.ts'),
        `import { expectLabels, it, suite } from 'sesame';\nsuite('user project', { version: 1, models: { finetuned: '${path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment')}' } }, () => {\n  it('a clear review', expectLabels([{ text: 'I loved this book from start to finish.', label: 'POSITIVE' }], { minPassRate: 1 }));\n});\n`,
      );
      const asCommonJs = cli(['run', 'mine.suite.ts', '--report', 'out'], project);
      assert.equal(asCommonJs.code, 2, asCommonJs.stderr);
      assert.equal(asCommonJs.stderr.trim(), 'sesame run: mine.suite.ts is loaded as CommonJS, but Sesame suites are ES modules: add a package.json with "type": "module" to its project (none was found in its folder or above)');
      writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project" }\n');
      assert.match(cli(['run', 'mine.suite.ts', '--report', 'out'], project).stderr.trim(), /add "type": "module" to .*user-.*package\.json$/);
      writeFileSync(path.join(project, 'package.json'), '{ "name": "user-project", "type": "module" }\n');
      const asEsm = cli(['run', 'mine.suite.ts', '--report', 'out'], project);
      assert.equal(asEsm.code, 0, asEsm.stderr);
      assert.match(asEsm.stdout, /✓ a clear review/);
      assert.equal(JSON.parse(readFileSync(path.join(project, 'out', 'report.json'), 'utf8')).tests[0].status, 'passed');
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('the packed package carries what `sesame demo` and suites need, and no tests, benches or test-only models', function () {
    this.timeout(60_000);
    const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as Array<{ size: number; files: Array<{ path: string }> }>;
    const files = pack.files.map((f) => f.path);
    for (const needed of ['bin/sesame.js', 'src/index.ts', 'src/report/html/head-view.client.js', 'src/report/report.schema.json', 'suites/sentiment.suite.ts', 'sesame.config.json', 'fixtures/data/sentiment-attack.jsonl']) {
      assert.ok(files.includes(needed), needed);
    }
    for (const model of ['tiny-bert-base', 'tiny-bert-sentiment', 'tiny-bert-agreement']) {
      for (const f of ['config.json', 'tokenizer.json', 'onnx/model.onnx']) assert.ok(files.includes(`fixtures/models/${model}/${f}`), `${model}/${f}`);
    }
    const unwanted = files.filter((f) => /^(test|bench|scripts|reports|\.ci)\//.test(f) || f.includes('reference-outputs') || f.endsWith('model_quantized.onnx') || /tiny-(gpt2|deberta|distilbert)/.test(f));
    assert.deepEqual(unwanted, []);
    assert.ok(pack.size < 32e6, `packed ${(pack.size / 1e6).toFixed(1)} MB`);
  });
});
