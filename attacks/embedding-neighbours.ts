import type fc from 'fast-check';
import type { SesameModel } from '../src/models/types.js';
import { tagTokens } from './internal/pos.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { lemmaForm, usableAs } from './internal/synonym-candidates.js';
import { candidateVectors, type VectorChoice } from './internal/vectors/candidate-vectors.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface EmbeddingNeighbourOptions extends AmountOptions {
  /**
   * Which vectors define "near": `glove` (default: counter-fitted GloVe, as textfooler), `victim` (the input
   * embeddings of `model`, whole words only by its tokenizer's convention) or a GloVe/word2vec text file.
   */
  vectors?: VectorChoice;
  /** The model whose embeddings `vectors: 'victim'` reads. */
  model?: SesameModel;
  /** Cache root for the converted GloVe; false converts in memory. Default `.sesame-cache`. */
  cacheDir?: string | false;
  /** Minimum cosine similarity of a replacement to the word. Default 0.8 for counter-fitted GloVe, else 0.5. */
  minCosine?: number;
  /** Neighbours considered per word, most similar first. Default 8. */
  maxCandidates?: number;
}

/**
 * Nearest neighbours in word-vector space (textfooler's candidate set): each content word may be replaced by a
 * word whose vector has cosine ≥ `minCosine` with it, known to the English lexicon in the word's part of speech.
 * Function words are left alone.
 */
export function embeddingNeighbours(sentence: string, options: EmbeddingNeighbourOptions = {}): fc.Arbitrary<PerturbationResult> {
  const choice = options.vectors ?? 'glove';
  if (choice === 'victim' && !options.model) throw new TypeError("embeddingNeighbours: vectors 'victim' needs the model: pass { vectors: 'victim', model }");
  const vectors = candidateVectors({ vectors: choice, cacheDir: options.cacheDir }, options.model);
  const minCosine = options.minCosine ?? (choice === 'glove' ? 0.8 : 0.5);
  const max = options.maxCandidates ?? 8;
  const parsed = parseSentence(sentence);
  const tags = tagTokens(parsed);
  const sites = coreSubstitutionSites(parsed, (core, i) => {
    if (!lemmaForm(core, tags[i])) return [];
    return vectors
      .neighbours(core, 4 * max, minCosine)
      .map((n) => n.word.toLowerCase())
      .filter((w) => usableAs(w, tags[i]))
      .slice(0, max);
  }, true);
  return sitesArbitrary('embedding-neighbours', parsed, sites, options, `no content word has a word-vector neighbour with cosine ≥ ${minCosine}`);
}
