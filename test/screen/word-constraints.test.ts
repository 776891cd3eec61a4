import { expect } from 'chai';
import { pwws } from '../../attacks/recipes/pwws.js';
import { textfooler } from '../../attacks/recipes/textfooler.js';
import { senseRelation } from '../../attacks/internal/sense-relation.js';
import { applyEdits, parseSentence } from '../../attacks/internal/words.js';
import type { WordEdit } from '../../src/report/types.js';
import { takesAn } from '../../src/screen/constraints/word-class.js';
import { grammaticalNumber, polarityStrength, wordClass, wordSense, type Constraint, type ScreenPair } from '../../src/screen/index.js';

/** A pair from an original and replacements of whitespace words by index. */
function pair(original: string, swaps: Record<number, string>): ScreenPair {
  const tokens = parseSentence(original).tokens;
  const edits: WordEdit[] = Object.entries(swaps).map(([i, to]) => ({ index: Number(i), from: tokens[Number(i)].text, to }));
  return { original, perturbed: applyEdits(parseSentence(original), edits), edits };
}

/** Each case: [sentence, word index, replacement, passes?]; checked in one batch, failures name the case and reason. */
async function expectVerdicts(c: Constraint, cases: Array<[string, number, string, boolean]>): Promise<void> {
  const scores = await c.check(cases.map(([s, i, to]) => pair(s, { [i]: to })));
  cases.forEach(([s, i, to, pass], k) => expect(scores[k].pass, `${c.name}: ${s} [${i}] → ${to}: ${scores[k].reason}`).to.equal(pass));
}

describe('word-level constraints for textfooler and pwws (issue 9)', () => {
  it('grammaticalNumber: a noun keeps its number (mass and collective nouns are singular), a present verb its person', async () => {
    await expectVerdicts(grammaticalNumber(), [
      ['The lamp is too bright.', 1, 'lamps', false],
      ['The lamp is too bright.', 1, 'light', true],
      ['The soldiers were marching through the town.', 1, 'army', false],
      ['The soldiers were marching through the town.', 1, 'troops', true],
      ['The flowers are lovely.', 1, 'foliage', false],
      ['The windows were dirty.', 1, 'window', false],
      ['She walks to work.', 1, 'walk', false],
      ['She walks to work.', 1, 'strolls', true],
      ['They walk to work.', 1, 'walks', false],
      ['The lamp is too bright.', 1, 'lmap', true], // a typo: not judged
    ]);
    const [changed] = await grammaticalNumber().check([pair('The flowers are lovely.', { 1: 'foliage' })]);
    expect(changed.reason).to.equal('grammatical number changed: flowers (plural) → foliage (singular)');
  });

  it('wordClass: the new word fits the slot: a/an, a noun or adjective after a determiner, a verb after "to" or where the word is mostly a verb, an adjective after a linking verb', async () => {
    await expectVerdicts(wordClass(), [
      ['The phone is easy to use.', 5, 'utilization.', false],
      ['The phone is easy to use.', 5, 'operate.', true],
      ["I didn't laugh once during the show.", 6, 'demonstrate.', false],
      ["I didn't laugh once during the show.", 6, 'performance.', true],
      ['I am very happy with this purchase.', 6, 'acquire.', false],
      ['I am very happy with this purchase.', 6, 'buy.', true], // "a good buy": WordNet has the noun
      ['It survived without a single leak.', 4, 'individual', false],
      ['It survived without a single leak.', 4, 'lone', true],
      ['We waited for an hour.', 4, 'minute.', false],
      ['The doctors were kind to us.', 3, 'form', false],
      ['The doctors were very kind to us.', 4, 'nice', true],
      ['The doctors were kind to us.', 3, 'nice', true],
      // laugh is a verb in 79% of its SemCor tags and nothing before it opens a noun phrase (the tagger says noun)
      ['It made the whole family laugh.', 5, 'laughter.', false],
      ['It made the whole family laugh.', 5, 'chuckle.', true],
      ['We had a good laugh.', 4, 'laughter.', true], // "a good" opens a noun phrase
    ]);
    expect(['hour', 'honest', 'apple', 'umbrella', 'under'].map(takesAn)).to.deep.equal([true, true, true, true, true]);
    expect(['unit', 'useful', 'one', 'book', 'european'].map(takesAn)).to.deep.equal([false, false, false, false, false]);
  });

  it('wordSense: synonyms, similar adjectives and hyper/hyponyms in common senses pass; co-hyponyms, cluster siblings, rare senses and unlinked words fail', async () => {
    await expectVerdicts(wordSense(), [
      ['The charger broke within a week.', 5, 'month.', false], // co-hyponyms: two time units
      ['These boots are comfortable.', 1, 'shoes', false],
      ['My vacuum picks up the cat hair.', 5, 'dog', false],
      ['The road between the villages was closed.', 1, 'highway', true], // a hyponym
      ['The teacher explained everything.', 1, 'instructor', true], // a synonym
      ['John said the tour was awful.', 3, 'circuit', false], // circuit means "tour" in 43% of its SemCor tags
      ['A clever, funny book.', 2, 'hilarious', false], // two satellites of "humorous"
      ['An exciting game with beautiful graphics.', 4, 'gorgeous', true], // gorgeous is similar to beautiful
      ['It prints quickly.', 2, 'speedily.', true],
      ['He explained everything clearly.', 3, 'certainly.', false],
      ['Our guide was patient.', 1, 'maneuver', false], // no link at all
      ['Our guide was patient.', 1, 'gyide', true], // a typo: not judged
    ]);
    expect(senseRelation('week', 'month', 'n').kind).to.equal('co-hyponym');
    expect(senseRelation('worker', 'employee', 'n')).to.include({ kind: 'hyponym' });
    expect(senseRelation('help', 'assist', 'v')).to.include({ kind: 'synonym' });
  });

  it('polarityStrength: weakening the sentiment or leaving the review-adjective lexicon fails; strengthening passes', async () => {
    await expectVerdicts(polarityStrength(), [
      ['A forgettable movie with a terrible script.', 5, 'frightening', false], // Pattern −1 → −0.5
      ['A horrible place for lunch.', 1, 'fearsome', false], // Pattern rates horrible −1, fearsome not at all
      ['Her performance is simply wonderful.', 4, 'marvelous.', true],
      ['A clever, funny book.', 2, 'hilarious', true],
      ['A pleasant light in the room.', 2, 'illumination', true], // light the noun is not the review adjective
    ]);
    const [weak] = await polarityStrength().check([pair('A terrible script.', { 1: 'frightening' })]);
    expect(weak.reason).to.equal('terrible → frightening (Pattern −1.00 → −0.50) weakens the sentiment by 0.50');
    expect(weak.values).to.deep.include({ lexicon: 'Pattern', before: -1, after: -0.5 });
  });

  it('textfooler and pwws search under these constraints', () => {
    for (const recipe of [textfooler(), pwws()]) {
      expect(recipe.constraints.map((c) => c.name)).to.include.members(['polarityStrength', 'grammaticalNumber', 'wordClass', 'wordSense']);
    }
  });
});
