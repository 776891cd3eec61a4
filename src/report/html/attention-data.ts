/**
 * Compact attention matrices for the head view. A report with 2 models × 24 heads × 200 sentences
 * holds ~2 million attention weights: as JSON with 3 decimals that is ~5 MB, too much for one page.
 * So per sentence the weights of both models are rounded to 3 decimals (integers 0–1000), stored as
 * 16-bit values split into a high-byte plane then a low-byte plane (the high plane is almost all
 * zeros and compresses away), deflated (raw) and base64-encoded. The browser inflates one sentence
 * when it is picked, with its built-in DecompressionStream — no library, no network.
 */
import { deflateRawSync } from 'node:zlib';
import type { AttentionResult, AttentionSample } from '../types.js';

export interface EncodedSample {
  text: string;
  tokens: string[];
  /** base64(deflateRaw(high bytes ‖ low bytes)) of round(w × 1000), ordered [model][layer][head][from][to]. */
  weights: string;
}

export interface EncodedAttention {
  name: string;
  layers: number;
  heads: number;
  /** Sentences in the result, of which `samples` are viewable. */
  sentences: number;
  samples: EncodedSample[];
  /** Samples left out, with why (wrong shape, over the limit). */
  omitted: string[];
}

export const WEIGHT_SCALE = 1000;

function shapeProblem(sample: AttentionSample, layers: number, heads: number): string | null {
  const n = sample.tokens.length;
  for (const model of ['pretrained', 'finetuned'] as const) {
    const t = sample[model];
    if (t.length !== layers) return `${model} has ${t.length} layers, expected ${layers}`;
    for (const layer of t) {
      if (layer.length !== heads) return `${model} has ${layer.length} heads in a layer, expected ${heads}`;
      for (const head of layer) {
        if (head.length !== n || head.some((row) => row.length !== n)) return `${model} matrices are not ${n}×${n} for its ${n} tokens`;
      }
    }
  }
  return null;
}

function encodeWeights(sample: AttentionSample, layers: number, heads: number): string {
  const n = sample.tokens.length;
  const count = 2 * layers * heads * n * n;
  const bytes = Buffer.alloc(count * 2);
  let k = 0;
  for (const model of [sample.pretrained, sample.finetuned]) {
    for (const layer of model) {
      for (const head of layer) {
        for (const row of head) {
          for (const w of row) {
            const q = Math.min(WEIGHT_SCALE, Math.max(0, Math.round(w * WEIGHT_SCALE)));
            bytes[k] = q >> 8;
            bytes[count + k] = q & 255;
            k++;
          }
        }
      }
    }
  }
  return deflateRawSync(bytes, { level: 6 }).toString('base64');
}

/** Encodes one attention result's samples (at most `limit`) for the head view. */
export function encodeAttention(result: AttentionResult, limit: number): EncodedAttention {
  const layers = result.jsd.length || result.samples[0]?.pretrained.length || 0;
  const heads = result.jsd[0]?.length || result.samples[0]?.pretrained[0]?.length || 0;
  const samples: EncodedSample[] = [];
  const omitted: string[] = [];
  result.samples.forEach((sample, i) => {
    const problem = shapeProblem(sample, layers, heads);
    if (problem) omitted.push(`sentence ${i + 1}: ${problem}`);
    else if (samples.length >= limit) return;
    else samples.push({ text: sample.text, tokens: sample.tokens, weights: encodeWeights(sample, layers, heads) });
  });
  const over = result.samples.length - samples.length - omitted.length;
  if (over > 0) omitted.push(`${over} more sentences over the limit of ${limit} per report`);
  return { name: result.name, layers, heads, sentences: result.sentences, samples, omitted };
}
