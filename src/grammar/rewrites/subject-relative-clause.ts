import fc from 'fast-check';
import { isPluralNoun } from '../lexicon.js';
import type { AnnotatedSentence } from '../types.js';
import { lexiconOf, missingRole, notApplicable, pickFrom, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

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
  const noun = fc.boolean().chain((plural) => pickFrom(plural ? lex.pluralNouns : lex.singularNouns));
  const clause = fc.oneof(
    fc.tuple(pickFrom(lex.relativizers), pickFrom(lex.modals), pickFrom(lex.intransitiveVerbs)).map(([rel, aux, vi]) => ({
      words: [rel, aux, vi], tags: ['Rel', 'Aux', 'VI'], aux: 1, noun: -1,
    })),
    fc.tuple(pickFrom(lex.relativizers), pickFrom(lex.determiners), noun, pickFrom(lex.modals), pickFrom(lex.transitiveVerbs)).map(
      ([rel, det, n, aux, vt]) => ({ words: [rel, det, n, aux, vt], tags: ['Rel', 'Det', isPluralNoun(n) ? 'N_pl' : 'N_sg', 'Aux', 'VT'], aux: 3, noun: 2 }),
    ),
    fc.tuple(pickFrom(lex.relativizers), pickFrom(lex.modals), pickFrom(lex.transitiveVerbs), pickFrom(lex.determiners), noun).map(
      ([rel, aux, vt, det, n]) => ({ words: [rel, aux, vt, det, n], tags: ['Rel', 'Aux', 'VT', 'Det', isPluralNoun(n) ? 'N_pl' : 'N_sg'], aux: 1, noun: 4 }),
    ),
  );
  return clause.map((c) =>
    rewritten(rule, sentence, (e) => {
      const at = e.at(head) + 1;
      e.insert(at, c.words, c.tags, true);
      e.roles.rcAux = at + c.aux;
      if (c.noun >= 0) e.roles.rcNoun = at + c.noun;
    }),
  );
}
