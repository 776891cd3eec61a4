import type fc from 'fast-check';
import { parseSentence, splitAffixes } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult, type Site } from './perturbation.js';

const TERMINALS = ['.', '!', '...', ''];

/**
 * Punctuation changes that keep the words: the sentence's final mark swapped, dropped or added ('.', '!', '...'),
 * and commas, semicolons and colons after a word dropped. Words themselves are never touched.
 */
export function punctuation(sentence: string, options: AmountOptions = {}): fc.Arbitrary<PerturbationResult> {
  const parsed = parseSentence(sentence);
  const tokens = parsed.tokens.map((t) => t.text);
  const sites: Site[] = tokens.map((token, i) => {
    const { prefix, core, suffix } = splitAffixes(token);
    const last = i === tokens.length - 1;
    if (core === '') {
      // A free-standing mark (" ." / " ,"): swap a final one, drop any.
      const swaps = last && /^[.!?]+$/.test(token) ? TERMINALS.filter((t) => t !== '' && t !== token) : [];
      return { alternatives: [...swaps.map((t) => [{ index: i, from: token, to: t }]), [{ index: i, from: token, to: '' }]] };
    }
    if (last) {
      const terminal = /[.!?]+$/.exec(suffix)?.[0] ?? '';
      const rest = suffix.slice(0, suffix.length - terminal.length);
      const options = TERMINALS.filter((t) => t !== terminal).map((t) => prefix + core + rest + t);
      return { alternatives: options.map((to) => [{ index: i, from: token, to }]) };
    }
    if (/^[,;:]$/.test(suffix)) return { alternatives: [[{ index: i, from: token, to: prefix + core }]] };
    return { alternatives: [] };
  });
  return sitesArbitrary('punctuation', parsed, sites, options, 'no punctuation to change');
}
