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
} from 'sesame';
import { NAMED_REVIEWS, POSITIVE_REVIEWS, REVIEWS } from './data/reviews.js';

const THINGS = ['film', 'book', 'meal', 'phone', 'hotel', 'album', 'show', 'camera'];
const GOOD = ['good', 'great', 'wonderful', 'excellent', 'enjoyable', 'lovely'];
const BAD = ['bad', 'awful', 'terrible', 'boring', 'dreadful', 'disappointing'];

suite('sentiment robustness', {
  version: 1,
  models: { pretrained: 'fixtures/models/tiny-bert-base', finetuned: 'fixtures/models/tiny-bert-sentiment' },
}, () => {
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
