import { expect } from 'chai';
import { applyEdits, parseSentence } from '../../attacks/internal/words.js';
import type { WordEdit } from '../../src/report/types.js';
import {
  editDistance,
  maxWordsPerturbed,
  negation,
  partOfSpeech,
  passingPairs,
  polarity,
  screenPairs,
  wordCosine,
  type Constraint,
  type ScreenPair,
} from '../../src/screen/index.js';

/** A pair from an original and replacements of whitespace words by index. */
function pair(original: string, swaps: Record<number, string>): ScreenPair {
  const tokens = parseSentence(original).tokens;
  const edits: WordEdit[] = Object.entries(swaps).map(([i, to]) => ({ index: Number(i), from: tokens[Number(i)].text, to }));
  return { original, perturbed: applyEdits(parseSentence(original), edits), edits };
}

const one = async (c: Constraint, p: ScreenPair) => (await c.check([p]))[0];

describe('constraints as objects', () => {
  it('polarity rejects opposite and lost sentiment, keeps same-sign swaps and typos, and records before/after', async () => {
    const c = polarity();
    const flipped = await one(c, pair('The hotel staff were charming.', { 4: 'impatient.' }));
    expect(flipped.pass).to.equal(false);
    expect(flipped.reason).to.match(/^charming → impatient flips the sentiment \(\+0\.60 → −0\.40\)/);
    expect(flipped.values).to.deep.equal({ word: 'charming', replacement: 'impatient', before: 0.6, after: -0.4 });
    // A polar word made into another, unrated, real word: the typo recipe's hate → ate.
    const lost = await one(c, pair('I hate this phone.', { 1: 'ate' }));
    expect(lost.pass).to.equal(false);
    expect(lost.reason).to.contain('loses a negative sentiment');
    expect((await one(c, pair('I hate this phone.', { 1: 'hte' }))).pass).to.equal(true); // a misspelling
    expect((await one(c, pair('A terrible film.', { 1: 'awful' }))).pass).to.equal(true);
    expect((await one(c, pair('A wonderful film.', { 1: 'wretched' }))).pass).to.equal(false); // wretched: spread over WordNet
    expect((await one(c, pair('A terrible film.', { 2: 'movie.' }))).pass).to.equal(true);
    expect((await one(c, pair('A quiet day.', { 2: 'disaster.' }))).pass).to.equal(false); // AFINN −2: strongly polar at the default 0.4
    expect((await one(polarity({ strong: 0.5 }), pair('A quiet day.', { 2: 'disaster.' }))).pass).to.equal(true);
  });

  it('negation rejects an edit that adds or removes a negation, by word, contraction, typo or prefix', async () => {
    const c = negation();
    const cases: Array<[ScreenPair, boolean]> = [
      [pair('I did not hate it.', { 2: 'hot' }), false], // a typo that destroys "not"
      [pair('It never felt rushed.', { 1: 'nevern' }), true], // a misspelt negator is still read as one
      [pair('I did hate it.', { 1: "didn't" }), false],
      [pair('I like this film.', { 1: 'dislike' }), false],
      [pair('A happy ending.', { 1: 'unhappy' }), false],
      [pair('An unkind remark.', { 1: 'kind' }), false],
      [pair('I never liked it.', { 1: 'always' }), false],
      [pair("I don't like it.", { 1: 'do not' }), true], // contraction expanded: one negation either way
      [pair('I did not like it.', { 3: 'enjoy' }), true],
      [pair('A dishonest seller.', { 1: 'deceitful' }), true], // a negative word kept negative: no prefix added or removed
    ];
    for (const [p, pass] of cases) expect((await one(c, p)).pass, `${p.original} → ${p.perturbed}`).to.equal(pass);
    const prefixed = await one(c, pair('I like this film.', { 1: 'dislike' }));
    expect(prefixed.reason).to.equal('adds the negating prefix dis- (like → dislike)');
    expect((await one(c, pair('I did not hate it.', { 2: 'hot' }))).reason).to.equal('removes a negation (not → hot)');
  });

  it('part of speech compares swapped words in context and leaves typos the tagger cannot read alone', async () => {
    const c = partOfSpeech();
    expect((await one(c, pair('The film was great.', { 3: 'fine.' }))).pass).to.equal(true);
    const changed = await one(c, pair('The film was great.', { 3: 'quickly.' }));
    expect(changed.pass).to.equal(false);
    expect(changed.reason).to.match(/^part of speech changed: great\/JJ → quickly\/RB/);
    // Words are aligned across an insertion: "great" is still compared with "fine", one place later.
    const inserted = { original: 'The film was great.', perturbed: 'The film was really fine.', edits: [{ index: 3, from: '', to: 'really' }, { index: 3, from: 'great.', to: 'fine.' }] };
    expect(await one(c, inserted)).to.include({ pass: true, score: 1 });
    const typo = await one(c, pair('The film was great.', { 3: 'graet.' }));
    expect(typo).to.include({ pass: true, score: null });
  });

  it('word budget and edit distance count what changed', async () => {
    const p = pair('one two three four five six seven eight nine ten', { 1: 'x', 4: 'y', 7: 'z' });
    expect(await one(maxWordsPerturbed({ fraction: 0.3 }), p)).to.include({ pass: true, score: 0.3 });
    expect((await one(maxWordsPerturbed({ fraction: 0.2 }), p)).pass).to.equal(false);
    expect(() => maxWordsPerturbed({ fraction: 0 })).to.throw(RangeError);
    expect(() => maxWordsPerturbed({})).to.throw(RangeError);
    expect(await one(maxWordsPerturbed({ max: 3 }), p)).to.include({ pass: true });
    expect(await one(maxWordsPerturbed({ max: 2 }), p)).to.deep.include({ pass: false, reason: '3 of 10 words changed (over the limit of 2)' });
    expect((await one(maxWordsPerturbed({ max: 3, fraction: 0.2 }), p)).pass, 'the smaller limit wins').to.equal(false);
    const typos = pair('a terrible film', { 1: 'terirble', 2: 'flim' });
    expect(await one(editDistance({ max: 2 }), typos)).to.include({ pass: true, score: 2 });
    expect((await one(editDistance({ max: 1 }), typos)).pass).to.equal(false);
  });

  it('word cosine thresholds the lowest measured swap and says which swaps the space cannot measure', async () => {
    const space = new Map([['great|fine', 0.7], ['film|movie', 0.9], ['film|flick', 0.3]]);
    const c = wordCosine({ similarity: (a, b) => space.get(`${a}|${b}`), space: 'a test space', min: 0.5 });
    expect(await one(c, pair('A great film.', { 1: 'fine', 2: 'movie.' }))).to.include({ pass: true, score: 0.7 });
    const low = await one(c, pair('A great film.', { 2: 'flick.' }));
    expect(low).to.include({ pass: false, score: 0.3 });
    expect(low.reason).to.equal('film → flick cosine 0.30 is below 0.5 in a test space');
    const unknown = await one(c, pair('A great film.', { 1: 'grate' }));
    expect(unknown).to.include({ pass: true, score: null });
    expect(unknown.reason).to.contain('great → grate not in a test space');
  });

  it('the screen keys scores by constraint name: valid lists every reason, invalid only the failing ones', async () => {
    const constraints = [partOfSpeech(), polarity(), negation()];
    const [valid, invalid] = await screenPairs([pair('A terrible film.', { 1: 'awful' }), pair('A charming film.', { 1: 'impatient' })], constraints);
    expect(Object.keys(valid.constraints)).to.deep.equal(['partOfSpeech', 'polarity', 'negation']);
    expect(valid.screen.valid).to.equal(true);
    expect(valid.screen.reasons).to.have.length(3);
    expect(invalid.screen).to.deep.equal({ valid: false, reasons: [invalid.constraints.polarity.reason] });
    try {
      await screenPairs([], [negation(), negation()]);
      expect.fail('two constraints with one name must be refused');
    } catch (e) {
      expect((e as Error).message).to.contain('two constraints are named "negation"');
    }
  });

  it('passingPairs checks constraints in order on the survivors only', async () => {
    const seen: number[] = [];
    const counting: Constraint = { name: 'count', description: '', check: (ps) => ps.map(() => (seen.push(ps.length), { pass: true, score: null, reason: '' })) };
    const pairs = [pair('I like it.', { 1: 'dislike' }), pair('I like it.', { 1: 'love' }), pair('I like it.', { 1: 'enjoy' })];
    expect(await passingPairs(pairs, [negation(), counting])).to.deep.equal([false, true, true]);
    expect(seen).to.deep.equal([2, 2]); // the counting constraint saw the two survivors, once
  });
});
