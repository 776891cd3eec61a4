/**
 * One check per capability, for any architecture: a classifier's labels, a perturbation (INV), a search attack, a
 * probe and attention. Written to be run against each architecture's pair (issue 13):
 *   npx sesame run suites/architectures.suite.ts --pretrained fixtures/models/tiny-gpt2-base --finetuned fixtures/models/tiny-gpt2-sentiment
 * The defaults are the GPT-2 pair: a decoder (causal attention, read at the last token, byte-level BPE).
 */
import {
  attackSuccessBelow,
  attentionConfusion,
  attentionShift,
  describe,
  expectLabels,
  invariantUnder,
  it,
  keyboardTypos,
  probeRetention,
  suite,
  textfooler,
  type LabelledCase,
} from 'sesame';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REVIEWS } from './data/reviews.js';

const LABELLED_REVIEWS: LabelledCase[] = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'data', 'sentiment-attack.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledCase)
  .slice(0, 50);

suite('every architecture: one check per capability', {
  version: 1,
  models: { pretrained: 'fixtures/models/tiny-gpt2-base', finetuned: 'fixtures/models/tiny-gpt2-sentiment' },
}, () => {
  it('labels 50 hand-labelled reviews', expectLabels(LABELLED_REVIEWS, { minPassRate: 0.5, capability: 'hand-labelled reviews' }));
  it('keeps its label when one word has a keyboard slip', invariantUnder((s) => keyboardTypos(s, { maxWords: 1 }), { sentences: REVIEWS, minPassRate: 0.8 }));
  it('TextFooler flips at most 80% of 20 reviews within 100 queries', attackSuccessBelow(textfooler(), { examples: REVIEWS.slice(0, 20), maxSuccessRate: 0.8, budget: 100 }));
  it('keeps ≥ 80% of the main-auxiliary probe accuracy at every layer', probeRetention({ task: 'aux', sizes: { train: 200, test: 100, gen: 100 }, minRetention: 0.8 }));
  it('no head moves its attention by more than 0.9 bits', attentionShift({ maxJsd: 0.9 }));
  it('fine-tuning raises the verb→subject confusion by at most 1 bit at any layer', attentionConfusion({ maxIncrease: 1 }));
});
