import { expect } from 'chai';
import path from 'node:path';
import type { PerturbationResult } from '../../attacks/perturbation.js';
import { applyEdits, parseSentence } from '../../attacks/internal/words.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { invariance } from '../../src/properties/invariance.js';
import { defaultScreen } from '../../src/screen/default-screen.js';

const SENTIMENT = path.join(path.resolve(import.meta.dirname, '..', '..'), 'fixtures', 'models', 'tiny-bert-sentiment');

/** A hand-made INV case: word `index` of `original` replaced by `to`. */
function swapCase(original: string, index: number, to: string): PerturbationResult {
  const parsed = parseSentence(original);
  const edits = [{ index, from: parsed.tokens[index].text, to }];
  return { applicable: true, family: 'hand-made swaps', original, text: applyEdits(parsed, edits), edits };
}

describe('INV counterexamples carry the screen', () => {
  let model: SesameModel;
  before(async () => (model = await loadModel(SENTIMENT, { cacheDir: false })));
  after(async () => model?.dispose());

  it('a "failure" whose perturbation flipped the sentiment is marked invalid, with the reason; the failure count is unchanged', async () => {
    const cases = [swapCase('The food was great.', 3, 'terrible.'), swapCase('A truly wonderful film.', 2, 'awful'), swapCase('The film was great.', 1, 'movie')];
    const screened = await invariance({ model, cases, screen: defaultScreen({ wordSpace: false }) });
    const plain = await invariance({ model, cases, screen: false });
    expect(screened.failures).to.equal(plain.failures).and.be.at.least(2);
    expect(plain.counterexamples[0].screen).to.equal(undefined);
    for (const c of screened.counterexamples) {
      expect(Object.keys(c.constraints!)).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'polarityStrength', 'grammaticalNumber', 'wordClass', 'wordSense']);
      if (c.perturbed.includes('terrible')) {
        expect(c.screen!.valid).to.equal(false);
        expect(c.screen!.reasons[0]).to.equal('great → terrible flips the sentiment (+0.60 → −0.60)');
      }
    }
    expect(screened.counterexamples.some((c) => c.perturbed.includes('terrible'))).to.equal(true);
  });
});
