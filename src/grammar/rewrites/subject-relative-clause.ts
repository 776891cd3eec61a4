import type fc from 'fast-check';
import type { AnnotatedSentence } from '../types.js';
import { relativeClause } from './relative-clause.js';
import { lexiconOf, missingRole, notApplicable, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

/**
 * A relative clause with its own auxiliary right after the subject's head noun — Open Sesame's auxiliary
 * generalisation set: "the dog can run" → "the dog who will sleep can run". The subject span grows; `mainAux`,
 * `verb` and everything after move right; the clause's auxiliary is annotated `rcAux` (and its noun `rcNoun`).
 */
export function subjectRelativeClause(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = 'subject-relative-clause';
  const missing = missingRole(sentence, ['subjectHead', 'mainAux']);
  if (missing) return notApplicable(rule, sentence, missing);
  const lex = lexiconOf(options);
  const head = sentence.roles.subjectHead;
  const clause = relativeClause(lex, ['intransitive', 'object-gap', 'subject-gap']);
  return clause.map((c) =>
    rewritten(rule, sentence, (e) => {
      const at = e.at(head) + 1;
      e.insert(at, c.words, c.tags, ['subject']);
      e.roles.rcAux = at + c.aux;
      if (c.noun >= 0) {
        e.roles.rcNoun = at + c.noun;
        e.spans.rcNP = [at + c.noun - 1, at + c.noun + 1];
      }
    }),
  );
}
