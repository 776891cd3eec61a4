import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertAttentionConfusion } from '../../src/assertions/attention-confusion.js';
import { compareAttention } from '../../src/attention/compare-attention.js';
import { OUTSIDE_WINDOW, RIGHT_OF_SOURCE, scoreItemByLayer, type AttentionItem } from '../../src/attention/confusion.js';
import { entropyBits } from '../../src/attention/divergence.js';
import { attentionTable } from '../../src/cli/commands/attention.js';
import { loadModel } from '../../src/models/index.js';
import type { AlignedWord, SesameModel } from '../../src/models/types.js';
import { renderHtml } from '../../src/report/html/render.js';
import { validateReport } from '../../src/report/validate.js';
import { buildFixtureReport } from '../report/fixture.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Four one-token words; one layer, one head; each query sees only itself and its left neighbour (a window of 2). */
const words: AlignedWord[] = ['a', 'b', 'c', 'd'].map((text, i) => ({ text, charStart: 2 * i, charEnd: 2 * i + 1, tokenStart: i, tokenEnd: i + 1 }));
function windowed(): { data: Float32Array; shape: number[] } {
  const data = new Float32Array(16);
  for (let q = 0; q < 4; q++) {
    if (q === 0) data[0] = 1;
    else data.set([0.25, 0.75], q * 4 + q - 1);
  }
  return { data, shape: [1, 1, 4, 4] };
}

describe('attention: keys with zero probability (sliding windows, causal masks)', () => {
  it('a layer where a candidate phrase is outside the window does not score the item, and says why', () => {
    const outside: AttentionItem = { text: 'a b c d', source: 3, candidates: [[0], [2]], condition: 'x' };
    expect(scoreItemByLayer(windowed(), words, outside)).to.deep.equal([{ unscored: OUTSIDE_WINDOW }]);
    // the correct phrase inside the window and the distractor outside is no perfect score either
    const swapped: AttentionItem = { ...outside, candidates: [[2], [0]] };
    expect(scoreItemByLayer(windowed(), words, swapped)).to.deep.equal([{ unscored: OUTSIDE_WINDOW }]);
    const right: AttentionItem = { text: 'a b c d', source: 1, candidates: [[0], [3]], condition: 'x' };
    expect(scoreItemByLayer(windowed(), words, right)).to.deep.equal([{ unscored: RIGHT_OF_SOURCE }]);
    // both inside: scored as usual, −log2(0.25 / (0.25 + 0.75)) = 2 bits
    const inside: AttentionItem = { text: 'a b c d', source: 2, candidates: [[1], [2]], condition: 'x' };
    expect(scoreItemByLayer(windowed(), words, inside)).to.deep.equal([{ confusion: 2 }]);
  });

  it('entropy over a windowed row counts only the keys in the window (finite, at most log2 of its width)', () => {
    const { data } = windowed();
    expect(entropyBits(data, 0, 4)).to.equal(0);
    const h = entropyBits(data, 2 * 4, 4);
    expect(h).to.be.closeTo(-(0.25 * Math.log2(0.25) + 0.75 * Math.log2(0.75)), 1e-7);
    expect(h).to.be.at.most(1);
  });

  describe('on the causal GPT-2 fixture: a candidate right of the source', () => {
    let base: SesameModel;
    let tuned: SesameModel;
    before(async () => {
      base = await loadModel(path.join(root, 'fixtures', 'models', 'tiny-gpt2-base'), { cacheDir: false });
      tuned = await loadModel(path.join(root, 'fixtures', 'models', 'tiny-gpt2-sentiment'), { cacheDir: false });
    });
    after(async () => {
      await base?.dispose();
      await tuned?.dispose();
    });

    const left: AttentionItem = { text: 'the keys to the cabinet are here', source: 5, candidates: [[1], [4]], condition: 'left' };
    const right: AttentionItem = { text: 'the author of the books is here', source: 1, candidates: [[4], [6]], condition: 'right' };

    it('is excluded per layer with the reason, never Infinity or null without one; the report and assertions say so', async () => {
      const r = await compareAttention(base, tuned, [left, right]);
      const c = r.confusion!;
      for (const v of [...c.pretrained, ...c.finetuned]) expect(Number.isFinite(v)).to.equal(true);
      expect(c.conditions!.right.pretrained).to.deep.equal([null, null, null, null]);
      expect(c.conditions!.left.finetuned.every((v) => Number.isFinite(v))).to.equal(true);
      expect(c.unscored!.pretrained).to.deep.equal(Array(4).fill({ [RIGHT_OF_SOURCE]: 1 }));
      expect(JSON.parse(JSON.stringify(r)).confusion.unscored.finetuned[0]).to.deep.equal({ [RIGHT_OF_SOURCE]: 1 });

      const table = attentionTable(r);
      expect(table).to.match(/right\s+—\/—\s+—\/—/);
      expect(table).to.include(`layer 1 (pretrained): 1 item not scored, ${RIGHT_OF_SOURCE}`);

      const judged = assertAttentionConfusion(r, { maxConfusion: 5, condition: 'right' });
      expect(judged.pass).to.equal(false);
      expect(judged.reason).to.include('no layer at layers 1–4 could score any item, so confusion was not measured');
      expect(judged.reason).to.include(`layer 2: 1 item had ${RIGHT_OF_SOURCE}`);

      const report = buildFixtureReport();
      report.attention = [{ ...r, name: 'causal' }];
      const html = renderHtml(validateReport(JSON.parse(JSON.stringify(report))));
      expect(html).to.include('Not every layer could score every item');
      expect(html).to.include(`layer 3 (fine-tuned): 1 item not scored, ${RIGHT_OF_SOURCE.replace(/'/g, '&#39;')}`);
    });
  });
});
