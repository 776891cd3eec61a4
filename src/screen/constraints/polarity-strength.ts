import { baseForms, isRealWord, lexicons } from '../../../attacks/internal/polarity.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { tagsOf } from './part-of-speech.js';
import { signed, wordSwaps } from './word-swaps.js';

export interface PolarityStrengthOptions {
  /**
   * Largest loss of sentiment strength allowed in any one lexicon that rates both words, on [-1, 1]. Default 0.5:
   * half the scale, one step of Pattern's (terrible −1 → frightening −0.5) or 2.5 of AFINN's 5 points.
   */
  maxWeakening?: number;
  /**
   * A word the review-adjective lexicon (Pattern: adjectives of product reviews, hand-rated) rates at least this
   * strongly, as written, may only become a word Pattern also rates: an evaluative review word swapped for one not
   * attested as evaluative says something else (horrible → fearsome, clever → cagey). Default 0.5; `false` turns it off.
   */
  evaluative?: number | false;
}

type Ratings = Partial<Record<'AFINN' | 'VADER' | 'Pattern', number>>;

/** The hand ratings of a word in each lexicon that has it (as written, else under its first rated base form). */
export function handRatings(word: string): Ratings {
  const { afinn, vader, pattern } = lexicons();
  const out: Ratings = {};
  const sources = { AFINN: afinn, VADER: vader, Pattern: pattern } as const;
  for (const [name, lexicon] of Object.entries(sources) as Array<[keyof Ratings, Map<string, number>]>) {
    const form = baseForms(word.toLowerCase()).find((f) => lexicon.has(f));
    if (form !== undefined) out[name] = lexicon.get(form)!;
  }
  return out;
}

/**
 * No swap weakens a word's sentiment by more than `maxWeakening` in a lexicon that rates both (AFINN ÷ 5, VADER ÷ 4,
 * Pattern): the `polarity` constraint keeps the sign, this keeps the strength. An evaluative word swapped for a
 * milder or merely descriptive one of the same sign says less: terrible → frightening (Pattern −1 → −0.5: a bad script
 * becomes a scary one). Each lexicon is compared only with itself, so their different scales never mix.
 * Strengthening is allowed (funny → hilarious). Score: the largest weakening.
 */
export function polarityStrength(options: PolarityStrengthOptions = {}): Constraint {
  const max = options.maxWeakening ?? 0.5;
  const evaluative = options.evaluative ?? 0.5;
  return {
    name: 'polarityStrength',
    description: `no swap weakens a word's sentiment by ${max} or more in a lexicon that rates both (AFINN, VADER, Pattern)${evaluative === false ? '' : `; a review adjective Pattern rates ≥ ${evaluative} becomes one Pattern rates`}`,
    check: (pairs) => pairs.map((pair) => checkPair(pair, max, evaluative)),
  };
}

function checkPair(pair: ScreenPair, max: number, evaluative: number | false): ConstraintScore {
  const swaps = wordSwaps(pair);
  if (evaluative !== false) {
    const { pattern } = lexicons();
    const tags = tagsOf(pair.original);
    const unattested = swaps.find((s) => {
      if (!/^JJ/.test(tags[s.index] ?? '')) return false; // Pattern rates adjectives: "light" the noun is not "light" the adjective
      const rated = pattern.get(s.from.toLowerCase());
      return rated !== undefined && Math.abs(rated) >= evaluative && isRealWord(s.to) && handRatings(s.to).Pattern === undefined;
    });
    if (unattested) {
      const before = pattern.get(unattested.from.toLowerCase())!;
      return {
        pass: false,
        score: Math.abs(before),
        reason: `${unattested.from} → ${unattested.to}: ${unattested.from} is a review adjective (Pattern ${signed(before)}), ${unattested.to} is not rated as one, so the evaluation may not survive`,
        values: { word: unattested.from, replacement: unattested.to, lexicon: 'Pattern', before, after: null },
      };
    }
  }
  const measured = swaps.flatMap((s) => {
    const a = handRatings(s.from);
    const b = handRatings(s.to);
    return (Object.keys(a) as Array<keyof Ratings>).flatMap((lexicon) => {
      if (b[lexicon] === undefined || Math.sign(a[lexicon]!) !== Math.sign(b[lexicon]!)) return [];
      return [{ swap: s, lexicon, before: a[lexicon]!, after: b[lexicon]!, weakening: Math.abs(a[lexicon]!) - Math.abs(b[lexicon]!) }];
    });
  });
  if (measured.length === 0) return { pass: true, score: null, reason: 'no swapped pair is rated with the same sign by one lexicon' };
  const worst = measured.reduce((x, y) => (y.weakening > x.weakening ? y : x));
  const text = `${worst.swap.from} → ${worst.swap.to} (${worst.lexicon} ${signed(worst.before)} → ${signed(worst.after)})`;
  const pass = worst.weakening < max - 1e-9;
  return {
    pass,
    score: worst.weakening,
    reason: pass ? `sentiment strength kept within ${max}: largest weakening ${text}` : `${text} weakens the sentiment by ${worst.weakening.toFixed(2)}`,
    values: { word: worst.swap.from, replacement: worst.swap.to, lexicon: worst.lexicon, before: worst.before, after: worst.after },
  };
}
