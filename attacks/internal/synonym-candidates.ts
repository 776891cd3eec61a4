import { pluralNoun, singularNoun, thirdPersonSingular, verbBase } from './inflection.js';
import { keepsPolarity, type PolarityGuard } from './polarity.js';
import { coarsePos, lexiconTags, wordNetPos } from './pos.js';
import { signature, WordNetSynonyms } from './wordnet.js';

/**
 * WordNet does not say which sense a word has in context, so a synonym may come from a sense the sentence never
 * meant ("amazing" → "awful", awe-inspiring). These options keep to common senses and to the word's sentiment.
 */
export interface SynonymFilterOptions {
  /**
   * Only senses SemCor tagged for the word (WordNet's tag counts; its first sense always counts), and only synonyms
   * SemCor tagged in that shared sense: drops rare and archaic forms ("awing", "thriftlessness"). Default true.
   */
  frequentSenses?: boolean;
  /** Only the word's `maxSenses` most frequent senses. Default: no limit. */
  maxSenses?: number;
  /**
   * Drops a synonym whose prior sentiment (AFINN-165, else Pattern) has the opposite sign from the word's, or that
   * is strongly polar (|polarity| ≥ `strong`, default 0.4 = AFINN ±2) where the word is neutral. Default true;
   * `false` turns it off (e.g. for a task where sentiment does not matter), an object sets `strong`.
   */
  polarityGuard?: boolean | PolarityGuard;
  /**
   * With the sentence's words given, synonyms come only from the sense a simplified Lesk picks (gloss overlap with
   * the sentence; ties: the more frequent sense). With no overlap, a sense holding at least half of the word's SemCor tags
   * is taken, otherwise the word gets no synonym ("Never call them": name, phone or shout?). Default true; false
   * draws from every (frequent) sense.
   */
  senseChoice?: boolean;
}

/**
 * Light verbs and discourse adverbs: their meaning lives in the construction ("take a look", "still warm"), so a
 * WordNet synonym of the lone word (have → own, take → bring, still → nonetheless) changes the sentence.
 */
export const LIGHT_WORDS: Record<'v' | 'r', ReadonlySet<string>> = {
  v: new Set('be have do make take give get go come put set keep let hold bring turn seem become look feel'.split(' ')),
  r: new Set('still just even yet ever already again really quite rather pretty actually simply almost enough anyway though well so too much then now'.split(' ')),
};

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

/** A sense with at least this share of a word's SemCor tags is taken when the sentence gives no clue. */
const DOMINANT_SENSE = 0.5;

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
 * part of speech; never the word itself or an antonym; by default only from common senses and of the same
 * sentiment (see `SynonymFilterOptions`).
 */
export function synonymCandidates(core: string, pennTag: string, options: SynonymFilterOptions = {}, sentence?: readonly string[]): string[] {
  const form = lemmaForm(core, pennTag);
  if (!form) return [];
  if ((form.pos === 'v' || form.pos === 'r') && LIGHT_WORDS[form.pos].has(form.lemma)) return [];
  const lower = core.toLowerCase();
  const guard = options.polarityGuard ?? true;
  const filter = { frequentOnly: options.frequentSenses ?? true, maxSenses: options.maxSenses };
  let lemmas: string[];
  if (sentence && options.senseChoice !== false) {
    const sense = WordNetSynonyms.senseInContext(form.lemma, form.pos, signature(sentence.join(' '), form.lemma), filter);
    // Several common senses, no clue in the sentence which one is meant, and none that dominates SemCor (≥ half of
    // the word's tags): "call them" (name? phone? shout?) gets no swap; "film" (a movie in 59% of its tags) does.
    if (!sense || (sense.competing > 1 && sense.overlap === 0 && sense.share < DOMINANT_SENSE)) return [];
    lemmas = WordNetSynonyms.synonymsOfSense(form.lemma, form.pos, sense.rank, filter);
  } else {
    lemmas = WordNetSynonyms.synonyms(form.lemma, form.pos, filter);
  }
  return lemmas
    // A re-inflected synonym must lead back to it (min → "mines" would be another word: mine).
    .flatMap((lemma) => {
      const inflected = form.inflect(lemma);
      return form.inflect === same || lemmaForm(inflected, pennTag)?.lemma === lemma ? [inflected] : [];
    })
    .filter((s) => s !== lower && usableAs(s, pennTag))
    .filter((s) => guard === false || keepsPolarity(form.lemma, s, guard === true ? {} : guard));
}

/** Lemmas to load before `synonymCandidates` can answer for these tagged cores. */
export function lemmasToPrepare(cores: readonly string[], tags: readonly string[]): string[] {
  return cores.flatMap((core, i) => {
    const form = lemmaForm(core, tags[i]);
    return form ? [form.lemma] : [];
  });
}
