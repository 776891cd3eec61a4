import fc from 'fast-check';
import type { WordEdit } from '../src/report/types.js';
import { applyEdits, parseSentence, type ParsedSentence } from './internal/words.js';

/** A sentence one perturbation changed: the new text and which words changed, from what to what. */
export interface Perturbed {
  applicable: true;
  family: string;
  original: string;
  text: string;
  edits: WordEdit[];
}

/** The perturbation found nothing it can touch in this sentence: a property must count it as skipped, never as passed. */
export interface NotApplicable {
  applicable: false;
  family: string;
  original: string;
  text: string;
  edits: [];
  reason: string;
}

export type PerturbationResult = Perturbed | NotApplicable;

/** A perturbation family bound to its options: sentence in, arbitrary of perturbed sentences out. */
export type Perturbation = (sentence: string) => fc.Arbitrary<PerturbationResult>;

/** How many words (sites) one draw may change: at most `maxWords`, or at most `rate` × the sentence's words. */
export interface AmountOptions {
  maxWords?: number;
  rate?: number;
}

export function notApplicable(family: string, original: string, reason: string): fc.Arbitrary<NotApplicable> {
  return fc.constant({ applicable: false, family, original, text: original, edits: [], reason });
}

/**
 * One place a perturbation can act, and the edit groups it can apply there (one is picked). Alternatives come
 * first-best: shrinking moves toward the first alternative and toward fewer sites.
 */
export interface Site {
  alternatives: WordEdit[][];
}

export function maxSites(amount: AmountOptions, wordCount: number): number {
  if (amount.rate !== undefined) {
    if (!(amount.rate > 0 && amount.rate <= 1)) throw new RangeError(`rate must be in (0, 1], got ${amount.rate}`);
    return Math.max(1, Math.ceil(amount.rate * wordCount));
  }
  const max = amount.maxWords ?? 1;
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxWords must be a positive integer, got ${max}`);
  return max;
}

/**
 * The arbitrary every family builds on: picks 1..max of the sites (shrinking toward fewer), one alternative at
 * each, and applies the union of edits. With no site it yields the not-applicable result.
 */
export function sitesArbitrary(
  family: string,
  sentence: ParsedSentence,
  sites: Site[],
  amount: AmountOptions,
  noSiteReason: string,
): fc.Arbitrary<PerturbationResult> {
  const usable = sites.filter((s) => s.alternatives.length > 0);
  if (usable.length === 0) return notApplicable(family, sentence.text, noSiteReason);
  const max = Math.min(usable.length, maxSites(amount, sentence.tokens.length));
  const indices = usable.map((_, i) => i);
  // Which sites and what at each site are drawn independently, so shrinking can drop a site while every other
  // site keeps its replacement (a chain would redraw them): counterexamples shrink to the edits that matter.
  return fc
    .tuple(
      fc.subarray(indices, { minLength: 1, maxLength: max }),
      fc.tuple(...usable.map((site) => fc.constantFrom(...site.alternatives))),
    )
    .map(([chosen, picks]): PerturbationResult => {
      const edits = chosen.flatMap((i) => picks[i]).sort((a, b) => a.index - b.index);
      return { applicable: true, family, original: sentence.text, text: applyEdits(sentence, edits), edits };
    });
}

export { parseSentence };
