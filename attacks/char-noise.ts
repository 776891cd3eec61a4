import type fc from 'fast-check';
import { charEdits, type CharOp } from './internal/char-edits.js';
import { coreSubstitutionSites, isNoisableWord } from './internal/substitution.js';
import { parseSentence } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface CharNoiseOptions extends AmountOptions {
  /** Which single-character edits to use. Default all four. */
  ops?: CharOp[];
  /** Words shorter than this are left alone. Default 3. */
  minWordLength?: number;
}

/** Character noise: one insertion, deletion, substitution or transposition in each of 1..maxWords words. */
export function charNoise(sentence: string, options: CharNoiseOptions = {}): fc.Arbitrary<PerturbationResult> {
  const ops = options.ops ?? ['insert', 'delete', 'substitute', 'transpose'];
  const minLength = options.minWordLength ?? 3;
  const parsed = parseSentence(sentence);
  const sites = coreSubstitutionSites(parsed, (core) => (isNoisableWord(core, minLength) ? charEdits(core, ops) : []));
  return sitesArbitrary('char-noise', parsed, sites, options, `no word of ${minLength}+ letters to add character noise to`);
}
