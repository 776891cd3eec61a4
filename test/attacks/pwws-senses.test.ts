import { expect } from 'chai';
import { pluralNoun, singularNoun } from '../../attacks/internal/inflection.js';
import { tagTokens } from '../../attacks/internal/pos.js';
import { LIGHT_WORDS, synonymCandidates } from '../../attacks/internal/synonym-candidates.js';
import { signature, WordNetSynonyms } from '../../attacks/internal/wordnet.js';
import { WordNetFiles } from '../../attacks/internal/wordnet-files.js';
import { parseSentence, splitAffixes } from '../../attacks/internal/words.js';
import { pwws } from '../../attacks/recipes/pwws.js';

/** Candidates for one word of a sentence, as PWWS sees them (sentence context included). */
function candidates(text: string, word: string, options = {}): string[] {
  const parsed = parseSentence(text);
  const tags = tagTokens(parsed);
  const cores = parsed.tokens.map((t) => splitAffixes(t.text).core);
  const i = cores.indexOf(word);
  expect(i, word).to.be.at.least(0);
  return synonymCandidates(word, tags[i], options, cores);
}

describe('PWWS candidates: senses, light words, plurals', () => {
  it('pluralNoun gives a plural that singularises back to the noun: min → mins, never mines', () => {
    expect(pluralNoun('min')).to.not.equal('mines');
    for (const noun of ['min', 'minute', 'box', 'horse', 'knife', 'city', 'movie', 'glass', 'child', 'waiter', 'dish', 'mine']) {
      expect(singularNoun(pluralNoun(noun)), noun).to.equal(noun);
    }
  });

  it('a re-inflected synonym leads back to its lemma: "minutes" never becomes "mines"', () => {
    expect(candidates('We waited twenty minutes for a table.', 'minutes', { senseChoice: false })).to.not.include('mines');
  });

  it('SemCor tag counts are read from index.sense (film: 38 of its 64 tags are the movie sense)', () => {
    const files = WordNetFiles.fromWordnetDb();
    const counts = files.tagCounts('film', 'noun');
    const movieSense = files.senses('film', 'noun').offsets[0];
    expect(counts.get(movieSense)).to.equal(38);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).to.equal(64);
  });

  it('the sorted-line searches find the first and last lemma of an index, and nothing for an absent or empty one', () => {
    const files = WordNetFiles.fromWordnetDb();
    expect(files.senses("'hood", 'noun')).to.deep.equal({ offsets: [8659519], tagged: 0 });
    expect(files.senses('zyrian', 'noun')).to.deep.equal({ offsets: [6969782], tagged: 0 });
    expect([...files.tagCounts("'hood", 'noun')]).to.deep.equal([[8659519, 0]]);
    expect([...files.tagCounts('zyrian', 'noun')]).to.deep.equal([[6969782, 0]]);
    for (const absent of ['', ' ', 'aaaaaa', 'zzzzzz', 'filmz']) {
      expect(files.senses(absent, 'noun'), absent).to.deep.equal({ offsets: [], tagged: 0 });
      expect(files.tagCounts(absent, 'noun').size, absent).to.equal(0);
    }
  });

  it('Lesk picks the sense the sentence talks about; ties go to the more frequent sense', () => {
    const money = WordNetSynonyms.senseInContext('bank', 'n', signature('she deposited the money in her account at the bank'), { frequentOnly: true })!;
    const river = WordNetSynonyms.senseInContext('bank', 'n', signature('they pulled the canoe up on the sloping land beside the river'), { frequentOnly: true })!;
    expect(money.overlap).to.be.greaterThan(0);
    expect(river.overlap).to.be.greaterThan(0);
    expect(money.rank).to.not.equal(river.rank);
    expect(WordNetSynonyms.senseInContext('bank', 'n', new Set(), { frequentOnly: true })!.rank).to.equal(1);
  });

  it('a word with several common senses and no clue gets no synonym (call → scream/phone); a dominant sense does (film → movie)', () => {
    expect(candidates('Never call them again.', 'call')).to.deep.equal([]);
    expect(candidates('Never call them again.', 'call', { senseChoice: false })).to.include.members(['phone', 'telephone']);
    expect(candidates('The film was long.', 'film')).to.include('movie');
  });

  it('light verbs and discourse adverbs are never swapped (have, take, still)', () => {
    expect(LIGHT_WORDS.v.has('take') && LIGHT_WORDS.r.has('still')).to.equal(true);
    expect(candidates('We take the bus.', 'take', { senseChoice: false })).to.deep.equal([]);
    expect(candidates('The soup was still warm.', 'still', { senseChoice: false })).to.deep.equal([]);
  });

  it('PWWS re-tags the perturbed sentence: partOfSpeech is one of its constraints', () => {
    expect(pwws().constraints.map((c) => c.name)).to.include('partOfSpeech');
  });
});
