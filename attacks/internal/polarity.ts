import natural from './natural.js';

/**
 * Prior sentiment polarity of an English word in [-1, 1], from the lexicons natural ships offline: AFINN-165
 * (hand-rated −5…5, divided by 5), else the Pattern lexicon; `undefined` when neither knows the word. natural's
 * SentiCon lexicon is left out: it rates "bad" +0.25 and "movie", "daytime" as positive.
 */
export function wordPolarity(word: string): number | undefined {
  const key = word.toLowerCase();
  const [afinn, pattern] = lexicons();
  if (Object.hasOwn(afinn, key)) return Number(afinn[key]) / 5;
  if (Object.hasOwn(pattern, key)) return Number(pattern[key]);
  return undefined;
}

/** Polarity below this magnitude counts as neutral. */
const NEUTRAL = 0.1;

export interface PolarityGuard {
  /** A neutral word may not become one whose polarity magnitude is at least this. Default 0.5 (AFINN ±3: "good", "awful"). */
  strong?: number;
}

/**
 * Whether swapping `original` for `candidate` keeps its sentiment: not when their polarities have opposite signs,
 * nor when a neutral word would become a strongly polar one. Words no lexicon knows count as neutral.
 */
export function keepsPolarity(original: string, candidate: string, guard: PolarityGuard = {}): boolean {
  const before = wordPolarity(original) ?? 0;
  const after = wordPolarity(candidate) ?? 0;
  if (Math.abs(before) < NEUTRAL) return Math.abs(after) < (guard.strong ?? 0.5);
  return Math.abs(after) < NEUTRAL || Math.sign(after) === Math.sign(before);
}

/** natural's flattened vocabularies: word → score (a number for AFINN, a numeric string for Pattern). */
type Vocabulary = [Record<string, number | string>, Record<string, number | string>];
let loaded: Vocabulary | undefined;

function lexicons(): Vocabulary {
  loaded ??= (['afinn', 'pattern'] as const).map(
    (type) => (new natural.SentimentAnalyzer('English', undefined, type) as unknown as { vocabulary: object }).vocabulary,
  ) as Vocabulary;
  return loaded;
}
