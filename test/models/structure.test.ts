import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { loadModel } from '../../src/models/index.js';
import { copyModel, maxAbsDiff, SENTIMENT } from './helpers.js';

const { onnx } = onnxProto;

/**
 * Hub exports name their nodes after their own PyTorch modules (distilbert.transformer.layer.0.attention…,
 * roberta.encoder…, or nothing useful at all). Renaming every node, initializer and intermediate tensor to an
 * opaque id must change nothing: the tensors are found by the graph's structure alone.
 */
describe('model core: tensors found by structure, not names', () => {
  it('gives identical outputs on a copy of the graph whose every name is opaque', async () => {
    const dir = copyModel(SENTIMENT);
    const file = path.join(dir, 'onnx', 'model.onnx');
    const model = onnx.ModelProto.decode(fs.readFileSync(file));
    const graph = model.graph!;
    const keep = new Set([...graph.input!.map((i) => i.name!), ...graph.output!.map((o) => o.name!)]);
    const names = new Map<string, string>();
    const rename = (name: string) => {
      if (!name || keep.has(name)) return name;
      if (!names.has(name)) names.set(name, `t${names.size}`);
      return names.get(name)!;
    };
    graph.node!.forEach((node, i) => {
      node.name = `n${i}`;
      node.input = node.input!.map(rename);
      node.output = node.output!.map(rename);
    });
    for (const init of graph.initializer!) init.name = rename(init.name!);
    for (const info of graph.valueInfo ?? []) info.name = rename(info.name!);
    fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
    assert.ok(!fs.readFileSync(file).includes('encoder'), 'no name mentions the encoder or its layers any more');

    const texts = ['An opaque graph is still a transformer.', 'Short one.'];
    const request = { logits: true, hiddenStates: true, attentions: true };
    const original = await loadModel(SENTIMENT, { cacheDir: false });
    const renamed = await loadModel(dir, { cacheDir: false });
    const [a, b] = [await original.run(texts, request), await renamed.run(texts, request)];
    for (const [i, out] of a.entries()) {
      assert.equal(maxAbsDiff(out.logits!.data, b[i].logits!.data), 0);
      assert.equal(maxAbsDiff(out.hiddenStates!.data, b[i].hiddenStates!.data), 0);
      assert.equal(maxAbsDiff(out.attentions!.data, b[i].attentions!.data), 0);
    }
    assert.equal(maxAbsDiff(original.inputEmbeddings().data, renamed.inputEmbeddings().data), 0);
    await Promise.all([original.dispose(), renamed.dispose()]);
  });
});
