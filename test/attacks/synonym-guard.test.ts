import { expect } from 'chai';
import fc from 'fast-check';
import { synonyms } from '../../attacks/index.js';
import { keepsPolarity, wordPolarity } from '../../attacks/internal/polarity.js';
import { synonymCandidates } from '../../attacks/internal/synonym-candidates.js';
import { WordNetSynonyms } from '../../attacks/internal/wordnet.js';
import { pwws } from '../../attacks/recipes/index.js';

const UNFILTERED = { frequentSenses: false, polarityGuard: false, senseChoice: false } as const;

describe('synonyms: sense frequency and polarity guard', () => {
  it('reads prior polarity from AFINN first, then Pattern; unknown words have none', () => {
    expect(wordPolarity('amazing')).to.equal(0.8); // AFINN +4
    expect(wordPolarity('awful')).to.equal(-0.6); // AFINN −3
    expect(wordPolarity('tedious')).to.equal(-0.5); // not in AFINN: Pattern
    expect(wordPolarity('thriftlessness')).to.equal(undefined);
  });

  it('keeps the sign: opposite polarity is rejected, and a neutral word may not become a strongly polar one', () => {
    expect(keepsPolarity('amazing', 'awful')).to.equal(false);
    expect(keepsPolarity('big', 'bad')).to.equal(false);
    expect(keepsPolarity('terrible', 'awful')).to.equal(true);
    expect(keepsPolarity('good', 'beneficial')).to.equal(true); // beneficial: in no lexicon, so neutral
    expect(keepsPolarity('film', 'movie')).to.equal(true);
    expect(keepsPolarity('film', 'disaster', { strong: 0.5 })).to.equal(true); // AFINN −2 = −0.4: below a "strong" of 0.5…
    expect(keepsPolarity('film', 'disaster')).to.equal(false); // …the default 0.4 rejects it
    expect(keepsPolarity('day', 'terrible')).to.equal(false);
  });

  it('WordNet alone offers "awful" for "amazing" (awe-inspiring sense); the default candidates never do', () => {
    expect(synonymCandidates('amazing', 'JJ', UNFILTERED)).to.include('awful');
    expect(synonymCandidates('amazing', 'JJ')).to.not.include('awful');
    // Each filter on its own is enough: awful is opposite in sentiment, and awe-inspiring is awful's 6th, untagged sense.
    expect(synonymCandidates('amazing', 'JJ', { frequentSenses: false })).to.not.include('awful');
    expect(synonymCandidates('amazing', 'JJ', { polarityGuard: false })).to.not.include('awful');
    expect(synonymCandidates('amazing', 'JJ')).to.include('astonishing');
  });

  it('the polarity guard drops opposite-sentiment senses the frequency filter keeps: big → bad, funny → suspicious', () => {
    expect(synonymCandidates('big', 'JJ', { polarityGuard: false })).to.include('bad');
    expect(synonymCandidates('big', 'JJ')).to.not.include('bad');
    expect(synonymCandidates('big', 'JJ')).to.include('large');
    expect(synonymCandidates('funny', 'JJ', { polarityGuard: false })).to.include.members(['odd', 'suspicious']);
    expect(synonymCandidates('funny', 'JJ')).to.not.include.any.members(['odd', 'suspicious']);
    expect(synonymCandidates('funny', 'JJ')).to.include('comic');
  });

  it('real synonyms survive both filters', () => {
    expect(synonymCandidates('good', 'JJ')).to.include.members(['beneficial', 'respectable', 'proficient']);
    expect(synonymCandidates('terrible', 'JJ')).to.include.members(['awful', 'dreadful']);
    expect(synonymCandidates('boring', 'JJ')).to.include.members(['dull', 'tedious']);
    expect(synonymCandidates('film', 'NN')).to.include.members(['movie', 'picture']);
    expect(synonymCandidates('enjoy', 'VB')).to.include.members(['relish', 'savor']);
  });

  it('rare forms SemCor never tagged are dropped: waste → thriftlessness', () => {
    expect(WordNetSynonyms.synonyms('waste', 'n')).to.include('thriftlessness');
    expect(WordNetSynonyms.synonyms('waste', 'n', { frequentOnly: true })).to.not.include('thriftlessness');
    // maxSenses keeps to the first senses: waste's wastefulness sense is its 3rd.
    expect(WordNetSynonyms.synonyms('waste', 'n', { maxSenses: 2 })).to.not.include('thriftlessness');
  });

  it('the perturbation never turns an amazing review awful; with both filters off it does', () => {
    const sentence = 'The headphones sound amazing.';
    const texts = (options = {}) => new Set(fc.sample(synonyms(sentence, { maxWords: 2, maxCandidates: 100, ...options }), { seed: 3, numRuns: 300 }).map((r) => r.text));
    const awful = [...texts(UNFILTERED)].filter((t) => t.includes('awful'));
    expect(awful.length).to.be.greaterThan(0);
    expect([...texts()].filter((t) => t.includes('awful'))).to.deep.equal([]);
  });

  it('PWWS draws the same guarded candidates, unless told otherwise', () => {
    const context = { original: { tokens: [{ text: 'amazing' }] }, tags: ['JJ'] } as unknown as Parameters<ReturnType<typeof pwws>['substitutes']>[0];
    expect(pwws().substitutes(context, 0).map((s) => s.word)).to.not.include('awful');
    expect(pwws(UNFILTERED).substitutes(context, 0).map((s) => s.word)).to.include('awful');
  });
});
