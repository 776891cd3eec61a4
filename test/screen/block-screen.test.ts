import { expect } from 'chai';
import { UsageError } from '../../src/errors.js';
import type { SesameModel } from '../../src/models/types.js';
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
});
