import type fc from 'fast-check';
import type { AnnotatedSentence } from '../types.js';
import { lexiconOf, missingRole, notApplicable, pickFrom, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

/**
 * A possessive inside the subject, as in Open Sesame's `gen_apost` set: "our bee" → "our farmer's bee". The
 * possessor is a noun but not the head: `subjectHead` moves right by one and the possessor is `possessor`.
 */
export function possessiveSubject(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = 'possessive-subject';
  const missing = missingRole(sentence, ['subjectHead']);
  if (missing) return notApplicable(rule, sentence, missing);
  const head = sentence.roles.subjectHead;
  const start = sentence.spans.subject?.[0] ?? head;
  // After the determiner when the subject has one ("our" + "farmer's" + "bee"), otherwise before the subject.
  const at = sentence.tags[start] === 'Det' && start < head ? start + 1 : start;
  const lex = lexiconOf(options);
  return pickFrom([...lex.singularNouns, ...lex.pluralNouns]).map((noun) =>
    rewritten(rule, sentence, (e) => {
      const i = e.at(at);
      e.insert(i, [`${noun}'s`], ['N']);
      e.roles.possessor = i;
    }),
  );
}
