import { expect } from 'chai';
import fc from 'fast-check';
import { charNoise, keyboardTypos, ocrConfusions, type Perturbation } from '../../attacks/index.js';
import { countNegators, isMisspeltNegator, isNegator } from '../../attacks/internal/negation-words.js';
import { charEdits, damerauLevenshtein } from '../../attacks/internal/char-edits.js';
import { isDictionaryWord, tagTokens } from '../../attacks/internal/pos.js';
import { isTypoTarget, keepsTypo, typoWordCap } from '../../attacks/internal/typo-guard.js';
import { parseSentence, splitAffixes } from '../../attacks/internal/words.js';
import { deepwordbug } from '../../attacks/recipes/deepwordbug.js';
import { getRecipe } from '../../attacks/recipes/index.js';
import { judgedEdits, readJudgedSet } from '../../src/attack/judged-set.js';
import { seededRandom } from '../../src/attack/random.js';
import type { AttackContext } from '../../src/attack/types.js';
import { reviewSentence } from './generated-sentences.js';

const core = (token: string) => splitAffixes(token).core.toLowerCase();
/** Sentences whose one-edit neighbours are full of real words (not → hot, hate → ate, slow → low, call → all). */
const TRAPS = ['I did not hate the slow service.', 'Never call them, the food was bland.', 'It was not a good film, nothing worked.'];

/** Every edit a family draws over generated review sentences and the trap sentences. */
function drawnEdits(perturb: Perturbation, runs = 150): Array<{ from: string; to: string }> {
  const sentences = fc.oneof(reviewSentence, fc.constantFrom(...TRAPS));
  return fc.sample(sentences.chain((s) => perturb(s)), { seed: 11, numRuns: runs }).flatMap((r) => (r.applicable ? r.edits : []));
}

describe('typo guard: character edits stay typos', () => {
  it('keepsTypo: another word is no typo, an inflection or a non-word is', () => {
    expect([keepsTypo('hate', 'ate'), keepsTypo('slow', 'low'), keepsTypo('call', 'all'), keepsTypo('not', 'hot')]).to.deep.equal([false, false, false, false]);
    const inflections = { keepExteriorLetters: false };
    expect([keepsTypo('hate', 'hste'), keepsTypo('films', 'film', inflections), keepsTypo('loved', 'loves', inflections), keepsTypo('slow', 'slpw')]).to.deep.equal([true, true, true, true]);
    expect(keepsTypo('hate', 'ate', { typoGuard: false })).to.equal(true);
  });

  it('keepsTypo: the first and last letter stay, no word drops under 4 letters, number only when asked (the judged set\'s invalid typos)', () => {
    // Each of these was judged invalid on the hand-judged set (fixtures/data/judged-adversarial.jsonl).
    const invalid: Array<[string, string]> = [['good', 'ood'], ['sharp', 'mharp'], ['dull', 'ull'], ['rich', 'rih'], ['windows', 'window'], ['soldiers', 'soldier'], ['parents', 'parent']];
    for (const [a, b] of invalid) expect(keepsTypo(a, b), `${a} → ${b}`).to.equal(false);
    // Judged valid, and still offered: interior edits that keep four letters or more.
    for (const [a, b] of [['good', 'gosd'], ['help', 'hdlp'], ['real', 'rgeal'], ['dull', 'daull'], ['neighbours', 'neigbhours']]) expect(keepsTypo(a, b), `${a} → ${b}`).to.equal(true);
    // Exterior letters free again: an inflection is a harmless typo for sentiment, a label change for agreement.
    expect(keepsTypo('windows', 'window', { keepExteriorLetters: false })).to.equal(true);
    expect(keepsTypo('windows', 'window', { keepExteriorLetters: false, numberSensitive: true })).to.equal(false);
    expect(keepsTypo('walks', 'walk', { keepExteriorLetters: false, numberSensitive: true })).to.equal(false);
    expect(keepsTypo('windows', 'wimdows', { numberSensitive: true }), 'a non-word stays a typo').to.equal(true);
    expect(keepsTypo('nurses', 'nurss', { numberSensitive: true }), 'the plural ending stays whole').to.equal(false);
    expect(keepsTypo('nurses', 'nurss')).to.equal(true);
    expect(keepsTypo('walked', 'walkrd', { numberSensitive: true })).to.equal(false);
    expect(keepsTypo('rich', 'rih', { minEditedLength: 3 })).to.equal(true);
    expect(keepsTypo('good', 'ood', { typoGuard: false })).to.equal(true);
  });

  it('typo families edit at most 3 words under the guard: an explicit maxWords over the cap is refused, a rate is clamped', () => {
    const long = 'The service was painfully slow and the waiter seemed bored while the pasta arrived lukewarm and bland.';
    for (const perturb of [(o: object) => keyboardTypos(long, o), (o: object) => charNoise(long, o), (o: object) => ocrConfusions(long, o)]) {
      expect(() => perturb({ maxWords: 4 })).to.throw(RangeError, /maxWords 4 is over the typo guard's cap of 3/);
      const counts = fc.sample(perturb({ rate: 1 }), { seed: 3, numRuns: 60 }).map((r) => r.edits.length);
      expect(Math.max(...counts)).to.equal(3);
      const loose = fc.sample(perturb({ rate: 1, typoGuard: false }), { seed: 3, numRuns: 60 }).map((r) => r.edits.length);
      expect(Math.max(...loose)).to.be.greaterThan(3);
      expect(() => perturb({ maxWords: 4, maxTypoWords: 4 })).not.to.throw();
    }
  });

  for (const [name, perturb, loose] of [
    ['keyboardTypos', (s: string) => keyboardTypos(s, { maxWords: 2 }), (s: string) => keyboardTypos(s, { maxWords: 2, typoGuard: false, minWordLength: 3 })],
    ['charNoise', (s: string) => charNoise(s, { maxWords: 2 }), (s: string) => charNoise(s, { maxWords: 2, typoGuard: false, minWordLength: 3 })],
    ['ocrConfusions', (s: string) => ocrConfusions(s, { maxWords: 2 }), (s: string) => ocrConfusions(s, { maxWords: 2, typoGuard: false, minWordLength: 3 })],
  ] as const) {
    it(`${name}: no edit spells another word, negators and words under 4 letters are left alone; typoGuard: false allows them again`, () => {
      const edits = drawnEdits(perturb);
      expect(edits.length).to.be.greaterThan(50);
      for (const e of edits) {
        expect(core(e.from).length, e.from).to.be.at.least(4);
        expect(isNegator(e.from), e.from).to.equal(false);
        expect(keepsTypo(core(e.from), core(e.to)), `${e.from} → ${e.to}`).to.equal(true);
        expect([core(e.to)[0], core(e.to).at(-1)], `${e.from} → ${e.to} keeps its exterior letters`).to.deep.equal([core(e.from)[0], core(e.from).at(-1)]);
      }
      const looseEdits = drawnEdits(loose, 300);
      const realWords = looseEdits.filter((e) => isDictionaryWord(core(e.to)) && !keepsTypo(core(e.from), core(e.to)));
      console.log(`      ${name}: without the guard ${realWords.length} of ${looseEdits.length} drawn edits spell another word (e.g. ${realWords.slice(0, 4).map((e) => `${core(e.from)} → ${core(e.to)}`).join(', ')})`);
      if (name !== 'ocrConfusions') expect(realWords.length).to.be.greaterThan(0);
    });
  }

  it('a misspelt negator is recognised exactly as by measuring every negator (the fast path skips only impossible lengths)', () => {
    const negators = ['not', 'no', 'never', 'nothing', 'nobody', 'none', 'nowhere', 'neither', 'nor', 'cannot', 'nope', 'nah'];
    const brute = (w: string) => {
      const c = w.toLowerCase();
      if (c.length < 3 || isNegator(c) || isDictionaryWord(c.replace(/'/g, ''))) return false;
      return negators.some((n) => damerauLevenshtein(c, n) === 1) || (c.includes("'") && damerauLevenshtein(c.slice(-4), "n't") <= 1);
    };
    const words = [...negators.flatMap((n) => charEdits(n, ['insert', 'delete', 'substitute', 'transpose'])), 'nothingg', 'nothinggg', 'neitherr', 'wonderful', 'didn\'y', 'dont'];
    const mismatches = words.filter((w) => isMisspeltNegator(w) !== brute(w));
    expect(mismatches).to.deep.equal([]);
    expect(words.filter(isMisspeltNegator).length).to.be.greaterThan(100);
    expect(['nevern', 'nothingg', 'nto'].map(isMisspeltNegator)).to.deep.equal([true, true, true]);
    // Counted the same on a second call (the count of a text is memoised).
    expect([countNegators('I did nto like it, nevern again.'), countNegators('I did nto like it, nevern again.')]).to.deep.equal([2, 2]);
  });

  it('keyboardTypos never turns not into hot (nor touches not at all) by default', () => {
    const texts = fc.sample(keyboardTypos('The soup was not hot.', { maxWords: 3 }), { seed: 1, numRuns: 100 }).map((r) => r.text);
    for (const t of texts) expect(t).to.contain(' not ');
  });

  describe('deepwordbug', () => {
    const contextFor = (text: string, seed: number): AttackContext => {
      const original = parseSentence(text);
      return { model: undefined as never, original, tags: tagTokens(original), random: seededRandom(seed) };
    };
    const substitutesOver = (recipe = deepwordbug(), seeds = 40) =>
      TRAPS.flatMap((text) => Array.from({ length: seeds }, (_, seed) => contextFor(text, seed)).flatMap((context) => context.original.tokens.flatMap((t, i) => recipe.substitutes(context, i).map((s) => ({ from: core(t.text), to: s.word.toLowerCase() })))));

    it('offers no edit that spells another word, and none of negators or words under 4 letters', () => {
      const subs = substitutesOver();
      expect(subs.length).to.be.greaterThan(100);
      for (const s of subs) {
        expect(s.from.length).to.be.at.least(4);
        expect(isNegator(s.from)).to.equal(false);
        expect(keepsTypo(s.from, s.to), `${s.from} → ${s.to}`).to.equal(true);
        expect([s.to[0], s.to.at(-1)], `${s.from} → ${s.to} keeps its exterior letters`).to.deep.equal([s.from[0], s.from.at(-1)]);
        expect(s.to.length, `${s.from} → ${s.to}`).to.be.at.least(4);
      }
      expect(subs.map((s) => s.from)).to.include.members(['hate', 'slow', 'call', 'bland']);
    });

    it('its constraints refuse a fourth edited word (the search checks them before querying the model)', async () => {
      const constraint = deepwordbug().constraints.find((c) => c.name === 'maxWordsPerturbed');
      expect(constraint, 'maxWordsPerturbed in the recipe').not.to.equal(undefined);
      const original = 'A tedious game with ugly graphics.';
      const edits = (n: number) => [['tedious', 'tedcious'], ['game', 'gqme'], ['ugly', 'uglly'], ['graphics.', 'graphifcs.']].slice(0, n).map(([from, to]) => ({ index: original.split(' ').indexOf(from), from, to }));
      const [three, four] = await constraint!.check([3, 4].map((n) => ({ original, perturbed: original, edits: edits(n) })));
      expect([three.pass, four.pass]).to.deep.equal([true, false]);
      expect(deepwordbug({ typoGuard: false }).constraints.map((c) => c.name)).not.to.include('maxWordsPerturbed');
    });

    it('numberSensitive (sesame attack --number-sensitive) keeps a plural subject\'s ending whole', () => {
      const text = 'The nurses on this ward is very patient.';
      const offered = (recipe: ReturnType<typeof deepwordbug>) => Array.from({ length: 60 }, (_, seed) => recipe.substitutes(contextFor(text, seed), 1).map((s) => s.word)).flat();
      const plain = offered(getRecipe('deepwordbug'));
      const sensitive = offered(getRecipe('deepwordbug', { numberSensitive: true }));
      expect(plain.filter((w) => !w.endsWith('ses')).length, 'without it some edit reaches the -es ending').to.be.greaterThan(0);
      expect(sensitive.length).to.be.greaterThan(10);
      for (const w of sensitive) expect(w, `nurses → ${w}`).to.match(/ses$/);
    });

    it('typoGuard: false brings back real-word edits (hate → ate, slow → low …)', () => {
      const subs = substitutesOver(deepwordbug({ typoGuard: false, minWordLength: 3 }));
      const real = subs.filter((s) => !keepsTypo(s.from, s.to));
      expect(real.length).to.be.greaterThan(0);
    });
  });

  it('on the hand-judged set it would have refused the invalid typos and few of the valid ones', () => {
    const seen = new Set<string>();
    const judged = readJudgedSet('fixtures/data/judged-adversarial.jsonl').filter((j) => {
      const key = `${j.model}\u0000${j.original}\u0000${j.perturbed}`;
      return j.recipe === 'deepwordbug' && !seen.has(key) && seen.add(key);
    });
    const allowed = (j: (typeof judged)[number]) => {
      // The agreement model judges grammatical number: attacked as `sesame attack --number-sensitive`.
      const options = { numberSensitive: j.model.includes('agreement') };
      const edits = judgedEdits(j);
      return edits.length <= typoWordCap(options) && edits.every((e) => isTypoTarget(core(e.from), options) && keepsTypo(core(e.from), core(e.to), options));
    };
    const invalid = judged.filter((j) => !j.valid);
    const valid = judged.filter((j) => j.valid);
    const missed = invalid.filter(allowed);
    const refusedValid = valid.filter((j) => !allowed(j));
    console.log(`      deepwordbug, ${judged.length} distinct judged successes: the guard refuses ${invalid.length - missed.length} of ${invalid.length} judged invalid and ${refusedValid.length} of ${valid.length} judged valid (missed: ${missed.map((j) => j.perturbed).join(' | ')})`);
    expect(invalid.length).to.be.at.least(20);
    expect((invalid.length - missed.length) / invalid.length).to.be.at.least(0.9);
    expect(refusedValid.length / valid.length).to.be.below(0.5);
  });
});
