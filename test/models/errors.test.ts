import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { SesameError } from '../../src/errors.js';
import { loadModel } from '../../src/models/index.js';
import { copyModel, REPO, SENTIMENT } from './helpers.js';

const { onnx } = onnxProto;

/** `sesame inspect …` in a real process: exit code and what reaches stdout/stderr. */
function inspect(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), 'inspect', ...args], { cwd: REPO, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, SESAME_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, prefixed with the command, no stack trace; exit code 2. */
function assertOneLineError(r: ReturnType<typeof inspect>, pattern: RegExp) {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^sesame inspect: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(r.stdout, '');
}

/** Rewrites a scratch model's graph (e.g. to fuse its attention) and saves it in place. */
function editGraph(dir: string, edit: (graph: onnxProto.onnx.IGraphProto) => void) {
  const file = path.join(dir, 'onnx', 'model.onnx');
  const model = onnx.ModelProto.decode(fs.readFileSync(file));
  edit(model.graph!);
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
}

describe('sesame inspect and loadModel: bad input', () => {
  it('a missing directory names it and says what a model directory holds', () => {
    assertOneLineError(inspect(['no/such/model-dir', '--text', 'hello']), /no\/such\/model-dir does not exist; pass the path of a local model directory with config\.json, tokenizer\.json and onnx\/model\.onnx/);
  });

  it('a directory without tokenizer.json or config.json names the missing file', () => {
    const noTokenizer = copyModel(SENTIMENT, ['config.json', 'onnx/model.onnx']);
    assertOneLineError(inspect([noTokenizer, '--text', 'hello']), /has no tokenizer\.json; a model directory needs/);
    const noConfig = copyModel(SENTIMENT, ['tokenizer.json', 'onnx/model.onnx']);
    assertOneLineError(inspect([noConfig, '--text', 'hello']), /has no config\.json; a model directory needs/);
  });

  it('corrupt ONNX bytes (random or cut short) say the file is not a valid model', () => {
    const random = copyModel(SENTIMENT);
    fs.writeFileSync(path.join(random, 'onnx', 'model.onnx'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    assertOneLineError(inspect([random, '--text', 'hello']), /onnx\/model\.onnx is not a valid ONNX model .*re-export or re-download it/);
    const cut = copyModel(SENTIMENT);
    const file = path.join(cut, 'onnx', 'model.onnx');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1_000_000));
    assertOneLineError(inspect([cut, '--text', 'hello']), /onnx\/model\.onnx .*re-export or re-download/);
  });

  it('an empty text is refused, naming the way out', async () => {
    assertOneLineError(inspect([SENTIMENT, '--text', '   ']), /--text is empty; pass a sentence with at least one word/);
    const model = await loadModel(SENTIMENT, { cacheDir: false });
    await assert.rejects(model.run(['fine', '']), (err: Error) => err instanceof SesameError && /text #1 "" is empty/.test(err.message));
    await model.dispose();
  });

  it('a hub id while offline says to pass a local path', () => {
    assertOneLineError(inspect(['Xenova/distilbert-base-uncased-finetuned-sst-2-english', '--text', 'hello']), /is not a local directory and Sesame works offline by default; pass the path of a local model directory/);
  });

  it('a text longer than the maximum positions is truncated with a warning naming the limit, and still inspected', () => {
    const r = inspect([SENTIMENT, '--text', Array(60).fill('what a lovely film').join(' '), '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr.trim(), /^sesame: warning: text ".*" has \d+ tokens, more than the model's maximum of 128 positions; it was truncated to 128 tokens$/);
    const out = JSON.parse(r.stdout);
    assert.equal(out.tokens.length, 128);
    assert.deepEqual(out.attention.shape, [6, 4, 128, 128]);
  });

  it('a graph whose attention is fused into one operator gets an error saying so and which export to use', async () => {
    const dir = copyModel(SENTIMENT);
    editGraph(dir, (graph) => {
      for (const node of graph.node!) {
        if (node.opType === 'Softmax') {
          node.opType = 'Attention';
          node.domain = 'com.microsoft';
        }
      }
    });
    await assert.rejects(loadModel(dir, { cacheDir: false }), /computes attention inside one fused "Attention" operator.*use an unfused export/);
    assertOneLineError(inspect([dir, '--text', 'hello']), /fused "Attention" operator/);
  });

  it('a graph whose embeddings are fused into one operator gets an error saying so', async () => {
    const dir = copyModel(SENTIMENT);
    editGraph(dir, (graph) => {
      const gather = graph.node!.find((n) => n.opType === 'Gather' && n.input![1] === 'input_ids')!;
      gather.opType = 'EmbedLayerNormalization';
      gather.domain = 'com.microsoft';
    });
    await assert.rejects(loadModel(dir, { cacheDir: false }), /fuses its embeddings into one "EmbedLayerNormalization" operator.*use an unfused export/);
  });

  it('a config whose layer count disagrees with the graph is refused', async () => {
    const dir = copyModel(SENTIMENT);
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ ...config, num_hidden_layers: 5 }));
    await assert.rejects(loadModel(dir, { cacheDir: false }), /6 attention Softmax node\(s\) but config\.json says 5 layers/);
  });

  it('q8 without a quantized export names the file and suggests fp32', async () => {
    const dir = copyModel(SENTIMENT);
    await assert.rejects(loadModel(dir, { precision: 'q8', cacheDir: false }), /has no onnx\/model_quantized\.onnx \(needed for precision q8\); use precision fp32/);
  });
});

describe('sesame inspect: output', () => {
  it('--json has the layers, heads, tokens, prediction and [layer][head][from][to] attention', () => {
    const r = inspect([SENTIMENT, '--text', 'What a wonderful film.', '--json', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.layers, 6);
    assert.equal(out.heads, 4);
    assert.equal(out.hiddenSize, 128);
    assert.equal(out.causal, false);
    assert.deepEqual(out.tokens, ['[CLS]', 'what', 'a', 'wonderful', 'film', '.', '[SEP]']);
    assert.equal(out.prediction.label, 'POSITIVE');
    assert.ok(Math.abs(out.prediction.scores.POSITIVE + out.prediction.scores.NEGATIVE - 1) < 1e-6);
    assert.deepEqual(out.attention.shape, [6, 4, 7, 7]);
    assert.equal(out.attention.data.length, 6);
    assert.equal(out.attention.data[5][3][2].length, 7);
    const row = out.attention.data[5][3][2] as number[];
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.deepEqual(out.hidden.shape, [7, 7, 128]);
  });

  it('the summary names the architecture, layers × heads, labels, tokens, prediction and the last layer’s top targets', () => {
    const r = inspect([SENTIMENT, '--text', 'What a wonderful film.', '--no-cache']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Model {7}.*tiny-bert-sentiment \(BertForSequenceClassification, bert, fp32\)$/m);
    assert.match(r.stdout, /^Layers {6}6 layers × 4 heads, hidden size 128/m);
    assert.match(r.stdout, /^Attention {3}bidirectional \(encoder: every token attends to the whole sentence\)$/m);
    assert.match(r.stdout, /^Labels {6}NEGATIVE, POSITIVE$/m);
    assert.match(r.stdout, /^Tokens {6}\[CLS\] what a wonderful film \. \[SEP\] {2}\(7\)$/m);
    assert.match(r.stdout, /^Prediction {2}POSITIVE \(NEGATIVE 0\.\d{4}, POSITIVE 0\.\d{4}\)$/m);
    assert.match(r.stdout, /^ {2}from +head 1 +head 2 +head 3 +head 4$/m);
    assert.equal(r.stdout.match(/^ {2}(\[CLS\]|what|a|wonderful|film|\.|\[SEP\]|\(average\)) /gm)?.length, 8);
  });
});
