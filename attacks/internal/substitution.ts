import type { Site } from '../perturbation.js';
import { matchCase, splitAffixes, type ParsedSentence } from './words.js';

/**
 * One site per word whose core (the token without surrounding punctuation) has replacements: each alternative
 * replaces the core and keeps the punctuation (and, with `keepCase`, the word's capitalisation). `replacements` returns cores, best first; the word itself is dropped.
 */
export function coreSubstitutionSites(
  sentence: ParsedSentence,
  replacements: (core: string, index: number) => readonly string[],
  keepCase = false,
): Site[] {
  return sentence.tokens.map((token, index) => {
    const { prefix, core, suffix } = splitAffixes(token.text);
    if (core === '') return { alternatives: [] };
    const options = [...new Set(replacements(core, index).map((r) => (keepCase ? matchCase(core, r) : r)))].filter(
      (r) => r !== core && r !== '',
    );
    return { alternatives: options.map((r) => [{ index, from: token.text, to: prefix + r + suffix }]) };
  });
}

/** Letters only, at least `minLength` long: the words character noise may touch. */
export function isNoisableWord(core: string, minLength: number): boolean {
  return core.length >= minLength && /^\p{L}+$/u.test(core);
}
