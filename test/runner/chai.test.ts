import { expect, use } from 'chai';
// Imported the way a team's own mocha tests would: through the package name.
import { keyboardTypos, loadModel, type SesameModel } from 'sesame';
import { sesameChai } from 'sesame/chai';

use(sesameChai);

describe('chai plugin', () => {
  let base: SesameModel;
  let sentiment: SesameModel;
  before(async () => {
    base = await loadModel('fixtures/models/tiny-bert-base');
    sentiment = await loadModel('fixtures/models/tiny-bert-sentiment');
  });
  after(async () => {
    await base.dispose();
    await sentiment.dispose();
  });

  const reviews = ['I loved this book from start to finish.', 'The hotel room was dirty and noisy.', 'What a brilliant and moving story.'];

  it('invariantUnder resolves when the pass rate is met', async () => {
    await expect(sentiment).to.be.invariantUnder((s) => keyboardTypos(s, { maxWords: 1 }), { sentences: reviews, minPassRate: 0.5, numRuns: 20 });
  });

  it('labelCorrectly rejects with the reason, and .not inverts it', async () => {
    const wrong = [{ text: reviews[0], label: 'NEGATIVE' }];
    let message = '';
    await expect(sentiment).to.labelCorrectly(wrong, { minPassRate: 1, numRuns: 5 }).catch((err: Error) => (message = err.message));
    // A listed case is judged once, whatever numRuns says.
    expect(message).to.match(/^expected fixtures\/models\/tiny-bert-sentiment to label the cases correctly: .* gave a wrong label on 1 of 1 inputs/);
    await expect(sentiment).not.to.labelCorrectly(wrong, { minPassRate: 1, numRuns: 5 });
  });

  it('keepAttentionCloseTo compares with the pretrained model', async () => {
    const items = [{ text: 'the key to the cabinets is on the table', source: 5, candidates: [[1], [4]], condition: 'pp' }];
    await expect(sentiment).to.keepAttentionCloseTo(base, { items, maxJsd: 1 });
    let message = '';
    await expect(sentiment).to.keepAttentionCloseTo(base, { items, maxJsd: 0 }).catch((err: Error) => (message = err.message));
    expect(message).to.match(/shifted more than the bound of 0\.000 bits/);
  });

  it('a threshold outside [0, 1] throws at once', () => {
    expect(() => expect(sentiment).to.be.invariantUnder((s) => keyboardTypos(s), { sentences: reviews, minPassRate: 1.5 })).to.throw(/minPassRate must be a number between 0 and 1, got 1\.5/);
  });
});
