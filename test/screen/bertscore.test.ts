import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bertScoreBaseline, bertScores, matchScore, rescale, type TokenVectors } from '../../src/screen/bertscore.js';
import { bertScore } from '../../src/screen/constraints/bert-score.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = path.join(REPO, 'fixtures', 'data', 'bertscore-crosscheck.json');
/** The encoder the fixture was computed for: the project's copy, else ../shared, else the test skips and says so. */
const ENCODER = [path.join(REPO, 'fixtures', 'models', 'tiny-distilbert-base'), path.join(REPO, '..', 'shared', 'models', 'tiny-distilbert-base')].find((d) => existsSync(path.join(d, 'config.json')));

/** Unit rows from plain arrays. */
function tokens(ids: number[], rows: number[][]): TokenVectors {
  const hidden = rows[0].length;
  const vectors = new Float64Array(rows.length * hidden);
  rows.forEach((r, i) => {
    const norm = Math.hypot(...r);
    r.forEach((x, h) => (vectors[i * hidden + h] = x / norm));
  });
  return { ids, vectors };
}

interface Crosscheck {
  texts: string[];
  ids: number[][];
  pairs: Array<[number, number]>;
  layers: Array<{ layer: number; uniform: Array<{ precision: number; recall: number; f1: number }>; idf: Array<{ precision: number; recall: number; f1: number }> }>;
}

describe('BERTScore', () => {
  it('matches greedily by cosine: a synthetic case with a known answer, uniform and idf-weighted', () => {
    // Reference: e1, e2. Candidate: e1 and a vector at 45° between e2 and e3.
    const ref = tokens([1, 2], [[1, 0, 0], [0, 1, 0]]);
    const cand = tokens([1, 3], [[1, 0, 0], [0, 1, 1]]);
    const s = Math.SQRT1_2;
    const uniform = matchScore(ref, cand, 3);
    expect(uniform.recall).to.be.closeTo((1 + s) / 2, 1e-12);
    expect(uniform.precision).to.be.closeTo((1 + s) / 2, 1e-12);
    // Token 2 weighs 3, the others 1: recall = (1·1 + 3·s) / 4, precision = (1·1 + 1·s) / 2.
    const weighted = matchScore(ref, cand, 3, (id) => (id === 2 ? 3 : 1));
    expect(weighted.recall).to.be.closeTo((1 + 3 * s) / 4, 1e-12);
    expect(weighted.precision).to.be.closeTo((1 + s) / 2, 1e-12);
    expect(weighted.f1).to.be.closeTo((2 * weighted.precision * weighted.recall) / (weighted.precision + weighted.recall), 1e-12);
    // Orthogonal sentences score 0; rescaling maps the baseline to 0 and identity to 1.
    expect(matchScore(tokens([1], [[1, 0]]), tokens([2], [[0, 1]]), 2).f1).to.equal(0);
    expect(rescale(0.4, 0.4)).to.equal(0);
    expect(rescale(1, 0.4)).to.equal(1);
  });

  describe('equals an independent numpy BERTScore over PyTorch hidden states (scripts/bertscore-crosscheck.py)', () => {
    let model: SesameModel;
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Crosscheck;

    before(async function () {
      if (!ENCODER) {
        console.log('      (skipped: tiny-distilbert-base is neither in fixtures/models nor in ../shared/models)');
        this.skip();
      }
      model = await loadModel(ENCODER!, { cacheDir: false });
    });
    after(async () => model?.dispose());

    it('tokenizes the check sentences as PyTorch did, and the fixture spans a real range of scores', () => {
      fixture.texts.forEach((t, i) => expect(model.encode(t).ids, t).to.deep.equal(fixture.ids[i]));
      const f1 = fixture.layers.flatMap((l) => l.uniform.map((s) => s.f1));
      expect(Math.max(...f1) - Math.min(...f1)).to.be.greaterThan(0.1);
    });

    it('every layer, every ordered pair, uniform and idf weights: precision, recall and F1 within 1e-4', async () => {
      const pairs = fixture.pairs.map(([i, j]) => [fixture.texts[i], fixture.texts[j]] as const);
      let worst = 0;
      for (const { layer, uniform, idf } of fixture.layers) {
        const ours = await bertScores(model, pairs, { layer });
        const oursIdf = await bertScores(model, pairs, { layer, idfSentences: fixture.texts });
        for (const [mine, theirs] of [[ours, uniform], [oursIdf, idf]] as const) {
          mine.forEach((m, k) => {
            for (const key of ['precision', 'recall', 'f1'] as const) worst = Math.max(worst, Math.abs(m[key] - theirs[k][key]));
          });
        }
      }
      console.log(`      largest difference from numpy over PyTorch's hidden states: ${worst.toExponential(2)}`);
      expect(worst).to.be.below(1e-4);
    });

    it('as a constraint: identical sentences score 1, unrelated ones about 0, and the reason names the numbers', async () => {
      const constraint = bertScore({ encoder: model });
      const [same, other] = await constraint.check([
        { original: 'The movie was wonderful.', perturbed: 'The movie was wonderful.', edits: [] },
        { original: 'The movie was wonderful.', perturbed: 'Press the reset button for five seconds.', edits: [] },
      ]);
      expect(same.score).to.be.closeTo(1, 1e-9);
      expect(same.pass).to.equal(true);
      expect(Math.abs(other.score!)).to.be.below(0.3);
      expect(same.reason).to.match(/^BERTScore 1\.000 \(F1 1\.000, unrelated-sentence baseline 0\.\d{3}\) is at least 0$/);
      expect(same.values).to.include({ layer: 3 }); // ⌈0.75 × 4⌉
      const baseline = await bertScoreBaseline(model, 3);
      expect(baseline).to.be.within(0.2, 0.9);
    });
  });
});
