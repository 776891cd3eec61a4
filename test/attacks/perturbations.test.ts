import { expect } from 'chai';
import fc from 'fast-check';
import {
  casing, charNoise, contractions, entitySwap, inflections, keyboardTypos, negation, ocrConfusions, prepareSynonyms, punctuation,
  synonyms, whitespace, type Perturbation, type PerturbationResult,
} from '../../attacks/index.js';
import { KEYBOARD_NEIGHBOURS, damerauLevenshtein, ocrConfusions as confusionsOf } from '../../attacks/internal/char-edits.js';
import { FEMALE_NAMES, MALE_NAMES, NUMBER_WORDS, PLACES } from '../../attacks/internal/entities.js';
import { flipVerbNumber, pluralNoun, singularNoun } from '../../attacks/internal/inflection.js';
import { tagTokens } from '../../attacks/internal/pos.js';
import { synonymCandidates } from '../../attacks/internal/synonym-candidates.js';
import natural from '../../attacks/internal/natural.js';
import { WordNetSynonyms } from '../../attacks/internal/wordnet.js';
import { applyEdits, parseSentence, splitAffixes, words } from '../../attacks/internal/words.js';
import type { WordEdit } from '../../src/report/types.js';
import { reviewSentence, reviewSentencesSample } from './generated-sentences.js';

const RUNS = 60;
const core = (token: string) => splitAffixes(token).core;

/** Checks that hold for every family: the edit record explains the new text exactly, and nothing else changed. */
function checkEditRecord(result: PerturbationResult): void {
  if (!result.applicable) {
    expect(result.text).to.equal(result.original);
    expect(result.edits).to.deep.equal([]);
    expect(result.reason).to.be.a('string').and.not.equal('');
    return;
  }
  expect(result.text).to.not.equal(result.original);
  const parsed = parseSentence(result.original);
  expect(applyEdits(parsed, result.edits)).to.equal(result.text);
  // Untouched words survive verbatim and in order.
  const touched = new Set(result.edits.filter((e) => e.from !== '').map((e) => e.index));
  const kept = parsed.tokens.map((t, i) => (touched.has(i) ? null : t.text)).filter((t) => t !== null);
  const remaining = words(result.text);
  let k = 0;
  for (const w of remaining) if (k < kept.length && w === kept[k]) k++;
  expect(k, `untouched words of "${result.original}" all appear in "${result.text}"`).to.equal(kept.length);
}

/** Runs a family over generated sentences: the shared checks plus the family's own check on each edit. */
function propertyOf(perturb: Perturbation, checkEdit: (edit: WordEdit, result: PerturbationResult) => void, sentences = reviewSentence): void {
  fc.assert(
    fc.property(sentences.chain((s) => perturb(s)), (result) => {
      checkEditRecord(result);
      if (result.applicable) for (const edit of result.edits) checkEdit(edit, result);
    }),
    { numRuns: RUNS, seed: 7 },
  );
}

/** At least some generated sentences must be touched, or the property above proves nothing. */
function expectSomeApplicable(perturb: Perturbation): void {
  const results = fc.sample(reviewSentence.chain((s) => perturb(s)), { seed: 7, numRuns: RUNS });
  expect(results.filter((r) => r.applicable).length).to.be.greaterThan(RUNS / 4);
}

describe('perturbation families', () => {
  before(async () => {
    await prepareSynonyms([...reviewSentencesSample(400, 7), 'The soup was good.', 'The soup was cold.', 'It is.']);
  });

  it('char noise makes one single-character edit per changed word, punctuation kept', () => {
    propertyOf((s) => charNoise(s, { maxWords: 3 }), (e) => {
      expect(damerauLevenshtein(core(e.from), core(e.to))).to.equal(1);
      expect(splitAffixes(e.to).suffix).to.equal(splitAffixes(e.from).suffix);
    });
    expectSomeApplicable((s) => charNoise(s));
  });

  it('char noise respects its rate: at most ceil(rate × words) words change', () => {
    fc.assert(
      fc.property(reviewSentence.chain((s) => charNoise(s, { rate: 0.2 })), (r) => {
        if (r.applicable) expect(r.edits.length).to.be.at.most(Math.ceil(0.2 * words(r.original).length));
      }),
      { numRuns: RUNS, seed: 3 },
    );
  });

  it('keyboard typos replace one letter by a QWERTY neighbour', () => {
    propertyOf((s) => keyboardTypos(s, { maxWords: 2 }), (e) => {
      const [a, b] = [core(e.from), core(e.to)];
      expect(b.length).to.equal(a.length);
      const diff = [...a].map((ch, i) => i).filter((i) => a[i] !== b[i]);
      expect(diff).to.have.length(1);
      expect(KEYBOARD_NEIGHBOURS[a[diff[0]].toLowerCase()]).to.include(b[diff[0]].toLowerCase());
    });
  });

  it('OCR confusions apply one listed confusion', () => {
    propertyOf((s) => ocrConfusions(s, { maxWords: 2 }), (e) => expect(confusionsOf(core(e.from))).to.include(core(e.to)));
  });

  it('casing changes only letter case', () => {
    propertyOf((s) => casing(s, { maxWords: 2 }), (e) => {
      expect(e.to.toLowerCase()).to.equal(e.from.toLowerCase());
      expect(e.to).to.not.equal(e.from);
    });
  });

  it('synonyms come from WordNet for the tagged part of speech, never the word itself or an antonym', () => {
    propertyOf((s) => synonyms(s, { maxWords: 2 }), (e, r) => {
      const tags = tagTokens(parseSentence(r.original));
      const from = core(e.from);
      const to = core(e.to).toLowerCase();
      expect(to).to.not.equal(from.toLowerCase());
      expect(synonymCandidates(from, tags[e.index])).to.include(to);
      expect(WordNetSynonyms.antonyms(from)).to.not.include(to);
    });
    expectSomeApplicable((s) => synonyms(s));
  });

  it("reads the same WordNet as natural's reader: synonym sets agree lemma by lemma", async () => {
    const wordnet = new natural.WordNet();
    for (const lemma of ['good', 'cold', 'movie', 'love', 'quickly', 'story']) {
      const records: Array<{ pos: string; synonyms: string[] }> = await new Promise((resolve) => wordnet.lookup(lemma, resolve));
      for (const pos of ['n', 'v', 'a', 'r'] as const) {
        const theirs = new Set(
          records.filter((r) => (r.pos === 's' ? 'a' : r.pos) === pos).flatMap((r) => r.synonyms.map((w) => w.toLowerCase().replace(/\(.*\)$/, ''))),
        );
        const expected = [...theirs].filter((w) => w !== lemma && /^[a-z]+$/.test(w) && !WordNetSynonyms.antonyms(lemma).includes(w)).sort();
        expect(WordNetSynonyms.synonyms(lemma, pos).sort(), `${lemma}/${pos}`).to.deep.equal(expected);
      }
    }
  });

  it('synonyms never offer an antonym: good never becomes bad, cold never becomes hot', () => {
    for (const [sentence, antonym] of [['The soup was good.', 'bad'], ['The soup was cold.', 'hot']] as const) {
      // Every sense and no polarity guard: the antonym filter alone must keep them out.
      const all = fc.sample(synonyms(sentence, { maxCandidates: 100, frequentSenses: false, polarityGuard: false, senseChoice: false }), { seed: 1, numRuns: 200 });
      expect(all.every((r) => r.applicable)).to.equal(true);
      expect(all.map((r) => r.text)).to.not.include(sentence.replace(/\w+\.$/, `${antonym}.`));
    }
  });

  it('inflections only change the number of a noun or a verb', () => {
    propertyOf((s) => inflections(s, { maxWords: 2 }), (e) => {
      const [a, b] = [core(e.from).toLowerCase(), core(e.to).toLowerCase()];
      expect([pluralNoun(a), singularNoun(a), flipVerbNumber(a, 'VBZ'), flipVerbNumber(a, 'VBP')]).to.include(b);
    });
  });

  it('negation adds or removes exactly one negation per edit', () => {
    const negations = (text: string) => words(text.toLowerCase()).filter((w) => /^not\b|n't\b|^cannot\b/.test(core(w).replace('’', "'")) || core(w) === 'not').length;
    fc.assert(
      fc.property(reviewSentence.chain((s) => negation(s)), (r) => {
        checkEditRecord(r);
        if (r.applicable) expect(Math.abs(negations(r.text) - negations(r.original))).to.be.within(1, r.edits.length);
        if (r.applicable) expect(r.edits).to.have.length(1);
      }),
      { numRuns: RUNS, seed: 7 },
    );
    expectSomeApplicable((s) => negation(s));
  });

  it('negation turns "is" into "is not", "isn\'t" into "is", "loves" into "does not love"', () => {
    const all = (s: string, direction: 'add' | 'remove') => new Set(fc.sample(negation(s, { direction }), { seed: 1, numRuns: 30 }).map((r) => r.text));
    expect([...all('The film is good.', 'add')]).to.deep.equal(['The film is not good.']);
    expect([...all("The film isn't good.", 'remove')]).to.deep.equal(['The film is good.']);
    expect([...all('She loves it.', 'add')]).to.deep.equal(['She does not love it.']);
    expect([...all('She does not love it.', 'remove')]).to.deep.equal(['She does love it.']);
  });

  it('entity swap replaces a name, place or number by another of the same kind', () => {
    const kinds = [FEMALE_NAMES, MALE_NAMES, PLACES, NUMBER_WORDS];
    propertyOf((s) => entitySwap(s, { maxWords: 2 }), (e) => {
      const [a, b] = [core(e.from), core(e.to)];
      if (/^\d+$/.test(a)) expect(b).to.match(/^\d+$/).and.have.length(a.length);
      else expect(kinds.some((list) => list.includes(a) && list.includes(b))).to.equal(true);
      expect(b).to.not.equal(a);
    });
    expectSomeApplicable((s) => entitySwap(s));
  });

  it('contractions change the spelling, not the words meant', () => {
    const expandAll = (text: string) =>
      words(text.toLowerCase().replace(/’/g, "'"))
        .map(core)
        .join(' ')
        .replace(/\bwon't\b/g, 'will not').replace(/\bcan't\b|\bcannot\b/g, 'can not').replace(/n't\b/g, ' not')
        .replace(/'m\b/g, ' am').replace(/'re\b/g, ' are').replace(/'ve\b/g, ' have').replace(/'ll\b/g, ' will').replace(/'d\b/g, ' would')
        .replace(/\blet's\b/g, 'let us').replace(/'s\b/g, ' is');
    fc.assert(
      fc.property(reviewSentence.chain((s) => contractions(s, { maxWords: 2 })), (r) => {
        checkEditRecord(r);
        expect(expandAll(r.text)).to.equal(expandAll(r.original));
      }),
      { numRuns: RUNS, seed: 7 },
    );
    expectSomeApplicable((s) => contractions(s));
  });

  it('punctuation changes keep every word', () => {
    const wordsOnly = (text: string) => words(text).map(core).filter(Boolean);
    fc.assert(
      fc.property(reviewSentence.chain((s) => punctuation(s, { maxWords: 2 })), (r) => {
        checkEditRecord(r);
        expect(wordsOnly(r.text)).to.deep.equal(wordsOnly(r.original));
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('whitespace changes keep every word and report no word edit', () => {
    fc.assert(
      fc.property(reviewSentence.chain((s) => whitespace(s, { maxWords: 3 })), (r) => {
        expect(r.applicable).to.equal(true);
        expect(r.text).to.not.equal(r.original);
        expect(words(r.text)).to.deep.equal(words(r.original));
        expect(r.edits).to.deep.equal([]);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('a sentence with nothing to touch is reported as not applicable, with a reason', () => {
    const cases: Array<[Perturbation, string]> = [
      [(s) => entitySwap(s), 'The soup was cold.'],
      [(s) => negation(s), 'Nice soup.'],
      [(s) => contractions(s), 'The soup was cold.'],
      [(s) => synonyms(s), 'It is.'],
      [(s) => charNoise(s), 'It is a ok.'],
      [(s) => whitespace(s), '   '],
    ];
    for (const [perturb, sentence] of cases) {
      const [r] = fc.sample(perturb(sentence), { seed: 1, numRuns: 1 });
      expect(r.applicable, sentence).to.equal(false);
      expect(r.text).to.equal(sentence);
    }
  });

  it('the same seed draws the same perturbations; another seed draws others', () => {
    const arb = reviewSentence.chain((s) => fc.tuple(charNoise(s), synonyms(s), negation(s)));
    expect(fc.sample(arb, { seed: 99, numRuns: 30 })).to.deep.equal(fc.sample(arb, { seed: 99, numRuns: 30 }));
    expect(fc.sample(arb, { seed: 98, numRuns: 30 })).to.not.deep.equal(fc.sample(arb, { seed: 99, numRuns: 30 }));
  });

  it('families compose like any arbitrary: a typo on top of a synonym swap', () => {
    const composed = reviewSentence.chain((s) => synonyms(s)).chain((r) => charNoise(r.text).map((n) => ({ first: r, second: n })));
    for (const { first, second } of fc.sample(composed, { seed: 5, numRuns: 30 })) expect(second.original).to.equal(first.text);
  });
});
