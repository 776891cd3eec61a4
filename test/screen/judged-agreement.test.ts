import { expect } from 'chai';
import path from 'node:path';
import { judgedEdits, readJudgedSet, screenAgreement, type ScreenAgreement } from '../../src/attack/judged-set.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { bertScore } from '../../src/screen/constraints/bert-score.js';
import { defaultScreen } from '../../src/screen/default-screen.js';
import { screenPairs } from '../../src/screen/screen.js';
import type { ScreenResult } from '../../src/screen/types.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const JUDGED = path.join(repoRoot, 'fixtures', 'data', 'judged-adversarial.jsonl');
/** The pretrained model both judged fine-tunes come from: BERTScore's encoder, as the runner would use it. */
const PRETRAINED = path.join(repoRoot, 'fixtures', 'models', 'tiny-bert-base');

const f = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(3));

describe('the validity screen against the hand judgements (fixtures/data/judged-adversarial.jsonl)', () => {
  const judged = readJudgedSet(JUDGED);
  let encoder: SesameModel;
  let results: ScreenResult[];
  /** Agreement over the examples of one fine-tune ('all models': every example), all recipe versions together. */
  const rowsFor = (model: string): ScreenAgreement[] => {
    const idx = judged.flatMap((j, i) => (model === 'all models' || j.model === model ? [i] : []));
    return screenAgreement(idx.map((i) => judged[i]), idx.map((i) => results[i].screen.valid)).filter((r) => r.version === 'all');
  };
  const row = (model: string, recipe: string) => rowsFor(model).find((r) => r.recipe === recipe)!;

  before(async () => {
    encoder = await loadModel(PRETRAINED, { cacheDir: false });
    const screen = defaultScreen({ extra: [bertScore({ encoder })] });
    results = await screenPairs(judged.map((j) => ({ original: j.original, perturbed: j.perturbed, edits: judgedEdits(j) })), screen);
  });
  after(async () => encoder?.dispose());

  it('prints precision and recall on invalid and the valid share of what the screen keeps, per model and recipe', () => {
    for (const model of ['all models', ...new Set(judged.map((j) => j.model))]) {
      console.log(`      ${model}\n      recipe        judged  invalid  flagged  precision  recall  valid share → of kept (kept)`);
      for (const r of rowsFor(model)) {
        console.log(`      ${r.recipe.padEnd(12)} ${String(r.judged).padStart(7)} ${String(r.invalid).padStart(8)} ${String(r.flagged).padStart(8)} ${f(r.precision).padStart(10)} ${f(r.recall).padStart(7)}  ${f(r.validShare)} → ${f(r.validShareKept)} (${r.kept})`);
      }
    }
    const names = Object.keys(results[0].constraints);
    for (const name of names) {
      const rejects = (valid: boolean) => results.filter((r, i) => judged[i].valid === valid && !r.constraints[name].pass).length;
      console.log(`      ${name.padEnd(14)} rejects ${String(rejects(false)).padStart(3)} judged invalid, ${String(rejects(true)).padStart(3)} judged valid`);
    }
    expect(rowsFor('all models').map((r) => r.recipe)).to.include.members(['textfooler', 'pwws', 'deepwordbug', 'all']);
  });

  it('on the sentiment fine-tune (a label that is the meaning) what it rejects is mostly invalid and what it keeps more often valid', () => {
    const all = row('tiny-bert-sentiment', 'all');
    // Floors a little under what it measures on the whole set (all recipe versions, with the word-constraints
    // constraints, the held-out sets too): 0.847 / 0.899 / 0.520 → 0.902 / 0.92 (recall was 0.525 before wordSense,
    // wordClass and grammaticalNumber; precision 0.914 — the stricter word constraints reject some valid swaps such
    // as funny → hilarious).
    expect(all.precision).to.be.at.least(0.8);
    expect(all.recall).to.be.at.least(0.85);
    expect(all.validShareKept).to.be.above(all.validShare + 0.1);
    expect(row('tiny-bert-sentiment', 'deepwordbug').validShareKept).to.be.at.least(0.85);
  });

  it('on the agreement fine-tune its meaning constraints overreach: an absurd noun swap keeps the acceptability label', () => {
    // Judged valid there: 'teacher' → 'universe' keeps a singular subject. Word cosine rejects it; the screen models
    // meaning, not grammaticality, so its precision on this task is low — printed, and guarded so a change shows.
    const agreement = row('tiny-bert-agreement', 'all');
    expect(agreement.precision).to.be.below(row('tiny-bert-sentiment', 'all').precision);
    expect(row('all models', 'all').validShareKept).to.be.above(row('all models', 'all').validShare);
  });

  it('no constraint rejects more judged-valid than judged-invalid examples (BERTScore, only a floor, rejects none)', () => {
    const rejects = (name: string, valid: boolean) => results.filter((r, i) => judged[i].valid === valid && !r.constraints[name].pass).length;
    for (const name of Object.keys(results[0].constraints)) expect(rejects(name, false), name).to.be.at.least(rejects(name, true));
    // The tagger is unsure on typos and rare synonyms (once → onct tagged IN, great → swell VB), so part of speech
    // rejects 11 invalid but also 5 valid examples; polarity rejects none that a person accepts.
    expect(rejects('polarity', false)).to.be.above(2 * rejects('polarity', true));
    expect(rejects('bertScore', true) + rejects('bertScore', false)).to.equal(0);
    // The word-level constraints added for textfooler and pwws each catch at least twice as many invalid as valid
    // examples (measured: grammaticalNumber 35 / 3, wordClass 21 / 0, wordSense 115 / 52, polarityStrength 21 / 8).
    for (const name of ['grammaticalNumber', 'wordClass', 'wordSense', 'polarityStrength']) expect(rejects(name, false), name).to.be.at.least(2 * rejects(name, true));
  });
});
