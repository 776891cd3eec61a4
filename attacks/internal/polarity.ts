import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import natural from './natural.js';
import { isDictionaryWord } from './pos.js';
import { wordNetFiles, WordNetSynonyms } from './wordnet.js';

/** Where a word's prior polarity came from. `wordnet`: spread from rated words one WordNet link away. */
export type PolaritySource = 'afinn' | 'vader' | 'pattern' | 'wordnet';

export interface PriorPolarity {
  /** In [-1, 1]. */
  polarity: number;
  source: PolaritySource;
  /** The rated words it was spread from (`wordnet` only), or the base form it was read under (hated → hate). */
  via?: string;
}

/**
 * Prior sentiment polarity of an English word in [-1, 1]: AFINN-165 (hand-rated −5…5, ÷ 5), else VADER's
 * lexicon (mean of ten raters, −4…4, ÷ 4), else the Pattern lexicon (adjectives), each also under the word's base
 * form (hated → hate); else spread over WordNet (see `spreadPolarity`). `undefined` when nothing rates it. natural's
 * SentiCon lexicon is left out: it rates "bad" +0.25 and "movie", "daytime" as positive.
 */
export function priorPolarity(word: string): PriorPolarity | undefined {
  const key = word.toLowerCase();
  let found = memo.get(key);
  if (found === undefined) {
    found = lookup(key) ?? null;
    memo.set(key, found);
  }
  return found ?? undefined;
}

/** `priorPolarity(word)?.polarity`. */
export function wordPolarity(word: string): number | undefined {
  return priorPolarity(word)?.polarity;
}

/** Polarity below this magnitude counts as neutral. */
const NEUTRAL = 0.1;

export interface PolarityGuardOptions {
  /**
   * A neutral word may not become one whose polarity magnitude is at least this. Default 0.4 (AFINN ±2: "favorable",
   * "disaster"): on the judged set 0.4 rejects 6 more invalid swaps than 0.5 and no valid one; 0.3 starts rejecting valid ones.
   */
  strong?: number;
}
/** Kept for callers of the synonym filters. */
export type PolarityGuard = PolarityGuardOptions;

export interface PolarityJudgement {
  keeps: boolean;
  before?: number;
  after?: number;
  /** Reads after "from → to": "keeps a negative sentiment", "flips the sentiment" … */
  reason: string;
}

/**
 * Whether swapping `original` for `replacement` keeps its prior sentiment. Rejected: a polar word becoming one of the
 * opposite sign (charming → impatient); a polar word becoming an unrated or neutral real word (hate → ate, wonderful
 * → remarkable-but-unrated), unless it is a frequent-sense WordNet synonym of it; a neutral word becoming a strongly
 * polar one (|p| ≥ `strong`). A replacement that is no word at all (a typo) keeps the sentiment a reader recovers.
 */
export function judgePolaritySwap(original: string, replacement: string, options: PolarityGuardOptions = {}): PolarityJudgement {
  const before = wordPolarity(original);
  const after = wordPolarity(replacement);
  const strong = options.strong ?? 0.4;
  const polarBefore = before !== undefined && Math.abs(before) >= NEUTRAL;
  const polarAfter = after !== undefined && Math.abs(after) >= NEUTRAL;
  if (!polarBefore) {
    if (after !== undefined && Math.abs(after) >= strong) return { keeps: false, before, after, reason: 'turns a neutral word into a strongly polar one' };
    return { keeps: true, before, after, reason: 'keeps a neutral word neutral' };
  }
  const sign = before! > 0 ? 'positive' : 'negative';
  if (polarAfter) {
    if (Math.sign(after!) !== Math.sign(before!)) return { keeps: false, before, after, reason: 'flips the sentiment' };
    return { keeps: true, before, after, reason: `keeps a ${sign} sentiment` };
  }
  if (!isRealWord(replacement)) return { keeps: true, before, after, reason: `is a misspelling, whose ${sign} sentiment a reader recovers` };
  if (isFrequentSynonym(original, replacement)) return { keeps: true, before, after, reason: `is a frequent-sense WordNet synonym, so keeps a ${sign} sentiment` };
  return { keeps: false, before, after, reason: `loses a ${sign} sentiment (the replacement is ${after === undefined ? 'unrated' : 'neutral'})` };
}

/** `judgePolaritySwap(original, candidate, guard).keeps`: the filter of the synonym families and PWWS. */
export function keepsPolarity(original: string, candidate: string, guard: PolarityGuardOptions = {}): boolean {
  return judgePolaritySwap(original, candidate, guard).keeps;
}

/** A word the English lexicon or WordNet knows (not a typo). */
export function isRealWord(word: string): boolean {
  const key = word.toLowerCase();
  if (isDictionaryWord(key)) return true;
  const files = wordNetFiles();
  return (['noun', 'verb', 'adj', 'adv'] as const).some((pos) => baseForms(key).some((f) => files.senses(f, pos).offsets.length > 0));
}

function isFrequentSynonym(original: string, replacement: string): boolean {
  const a = original.toLowerCase();
  const b = replacement.toLowerCase();
  const targets = new Set(baseForms(b));
  return baseForms(a).some((lemma) => (['a', 'v', 'n', 'r'] as const).some((pos) => WordNetSynonyms.synonyms(lemma, pos, { frequentOnly: true }).some((s) => targets.has(s))));
}

const memo = new Map<string, PriorPolarity | null>();

function lookup(word: string): PriorPolarity | undefined {
  for (const form of baseForms(word)) {
    const rated = lexiconPolarity(form);
    if (rated) return form === word ? rated : { ...rated, via: form };
  }
  for (const form of baseForms(word)) {
    const spread = spreadPolarity(form);
    if (spread) return spread;
  }
  return undefined;
}

/** The word and the base forms an English inflection or -ly may have come from: hated → hate, terribly → terrible. */
export function baseForms(word: string): string[] {
  const out = [word];
  const add = (f: string) => f.length >= 3 && !out.includes(f) && out.push(f);
  const rules: Array<[RegExp, string[]]> = [
    [/ies$/, ['y']], [/ied$/, ['y']], [/ily$/, ['y']], [/ibly$/, ['ible']], [/ably$/, ['able']], [/ly$/, ['']],
    [/es$/, ['e', '']], [/s$/, ['']], [/ed$/, ['e', '']], [/ing$/, ['e', '']],
  ];
  for (const [pattern, replacements] of rules) {
    if (!pattern.test(word)) continue;
    for (const r of replacements) {
      const base = word.replace(pattern, r);
      add(base);
      if (/([b-df-hj-np-tv-z])\1$/.test(base)) add(base.slice(0, -1)); // stopped → stop
    }
  }
  return out;
}

/** AFINN, then VADER, then Pattern: the word as written only. */
function lexiconPolarity(word: string): PriorPolarity | undefined {
  const { afinn, vader, pattern } = lexicons();
  if (afinn.has(word)) return { polarity: afinn.get(word)!, source: 'afinn' };
  if (vader.has(word)) return { polarity: vader.get(word)!, source: 'vader' };
  if (pattern.has(word)) return { polarity: pattern.get(word)!, source: 'pattern' };
  return undefined;
}

/** Spread polarities are one link from a rated word, so they count a little less. */
const SPREAD_DISCOUNT = 0.8;
/** Senses of a word looked at when spreading: its SemCor-tagged ones, at most this many. */
const SPREAD_SENSES = 3;

/**
 * Polarity of an unrated adjective or verb from rated words one WordNet link away in its frequent senses: words of the
 * same synset and of similar-to synsets (same sign), and antonyms (opposite sign); their mean, × 0.8. wretched ←
 * miserable, detest ← hate, atrocious ← awful. Words used mostly as nouns are not spread to: a noun's neighbours
 * say less about its sentiment (and "fire" would inherit a verb's).
 */
export function spreadPolarity(word: string): PriorPolarity | undefined {
  const files = wordNetFiles();
  const adj = files.senses(word, 'adj');
  const verb = files.senses(word, 'verb');
  const noun = files.senses(word, 'noun');
  const modifierSenses = adj.offsets.length + verb.offsets.length;
  if (modifierSenses === 0 || noun.offsets.length > modifierSenses) return undefined;
  const values: number[] = [];
  const via = new Set<string>();
  const rate = (w: string, sign: 1 | -1) => {
    if (w === word || !/^[a-z]+$/.test(w)) return;
    const rated = lexiconPolarity(w);
    if (rated && Math.abs(rated.polarity) >= NEUTRAL) {
      values.push(sign * rated.polarity);
      via.add(sign > 0 ? w : `¬${w}`);
    }
  };
  for (const [pos, senses] of [['a', adj], ['v', verb]] as const) {
    for (const offset of senses.offsets.slice(0, Math.min(SPREAD_SENSES, Math.max(1, senses.tagged)))) {
      const synset = files.synset(offset, pos);
      for (const w of synset.words) rate(w, 1);
      for (const ptr of synset.pointers) {
        if (ptr.symbol !== '&' && ptr.symbol !== '!') continue;
        for (const w of files.synset(ptr.offset, ptr.pos).words) rate(w, ptr.symbol === '!' ? -1 : 1);
      }
    }
  }
  if (values.length === 0) return undefined;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { polarity: SPREAD_DISCOUNT * mean, source: 'wordnet', via: [...via].slice(0, 5).join(', ') };
}

interface Lexicons {
  afinn: Map<string, number>;
  vader: Map<string, number>;
  pattern: Map<string, number>;
}
let loaded: Lexicons | undefined;

/** natural's AFINN and Pattern vocabularies, and vader-sentiment's vader_lexicon.txt (word, mean −4…4, sd, ratings). */
export function lexicons(): Lexicons {
  if (loaded) return loaded;
  const [afinn, pattern] = (['afinn', 'pattern'] as const).map((type) => {
    const vocabulary = (new natural.SentimentAnalyzer('English', undefined, type) as unknown as { vocabulary: Record<string, number | string> }).vocabulary;
    const scale = type === 'afinn' ? 5 : 1;
    return new Map(Object.entries(vocabulary).map(([w, v]) => [w.toLowerCase(), Number(v) / scale]));
  });
  const vader = new Map<string, number>();
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('vader-sentiment/package.json')), 'vader_lexicon.txt');
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    if (word && /^[a-z][a-z'-]*$/.test(word) && mean !== undefined && Number.isFinite(Number(mean))) vader.set(word, Number(mean) / 4);
  }
  loaded = { afinn, vader, pattern };
  return loaded;
}
