import assert from 'node:assert/strict';
import fs from 'node:fs';
import { env, pipeline } from '@huggingface/transformers';
import * as ort from 'onnxruntime-node';
import { loadModel, type Precision, type SentenceOutput, type SesameModel } from '../../src/models/index.js';
import { analyseGraph, decodeModel, withExtraOutputs } from '../../src/models/graph.js';
import { headSession, logitsFromHidden, maxAbsDiff, MODELS, onnxFile, paddedRun, SENTIMENT, untouchedLogits } from './helpers.js';

const SHORT = 'A fine film.';
const LONGER = [
  'The restaurant was loud and the soup arrived cold, but the dessert almost made up for it.',
  'I expected a lot more from this book after all the praise it got from my friends.',
];
const config = JSON.parse(fs.readFileSync(`${SENTIMENT}/config.json`, 'utf8'));

for (const precision of ['fp32', 'q8'] as Precision[]) {
  describe(`model core on tiny-bert-sentiment (${precision})`, () => {
    let model: SesameModel;
    let alone: SentenceOutput;
    let batched: SentenceOutput[];
    const file = onnxFile(SENTIMENT, precision);

    before(async () => {
      // no caching: every run below is a real forward pass
      model = await loadModel(SENTIMENT, { precision, cacheDir: false, memoryCacheBytes: 0, threads: 1 });
      [alone] = await model.run([SHORT], { logits: true, hiddenStates: true, attentions: true });
      batched = await model.run([LONGER[0], SHORT, LONGER[1]], { logits: true, hiddenStates: true, attentions: true });
    });
    after(() => model.dispose());

    it('reports the config facts and checks the graph against them', () => {
      assert.equal(model.info.numLayers, config.num_hidden_layers);
      assert.equal(model.info.numHeads, config.num_attention_heads);
      assert.equal(model.info.hiddenSize, config.hidden_size);
      assert.equal(model.info.maxPositions, 128);
      assert.deepEqual(model.info.labels, ['NEGATIVE', 'POSITIVE']);
      assert.match(model.info.contentHash, /^[0-9a-f]{64}$/);
      // dynamic activation quantization shares one scale per batch, so q8 forwards one sentence at a time
      assert.equal(model.info.batchSize, precision === 'q8' ? 1 : 32);
    });

    it('returns attentions [layers, heads, seq, seq] and hidden states [layers + 1, seq, hidden]', () => {
      const seq = alone.encoding.tokens.length;
      assert.deepEqual(alone.attentions!.shape, [6, 4, seq, seq]);
      assert.deepEqual(alone.hiddenStates!.shape, [7, seq, 128]);
      assert.deepEqual(alone.logits!.shape, [2]);
    });

    it('gives attention rows that sum to 1 over the sentence, with zero weight on padding', async () => {
      for (const out of batched) {
        const [layers, heads, seq] = out.attentions!.shape;
        for (let row = 0; row < layers * heads * seq; row++) {
          let sum = 0;
          for (let to = 0; to < seq; to++) sum += out.attentions!.data[row * seq + to];
          assert.ok(Math.abs(sum - 1) < 1e-4, `row ${row} sums to ${sum}`);
        }
      }
      // the raw padded batch from the edited graph: padded key positions get exactly zero
      const graph = decodeModel(fs.readFileSync(file), file);
      const anatomy = analyseGraph(graph, { numLayers: 6, vocabSize: 8000 });
      const session = await ort.InferenceSession.create(withExtraOutputs(graph, anatomy.attentionOutputs));
      const rows = [SHORT, LONGER[0]].map((t) => model.encode(t).ids);
      const { seq, lengths, outputs } = await paddedRun(session, rows, anatomy.attentionOutputs);
      for (const tensor of outputs) {
        const data = tensor.data as Float32Array;
        const heads = Number(tensor.dims[1]);
        for (let h = 0; h < heads; h++) {
          for (let from = 0; from < lengths[0]; from++) {
            const base = (h * seq + from) * seq;
            const real = data.subarray(base, base + lengths[0]).reduce((a, b) => a + b, 0);
            assert.ok(Math.abs(real - 1) < 1e-5, `unmasked weight ${real}`);
            for (let to = lengths[0]; to < seq; to++) assert.equal(data[base + to], 0);
          }
        }
      }
      await session.release();
    });

    it('gives the same logits, hidden states and attentions alone and inside a padded batch', () => {
      const inBatch = batched[1];
      assert.ok(inBatch.encoding.tokens.length < batched[0].encoding.tokens.length, 'the batch must pad the short sentence');
      assert.ok(maxAbsDiff(alone.logits!.data, inBatch.logits!.data) < 1e-4);
      assert.ok(maxAbsDiff(alone.hiddenStates!.data, inBatch.hiddenStates!.data) < 1e-4);
      assert.ok(maxAbsDiff(alone.attentions!.data, inBatch.attentions!.data) < 1e-4);
      assert.equal(model.queryCount, 4);
    });

    it('gives the same outputs whatever the batch size and the threads per pass', async () => {
      const parallel = await loadModel(SENTIMENT, { precision, cacheDir: false, threads: 3, batchSize: 2 });
      const texts = [LONGER[0], SHORT, LONGER[1], 'Dull.', 'A charming, funny and wholly unexpected delight.'];
      const many = await parallel.run(texts, { logits: true, attentions: true });
      const single = await model.run(texts, { logits: true, attentions: true });
      for (const [i, out] of many.entries()) {
        assert.ok(maxAbsDiff(out.logits!.data, single[i].logits!.data) < 1e-4);
        assert.ok(maxAbsDiff(out.attentions!.data, single[i].attentions!.data) < 1e-4);
      }
      await parallel.dispose();
    });

    it("gives the untouched model's logits and the transformers.js pipeline's scores", async () => {
      const plain = await ort.InferenceSession.create(fs.readFileSync(file));
      for (const out of [alone, ...batched]) {
        const reference = await untouchedLogits(plain, out.encoding.ids);
        assert.ok(maxAbsDiff(out.logits!.data, reference) < 1e-5, `${out.encoding.text}: ${out.logits!.data} vs ${reference}`);
      }
      await plain.release();

      env.allowRemoteModels = false;
      env.localModelPath = MODELS;
      const classifier = await pipeline('text-classification', 'tiny-bert-sentiment', { dtype: precision });
      const texts = [SHORT, ...LONGER];
      const ours = await model.predict(texts);
      for (const [i, text] of texts.entries()) {
        // one sentence per call: the pipeline pads batches, which moves q8's dynamic quantization scales
        const theirs = (await classifier(text, { top_k: null })) as Array<{ label: string; score: number }>;
        for (const { label, score } of theirs) {
          assert.ok(Math.abs(ours[i].scores[model.info.labels!.indexOf(label)] - score) < 1e-5, `${text}: ${label}`);
        }
        assert.equal(ours[i].label, theirs[0].label);
      }
      await classifier.dispose();
    });

    it('exposes the real final layer output: the model’s own pooler + classifier turn it into the logits', async () => {
      const anatomy = analyseGraph(decodeModel(fs.readFileSync(file), file), { numLayers: 6, vocabSize: 8000 });
      const lastTensor = anatomy.hiddenStateOutputs.at(-1)!;
      const head = await headSession(file, lastTensor);
      for (const out of [alone, ...batched]) {
        const logits = await logitsFromHidden(head, lastTensor, out.hiddenStates!, out.encoding.tokens.length);
        assert.ok(maxAbsDiff(logits, out.logits!.data) < 1e-5, `${logits} vs ${out.logits!.data}`);
      }
      // after the exposed tensor comes the pooler and classifier only: no layer norm, no attention
      assert.ok(!head.ops.includes('ReduceMean') && !head.ops.includes('Softmax'), head.ops.join(' '));
      // and the second-to-last layer's output does not give the logits (the check can fail)
      const early = { ...alone.hiddenStates!, shape: [6, ...alone.hiddenStates!.shape.slice(1)] };
      const wrong = await logitsFromHidden(head, lastTensor, early, alone.encoding.tokens.length);
      assert.ok(maxAbsDiff(wrong, alone.logits!.data) > 1e-3);
      await head.release();
    });

    it('aligns words to sub-tokens exactly when a word splits into several pieces', () => {
      const encoding = model.encode('Unbelievably, the acting was disappointing.');
      const words = encoding.words.map((w) => [w.text, encoding.tokens.slice(w.tokenStart, w.tokenEnd).join(' ')]);
      assert.deepEqual(words, [
        ['Unbelievably,', 'unb ##el ##ie ##v ##ably ,'],
        ['the', 'the'],
        ['acting', 'acting'],
        ['was', 'was'],
        ['disappointing.', 'disappoint ##ing .'],
      ]);
      const natural = model.encode("Unbelievably, it doesn't work.", 'natural');
      assert.deepEqual(
        natural.words.map((w) => [w.text, w.charStart, natural.tokens.slice(w.tokenStart, w.tokenEnd).join(' ')]),
        [
          ['Unbelievably', 0, 'unb ##el ##ie ##v ##ably'],
          [',', 12, ','],
          ['it', 14, 'it'],
          ['doesn', 17, 'doesn'],
          ["'", 22, "'"],
          ['t', 23, 't'],
          ['work', 25, 'work'],
          ['.', 29, '.'],
        ],
      );
    });

    it('pools word vectors from the first sub-token or the mean of all of them', () => {
      const out = batched[0];
      const first = model.wordVectors(out, 'first');
      const mean = model.wordVectors(out, 'mean');
      const words = out.encoding.words;
      const [layers, seq, size] = out.hiddenStates!.shape;
      assert.deepEqual(first.shape, [layers, words.length, size]);
      const w = words.findIndex((word) => word.tokenEnd - word.tokenStart > 1);
      assert.ok(w >= 0, 'the sentence needs a word of several sub-tokens');
      const { tokenStart, tokenEnd } = words[w];
      for (const layer of [0, layers - 1]) {
        for (const d of [0, 17, size - 1]) {
          const at = (t: number) => out.hiddenStates!.data[(layer * seq + t) * size + d];
          let sum = 0;
          for (let t = tokenStart; t < tokenEnd; t++) sum += at(t);
          assert.ok(Math.abs(first.data[(layer * words.length + w) * size + d] - at(tokenStart)) < 1e-6);
          assert.ok(Math.abs(mean.data[(layer * words.length + w) * size + d] - sum / (tokenEnd - tokenStart)) < 1e-5);
        }
      }
    });

    it('reads the input word embeddings from the initializers (dequantized for q8)', async () => {
      const embeddings = model.inputEmbeddings();
      assert.deepEqual(embeddings.shape, [8000, 128]);
      const reference = await loadModel(SENTIMENT, { precision: 'fp32', cacheDir: false });
      const exact = reference.inputEmbeddings();
      // q8 stores one byte per weight: dequantized values sit within one quantization step of the fp32 ones
      assert.ok(maxAbsDiff(embeddings.data, exact.data) < (precision === 'fp32' ? 1e-9 : 0.02));
      const id = model.tokenToId('film')!;
      assert.equal(model.idToToken(id), 'film');
      await reference.dispose();
    });

    it('runs non-Latin and emoji text, with words aligned to the tokens they became', async () => {
      const text = 'Günther 😀 loved 東京 and Москва!';
      const [out] = await model.run([text], { logits: true, hiddenStates: true, attentions: true });
      assert.ok(Array.from(out.logits!.data).every(Number.isFinite));
      assert.ok(Array.from(out.attentions!.data).every(Number.isFinite));
      const spans = out.encoding.words.map((w) => out.encoding.tokens.slice(w.tokenStart, w.tokenEnd).join(' '));
      assert.equal(spans[0], 'gun ##ther'); // accents stripped by the uncased normaliser
      assert.equal(spans[2], 'loved');
      assert.equal(out.encoding.words[1].text, '😀');
      assert.ok(out.encoding.words.every((w) => w.tokenEnd > w.tokenStart), 'every word maps to at least one token');
      assert.equal(out.encoding.words.at(-1)!.tokenEnd, out.encoding.tokens.length - 1);
    });

    it('truncates a text longer than the maximum positions, with a warning naming the limit', async () => {
      const warnings: string[] = [];
      const warned = await loadModel(SENTIMENT, { precision, cacheDir: false, onWarning: (m) => warnings.push(m) });
      const text = Array(80).fill('the film was great').join(' ');
      const [out] = await warned.run([text], { logits: true, attentions: true });
      assert.equal(out.encoding.truncated, true);
      assert.equal(out.encoding.tokens.length, 128);
      assert.equal(out.encoding.tokens.at(-1), '[SEP]');
      assert.deepEqual(out.attentions!.shape, [6, 4, 128, 128]);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /maximum of 128 positions/);
      const cut = out.encoding.words.at(-1)!;
      assert.equal(cut.tokenStart, cut.tokenEnd, 'a word past the limit has an empty span');
      await warned.dispose();
    });
  });
}
