import type { Recipe, Substitute } from '../../src/attack/types.js';
import { editDistance, maxWordsPerturbed, negation, polarity } from '../../src/screen/index.js';
import { damerauLevenshtein } from '../internal/char-edits.js';
import { STOPWORDS } from '../internal/synonym-candidates.js';
import { isTypoTarget, keepsTypo, typoWordCap, type TypoGuardOptions } from '../internal/typo-guard.js';
import { splitAffixes } from '../internal/words.js';

/**
 * `typoGuard` (default true): an edit may not spell another dictionary word (hate → ate), keeps the word's first and
 * last letter, leaves it at least 4 letters long, and at most 3 words of a sentence are edited; negators and words
 * under `minWordLength` (default 4) letters are left alone. `numberSensitive` for agreement-like tasks.
 */
export interface DeepWordBugOptions extends TypoGuardOptions {
  /** Random variants per edit kind and word. Default 1 (as in TextAttack). */
  variantsPerOp?: number;
  /** Maximum total character edit distance. Default 30 (TextAttack's). */
  maxEditDistance?: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Draws per edit kind before giving up on a word whose every nearby edit is another real word. */
const REDRAWS = 8;

type Edit = (word: string, random: () => number) => string | null;

const pickPosition = (length: number, random: () => number) => Math.floor(random() * length);
const pickLetter = (random: () => number) => LETTERS[Math.floor(random() * LETTERS.length)];

const EDITS: Record<string, Edit> = {
  swap: (w, r) => {
    if (w.length < 2) return null;
    const p = pickPosition(w.length - 1, r);
    return w.slice(0, p) + w[p + 1] + w[p] + w.slice(p + 2);
  },
  substitute: (w, r) => {
    const p = pickPosition(w.length, r);
    return w.slice(0, p) + pickLetter(r) + w.slice(p + 1);
  },
  delete: (w, r) => {
    if (w.length < 2) return null;
    const p = pickPosition(w.length, r);
    return w.slice(0, p) + w.slice(p + 1);
  },
  insert: (w, r) => {
    const p = pickPosition(w.length + 1, r);
    return w.slice(0, p) + pickLetter(r) + w.slice(p);
  },
};

/**
 * DeepWordBug (Gao et al. 2018): rank words by replacing each with the unknown token, then greedily apply one
 * random character swap, substitution, deletion or insertion per word, within a total edit distance of 30.
 * Stopwords are never touched. Draws come from the attack's seed. Beyond the paper, an edit may not destroy a
 * negation (not → nt) nor make a polar word another, unrated real word (hate → ate): `negation`, `polarity`; and
 * by default (the typo guard, measured on the hand-judged set) no edit spells another dictionary word at all (slow →
 * low, call → all), edits stay inside the word (good → ood, sharp → mharp, windows → window are not offered), no
 * word drops under 4 letters (rich → rih), negators and words under 4 letters are never edited, and at most 3 words
 * change (`maxWordsPerturbed`). `typoGuard: false` and the options of `TypoGuardOptions` relax this.
 */
export function deepwordbug(options: DeepWordBugOptions = {}): Recipe {
  const variants = options.variantsPerOp ?? 1;
  return {
    name: 'deepwordbug',
    summary: `one random character swap/substitution/deletion/insertion per word${options.typoGuard === false ? '' : `, inside the word and spelling no other word, in at most ${typoWordCap(options)} words`}, unk-ranked, edit distance ≤ ${options.maxEditDistance ?? 30}`,
    ranking: 'unk',
    constraints: [
      ...(Number.isFinite(typoWordCap(options)) ? [maxWordsPerturbed({ max: typoWordCap(options) })] : []),
      editDistance({ max: options.maxEditDistance ?? 30 }),
      negation(),
      polarity(),
    ],
    substitutes(context, index) {
      const core = splitAffixes(context.original.tokens[index].text).core;
      if (!isTypoTarget(core, options) || STOPWORDS.has(core.toLowerCase())) return [];
      const out = new Map<string, Substitute>();
      for (const edit of Object.values(EDITS)) {
        for (let v = 0; v < variants; v++) {
          // An edit that spells another word is drawn again (a few times): the variant should still be a typo.
          for (let attempt = 0; attempt < REDRAWS; attempt++) {
            const word = edit(core, context.random);
            if (!word || word === core || !keepsTypo(core, word, options)) continue;
            if (!out.has(word)) out.set(word, { word, similarity: 1 - damerauLevenshtein(core, word) / core.length });
            break;
          }
        }
      }
      return [...out.values()];
    },
  };
}
