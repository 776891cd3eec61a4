import { pluralNoun, singularNoun, thirdPersonSingular, verbBase } from './inflection.js';
import { coarsePos, lexiconTags, wordNetPos } from './pos.js';
import { WordNetSynonyms } from './wordnet.js';

/** Closed-class and light words a meaning-preserving substitution must never touch. */
export const STOPWORDS = new Set(
  ('a an the and or but if then so of to in on at by for with from as is are was were be been being am has have had do does did ' +
    'not no nor can could will would shall should may might must this that these those it its i me my we our you your he him his she her they them their ' +
    "there here very too also just only than such what which who whom whose when where why how all any some each every both either neither n't " +
    'one two three four five six seven eight nine ten eleven twelve twenty hundred thousand first second third').split(' '),
);

/** How a word in context maps to a WordNet lemma and back: the lemma, its WordNet POS, and the re-inflection. */
interface LemmaForm {
  lemma: string;
  pos: 'n' | 'v' | 'a' | 'r';
  inflect: (lemma: string) => string;
}

const same = (w: string) => w;

/** Only forms we can re-inflect faithfully: base and plural nouns, base and 3sg verbs, plain adjectives and adverbs. */
export function lemmaForm(core: string, pennTag: string): LemmaForm | null {
  const lower = core.toLowerCase();
  if (STOPWORDS.has(lower) || !/^[a-z]+$/.test(lower)) return null;
  const pos = wordNetPos(pennTag);
  if (!pos) return null;
  switch (pennTag) {
    case 'NN':
    case 'JJ':
    case 'RB':
    case 'VB':
    case 'VBP':
      return { lemma: lower, pos, inflect: same };
    case 'NNS':
      return { lemma: singularNoun(lower), pos, inflect: pluralNoun };
    case 'VBZ':
      return { lemma: verbBase(lower), pos, inflect: thirdPersonSingular };
    default:
      return null;
  }
}

/**
 * Whether the Brill lexicon lists `word` with the coarse part of speech of `pennTag`: keeps rare WordNet senses
 * ("dry" → "teetotal", "grow" → "maturate") and sub-word vocabulary entries out of meaning-preserving swaps.
 */
export function usableAs(word: string, pennTag: string): boolean {
  const wanted = coarsePos(pennTag);
  return lexiconTags(word).some((t) => coarsePos(t) === wanted);
}

/**
 * WordNet synonyms of a word in context, re-inflected like the word, that the English lexicon knows in the same
 * part of speech; never the word itself or an antonym.
 */
export function synonymCandidates(core: string, pennTag: string): string[] {
  const form = lemmaForm(core, pennTag);
  if (!form) return [];
  const lower = core.toLowerCase();
  return WordNetSynonyms.synonyms(form.lemma, form.pos)
    .map(form.inflect)
    .filter((s) => s !== lower && usableAs(s, pennTag));
}

/** Lemmas to load before `synonymCandidates` can answer for these tagged cores. */
export function lemmasToPrepare(cores: readonly string[], tags: readonly string[]): string[] {
  return cores.flatMap((core, i) => {
    const form = lemmaForm(core, tags[i]);
    return form ? [form.lemma] : [];
  });
}
