import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { deepwordbug } from '../../attacks/recipes/index.js';
import { assertAttackCeiling } from '../../src/assertions/attack-ceiling.js';
import { readAttackData } from '../../src/attack/data.js';
import { runAttack, type AttackRun } from '../../src/attack/run-attack.js';
import { jsonView, textView } from '../../src/cli/commands/attack.js';
import { UsageError } from '../../src/errors.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { minimumFunctionality } from '../../src/properties/minimum-functionality.js';
import { renderHtml, reportErrors } from '../../src/report/index.js';
import { attackSuccessBelow } from '../../src/runner/checks/attack.js';
import { expectLabels } from '../../src/runner/checks/properties.js';
import { buildFixtureReport } from '../report/fixture.js';
import { cli, REPO } from './helpers.js';

const SENTIMENT = path.join(REPO, 'fixtures', 'models', 'tiny-bert-sentiment');
const LABELS = ['NEGATIVE', 'POSITIVE'];
const dir = mkdtempSync(path.join(tmpdir(), 'sesame-labels-'));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

function usageError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (err: Error) => {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${err}`);
    assert.match(err.message, pattern);
    assert.equal(err.message.includes('\n'), false, 'one line');
    return true;
  });
}

const SENTENCES = ['The staff ignored us for twenty minutes.', 'The soup was rich and the bread was still warm.', 'A dull, lifeless film.', 'I loved every minute of it.'];

describe('labels: data without gold labels is judged against the model, and said so', () => {
  let model: SesameModel;
  let byModel: AttackRun;
  let gold: AttackRun;
  before(async function () {
    this.timeout(120_000);
    model = await loadModel(SENTIMENT, { cacheDir: false });
    byModel = await runAttack(model, deepwordbug(), SENTENCES.map((text) => ({ text })), { budget: 60, seed: 1 });
    // Gold labels, one of them the opposite of what the model predicts: original accuracy is then below 1.
    const predicted = await model.predict(SENTENCES);
    gold = await runAttack(model, deepwordbug(), SENTENCES.map((text, i) => ({ text, label: i === 0 ? 1 - predicted[i].labelIndex : predicted[i].labelIndex })), { budget: 60, seed: 1 });
  });
  after(async () => model?.dispose());

  it('records the label source; over model predictions every example starts "right", over gold one does not', () => {
    assert.equal(byModel.result.labelSource, 'model prediction');
    assert.equal(byModel.result.originalAccuracy, 1);
    assert.equal(gold.result.labelSource, 'gold');
    assert.equal(gold.result.originalAccuracy, 0.75);
  });

  it('the CLI text and --json never call model-prediction numbers accuracy', () => {
    const text = textView(byModel, 'plain.txt');
    assert.match(text, /Label source: {2,}model prediction \(the data has no gold labels\)/);
    assert.match(text, /Predictions kept under attack: +\d+\.\d%/);
    assert.doesNotMatch(text, /accuracy/i);
    const json = jsonView(byModel, 'plain.txt');
    assert.equal(json.labelSource, 'model prediction');
    assert.equal(json.predictionsKeptUnderAttack, byModel.result.accuracyUnderAttack);
    assert.equal('originalAccuracy' in json || 'accuracyUnderAttack' in json, false);

    assert.match(textView(gold, 'gold.jsonl'), /Label source: +gold labels[\s\S]*Original accuracy: +75\.0%/);
    assert.equal(jsonView(gold, 'gold.jsonl').originalAccuracy, 0.75);
  });

  it('the ceiling assertion names the label source and its metric is not an accuracy', () => {
    const r = assertAttackCeiling(byModel.result, { maxSuccessRate: 0 });
    const flipped = byModel.result.successes.length;
    assert.ok(flipped > 0, 'deepwordbug flips at least one of the four');
    assert.match(r.reason, /^deepwordbug flipped \d+\.\d% of 4 examples \(label source: model prediction, the data has no gold labels\) .* above the ceiling of 0%; predictions kept under attack \d+\.\d%$/);
    assert.deepEqual(Object.keys(r.metrics!).sort(), ['avgPerturbedWordsPct', 'avgQueries', 'predictionsKeptUnderAttack', 'screenedSuccessRate', 'successRate']);
    assert.equal(r.metrics!.predictionsKeptUnderAttack, (4 - flipped) / 4);
    assert.match(assertAttackCeiling(gold.result, { maxSuccessRate: 1 }).reason, /of 3 correctly classified examples/);
  });

  it('the HTML report says "label source: model prediction" instead of showing an accuracy, and the report stays valid', () => {
    const report = buildFixtureReport({ seed: 3 });
    report.attacks = report.attacks.slice(0, 1).map((a) => ({ ...a, labelSource: 'model prediction' as const, originalAccuracy: 1, accuracyUnderAttack: 0.4 }));
    assert.deepEqual(reportErrors(report), []);
    const html = renderHtml(report);
    const table = html.slice(html.indexOf('<table class="attacks">'), html.indexOf('</table>', html.indexOf('<table class="attacks">')));
    assert.match(table, /<th scope="col">Predictions kept under attack<\/th>/);
    assert.match(table, /label source: model prediction<br><span class="muted">predictions kept under attack 40\.0%/);
    assert.doesNotMatch(table, /accuracy/i);
    assert.match(html, /kept 40\.0% of the model's predictions \(label source: model prediction, the data has no gold labels\)/);
  });
});

describe('labels: mixing labelled and unlabelled inputs is refused', () => {
  const mixed = '{"text": "A fine film.", "label": "POSITIVE"}\n{"text": "A dull film.", "label": "NEGATIVE"}\n\n{"text": "An odd film."}\n';

  it('a JSONL file: one line naming the first unlabelled line and a labelled one', () => {
    const data = file('mixed.jsonl', mixed);
    usageError(() => readAttackData(data, LABELS), new RegExp(`^${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 4 has no label but ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line 1 has one: label every example, or none \\(then the model's own predictions are the reference and nothing is reported as accuracy\\)$`));
    assert.deepEqual(readAttackData(file('none.jsonl', '{"text": "a"}\n{"text": "b", "label": null}\n'), LABELS), [{ text: 'a' }, { text: 'b' }]);
  });

  it('sesame attack on a mixed file: exit 2 with that one line', function () {
    this.timeout(60_000);
    const r = cli(['attack', '--model', SENTIMENT, '--recipe', 'deepwordbug', '--data', file('mixed-cli.jsonl', mixed), '--no-cache']);
    assert.equal(r.code, 2);
    assert.match(r.stderr.trim(), /^sesame attack: \S+mixed-cli\.jsonl line 4 has no label but \S+mixed-cli\.jsonl line 1 has one: label every example, or none/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });

  it('an example list given to runAttack or attackSuccessBelow', async () => {
    usageError(
      () => attackSuccessBelow(deepwordbug(), { examples: [{ text: 'a', label: 1 }, 'b'], maxSuccessRate: 0.5 }),
      /^attackSuccessBelow example 2 \("b"\) has no label but attackSuccessBelow example 1 \("a"\) has one/,
    );
    const model = { info: { labels: LABELS, id: 'm' } } as unknown as SesameModel;
    await assert.rejects(runAttack(model, deepwordbug(), [{ text: 'a' }, { text: 'b', label: 0 }]), /^UsageError: example 1 \("a"\) has no label but example 2 \("b"\) has one/);
  });

  it('an MFT without gold labels is refused: a list at once, an arbitrary when it draws such a case', async () => {
    usageError(() => expectLabels([{ text: 'good', label: 'POSITIVE' }, { text: 'meh' } as never], { minPassRate: 0.5 }), /^expectLabels case 2 \("meh"\) has no label: an MFT needs gold labels, it cannot be judged against the model's own predictions$/);
    const model = { info: { labels: LABELS, id: 'm' }, predict: async (t: string[]) => t.map((text) => ({ text, label: 'POSITIVE', labelIndex: 1, scores: [0, 1] })) } as unknown as SesameModel;
    await assert.rejects(minimumFunctionality({ model, cases: fc.constant({ text: 'meh' } as never), numRuns: 3 }), /an MFT case \("meh"\) has no label: an MFT needs gold labels/);
  });
});
