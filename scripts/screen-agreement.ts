/**
 * How the validity screen agrees with the hand judgements (issue 9 item 8): precision and recall on invalid, and the
 * valid share of what the screen keeps, per recipe; then, per constraint, how many judged-invalid and judged-valid
 * examples it rejects.
 *
 *   npx tsx scripts/screen-agreement.ts [judged.jsonl] [encoder dir] [--list]
 */
import path from 'node:path';
import { judgedEdits, readJudgedSet, screenAgreement } from '../src/attack/judged-set.js';
import { loadModel } from '../src/models/index.js';
import { bertScore } from '../src/screen/constraints/bert-score.js';
import { defaultScreen } from '../src/screen/default-screen.js';
import { screenPairs } from '../src/screen/screen.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const file = args[0] ?? 'fixtures/data/judged-adversarial.jsonl';
const encoderDir = args[1] ?? path.join('fixtures', 'models', 'tiny-bert-base');
const judged = readJudgedSet(file);
const encoder = await loadModel(encoderDir, { cacheDir: false });
const results = await screenPairs(
  judged.map((j) => ({ original: j.original, perturbed: j.perturbed, edits: judgedEdits(j) })),
  defaultScreen({ extra: [bertScore({ encoder })] }),
);
const f = (x: number) => (Number.isNaN(x) ? '  —  ' : x.toFixed(3));
for (const model of ['all models', ...new Set(judged.map((j) => j.model))]) {
  const idx = judged.flatMap((j, i) => (model === 'all models' || j.model === model ? [i] : []));
  console.log(`\n${model}\nrecipe        judged  invalid  flagged  precision  recall  valid share → kept (n)`);
  for (const r of screenAgreement(idx.map((i) => judged[i]), idx.map((i) => results[i].screen.valid)).filter((r) => r.version === 'all')) {
    console.log(`${r.recipe.padEnd(13)} ${String(r.judged).padStart(6)} ${String(r.invalid).padStart(8)} ${String(r.flagged).padStart(8)} ${f(r.precision).padStart(10)} ${f(r.recall).padStart(7)}  ${f(r.validShare)} → ${f(r.validShareKept)} (${r.kept})`);
  }
}
console.log('\nconstraint      rejects invalid  rejects valid');
for (const name of Object.keys(results[0].constraints)) {
  const rejected = (valid: boolean) => results.filter((r, i) => judged[i].valid === valid && !r.constraints[name].pass).length;
  console.log(`${name.padEnd(15)} ${String(rejected(false)).padStart(15)} ${String(rejected(true)).padStart(14)}`);
}
if (process.argv.includes('--list')) {
  results.forEach((r, i) => {
    const j = judged[i];
    if (r.screen.valid !== j.valid) console.log(`${j.valid ? 'VALID rejected' : 'INVALID kept  '} ${j.recipe} ${j.original} => ${j.perturbed} | ${r.screen.reasons.join('; ')} | judge: ${j.reason}`);
  });
}
await encoder.dispose();
