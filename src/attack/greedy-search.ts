import type { Prediction } from '../models/types.js';
import { passingPairs } from '../screen/screen.js';
import { WorkingSentence } from './candidate-text.js';
import type { QueryOracle } from './oracle.js';
import type { AttackContext, Recipe } from './types.js';
import { rankWords } from './word-importance.js';

export interface SearchOutcome {
  sentence: WorkingSentence;
  prediction: Prediction;
  succeeded: boolean;
}

/**
 * TextAttack's greedy word swap with word-importance ranking: visit words most important first; at each, query
 * every substitute that passes the recipe's constraints in one batch; stop at the first label change (taking the
 * most similar substitute that flips), otherwise keep the substitute that lowers the reference probability most.
 * Runs until the words or the query budget run out (a word budget is a `maxWordsPerturbed` constraint).
 */
export async function greedySearch(recipe: Recipe, context: AttackContext, oracle: QueryOracle, reference: number, start: Prediction): Promise<SearchOutcome> {
  let current = new WorkingSentence(context.original);
  let currentPrediction = start;
  const order = await rankWords(recipe, context, oracle, reference, start.scores[reference]);
  for (const index of order) {
    if (oracle.exhausted) break;
    const proposed = recipe.substitutes(context, index).map((s) => ({ similarity: s.similarity, sentence: current.withCore(index, s.word) }));
    const passing = await passingPairs(
      proposed.map((c) => ({ original: context.original.text, perturbed: c.sentence.text(), edits: c.sentence.edits() })),
      recipe.constraints,
    );
    const candidates = proposed.filter((_, k) => passing[k]);
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
