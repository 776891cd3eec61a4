import assert from 'node:assert/strict';
import fs from 'node:fs';
import { SesameError } from '../../src/errors.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { analyseGraph, decodeModel } from '../../src/models/graph.js';
import { BASE, headSession, logitsFromHidden, maxAbsDiff, onnxFile } from './helpers.js';

// The pretrained model has a masked-LM head with its own layer norm after the encoder: the last layer's output
// must be told apart from that head's normalisation.
describe('model core on tiny-bert-base (masked LM)', () => {
  let model: SesameModel;
  before(async () => {
    model = await loadModel(BASE, { cacheDir: false });
  });
  after(() => model.dispose());

  it('has no labels, refuses predict with a one-line reason, and returns token-level logits', async () => {
    assert.equal(model.info.labels, null);
    assert.equal(model.info.architecture, 'BertForMaskedLM');
    await assert.rejects(model.predict(['a sentence']), (err: Error) => err instanceof SesameError && /has no classification labels/.test(err.message));
    const [out] = await model.run(['the cat sat on the [MASK] .'], { logits: true });
    assert.deepEqual(out.logits!.shape, [out.encoding.tokens.length, 8000]);
  });

  it('exposes the encoder output, not the MLM head’s layer norm: the head turns it into the logits', async () => {
    const file = onnxFile(BASE, 'fp32');
    const anatomy = analyseGraph(decodeModel(fs.readFileSync(file), file), { numLayers: 6, vocabSize: 8000 });
    const last = anatomy.hiddenStateOutputs.at(-1)!;
    const head = await headSession(file, last);
    const [out] = await model.run(['she went to the [MASK] to buy some bread .'], { logits: true, hiddenStates: true });
    const logits = await logitsFromHidden(head, last, out.hiddenStates!, out.encoding.tokens.length);
    assert.ok(maxAbsDiff(logits, out.logits!.data) < 1e-4);
    // what lies after the exposed tensor is exactly the MLM head: dense, GELU, one layer norm, decoder
    const count = (op: string) => head.ops.filter((o) => o === op).length;
    assert.equal(count('ReduceMean'), 2, 'one layer norm (mean and variance) in the head');
    assert.equal(count('Erf'), 1, 'one GELU in the head');
    assert.equal(count('Softmax'), 0);
    await head.release();
  });
});
