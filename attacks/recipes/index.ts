import type { Recipe } from '../../src/attack/types.js';
import { UsageError } from '../../src/errors.js';
import { deepwordbug } from './deepwordbug.js';
import { pwws } from './pwws.js';
import { textfooler } from './textfooler.js';

/** Attack recipes by name, each with its published defaults. */
export const RECIPES: Record<string, () => Recipe> = {
  textfooler: () => textfooler(),
  deepwordbug: () => deepwordbug(),
  pwws: () => pwws(),
};

export function recipeNames(): string[] {
  return Object.keys(RECIPES);
}

export function getRecipe(name: string): Recipe {
  const make = RECIPES[name];
  if (!make) throw new UsageError(`unknown recipe "${name}": choose one of ${recipeNames().join(', ')}`);
  return make();
}

export { deepwordbug, pwws, textfooler };
