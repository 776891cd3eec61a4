import type fc from 'fast-check';
import type { AnnotatedSentence } from '../types.js';
import { relativeClause } from './relative-clause.js';
import { lexiconOf, notApplicable, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

/**
 * A relative clause on the object, appended to the object noun phrase: "… can hit the cat" → "… can hit the cat
 * that the dogs will see". Nothing before it moves; the object span grows and `rcAux` marks the clause's auxiliary.
 */
export function objectRelativeClause(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = 'object-relative-clause';
  const object = sentence.spans.object;
  if (!object) return notApplicable(rule, sentence, 'the sentence has no object span');
  const lex = lexiconOf(options);
  const clause = relativeClause(lex, ['intransitive', 'object-gap']);
  const end = object[1];
  return clause.map((c) =>
    rewritten(rule, sentence, (e) => {
      const at = end < sentence.words.length ? e.at(end) : e.words.length;
      e.insert(at, c.words, c.tags, ['object']);
      e.roles.rcAux = at + c.aux;
      if (c.noun >= 0) {
        e.roles.rcNoun = at + c.noun;
        e.spans.rcNP = [at + c.noun - 1, at + c.noun + 1];
      }
    }),
  );
}
