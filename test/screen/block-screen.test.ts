import { expect } from 'chai';
import { UsageError } from '../../src/errors.js';
import type { SesameModel } from '../../src/models/types.js';
import path from 'node:path';
import { deepwordbug } from '../../attacks/recipes/index.js';
import { loadModel } from '../../src/models/index.js';
import { attackSuccessBelow } from '../../src/runner/checks/attack.js';
import { blockScreen } from '../../src/runner/checks/screen.js';
import type { TestContext } from '../../src/runner/types.js';

/** Only what blockScreen reads of a test context: its pretrained model (or the usage error of a block without one). */
const contextWith = (pretrained: () => Promise<SesameModel>) => ({ pretrained, cacheDir: false }) as unknown as TestContext;

describe('the screen of a suite block', () => {
  it('scores BERTScore with the block\'s pretrained model; a fine-tune-only block gets the lexical screen', async () => {
    const encoder = { info: { id: 'fixtures/models/tiny-bert-base', numLayers: 6 } } as unknown as SesameModel;
    const withPair = await blockScreen(contextWith(async () => encoder));
    expect(withPair.map((c) => c.name)).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'wordCosine', 'bertScore']);
    expect(withPair.at(-1)!.description).to.contain('fixtures/models/tiny-bert-base layer 5');
    const alone = await blockScreen(
      contextWith(() => {
        throw new UsageError('needs a pretrained model');
      }),
    );
    expect(alone.map((c) => c.name)).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'wordCosine']);
    // Any other failure to load the pretrained model is not swallowed.
    try {
      await blockScreen(contextWith(async () => Promise.reject(new Error('corrupt model'))));
      expect.fail('a broken pretrained model must not be hidden');
    } catch (e) {
      expect((e as Error).message).to.equal('corrupt model');
    }
  });

  it('a failed attack ceiling shows each adversarial example with its screen verdict', async () => {
    const model = await loadModel(path.join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'tiny-bert-sentiment'), { cacheDir: false });
    try {
      const ctx = {
        ...contextWith(() => {
          throw new UsageError('needs a pretrained model');
        }),
        finetuned: async () => model,
        seed: 1,
        thresholds: {},
      } as unknown as TestContext;
      const examples = ['The staff ignored us for twenty minutes.', 'The soup was rich and the bread was still warm.', 'A clever, funny book that I finished in one sitting.'];
      const outcome = await attackSuccessBelow(deepwordbug(), { examples, maxSuccessRate: 0, budget: 100 }).run(ctx);
      expect(outcome.pass).to.equal(false);
      expect(outcome.details!.length).to.be.greaterThan(0);
      for (const line of outcome.details!) expect(line).to.match(/queries; screen: (valid|invalid — .+)\)$/);
    } finally {
      await model.dispose();
    }
  });
});
