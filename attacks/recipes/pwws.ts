import type { Recipe } from '../../src/attack/types.js';
import { grammaticalNumber, negation, partOfSpeech, polarity, polarityStrength, wordClass, wordSense } from '../../src/screen/index.js';
import { prepareSynonyms } from '../synonyms.js';
import { synonymCandidates, type SynonymFilterOptions } from '../internal/synonym-candidates.js';
import { matchCase, splitAffixes } from '../internal/words.js';

/** PWWS's candidates: WordNet synonyms filtered as the `synonyms` perturbation does (common senses, same sentiment by default). */
export type PwwsOptions = SynonymFilterOptions;

/**
 * PWWS, probability weighted word saliency (Ren et al. 2019): WordNet synonyms of the same part of speech
 * (never antonyms), words ordered by softmax(saliency) × the best probability drop a synonym achieves, then
 * swapped greedily in that order. Stopwords are never touched. Unlike the paper, a synonym from a rare sense or
 * of the opposite sentiment is not a candidate (`{frequentSenses: false, polarityGuard: false}` restores it): an
 * "adversarial" swap of "amazing" for "awful" changes the true label rather than fooling the model. Also beyond the
 * paper: synonyms come from the sense a simplified Lesk picks for the sentence (`senseChoice`), light verbs and
 * discourse adverbs (have, take, still) are never swapped, and the perturbed sentence is tagged again: each swapped
 * word must keep its part of speech there (`partOfSpeech`), its noun number or verb person (`grammaticalNumber`) and
 * fit its slot (`wordClass`: a single ↛ a individual); the synonym's shared sense must be a common one of both words
 * (`wordSense`: tour ↛ circuit, a sense of "circuit" readers rarely mean), and no swap may weaken the sentiment
 * (`polarityStrength`: terrible ↛ frightening).
 */
export function pwws(options: PwwsOptions = {}): Recipe {
  return {
    name: 'pwws',
    summary: 'WordNet synonym swaps ordered by probability-weighted word saliency',
    ranking: 'pwws',
    constraints: [negation(), polarity(), polarityStrength(), partOfSpeech(), grammaticalNumber(), wordClass(), wordSense()],
    async prepare(_model, texts) {
      await prepareSynonyms(texts);
    },
    substitutes(context, index) {
      const core = splitAffixes(context.original.tokens[index].text).core;
      const sentence = context.original.tokens.map((t) => splitAffixes(t.text).core);
      return synonymCandidates(core, context.tags[index], options, sentence).map((word) => ({ word: matchCase(core, word), similarity: 1 }));
    },
  };
}
