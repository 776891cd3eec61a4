import type { SesameModel } from '../models/types.js';
import type { ParsedSentence } from '../../attacks/internal/words.js';
import type { Constraint } from '../screen/types.js';

/** What a recipe sees of the example under attack when it proposes substitutes. */
export interface AttackContext {
  model: SesameModel;
  original: ParsedSentence;
  /** Penn tags of the original tokens. */
  tags: string[];
  /** Deterministic per example: seeded from the attack seed and the example's index. */
  random: () => number;
}

/** A replacement for the core of one word (punctuation around it is kept) and how close it is to the original. */
export interface Substitute {
  word: string;
  /** Similarity to the original word in [0, 1] (embedding cosine, 1 − normalised edit distance …): breaks ties. */
  similarity: number;
}

/**
 * A search-based attack, as TextAttack composes one: a search (greedy, words visited in `ranking` order), a
 * transformation (`prepare` + `substitutes`) and a list of constraint objects every candidate must pass before the
 * model is queried on it (cheap ones first: they are checked in order, each on the survivors of the last).
 */
export interface Recipe {
  name: string;
  summary: string;
  /** `delete`: drop each word; `unk`: replace it by the unknown token; `pwws`: probability-weighted saliency. */
  ranking: 'delete' | 'unk' | 'pwws';
  constraints: Constraint[];
  /**
   * Loads what `substitutes` needs for these sentences (e.g. WordNet lemmas, neighbour lists). `cacheDir` is the run's
   * cache root (false: none), for recipes that keep converted data there and were not given a root themselves.
   */
  prepare?(model: SesameModel, texts: string[], run?: { cacheDir?: string | false }): Promise<void>;
  /** Substitutes for original word `index`, best first; words a recipe never touches get none. */
  substitutes(context: AttackContext, index: number): Substitute[];
}
