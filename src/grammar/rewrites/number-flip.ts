import fc from 'fast-check';
import { flipNounNumber, flipVerbNumber } from '../../../attacks/internal/inflection.js';
import { isPluralNoun } from '../lexicon.js';
import type { AnnotatedSentence } from '../types.js';
import { missingRole, notApplicable, rewritten, type RewriteResult } from './rewrite.js';

export interface NumberFlipOptions {
  /** `agree`: the main auxiliary follows the noun (does ↔ do); `keep`: it stays, breaking agreement. Default `agree`. */
  verb?: 'agree' | 'keep';
}

const NUMBER_TAGS: Record<string, string> = { N_sg: 'N_pl', N_pl: 'N_sg', AuxSg: 'AuxPl', AuxPl: 'AuxSg' };

/**
 * The subject head's number flipped with natural's inflector (dog ↔ dogs); the main auxiliary either agrees
 * (does ↔ do, is ↔ are, was ↔ were, has ↔ have) or is kept. Modals have no number, so agreement then holds either
 * way; an auxiliary opening a subject-gap relative clause follows the head too. `grammatical` says whether the
 * result is still acceptable. Indices never move.
 */
export function numberFlip(sentence: AnnotatedSentence, options: NumberFlipOptions = {}): fc.Arbitrary<RewriteResult> {
  const rule = options.verb === 'keep' ? 'number-flip-keep-verb' : 'number-flip';
  const missing = missingRole(sentence, ['subjectHead', 'mainAux']);
  if (missing) return notApplicable(rule, sentence, missing);
  const head = sentence.roles.subjectHead;
  const aux = sentence.roles.mainAux;
  const noun = sentence.words[head];
  const flippedNoun = flipNounNumber(noun, isPluralNoun(noun, sentence.tags[head]) ? 'NNS' : 'NN');
  if (!flippedNoun) return notApplicable(rule, sentence, `"${noun}" has the same form in both numbers`);
  const flippedAux = flipVerbNumber(sentence.words[aux], 'VBZ');
  return fc.constant(
    rewritten(
      rule,
      sentence,
      (e) => {
        e.replace(head, flippedNoun, NUMBER_TAGS[sentence.tags[head]]);
        if (options.verb === 'keep') return;
        if (flippedAux) e.replace(aux, flippedAux, NUMBER_TAGS[sentence.tags[aux]]);
        // A subject-gap relative clause ("the dog who does swim") agrees with the head too.
        const [start, end] = sentence.spans.subject ?? [head, head + 1];
        for (let j = Math.max(start, head + 1); j < end; j++) {
          const flipped = sentence.tags[j - 1] === 'Rel' ? flipVerbNumber(sentence.words[j], 'VBZ') : null;
          if (flipped) e.replace(j, flipped, NUMBER_TAGS[sentence.tags[j]]);
        }
      },
      options.verb !== 'keep' || !flippedAux,
    ),
  );
}
