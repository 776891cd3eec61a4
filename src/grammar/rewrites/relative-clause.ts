import fc from 'fast-check';
import { isPluralNoun, type RewriteLexicon } from '../lexicon.js';
import { pickFrom } from './rewrite.js';

/** The words of a relative clause, their tags, and where its auxiliary and noun sit (offsets; -1 for none). */
export interface Clause {
  words: string[];
  tags: string[];
  aux: number;
  noun: number;
}

export type ClauseForm = 'intransitive' | 'object-gap' | 'subject-gap';

/** Relative clauses with a modal auxiliary (number-free, so agreement never breaks): who can sleep / that the dogs will see / who can see the dog. */
export function relativeClause(lex: RewriteLexicon, forms: ClauseForm[]): fc.Arbitrary<Clause> {
  const noun = fc.boolean().chain((plural) => pickFrom(plural ? lex.pluralNouns : lex.singularNouns));
  const nounTag = (n: string) => (isPluralNoun(n) ? 'N_pl' : 'N_sg');
  const byForm: Record<ClauseForm, fc.Arbitrary<Clause>> = {
    intransitive: fc
      .tuple(pickFrom(lex.relativizers), pickFrom(lex.modals), pickFrom(lex.intransitiveVerbs))
      .map(([rel, aux, vi]) => ({ words: [rel, aux, vi], tags: ['Rel', 'Aux', 'VI'], aux: 1, noun: -1 })),
    'object-gap': fc
      .tuple(pickFrom(lex.relativizers), pickFrom(lex.determiners), noun, pickFrom(lex.modals), pickFrom(lex.transitiveVerbs))
      .map(([rel, det, n, aux, vt]) => ({ words: [rel, det, n, aux, vt], tags: ['Rel', 'Det', nounTag(n), 'Aux', 'VT'], aux: 3, noun: 2 })),
    'subject-gap': fc
      .tuple(pickFrom(lex.relativizers), pickFrom(lex.modals), pickFrom(lex.transitiveVerbs), pickFrom(lex.determiners), noun)
      .map(([rel, aux, vt, det, n]) => ({ words: [rel, aux, vt, det, n], tags: ['Rel', 'Aux', 'VT', 'Det', nounTag(n)], aux: 1, noun: 4 })),
  };
  return fc.oneof(...forms.map((f) => byForm[f]));
}
