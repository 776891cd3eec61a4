import type { SentenceOutput, SesameModel } from '../models/types.js';

/** BERTScore of one candidate against one reference (Zhang et al. 2020): greedy cosine matching of token embeddings. */
export interface BertScore {
  precision: number;
  recall: number;
  f1: number;
}

export interface BertScoreOptions {
  /** Hidden-state layer whose token vectors are matched (0 = embedding output). Default ⌈0.75 × layers⌉, as bert-base's 9 of 12. */
  layer?: number;
  /**
   * Sentences to weigh tokens by inverse document frequency from (bert_score's `idf=True`: log((M + 1) / (df + 1)));
   * default: every token weighs the same (bert_score's default).
   */
  idfSentences?: readonly string[];
}

/** The layer BERTScore reads when none is named: ⌈0.75 × layers⌉ (bert-base's 9 of 12). */
export function defaultBertScoreLayer(model: SesameModel): number {
  return Math.ceil(0.75 * model.info.numLayers);
}

/** One sentence's unit-length token vectors at a layer, special tokens left out, and their ids. */
export interface TokenVectors {
  ids: number[];
  /** `ids.length × hidden`, each row unit length. */
  vectors: Float64Array;
}

/**
 * Token vectors of each text at `layer`, through the model's public hidden states (so through its cache). Special
 * tokens ([CLS], [SEP], <s> …) are the tokens no word of the text covers; bert_score gives them weight 0.
 */
async function tokenVectors(model: SesameModel, texts: readonly string[], layer: number): Promise<TokenVectors[]> {
  if (!Number.isInteger(layer) || layer < 0 || layer > model.info.numLayers) {
    throw new RangeError(`BERTScore layer ${layer} is outside 0..${model.info.numLayers} for ${model.info.id}`);
  }
  // that one layer only: at bert-base size the other twelve would be fetched, copied and cached for nothing
  const outputs = await model.run([...texts], { hiddenStates: [layer] });
  return outputs.map((o) => vectorsOf(o));
}

/** Unit token vectors of an output that holds one hidden-state layer. */
function vectorsOf(output: SentenceOutput): TokenVectors {
  const { data, shape } = output.hiddenStates!;
  const layer = 0;
  const [, seq, hidden] = shape;
  const keep: number[] = [];
  for (const w of output.encoding.words) for (let t = w.tokenStart; t < w.tokenEnd; t++) if (!keep.includes(t)) keep.push(t);
  keep.sort((a, b) => a - b);
  const vectors = new Float64Array(keep.length * hidden);
  keep.forEach((t, row) => {
    const base = (layer * seq + t) * hidden;
    let norm = 0;
    for (let h = 0; h < hidden; h++) norm += data[base + h] * data[base + h];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let h = 0; h < hidden; h++) vectors[row * hidden + h] = data[base + h] * scale;
  });
  return { ids: keep.map((t) => output.encoding.ids[t]), vectors };
}

/** bert_score's idf: log((M + 1) / (df + 1)) over M sentences; tokens never seen get log(M + 1). */
export function idfWeights(model: SesameModel, sentences: readonly string[]): (id: number) => number {
  const df = new Map<number, number>();
  for (const s of sentences) for (const id of new Set(model.encode(s).ids)) df.set(id, (df.get(id) ?? 0) + 1);
  const m = sentences.length;
  return (id) => Math.log((m + 1) / ((df.get(id) ?? 0) + 1));
}

/** Greedy matching: each token's best cosine in the other sentence, weighted means both ways, and their harmonic mean. */
export function matchScore(reference: TokenVectors, candidate: TokenVectors, hidden: number, weight: (id: number) => number = () => 1): BertScore {
  const r = reference.ids.length;
  const c = candidate.ids.length;
  if (r === 0 || c === 0) return { precision: 0, recall: 0, f1: 0 };
  const bestForRef = new Float64Array(r).fill(-Infinity);
  const bestForCand = new Float64Array(c).fill(-Infinity);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      let dot = 0;
      for (let h = 0; h < hidden; h++) dot += reference.vectors[i * hidden + h] * candidate.vectors[j * hidden + h];
      if (dot > bestForRef[i]) bestForRef[i] = dot;
      if (dot > bestForCand[j]) bestForCand[j] = dot;
    }
  }
  const weighted = (best: Float64Array, ids: number[]) => {
    let sum = 0;
    let total = 0;
    ids.forEach((id, k) => {
      const w = weight(id);
      sum += w * best[k];
      total += w;
    });
    return total > 0 ? sum / total : 0;
  };
  const recall = weighted(bestForRef, reference.ids);
  const precision = weighted(bestForCand, candidate.ids);
  return { precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * BERTScore of each `[reference, candidate]` pair with an encoder's hidden states (Zhang et al. 2020, bert_score's
 * conventions: unit-normalised token vectors of one layer, special tokens excluded, greedy max-cosine matching,
 * precision over candidate tokens, recall over reference tokens, F1 their harmonic mean). Every distinct text is
 * run once.
 */
export async function bertScores(model: SesameModel, pairs: ReadonlyArray<readonly [string, string]>, options: BertScoreOptions = {}): Promise<BertScore[]> {
  const layer = options.layer ?? defaultBertScoreLayer(model);
  const texts = [...new Set(pairs.flat())];
  const vectors = new Map<string, TokenVectors>();
  (await tokenVectors(model, texts, layer)).forEach((v, i) => vectors.set(texts[i], v));
  const weight = options.idfSentences ? idfWeights(model, options.idfSentences) : undefined;
  return pairs.map(([ref, cand]) => matchScore(vectors.get(ref)!, vectors.get(cand)!, model.info.hiddenSize, weight));
}

/**
 * Unrelated sentences (reviews, news, instructions, fiction) whose pairwise BERTScore is the "unrelated" baseline
 * b of the rescaled score (F1 − b) / (1 − b): bert_score draws b from random Common Crawl pairs, which are not
 * available offline. 0 then means "no more alike than two unrelated sentences".
 */
export const BASELINE_SENTENCES: readonly string[] = [
  'The film was a delight from start to finish.',
  'Heavy rain is expected across the north on Tuesday.',
  'Preheat the oven and grease a shallow baking tin.',
  'She folded the letter twice and hid it in a drawer.',
  'The committee will publish its findings next spring.',
  'My phone battery dies before lunch every day.',
  'A small boat drifted past the harbour lights.',
  'Turn left at the church and follow the river path.',
  'The soup was cold and far too salty.',
  'Prices rose faster than wages for the third year.',
  'He had never seen so many stars above the hills.',
  'Press the reset button for five seconds.',
  'The children laughed at the clumsy old dog.',
  'Our train was delayed by almost an hour.',
  'This novel drags in the middle but ends well.',
  'The museum opens at nine on weekdays.',
];

/** Mean F1 over all ordered pairs of distinct baseline sentences, per encoder and layer (cached). */
const baselines = new WeakMap<SesameModel, Map<number, number>>();

export async function bertScoreBaseline(model: SesameModel, layer = defaultBertScoreLayer(model)): Promise<number> {
  let byLayer = baselines.get(model);
  if (!byLayer) baselines.set(model, (byLayer = new Map()));
  let b = byLayer.get(layer);
  if (b === undefined) {
    const pairs: Array<[string, string]> = [];
    for (const a of BASELINE_SENTENCES) for (const c of BASELINE_SENTENCES) if (a !== c) pairs.push([a, c]);
    const scores = await bertScores(model, pairs, { layer });
    b = scores.reduce((s, x) => s + x.f1, 0) / scores.length;
    byLayer.set(layer, b);
  }
  return b;
}

/** (F1 − b) / (1 − b): 1 for identical sentences, about 0 for unrelated ones. */
export function rescale(f1: number, baseline: number): number {
  return (f1 - baseline) / (1 - baseline);
}
