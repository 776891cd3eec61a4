import type { AlignedWord, Tensor } from '../models/types.js';

/**
 * One item of Open Sesame's attention diagnostic: a source word (the verb, the reflexive) and the phrases it could
 * depend on. `candidates[0]` is the correct phrase (the subject, the antecedent); the rest are distractors.
 * All indices are word positions in `text` split on whitespace.
 */
export interface AttentionItem {
  text: string;
  source: number;
  candidates: number[][];
  /** e.g. `agr.7` or `refl.mismatch`; items are averaged per condition. */
  condition: string;
}

/** Why an item could not be scored; such items are counted, never silently dropped. */
export type SkipReason = 'no-distractor' | 'index-out-of-range' | 'truncated';

export function checkItem(item: AttentionItem, words: AlignedWord[]): SkipReason | null {
  if (item.candidates.length < 2) return 'no-distractor';
  const all = [item.source, ...item.candidates.flat()];
  if (all.some((i) => !Number.isInteger(i) || i < 0 || i >= words.length)) return 'index-out-of-range';
  if (all.some((i) => words[i].tokenEnd <= words[i].tokenStart)) return 'truncated';
  return null;
}

/** Why a layer cannot score an item: a candidate phrase gets exactly zero attention from the source word (a mask, not a preference). */
export const OUTSIDE_WINDOW = 'a candidate phrase outside the attention window';
export const RIGHT_OF_SOURCE = 'a candidate phrase right of the source word (causal attention sees only its left)';
export type UnscoredReason = typeof OUTSIDE_WINDOW | typeof RIGHT_OF_SOURCE;

/** One layer's verdict on one item: its confusion in bits, or why the layer cannot score the item. */
export type LayerConfusion = { confusion: number } | { unscored: UnscoredReason };

/**
 * Confusion per layer = −log2 p(correct phrase), where for each layer the attention from the source word (rows of its
 * sub-tokens, averaged) is averaged over heads, summed over each candidate phrase's sub-tokens and normalised over
 * the candidates. 0 means all of the candidates' attention goes to the correct phrase; 1 means a 50/50 split of two.
 * `attentions` is `[layers, heads, seq, seq]`. Call `checkItem` first.
 *
 * A candidate phrase that receives exactly zero attention in every head was masked out (a sliding window, or a
 * causal mask when it lies right of the source): softmax never gives exactly zero to a key it can see. Such a layer
 * would report an infinite or zero confusion that says nothing about what the model learned, so it does not score
 * the item and says why.
 */
export function scoreItemByLayer(attentions: Tensor, words: AlignedWord[], item: AttentionItem): LayerConfusion[] {
  const [layers, heads, seq, seq2] = attentions.shape;
  if (seq !== seq2) throw new Error(`attention must be square per head, got ${seq}×${seq2}`);
  const src = words[item.source];
  const phraseTokens = item.candidates.map((phrase) => phrase.flatMap((w) => range(words[w].tokenStart, words[w].tokenEnd)));
  const out: LayerConfusion[] = [];
  for (let l = 0; l < layers; l++) {
    const mass = phraseTokens.map((tokens) => {
      let sum = 0;
      for (let h = 0; h < heads; h++) {
        for (let from = src.tokenStart; from < src.tokenEnd; from++) {
          const row = ((l * heads + h) * seq + from) * seq;
          for (const t of tokens) sum += attentions.data[row + t];
        }
      }
      return sum / (heads * (src.tokenEnd - src.tokenStart));
    });
    const masked = mass.findIndex((m) => m === 0);
    if (masked >= 0) {
      const rightOfSource = phraseTokens[masked].every((t) => t >= src.tokenEnd);
      out.push({ unscored: rightOfSource ? RIGHT_OF_SOURCE : OUTSIDE_WINDOW });
      continue;
    }
    const total = mass.reduce((a, b) => a + b, 0);
    out.push({ confusion: -Math.log2(mass[0] / total) });
  }
  return out;
}

/** Confusion per layer (see scoreItemByLayer); null where the layer cannot score the item. */
export function confusionByLayer(attentions: Tensor, words: AlignedWord[], item: AttentionItem): Array<number | null> {
  return scoreItemByLayer(attentions, words, item).map((s) => ('confusion' in s ? s.confusion : null));
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}
