import { damerauLevenshtein } from '../../attacks/internal/char-edits.js';
import { coarsePos, tagTokens } from '../../attacks/internal/pos.js';
import { parseSentence, splitAffixes } from '../../attacks/internal/words.js';
import type { Prediction } from '../models/types.js';
import { WorkingSentence } from './candidate-text.js';
import type { QueryOracle } from './oracle.js';
import type { AttackContext, Recipe } from './types.js';
import { rankWords } from './word-importance.js';

export interface SearchOutcome {
  sentence: WorkingSentence;
  prediction: Prediction;
  succeeded: boolean;
}

/** Whether a candidate satisfies the recipe's constraints (word budget is checked by the caller). */
function allowed(recipe: Recipe, context: AttackContext, candidate: WorkingSentence, index: number): boolean {
  const { keepPartOfSpeech, maxEditDistance } = recipe.constraints;
  if (keepPartOfSpeech) {
    const tags = tagTokens(parseSentence(candidate.text()));
    // Deleting or splitting words shifts positions; only a same-length candidate can be compared word by word.
    if (tags.length !== context.tags.length || coarsePos(tags[index]) !== coarsePos(context.tags[index])) return false;
  }
  if (maxEditDistance !== undefined) {
    const originalCores = context.original.tokens.map((t) => splitAffixes(t.text).core);
    const cores = candidate.cores();
    let distance = 0;
    for (const i of candidate.replaced.keys()) distance += damerauLevenshtein(originalCores[i], cores[i]);
    if (distance > maxEditDistance) return false;
  }
  return true;
}

/**
 * TextAttack's greedy word swap with word-importance ranking: visit words most important first; at each, query
 * every allowed substitute in one batch; stop at the first label change (taking the most similar substitute that
 * flips), otherwise keep the substitute that lowers the reference probability most. Runs until the words, the
 * word budget or the query budget run out.
 */
export async function greedySearch(recipe: Recipe, context: AttackContext, oracle: QueryOracle, reference: number, start: Prediction): Promise<SearchOutcome> {
  const n = context.original.tokens.length;
  const maxChanged = Math.max(1, Math.floor((recipe.constraints.maxWordsFraction ?? 1) * n));
  let current = new WorkingSentence(context.original);
  let currentPrediction = start;
  const order = await rankWords(recipe, context, oracle, reference, start.scores[reference]);
  for (const index of order) {
    if (oracle.exhausted || current.replaced.size >= maxChanged) break;
    const candidates = recipe
      .substitutes(context, index)
      .map((s) => ({ similarity: s.similarity, sentence: current.withCore(index, s.word) }))
      .filter((c) => allowed(recipe, context, c.sentence, index));
    if (candidates.length === 0) continue;
    const predictions = await oracle.predict(candidates.map((c) => c.sentence.text()));
    const scored = candidates
      .map((c, k) => ({ ...c, prediction: predictions[k] }))
      .filter((c): c is typeof c & { prediction: Prediction } => c.prediction !== undefined);
    const flips = scored.filter((c) => c.prediction.labelIndex !== reference);
    if (flips.length > 0) {
      const best = flips.sort((a, b) => b.similarity - a.similarity || a.prediction.scores[reference] - b.prediction.scores[reference])[0];
      return { sentence: best.sentence, prediction: best.prediction, succeeded: true };
    }
    const lowest = scored.sort((a, b) => a.prediction.scores[reference] - b.prediction.scores[reference])[0];
    if (lowest && lowest.prediction.scores[reference] < currentPrediction.scores[reference]) {
      current = lowest.sentence;
      currentPrediction = lowest.prediction;
    }
  }
  return { sentence: current, prediction: currentPrediction, succeeded: false };
}
