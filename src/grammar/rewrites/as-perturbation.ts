import type fc from 'fast-check';
import type { Perturbation, PerturbationResult } from '../../../attacks/perturbation.js';
import type { AnnotatedSentence } from '../types.js';
import type { RewriteResult } from './rewrite.js';

type Rewrite = (sentence: AnnotatedSentence) => fc.Arbitrary<RewriteResult>;

/** A rewrite result as a perturbation result: the rule is the family, the edit record is kept. */
export function toPerturbationResult(result: RewriteResult): PerturbationResult {
  return result.applicable
    ? { applicable: true, family: result.rule, original: result.original.words.join(' '), text: result.text, edits: result.edits }
    : { applicable: false, family: result.rule, original: result.text, text: result.text, edits: [], reason: result.reason };
}

/**
 * Grammar-sampled sentences, each rewritten: the cases INV and DIR take directly (`invariance({cases})`), e.g.
 * `rewrittenCases(grammarSentence(agr), (s) => attractor(s))`.
 */
export function rewrittenCases(sentences: fc.Arbitrary<AnnotatedSentence>, rewrite: Rewrite): fc.Arbitrary<PerturbationResult> {
  return sentences.chain((s) => rewrite(s).map(toPerturbationResult));
}

/**
 * A rewrite as a perturbation of plain sentences whose annotations you have (hand-annotated or read from Open
 * Sesame data): the text is looked up among `annotated` (words joined by single spaces).
 */
export function rewriteAsPerturbation(rewrite: Rewrite, annotated: Iterable<AnnotatedSentence>): Perturbation {
  const byText = new Map<string, AnnotatedSentence>();
  for (const s of annotated) byText.set(s.words.join(' '), s);
  return (text) => {
    const sentence = byText.get(text.trim().split(/\s+/).join(' '));
    if (!sentence) throw new RangeError(`no annotation for "${text}": pass its AnnotatedSentence to rewriteAsPerturbation`);
    return rewrite(sentence).map(toPerturbationResult);
  };
}
