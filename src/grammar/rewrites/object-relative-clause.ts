import fc from 'fast-check';
import { isPluralNoun } from '../lexicon.js';
import type { AnnotatedSentence } from '../types.js';
import { lexiconOf, notApplicable, pickFrom, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

/**
 * A relative clause on the object, appended to the object noun phrase: "… can hit the cat" → "… can hit the cat
 * that the dogs will see". Nothing before it moves; the object span grows and `rcAux` marks the clause's auxiliary.
 */
export function objectRelativeClause(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = 'object-relative-clause';
  const object = sentence.spans.object;
  if (!object) return notApplicable(rule, sentence, 'the sentence has no object span');
  const lex = lexiconOf(options);
  const noun = fc.boolean().chain((plural) => pickFrom(plural ? lex.pluralNouns : lex.singularNouns));
  const clause = fc.oneof(
    fc.tuple(pickFrom(lex.relativizers), pickFrom(lex.modals), pickFrom(lex.intransitiveVerbs)).map(([rel, aux, vi]) => ({
      words: [rel, aux, vi], tags: ['Rel', 'Aux', 'VI'], aux: 1, noun: -1,
    })),
    fc.tuple(pickFrom(lex.relativizers), pickFrom(lex.determiners), noun, pickFrom(lex.modals), pickFrom(lex.transitiveVerbs)).map(
      ([rel, det, n, aux, vt]) => ({ words: [rel, det, n, aux, vt], tags: ['Rel', 'Det', isPluralNoun(n) ? 'N_pl' : 'N_sg', 'Aux', 'VT'], aux: 3, noun: 2 }),
    ),
  );
  const end = object[1];
  return clause.map((c) =>
    rewritten(rule, sentence, (e) => {
      const at = end < sentence.words.length ? e.at(end) : e.words.length;
      e.insert(at, c.words, c.tags, true);
      e.roles.rcAux = at + c.aux;
      if (c.noun >= 0) e.roles.rcNoun = at + c.noun;
    }),
  );
}
