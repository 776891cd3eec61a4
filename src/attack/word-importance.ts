import type { SesameModel } from '../models/types.js';
import { WorkingSentence } from './candidate-text.js';
import type { QueryOracle } from './oracle.js';
import type { AttackContext, Recipe } from './types.js';

/** The model's unknown token as text, when the vocabulary has one of the usual spellings. */
export function unknownToken(model: SesameModel): string | undefined {
  return ['[UNK]', '<unk>', '<UNK>'].find((t) => model.tokenToId(t) !== undefined);
}

/**
 * Word indices, most important first: importance is the drop in the reference label's probability when the word
 * is deleted (`delete`), replaced by the unknown token (`unk`), or — PWWS — the softmax of that saliency times
 * the largest drop any of the word's substitutes achieves. Every probe is one batched query.
 */
export async function rankWords(
  recipe: Recipe,
  context: AttackContext,
  oracle: QueryOracle,
  reference: number,
  baseline: number,
): Promise<number[]> {
  const sentence = new WorkingSentence(context.original);
  const n = context.original.tokens.length;
  const indices = Array.from({ length: n }, (_, i) => i);
  const unk = recipe.ranking === 'delete' ? undefined : unknownToken(context.model);
  const probes = indices.map((i) => (unk ? sentence.withCore(i, unk) : sentence.without(i)).text());
  // Deleting the only word leaves nothing to ask the model about: that word simply ranks first.
  const asked = probes.filter((p) => p.trim() !== '');
  const answers = new Map(asked.map((p, k) => [p, k]));
  const predictions = await oracle.predict(asked);
  const saliency = probes.map((p) => {
    if (p.trim() === '') return Infinity;
    const prediction = predictions[answers.get(p)!];
    return prediction ? baseline - prediction.scores[reference] : -Infinity;
  });

  let score = saliency;
  if (recipe.ranking === 'pwws') {
    const substitutes = indices.map((i) => recipe.substitutes(context, i));
    const texts = substitutes.map((subs, i) => subs.map((s) => sentence.withCore(i, s.word).text()));
    const subPredictions = await oracle.predict(texts.flat());
    const finite = saliency.map((s) => (Number.isFinite(s) ? s : s > 0 ? 1 : 0));
    const max = Math.max(...finite);
    const exp = finite.map((s) => Math.exp(s - max));
    const total = exp.reduce((a, b) => a + b, 0);
    let offset = 0;
    score = texts.map((group, i) => {
      const drops = group.map((_, k) => subPredictions[offset + k]).map((p) => (p ? baseline - p.scores[reference] : -Infinity));
      offset += group.length;
      const best = Math.max(-Infinity, ...drops);
      return Number.isFinite(best) ? (exp[i] / total) * best : -Infinity;
    });
  }
  return indices.sort((a, b) => score[b] - score[a] || a - b);
}
