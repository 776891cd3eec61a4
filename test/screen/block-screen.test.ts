import { expect } from 'chai';
import { UsageError } from '../../src/errors.js';
import type { SesameModel } from '../../src/models/types.js';
import path from 'node:path';
import { deepwordbug } from '../../attacks/recipes/index.js';
import { loadModel } from '../../src/models/index.js';
import { attackSuccessBelow } from '../../src/runner/checks/attack.js';
import { blockScreen } from '../../src/runner/checks/screen.js';
import type { TestContext } from '../../src/runner/types.js';
import type { Recipe } from '../../src/attack/types.js';
import type { AttackResult } from '../../src/report/types.js';

/** Only what blockScreen reads of a test context: its pretrained model (or the usage error of a block without one). */
const contextWith = (pretrained: () => Promise<SesameModel>) => ({ pretrained, cacheDir: false }) as unknown as TestContext;

describe('the screen of a suite block', () => {
  it('scores BERTScore with the block\'s pretrained model; a fine-tune-only block gets the lexical screen', async () => {
    const encoder = { info: { id: 'fixtures/models/tiny-bert-base', numLayers: 6 } } as unknown as SesameModel;
    const withPair = await blockScreen(contextWith(async () => encoder));
    expect(withPair.map((c) => c.name)).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'polarityStrength', 'grammaticalNumber', 'wordClass', 'wordSense', 'wordCosine', 'bertScore']);
    expect(withPair.at(-1)!.description).to.contain('fixtures/models/tiny-bert-base layer 5');
    const alone = await blockScreen(
      contextWith(() => {
        throw new UsageError('needs a pretrained model');
      }),
    );
    expect(alone.map((c) => c.name)).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'polarityStrength', 'grammaticalNumber', 'wordClass', 'wordSense', 'wordCosine']);
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

  it('an attack ceiling counts only the successes the screen accepts (count: screened), and its reason gives both rates', async () => {
    const model = await loadModel(path.join(import.meta.dirname, '..', '..', 'fixtures', 'models', 'tiny-bert-sentiment'), { cacheDir: false });
    try {
      // The run's default cache root: the converted GloVe of the word-cosine constraint is made once and reused.
      const ctx = { ...contextWith(() => { throw new UsageError('needs a pretrained model'); }), cacheDir: undefined, finetuned: async () => model, seed: 1, thresholds: {} } as unknown as TestContext;
      // A recipe that swaps praise for its antonym: it flips the label, and every flip is a change of meaning the
      // screen's polarity constraint rejects. A ceiling judged on every success would blame the model for it.
      const ANTONYMS: Record<string, string> = { wonderful: 'awful', great: 'terrible', good: 'bad', loved: 'hated', beautiful: 'ugly' };
      const antonyms: Recipe = {
        name: 'antonym-swap', summary: 'praise → its antonym', ranking: 'delete', constraints: [],
        substitutes: (context, index) => {
          const word = ANTONYMS[context.original.tokens[index].text.replace(/\W/g, '').toLowerCase()];
          return word ? [{ word, similarity: 1 }] : [];
        },
      };
      const examples = ['A wonderful film with great acting.', 'I loved this good book.', 'What a beautiful song.'];
      const screened = await attackSuccessBelow(antonyms, { examples, maxSuccessRate: 0, budget: 50 }).run(ctx);
      const result = screened.result!.value as AttackResult;
      expect(result.successes.length, 'the antonyms flip the fixture model').to.be.greaterThan(0);
      expect(result.successes.every((s) => s.screen?.valid === false)).to.equal(true);
      console.log(`      ${screened.reason}`);
      expect(screened.pass).to.equal(true);
      expect(screened.metrics).to.deep.include({ successRate: result.successRate, screenedSuccessRate: 0 });
      expect(screened.reason).to.match(new RegExp(`antonym-swap flipped ${(100 * result.successRate).toFixed(1)}% .*; the validity screen accepts 0 of the ${result.successes.length} successes: screened success rate 0\\.0%, the rate judged, within the ceiling of 0%$`));
      expect(screened.cases!.metrics).to.deep.equal({ screenedSuccessRate: 'fail/judged' });
      expect(screened.cases!.outcomes).not.to.contain('0');
      expect(screened.failing ?? []).to.deep.equal([]);

      const all = await attackSuccessBelow(antonyms, { examples, maxSuccessRate: 0, budget: 50, count: 'all' }).run(ctx);
      expect(all.pass).to.equal(false);
      expect(all.reason).to.match(/judged on every success \(count: all\), the validity screen accepts 0 of \d+ \(screened success rate 0\.0%\), above the ceiling of 0%/);
      expect(all.cases!.outcomes).to.contain('0');
      expect(all.failing!.length).to.equal(result.successes.length);
    } finally {
      await model.dispose();
    }
  });
});
