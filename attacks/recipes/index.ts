import type { Recipe } from '../../src/attack/types.js';
import { UsageError } from '../../src/errors.js';
import { candidateVectors, type VectorChoice } from '../internal/vectors/candidate-vectors.js';
import { deepwordbug } from './deepwordbug.js';
import { pwws } from './pwws.js';
import { textfooler } from './textfooler.js';

/** What the command line can set on any recipe; a recipe ignores what it does not use. */
export interface RecipeChoices {
  /** Word vectors for embedding-neighbour candidates: `glove` (default), `victim`, or a GloVe/word2vec text file. */
  vectors?: VectorChoice;
  /** Cache root for converted vectors; false: none. */
  cacheDir?: string | false;
  /**
   * The task judges grammatical number or form (agreement, acceptability): an edit that gives another inflection of
   * a word (windows → window) changes the label, so deepwordbug's typo guard rejects it (`numberSensitive`).
   */
  numberSensitive?: boolean;
}

/** Attack recipes by name, each with its published defaults. */
export const RECIPES: Record<string, (choices?: RecipeChoices) => Recipe> = {
  textfooler: (choices = {}) => textfooler({ vectors: choices.vectors, cacheDir: choices.cacheDir }),
  deepwordbug: (choices = {}) => deepwordbug({ numberSensitive: choices.numberSensitive }),
  pwws: () => pwws(),
};

export function recipeNames(): string[] {
  return Object.keys(RECIPES);
}

export function getRecipe(name: string, choices: RecipeChoices = {}): Recipe {
  const make = RECIPES[name];
  if (!make) throw new UsageError(`unknown recipe "${name}": choose one of ${recipeNames().join(', ')}`);
  if (choices.vectors !== undefined && name !== 'textfooler') throw new UsageError(`--vectors applies to textfooler only; ${name} does not use word vectors`);
  if (choices.vectors === '') throw new UsageError(`--vectors needs a value: glove, victim, or a GloVe/word2vec text file`);
  // A user's vectors file is read (and refused, with its line) before any model is loaded.
  if (choices.vectors !== undefined && !['glove', 'glove-raw', 'victim'].includes(choices.vectors)) candidateVectors(choices);
  return make(choices);
}

export { deepwordbug, pwws, textfooler };
