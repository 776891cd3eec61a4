/**
 * Subject–verb agreement material for the acceptability fine-tune: template fillers, and simple
 * annotated sentences (subject head and main auxiliary marked) that the grammar rewrites can grow
 * attractor nouns into.
 */
import type { AnnotatedSentence, Perturbation, PerturbationResult, RewriteResult } from 'sesame';
import type fc from 'fast-check';

export const SINGULAR = ['key', 'author', 'house', 'letter', 'daughter', 'friend', 'picture', 'garden', 'door', 'story'];
export const PLURAL = ['keys', 'authors', 'houses', 'letters', 'daughters', 'friends', 'pictures', 'gardens', 'doors', 'stories'];
export const PREPOSITIONS = ['of', 'near', 'behind', 'beside', 'with', 'for'];
export const PREDICATES = ['very old', 'quite small', 'in the village', 'too large', 'rather pretty', 'still there'];

/** `[determiner, noun, aux, ...rest]` with the subject head at 1 and the main auxiliary at 2. */
function annotate(text: string): AnnotatedSentence {
  const words = text.split(' ');
  const plural = words[2] === 'are' || words[2] === 'were' || words[2] === 'have';
  return {
    words,
    tags: words.map((_, i) => (i === 0 ? 'Det' : i === 1 ? (plural ? 'N_pl' : 'N_sg') : i === 2 ? (plural ? 'AuxPl' : 'AuxSg') : 'X')),
    markers: {},
    roles: { subjectHead: 1, mainAux: 2 },
    spans: { subject: [0, 2] },
  };
}

/** Short, grammatical sentences with a bare subject: the inputs the attractor rewrites grow. */
export const SIMPLE_SENTENCES: string[] = [
  'the house was very old .',
  'the letters were still there .',
  'the garden is rather pretty .',
  'the doors are too large .',
  'the author was a young woman .',
  'the daughters were very happy .',
  'the picture has been sold .',
  'the friends have gone home .',
  'the story is quite short .',
  'the keys are on the table .',
  'the door was open .',
  'the gardens were in bloom .',
];

const ANNOTATED = new Map(SIMPLE_SENTENCES.map((s) => [s, annotate(s)]));

/**
 * A grammar rewrite (which works on annotated sentences) as a perturbation of the sentences above, so
 * INV and DIR can run it: the result keeps the rewrite's edit record.
 */
export function asPerturbation(rewrite: (s: AnnotatedSentence) => fc.Arbitrary<RewriteResult>): Perturbation {
  return (text) => {
    const annotated = ANNOTATED.get(text);
    if (!annotated) throw new RangeError(`no annotation for "${text}"; add it to SIMPLE_SENTENCES`);
    return rewrite(annotated).map((r): PerturbationResult =>
      r.applicable
        ? { applicable: true, family: r.rule, original: text, text: r.text, edits: r.edits }
        : { applicable: false, family: r.rule, original: text, text, edits: [], reason: r.reason },
    );
  };
}
