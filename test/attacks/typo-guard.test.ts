import { expect } from 'chai';
import fc from 'fast-check';
import { charNoise, keyboardTypos, ocrConfusions, type Perturbation } from '../../attacks/index.js';
import { isNegator } from '../../attacks/internal/negation-words.js';
import { isDictionaryWord, tagTokens } from '../../attacks/internal/pos.js';
import { keepsTypo } from '../../attacks/internal/typo-guard.js';
import { parseSentence, splitAffixes } from '../../attacks/internal/words.js';
import { deepwordbug } from '../../attacks/recipes/deepwordbug.js';
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
    expect([keepsTypo('hate', 'hste'), keepsTypo('films', 'film'), keepsTypo('loved', 'loves'), keepsTypo('slow', 'slpw')]).to.deep.equal([true, true, true, true]);
    expect(keepsTypo('hate', 'ate', { typoGuard: false })).to.equal(true);
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
      }
      const looseEdits = drawnEdits(loose, 300);
      const realWords = looseEdits.filter((e) => isDictionaryWord(core(e.to)) && !keepsTypo(core(e.from), core(e.to)));
      console.log(`      ${name}: without the guard ${realWords.length} of ${looseEdits.length} drawn edits spell another word (e.g. ${realWords.slice(0, 4).map((e) => `${core(e.from)} → ${core(e.to)}`).join(', ')})`);
      if (name !== 'ocrConfusions') expect(realWords.length).to.be.greaterThan(0);
    });
  }

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
      }
      expect(subs.map((s) => s.from)).to.include.members(['hate', 'slow', 'call', 'bland']);
    });

    it('typoGuard: false brings back real-word edits (hate → ate, slow → low …)', () => {
      const subs = substitutesOver(deepwordbug({ typoGuard: false, minWordLength: 3 }));
      const real = subs.filter((s) => !keepsTypo(s.from, s.to));
      expect(real.length).to.be.greaterThan(0);
    });
  });
});
