import type fc from 'fast-check';
import type { AnnotatedSentence } from '../types.js';
import { lexiconOf, missingRole, notApplicable, pickFrom, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

/**
 * A compound subject noun, as in Open Sesame's `gen_comp` set: a noun adjunct before the head ("the bee" → "the
 * garden bee"). The head is still the last noun: `subjectHead` moves right by one, the adjunct is `modifier`.
 */
export function compoundSubject(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = 'compound-subject';
  const missing = missingRole(sentence, ['subjectHead']);
  if (missing) return notApplicable(rule, sentence, missing);
  const head = sentence.roles.subjectHead;
  return pickFrom(lexiconOf(options).modifiers).map((modifier) =>
    rewritten(rule, sentence, (e) => {
      const at = e.at(head);
      e.insert(at, [modifier], ['N']);
      e.roles.modifier = at;
    }),
  );
}
