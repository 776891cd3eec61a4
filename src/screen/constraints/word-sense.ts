import { baseForms } from '../../../attacks/internal/polarity.js';
import { isDictionaryWord, wordNetPos } from '../../../attacks/internal/pos.js';
import { senseRelation, type SenseRelation } from '../../../attacks/internal/sense-relation.js';
import type { Constraint, ConstraintScore, ScreenPair } from '../types.js';
import { tagsOf } from './part-of-speech.js';
import { wordSwaps } from './word-swaps.js';

export interface WordSenseOptions {
  /**
   * The linking sense must hold at least this share of the original word's SemCor tags. Default 0.1: below it the
   * link runs through a sense the word rarely has (sharp → shrewd: 15%, flat → prostrate: 10%, well → substantially: 1%).
   */
  minOriginalShare?: number;
  /**
   * … and at least this share of the substitute's: a reader takes a word in its usual sense, so a substitute whose
   * link is a minor sense of it reads as something else (tour → circuit: 43%, flavour → feel: 14%). Default 0.5.
   */
  minSubstituteShare?: number;
  /** Hypernym steps walked from each word to find a link (and co-hyponyms). Default 2. */
  depth?: number;
}

const LINKS = new Set(['synonym', 'similar', 'hypernym', 'hyponym']);

/**
 * Each swapped dictionary word is linked to the word it replaces in WordNet through a sense both usually have: a
 * shared synset, adjectives one similar-to link apart (adverbs through the adjectives they pertain to), or one a kind
 * of the other (≤ 2 steps). Co-hyponyms — two kinds of the same thing (week → month, boots → shoes, cat → dog) — and
 * words WordNet does not link at all (guide → maneuver, clearly → certainly) are rejected: near in word vectors,
 * but a different claim. Words WordNet lacks in the part of speech the original has in context are not judged (the
 * reason says so). Score: the weakest link's smaller sense share (0 when unlinked).
 */
export function wordSense(options: WordSenseOptions = {}): Constraint {
  const minOriginal = options.minOriginalShare ?? 0.1;
  const minSubstitute = options.minSubstituteShare ?? 0.5;
  return {
    name: 'wordSense',
    description: `each swapped word is a WordNet synonym, similar word, hypernym or hyponym of the original in a common sense of both (≥ ${minOriginal} / ≥ ${minSubstitute} of their SemCor tags); no co-hyponyms`,
    check: (pairs) => pairs.map((pair) => checkPair(pair, minOriginal, minSubstitute, options.depth ?? 2)),
  };
}

function describe(from: string, to: string, r: SenseRelation): string {
  const shares = `${pct(r.originalShare)} / ${pct(r.substituteShare)} of their SemCor tags`;
  switch (r.kind) {
    case 'sibling':
      return `${from} → ${to} are only two satellites of one WordNet adjective cluster (${r.via}), not similar to each other`;
    case 'co-hyponym':
      return `${from} → ${to} are co-hyponyms (two kinds of one thing: ${r.via}), not the same meaning`;
    case 'unrelated':
      return `WordNet links ${from} and ${to} through no synonym, similar word, hypernym or hyponym`;
    case 'unknown':
      return `${from} → ${to} not judged: WordNet lacks one of them in this part of speech`;
    default:
      return `${from} → ${to}: ${r.kind} (${r.via}; ${shares})`;
  }
}

function sameWord(a: string, b: string): boolean {
  const forms = new Set(baseForms(a.toLowerCase()));
  return baseForms(b.toLowerCase()).some((f) => forms.has(f));
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

function checkPair(pair: ScreenPair, minOriginal: number, minSubstitute: number, depth: number): ConstraintScore {
  const tags = tagsOf(pair.original);
  const swaps = wordSwaps(pair).filter((s) => isDictionaryWord(s.to));
  const judged = swaps.flatMap((s) => {
    const pos = wordNetPos(tags[s.index] ?? '');
    // Another form of the same word (gives → give) keeps its senses; number and tense are other constraints' business.
    if (!pos || sameWord(s.from, s.to)) return [];
    const relation = senseRelation(s.from.toLowerCase(), s.to.toLowerCase(), pos, depth);
    const linked = LINKS.has(relation.kind);
    const common = relation.originalShare >= minOriginal && relation.substituteShare >= minSubstitute;
    const pass = relation.kind === 'unknown' || (linked && common);
    let reason = describe(s.from, s.to, relation);
    if (linked && !common) {
      reason = `${s.from} → ${s.to} share only a sense rarely meant (${relation.via}): ${pct(relation.originalShare)} of ${s.from}'s and ${pct(relation.substituteShare)} of ${s.to}'s SemCor tags (need ≥ ${pct(minOriginal)} / ≥ ${pct(minSubstitute)})`;
    }
    return [{ swap: s, relation, pass, reason, score: relation.kind === 'unknown' ? null : linked ? Math.min(relation.originalShare, relation.substituteShare) : 0 }];
  });
  if (judged.length === 0) return { pass: true, score: null, reason: swaps.length === 0 ? 'no dictionary word was swapped in' : 'no swapped content word to look up in WordNet' };
  const failing = judged.filter((j) => !j.pass);
  const scores = judged.flatMap((j) => (j.score === null ? [] : [j.score]));
  const decisive = failing[0] ?? judged[0];
  return {
    pass: failing.length === 0,
    score: scores.length > 0 ? Math.min(...scores) : null,
    reason: (failing.length > 0 ? failing : judged).map((j) => j.reason).join('; '),
    values: { word: decisive.swap.from, replacement: decisive.swap.to, relation: decisive.relation.kind, originalShare: decisive.relation.originalShare, substituteShare: decisive.relation.substituteShare },
  };
}
