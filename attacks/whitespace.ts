import fc from 'fast-check';
import { parseSentence } from './internal/words.js';
import { maxSites, notApplicable, type AmountOptions, type PerturbationResult } from './perturbation.js';

const GAPS = ['  ', '\t', ' \n', '   '];

/**
 * Whitespace changes: gaps between words widened or turned into tabs or line breaks, and spaces added at either
 * end. The words and their order are unchanged, so the edit record is empty.
 */
export function whitespace(sentence: string, options: AmountOptions = {}): fc.Arbitrary<PerturbationResult> {
  const parsed = parseSentence(sentence);
  const { tokens } = parsed;
  if (tokens.length === 0) return notApplicable('whitespace', sentence, 'the sentence has no words');
  // Gap k sits before token k; gap tokens.length is the trailing one.
  const gaps = Array.from({ length: tokens.length + 1 }, (_, k) => k);
  const max = Math.min(gaps.length, maxSites(options, tokens.length));
  return fc
    .subarray(gaps, { minLength: 1, maxLength: max })
    .chain((chosen) => fc.tuple(...chosen.map(() => fc.constantFrom(...GAPS))).map((fills) => new Map(chosen.map((g, i) => [g, fills[i]]))))
    .map((fills): PerturbationResult => {
      let text = '';
      for (let k = 0; k <= tokens.length; k++) {
        const original = k === 0 ? sentence.slice(0, tokens[0].start) : k === tokens.length ? sentence.slice(tokens[k - 1].end) : sentence.slice(tokens[k - 1].end, tokens[k].start);
        text += fills.has(k) ? (k === 0 || k === tokens.length ? original + fills.get(k)! : fills.get(k)!) : original;
        if (k < tokens.length) text += tokens[k].text;
      }
      return { applicable: true, family: 'whitespace', original: sentence, text, edits: [] };
    });
}
