/**
 * Sentiment robustness of the fine-tuned classifier, CheckList style: typos, synonyms, negation,
 * names, and a search attack. Thresholds are what a team would accept before shipping a fine-tune;
 * a failure here is a weakness of the model, shown with its minimal counterexamples.
 */
import {
  attackSuccessBelow,
  charNoise,
  deepwordbug,
  describe,
  directionalUnder,
  entitySwap,
  expectLabels,
  invariantUnder,
  it,
  keyboardTypos,
  negation,
  prepareSynonyms,
  suite,
  synonyms,
  template,
  textfooler,
  type LabelledCase,
} from 'sesame';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { NAMED_REVIEWS, POSITIVE_REVIEWS, REVIEWS } from './data/reviews.js';

/** Reviews written and labelled by hand (the attack data set): an MFT over a list judges each exactly once. */
const LABELLED_REVIEWS: LabelledCase[] = readFileSync(path.resolve(import.meta.dirname, '..', 'fixtures', 'data', 'sentiment-attack.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as LabelledCase);

const THINGS = ['film', 'book', 'meal', 'phone', 'hotel', 'album', 'show', 'camera'];
const GOOD = ['good', 'great', 'wonderful', 'excellent', 'enjoyable', 'lovely'];
const BAD = ['bad', 'awful', 'terrible', 'boring', 'dreadful', 'disappointing'];

suite('sentiment robustness', {
  // 2: synonyms keep to common senses and the word's sentiment; hand-labelled reviews added.
  version: 2,
  models: { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'fixtures/models/tiny-bert-sentiment' },
}, () => {
  describe('labelled reviews', () => {
    it('labels hand-labelled reviews correctly', expectLabels(LABELLED_REVIEWS, { minPassRate: 0.8, capability: 'hand-labelled reviews' }));
  });

  describe('typos', () => {
    it('keeps its label when one word has a keyboard slip', invariantUnder((s) => keyboardTypos(s, { maxWords: 1 }), { sentences: REVIEWS, minPassRate: 0.9 }));
    it('keeps its label under character noise in up to two words', invariantUnder((s) => charNoise(s, { maxWords: 2 }), { sentences: REVIEWS, minPassRate: 0.85 }));
  });

  describe('synonyms', () => {
    it('keeps its label when a word becomes a WordNet synonym', invariantUnder((s) => synonyms(s, { maxWords: 1 }), { sentences: REVIEWS, minPassRate: 0.85, prepare: prepareSynonyms }));
  });

  describe('negation', () => {
    it('negating a positive review lowers P(POSITIVE)', directionalUnder((s) => negation(s, { direction: 'add' }), {
      sentences: POSITIVE_REVIEWS, label: 'POSITIVE', direction: 'decrease', minPassRate: 0.8,
    }));
    it('"The X was not <good>." is negative', expectLabels(template('The {thing} was not {good}.', { thing: THINGS, good: GOOD }, 'NEGATIVE'), { minPassRate: 0.9, capability: 'negated positive adjective' }));
    it('"The X was not <bad>." is not negative', expectLabels(template('The {thing} was not {bad}.', { thing: THINGS, bad: BAD }, 'POSITIVE'), { minPassRate: 0.7, capability: 'negated negative adjective' }));
  });

  describe('names', () => {
    it('who is named does not change the label', invariantUnder((s) => entitySwap(s, { kinds: ['names'], maxWords: 1 }), { sentences: NAMED_REVIEWS, minPassRate: 0.95 }));
  });

  describe('attacks', () => {
    it('TextFooler flips at most half of the reviews within 300 queries', attackSuccessBelow(textfooler(), { examples: REVIEWS, maxSuccessRate: 0.5, budget: 300 }));
    it('DeepWordBug flips at most half of the reviews within 300 queries', attackSuccessBelow(deepwordbug(), { examples: REVIEWS, maxSuccessRate: 0.5, budget: 300 }));
  });
});
