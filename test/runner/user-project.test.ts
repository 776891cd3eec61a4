/** What a user meets setting up a project: paths, data files, model folders and suite files with mistakes. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAttackData } from '../../src/attack/data.js';
import { parseCsv } from '../../src/attack/csv.js';
import { resolveModelFiles } from '../../src/models/source.js';
import { loadSuiteFile } from '../../src/runner/load.js';
import { modelFromSuite } from '../../src/runner/plan.js';
import { tempSuites } from './helpers.js';
import { DEFAULTS } from '../../src/config/index.js';
import { planRun } from '../../src/runner/run.js';

describe('a user project', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sesame-project-'));

  it('a relative model path in a suite resolves against the suite file when it exists there, else stays as written', () => {
    mkdirSync(path.join(dir, 'suites', 'models', 'base'), { recursive: true });
    mkdirSync(path.join(dir, 'models', 'tuned'), { recursive: true });
    assert.equal(modelFromSuite('models/base', 'suites/my.suite.ts', dir), path.join('suites', 'models', 'base'));
    assert.equal(modelFromSuite('./models/base', 'suites/my.suite.ts', dir), path.join('suites', 'models', 'base'));
    assert.equal(modelFromSuite('../models/tuned', 'suites/my.suite.ts', dir), path.join('models', 'tuned'));
    // Not beside the suite: read from the working directory, or as a hub id.
    assert.equal(modelFromSuite('models/tuned', 'suites/my.suite.ts', dir), 'models/tuned');
    assert.equal(modelFromSuite('bert-base-uncased', 'suites/my.suite.ts', dir), 'bert-base-uncased');
  });

  it('a CSV is read by its header (quoted commas, doubled quotes), and refused without a text column', () => {
    assert.deepEqual(parseCsv('text,label\n"Good, really ""good""",POSITIVE\r\nbad,NEGATIVE\n'), [['text', 'label'], ['Good, really "good"', 'POSITIVE'], ['bad', 'NEGATIVE']]);
    const csv = path.join(dir, 'reviews.csv');
    writeFileSync(csv, 'id,text,label\n1,"A fine, warm film",POSITIVE\n2,Dull,negative\n');
    assert.deepEqual(readAttackData(csv, ['NEGATIVE', 'POSITIVE']), [{ text: 'A fine, warm film', label: 1 }, { text: 'Dull', label: 0 }]);
    const headerless = path.join(dir, 'plain.csv');
    writeFileSync(headerless, 'A fine film,1\nDull,0\n');
    assert.throws(() => readAttackData(headerless, ['NEGATIVE', 'POSITIVE']), /plain\.csv: a CSV needs a header row naming a text column \(text, sentence, review, content\)/);
  });

  it('a model folder with only onnx/model_quantized.onnx suggests --precision q8', async () => {
    const model = path.join(dir, 'q8-only');
    mkdirSync(path.join(model, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) writeFileSync(path.join(model, f), '{}');
    await assert.rejects(resolveModelFiles(model, 'fp32', false), /has no onnx\/model\.onnx \(needed for precision fp32\); it has onnx\/model_quantized\.onnx: pass --precision q8/);
    await assert.doesNotReject(resolveModelFiles(model, 'q8', false));
  });

  it('a missing import is named as one (with a suggestion), not reported as a syntax error', async () => {
    const suites = tempSuites({
      'typo.suite.ts': "import { it, invariantUnderr } from 'RUNNER_API';\nit('x', () => invariantUnderr);\n",
      'nofile.suite.ts': "import { it } from './helpers-that-do-not-exist.js';\nit('x', () => it);\n",
    });
    await assert.rejects(loadSuiteFile(path.join(suites, 'typo.suite.ts'), suites), (err: Error) => {
      assert.match(err.message, /^typo\.suite\.ts: imports \{ invariantUnderr \} from '.+', which has no export of that name; did you mean "invariantUnder"\?$/);
      return true;
    });
    await assert.rejects(loadSuiteFile(path.join(suites, 'nofile.suite.ts'), suites), (err: Error) => {
      assert.doesNotMatch(err.message, /syntax error/);
      assert.match(err.message, /^nofile\.suite\.ts: imports .*helpers-that-do-not-exist\.js, which does not exist/);
      return true;
    });
  });

  it('a config threshold for a test that does not exist is an error naming the closest test', async () => {
    const suites = tempSuites({ 'a.suite.ts': "import { describe, it } from 'RUNNER_API';\ndescribe('mine', () => {\n  it('keeps its label', () => undefined);\n});\n" });
    const config = (thresholds: Record<string, Record<string, number>>) => ({ ...DEFAULTS, suites: [suites], thresholds });
    await assert.rejects(planRun({ cwd: suites, inputs: [], config: config({ 'mine › keeps its labels': { minPassRate: 0.9 } }) }), {
      message: 'config "thresholds": no test is called "mine › keeps its labels"; did you mean "mine › keeps its label"? (keys are full test titles joined with " › ", as `sesame run --dry-run` lists them)',
    });
    const { selected } = await planRun({ cwd: suites, inputs: [], config: config({ 'mine › keeps its label': { minPassRate: 0.9 } }) });
    assert.deepEqual(selected.map((t) => t.id), ['mine › keeps its label']);
  });
});
