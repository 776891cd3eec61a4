import { coarsePos, isDictionaryWord, tagTokens } from '../../../attacks/internal/pos.js';
import { parseSentence } from '../../../attacks/internal/words.js';
import type { Constraint, ScreenPair } from '../types.js';
import { wordSwaps } from './word-swaps.js';

/** Tags of recently seen sentences: an attack checks many candidates of the same original. */
const tagCache = new Map<string, string[]>();

/** Brill tags of a sentence's whitespace words (cached: an attack checks many candidates of one original). */
export function tagsOf(text: string): string[] {
  let tags = tagCache.get(text);
  if (!tags) {
    if (tagCache.size > 2000) tagCache.clear();
    tags = tagTokens(parseSentence(text));
    tagCache.set(text, tags);
  }
  return tags;
}

/**
 * Every swapped word keeps its coarse part of speech (noun, verb, adjective, adverb, else the Penn tag) as the Brill
 * tagger reads it in the original and in the perturbed sentence (words are aligned across insertions and deletions).
 * A replacement the tagger's lexicon does not know (a typo) is not compared: its tag would be
 * the tagger's fallback guess. Score: the share of swaps that keep their part of speech.
 */
export function partOfSpeech(): Constraint {
  return {
    name: 'partOfSpeech',
    description: 'each swapped word keeps its part of speech in context (Brill tagger)',
    check: (pairs) =>
      pairs.map((pair) => {
        const before = tagsOf(pair.original);
        const after = tagsOf(pair.perturbed);
        const position = perturbedPositions(pair, before.length);
        // A word the tagger's lexicon lacks (a typo) gets its fallback guess, not a reading: not compared.
        const swaps = wordSwaps(pair).filter((s) => isDictionaryWord(s.to) && position[s.index] !== undefined);
        if (swaps.length === 0) return { pass: true, score: null, reason: 'no dictionary word was swapped in, so no part of speech to compare' };
        const changed = swaps.filter((s) => coarsePos(before[s.index]) !== coarsePos(after[position[s.index]!]));
        const tags = swaps.map((s) => `${s.from}/${before[s.index]} → ${s.to}/${after[position[s.index]!]}`).join(', ');
        return {
          pass: changed.length === 0,
          score: (swaps.length - changed.length) / swaps.length,
          reason: changed.length === 0 ? `parts of speech kept (${tags})` : `part of speech changed: ${changed.map((s) => `${s.from}/${before[s.index]} → ${s.to}/${after[position[s.index]!]}`).join(', ')}`,
          values: { tags },
        };
      }),
  };
}

/** Where each original word sits among the perturbed sentence's words (undefined when deleted). */
export function perturbedPositions(pair: ScreenPair, words: number): Array<number | undefined> {
  const inserted = new Map<number, number>();
  const replaced = new Map<number, string>();
  for (const e of pair.edits) {
    if (e.from === '') inserted.set(e.index, (inserted.get(e.index) ?? 0) + e.to.split(/\s+/).filter(Boolean).length);
    else replaced.set(e.index, e.to);
  }
  const out: Array<number | undefined> = [];
  let at = 0;
  for (let i = 0; i < words; i++) {
    at += inserted.get(i) ?? 0;
    const to = replaced.get(i);
    const width = to === undefined ? 1 : to.split(/\s+/).filter(Boolean).length;
    out.push(width > 0 ? at : undefined);
    at += width;
  }
  return out;
}
