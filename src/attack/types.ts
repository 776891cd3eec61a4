import type { SesameModel } from '../models/types.js';
import type { ParsedSentence } from '../../attacks/internal/words.js';

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

export interface RecipeConstraints {
  /** At most this fraction of the words may change (at least one always may). */
  maxWordsFraction?: number;
  /** The substitute must get the same coarse part of speech as the original in context (Brill tagger). */
  keepPartOfSpeech?: boolean;
  /** Total character edit distance between original and perturbed text. */
  maxEditDistance?: number;
}

/** A search-based attack: how to rank words, what to substitute, and what a valid adversarial example must respect. */
export interface Recipe {
  name: string;
  summary: string;
  /** `delete`: drop each word; `unk`: replace it by the unknown token; `pwws`: probability-weighted saliency. */
  ranking: 'delete' | 'unk' | 'pwws';
  constraints: RecipeConstraints;
  /** Loads what `substitutes` needs for these sentences (e.g. WordNet lemmas). */
  prepare?(model: SesameModel, texts: string[]): Promise<void>;
  /** Substitutes for original word `index`, best first; words a recipe never touches get none. */
  substitutes(context: AttackContext, index: number): Substitute[];
}
