/**
 * Calibrates the BERTScore constraint on the hand-judged adversarial examples: for each hidden-state layer, with
 * uniform and idf weights, how well the rescaled F1 separates valid from invalid examples (ROC AUC: the chance a
 * valid example scores above an invalid one; 0.5 = no better than a coin), overall and for word swaps vs typos, and
 * what each candidate threshold would keep.
 *
 *   npx tsx scripts/calibrate-bertscore.ts [judged.jsonl] [encoder dir]
 *
 * Default encoder: fixtures/models/tiny-bert-base, the pretrained model both judged fine-tunes come from
 * (SESAME_ENCODER=<dir> or the second argument names another).
 */
import path from 'node:path';
import { readJudgedSet, type Judgement } from '../src/attack/judged-set.js';
import { loadModel } from '../src/models/index.js';
import { bertScoreBaseline, bertScores, rescale } from '../src/screen/bertscore.js';

const file = process.argv[2] ?? 'fixtures/data/judged-adversarial.jsonl';
const encoderDir = process.argv[3] ?? process.env.SESAME_ENCODER ?? path.join('fixtures', 'models', 'tiny-bert-base');
const judged = readJudgedSet(file);
const encoder = await loadModel(encoderDir, { cacheDir: false });

/** Probability that a random valid example scores above a random invalid one (ties count half). */
function auc(scores: number[], valid: boolean[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((s, i) => {
    if (!valid[i]) return;
    scores.forEach((t, j) => {
      if (valid[j]) return;
      pairs++;
      wins += s > t ? 1 : s === t ? 0.5 : 0;
    });
  });
  return pairs > 0 ? wins / pairs : NaN;
}

const kind = (j: Judgement) => (j.recipe === 'deepwordbug' ? 'typos' : 'word swaps');
const pairs = judged.map((j) => [j.original, j.perturbed] as const);
const valid = judged.map((j) => j.valid);
const f = (x: number) => x.toFixed(3);
console.log(`${judged.length} judged examples (${valid.filter(Boolean).length} valid) from ${file}; encoder ${encoderDir}`);
console.log('layer  weights  AUC all  AUC word swaps  AUC typos  mean valid  mean invalid');
const best: Array<{ layer: number; weights: string; auc: number; scores: number[] }> = [];
for (let layer = 0; layer <= encoder.info.numLayers; layer++) {
  const baseline = await bertScoreBaseline(encoder, layer);
  for (const weights of ['uniform', 'idf'] as const) {
    const raw = await bertScores(encoder, pairs, { layer, ...(weights === 'idf' ? { idfSentences: judged.map((j) => j.original) } : {}) });
    const scores = raw.map((s) => rescale(s.f1, baseline));
    const sub = (k: string) => {
      const idx = judged.flatMap((j, i) => (kind(j) === k ? [i] : []));
      return auc(idx.map((i) => scores[i]), idx.map((i) => valid[i]));
    };
    const mean = (want: boolean) => {
      const xs = scores.filter((_, i) => valid[i] === want);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    const all = auc(scores, valid);
    best.push({ layer, weights, auc: all, scores });
    console.log(`${String(layer).padStart(5)}  ${weights.padEnd(7)}  ${f(all).padStart(7)}  ${f(sub('word swaps')).padStart(14)}  ${f(sub('typos')).padStart(9)}  ${f(mean(true)).padStart(10)}  ${f(mean(false)).padStart(12)}`);
  }
}
const top = best.reduce((a, b) => (b.auc > a.auc ? b : a));
console.log(`\nbest: layer ${top.layer}, ${top.weights} weights, AUC ${f(top.auc)}. What each minimum would keep there:`);
console.log('min rescaled F1  kept  valid kept  invalid kept  valid share kept');
for (const min of [-0.5, -0.25, 0, 0.25, 0.5, 0.75]) {
  const kept = top.scores.flatMap((s, i) => (s >= min ? [i] : []));
  const v = kept.filter((i) => valid[i]).length;
  console.log(`${String(min).padStart(15)}  ${String(kept.length).padStart(4)}  ${String(v).padStart(10)}  ${String(kept.length - v).padStart(12)}  ${kept.length ? f(v / kept.length) : '—'}`);
}
await encoder.dispose();
