import type { Recipe } from '../../src/attack/types.js';
import { prepareSynonyms } from '../synonyms.js';
import { synonymCandidates } from '../internal/synonym-candidates.js';
import { matchCase, splitAffixes } from '../internal/words.js';

/**
 * PWWS, probability weighted word saliency (Ren et al. 2019): WordNet synonyms of the same part of speech
 * (never antonyms), words ordered by softmax(saliency) × the best probability drop a synonym achieves, then
 * swapped greedily in that order. Stopwords are never touched.
 */
export function pwws(): Recipe {
  return {
    name: 'pwws',
    summary: 'WordNet synonym swaps ordered by probability-weighted word saliency',
    ranking: 'pwws',
    constraints: {},
    async prepare(_model, texts) {
      await prepareSynonyms(texts);
    },
    substitutes(context, index) {
      const core = splitAffixes(context.original.tokens[index].text).core;
      return synonymCandidates(core, context.tags[index]).map((word) => ({ word: matchCase(core, word), similarity: 1 }));
    },
  };
}
