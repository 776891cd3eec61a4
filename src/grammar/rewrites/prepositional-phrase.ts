import fc from 'fast-check';
import { isPluralNoun } from '../lexicon.js';
import type { AnnotatedSentence } from '../types.js';
import { lexiconOf, missingRole, notApplicable, pickFrom, rewritten, type RewriteOptions, type RewriteResult } from './rewrite.js';

export interface PrepositionalPhraseOptions extends RewriteOptions {
  /** Number of the inserted noun: `opposite` of the subject head makes it an agreement attractor. Default `any`. */
  number?: 'any' | 'same' | 'opposite';
}

/**
 * A prepositional phrase right after the subject's head noun: "the dog can run" → "the dog near the farmers can
 * run". The subject span grows, later roles move right, the inserted noun is `ppNoun` with its phrase `ppNP` (and
 * `attractor`, span `attractor`, when its number differs from the subject head's: Open Sesame's distractor span).
 */
export function prepositionalPhrase(sentence: AnnotatedSentence, options: PrepositionalPhraseOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = options.number === 'opposite' ? 'attractor' : 'prepositional-phrase';
  const missing = missingRole(sentence, ['subjectHead']);
  if (missing) return notApplicable(rule, sentence, missing);
  const lex = lexiconOf(options);
  const head = sentence.roles.subjectHead;
  const headPlural = isPluralNoun(sentence.words[head], sentence.tags[head]);
  const wantPlural = options.number === 'same' ? fc.constant(headPlural) : options.number === 'opposite' ? fc.constant(!headPlural) : fc.boolean();
  const noun = wantPlural.chain((plural) => pickFrom(plural ? lex.pluralNouns : lex.singularNouns));
  return fc.tuple(pickFrom(lex.prepositions), pickFrom(lex.determiners), noun).map(([prep, det, n]) =>
    rewritten(rule, sentence, (e) => {
      const at = e.at(head) + 1;
      const plural = isPluralNoun(n);
      e.insert(at, [prep, det, n], ['Prep', 'Det', plural ? 'N_pl' : 'N_sg'], ['subject']);
      e.roles.ppNoun = at + 2;
      e.spans.ppNP = [at + 1, at + 3];
      if (plural !== headPlural) {
        e.roles.attractor = at + 2;
        e.spans.attractor = [at + 1, at + 3];
      }
    }),
  );
}

/** An agreement attractor between subject and verb: a prepositional phrase whose noun has the other number. */
export function attractor(sentence: AnnotatedSentence, options: RewriteOptions = {}): fc.Arbitrary<RewriteResult> {
  return prepositionalPhrase(sentence, { ...options, number: 'opposite' });
}
