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
  let rows: ScreenAgreement[];
  const row = (recipe: string) => rows.find((r) => r.recipe === recipe && r.version === 'all')!;

  before(async () => {
    encoder = await loadModel(PRETRAINED, { cacheDir: false });
    const screen = defaultScreen({ extra: [bertScore({ encoder })] });
    results = await screenPairs(judged.map((j) => ({ original: j.original, perturbed: j.perturbed, edits: judgedEdits(j) })), screen);
    rows = screenAgreement(judged, results.map((r) => r.screen.valid));
  });
  after(async () => encoder?.dispose());

  it('prints precision and recall on invalid and the valid share of what the screen keeps, per recipe', () => {
    console.log('      recipe       version          judged  invalid  flagged  precision  recall  valid share → of kept (kept)');
    for (const r of rows) {
      console.log(`      ${r.recipe.padEnd(12)} ${r.version.padEnd(15)} ${String(r.judged).padStart(7)} ${String(r.invalid).padStart(8)} ${String(r.flagged).padStart(8)} ${f(r.precision).padStart(10)} ${f(r.recall).padStart(7)}  ${f(r.validShare)} → ${f(r.validShareKept)} (${r.kept})`);
    }
    const names = Object.keys(results[0].constraints);
    for (const name of names) {
      const rejects = (valid: boolean) => results.filter((r, i) => judged[i].valid === valid && !r.constraints[name].pass).length;
      console.log(`      ${name.padEnd(14)} rejects ${String(rejects(false)).padStart(3)} judged invalid, ${String(rejects(true)).padStart(3)} judged valid`);
    }
    expect(rows.map((r) => r.recipe)).to.include.members(['textfooler', 'pwws', 'deepwordbug', 'all']);
  });

  it('what it rejects is mostly invalid, and what it keeps is more often valid than what the recipes report', () => {
    const all = row('all');
    expect(all.precision).to.be.at.least(0.8);
    expect(all.validShareKept).to.be.above(all.validShare);
    for (const recipe of ['textfooler', 'deepwordbug']) expect(row(recipe).validShareKept, recipe).to.be.above(row(recipe).validShare);
  });

  it('no constraint rejects more judged-valid than judged-invalid examples (BERTScore, only a floor, rejects none)', () => {
    const rejects = (name: string, valid: boolean) => results.filter((r, i) => judged[i].valid === valid && !r.constraints[name].pass).length;
    for (const name of Object.keys(results[0].constraints)) expect(rejects(name, false), name).to.be.at.least(rejects(name, true));
    for (const name of ['partOfSpeech', 'polarity']) expect(rejects(name, false), name).to.be.above(2 * rejects(name, true));
    expect(rejects('bertScore', true) + rejects('bertScore', false)).to.equal(0);
  });
});
