import type fc from 'fast-check';
import type { SesameModel } from '../src/models/types.js';
import { neighbourIndex } from './internal/embedding-index.js';
import { tagTokens } from './internal/pos.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { lemmaForm, usableAs } from './internal/synonym-candidates.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface EmbeddingNeighbourOptions extends AmountOptions {
  /** Whose input-embedding matrix defines "near". */
  model: SesameModel;
  /** Minimum cosine similarity of a replacement to the word. Default 0.5. */
  minCosine?: number;
  /** Neighbours considered per word, most similar first. Default 8. */
  maxCandidates?: number;
}

/**
 * Nearest neighbours in the model's own input-embedding matrix: each content word may be replaced by a whole-word
 * vocabulary entry whose embedding has cosine ≥ `minCosine` with it (TextFooler's candidate set, without
 * counter-fitting), known to the English lexicon in the word's part of speech. Function words are left alone.
 */
export function embeddingNeighbours(sentence: string, options: EmbeddingNeighbourOptions): fc.Arbitrary<PerturbationResult> {
  const index = neighbourIndex(options.model);
  const minCosine = options.minCosine ?? 0.5;
  const max = options.maxCandidates ?? 8;
  const parsed = parseSentence(sentence);
  const tags = tagTokens(parsed);
  const sites = coreSubstitutionSites(parsed, (core, i) => {
    if (!lemmaForm(core, tags[i])) return [];
    return index
      .neighbours(core, 4 * max, minCosine)
      .filter((n) => usableAs(n.word, tags[i]))
      .slice(0, max)
      .map((n) => n.word);
  }, true);
  return sitesArbitrary('embedding-neighbours', parsed, sites, options, `no content word has an embedding neighbour with cosine ≥ ${minCosine}`);
}
