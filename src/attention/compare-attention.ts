import { SesameError } from '../errors.js';
import type { SentenceOutput, SesameModel, Tensor } from '../models/types.js';
import type { AttentionResult, AttentionSample } from '../report/types.js';
import { linearCka } from './cka.js';
import { checkItem, scoreItemByLayer, type AttentionItem, type LayerConfusion } from './confusion.js';
import { entropyBits, jensenShannonBits } from './divergence.js';

export interface CompareAttentionOptions {
  name?: string;
  /** Sentences whose full attention goes into the result for the head view. Default 2. */
  samples?: number;
  /** Words (across sentences) used for CKA per layer. Default 4000. */
  ckaWords?: number;
  /** Sentences per forward pass. Default 32. */
  batchSize?: number;
}

/** Running sums of a `[rows][cols]` matrix of means. */
class MeanMatrix {
  readonly sum: Float64Array;
  readonly count: Float64Array;
  constructor(readonly rows: number, readonly cols: number) {
    this.sum = new Float64Array(rows * cols);
    this.count = new Float64Array(rows * cols);
  }
  add(r: number, c: number, value: number, n = 1): void {
    this.sum[r * this.cols + c] += value;
    this.count[r * this.cols + c] += n;
  }
  /** Means, with null where nothing was added (a layer that scored no item). */
  meansOrNull(): Array<Array<number | null>> {
    return Array.from({ length: this.rows }, (_, r) => Array.from({ length: this.cols }, (_, c) => {
      const n = this.count[r * this.cols + c];
      return n ? this.sum[r * this.cols + c] / n : null;
    }));
  }
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, r) => Array.from({ length: this.cols }, (_, c) => {
      const n = this.count[r * this.cols + c];
      return n ? this.sum[r * this.cols + c] / n : 0;
    }));
  }
}

function count(skipped: Record<string, number>, reason: string, n = 1): void {
  skipped[reason] = (skipped[reason] ?? 0) + n;
}

/** Sums of per-head JSD between the two models and per-head entropies over every query token of one sentence. */
function accumulateHeads(p: Tensor, f: Tensor, jsd: MeanMatrix, entP: MeanMatrix, entF: MeanMatrix): void {
  const [layers, heads, seq] = p.shape;
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      let js = 0, ep = 0, ef = 0;
      for (let i = 0; i < seq; i++) {
        const at = ((l * heads + h) * seq + i) * seq;
        js += jensenShannonBits(p.data, at, f.data, at, seq);
        ep += entropyBits(p.data, at, seq);
        ef += entropyBits(f.data, at, seq);
      }
      jsd.add(l, h, js, seq);
      entP.add(l, h, ep, seq);
      entF.add(l, h, ef, seq);
    }
  }
}

function sampleOf(output: SentenceOutput, other: SentenceOutput): AttentionSample {
  const nest = (t: Tensor) => {
    const [layers, heads, seq] = t.shape;
    return Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => Array.from({ length: seq }, (_, i) =>
      Array.from(t.data.subarray(((l * heads + h) * seq + i) * seq, ((l * heads + h) * seq + i + 1) * seq), (v) => Math.round(v * 1e4) / 1e4))));
  };
  return { text: output.encoding.text, tokens: output.encoding.tokens, pretrained: nest(output.attentions!), finetuned: nest(other.attentions!) };
}

/**
 * Compares the attention of a fine-tuned model with its pretrained model on the same sentences: Open Sesame's
 * confusion score per layer (overall and per condition), per-head Jensen–Shannon divergence and entropy, and linear
 * CKA of the word vectors per layer. Items that cannot be scored are counted in `skipped`.
 */
export async function compareAttention(pretrained: SesameModel, finetuned: SesameModel, items: AttentionItem[], options: CompareAttentionOptions = {}): Promise<AttentionResult> {
  const a = pretrained.info, b = finetuned.info;
  if (a.numLayers !== b.numLayers || a.numHeads !== b.numHeads || a.hiddenSize !== b.hiddenSize) {
    throw new SesameError(`the models differ in shape (${a.numLayers} layers × ${a.numHeads} heads vs ${b.numLayers} × ${b.numHeads}); attention is compared between a fine-tune and the model it came from`);
  }
  if (items.length === 0) throw new SesameError('no attention items to score; give a data file with at least one sentence');
  const layers = a.numLayers, heads = a.numHeads, hidden = a.hiddenSize;
  const jsd = new MeanMatrix(layers, heads), entP = new MeanMatrix(layers, heads), entF = new MeanMatrix(layers, heads);
  const confusion = { pretrained: new MeanMatrix(1, layers), finetuned: new MeanMatrix(1, layers) };
  /** Per model and layer: items the layer could not score, by reason (outside the attention window …). */
  const unscored = {
    pretrained: Array.from({ length: layers }, () => ({}) as Record<string, number>),
    finetuned: Array.from({ length: layers }, () => ({}) as Record<string, number>),
  };
  const add = (role: 'pretrained' | 'finetuned', scores: LayerConfusion[], cond: { pretrained: MeanMatrix; finetuned: MeanMatrix }) =>
    scores.forEach((s, l) => {
      if ('unscored' in s) return count(unscored[role][l], s.unscored);
      confusion[role].add(0, l, s.confusion);
      cond[role].add(0, l, s.confusion);
    });
  const conditions = new Map<string, { pretrained: MeanMatrix; finetuned: MeanMatrix }>();
  const skipped: Record<string, number> = {};
  const ckaBudget = options.ckaWords ?? 4000;
  const ckaP: Float32Array[][] = Array.from({ length: layers + 1 }, () => []);
  const ckaF: Float32Array[][] = Array.from({ length: layers + 1 }, () => []);
  let ckaWords = 0;
  const samples: AttentionSample[] = [];
  let sentences = 0;

  const byText = new Map<string, AttentionItem[]>();
  for (const item of items) {
    if (!byText.has(item.text)) byText.set(item.text, []);
    byText.get(item.text)!.push(item);
  }
  const texts = [...byText.keys()];
  const batch = options.batchSize ?? 32;
  for (let at = 0; at < texts.length; at += batch) {
    const chunk = texts.slice(at, at + batch);
    // Hidden states feed CKA alone: fetched only while it still wants words. Neither kind is kept in the models'
    // in-memory caches: each sentence is read once here (the disk cache still keeps them for a re-run).
    const request = { attentions: true, hiddenStates: ckaWords < ckaBudget, wordSplit: 'whitespace' as const, keepInMemory: false };
    const [outP, outF] = [await pretrained.run(chunk, request), await finetuned.run(chunk, request)];
    chunk.forEach((text, i) => {
      const p = outP[i], f = outF[i];
      const sentenceItems = byText.get(text)!;
      if (p.encoding.truncated || f.encoding.truncated) return count(skipped, 'longer than the model accepts', sentenceItems.length);
      if (p.encoding.ids.join() !== f.encoding.ids.join()) return count(skipped, 'tokenized differently by the two models', sentenceItems.length);
      sentences++;
      accumulateHeads(p.attentions!, f.attentions!, jsd, entP, entF);
      if (samples.length < (options.samples ?? 2)) samples.push(sampleOf(p, f));
      if (ckaWords < ckaBudget && p.hiddenStates && f.hiddenStates) {
        const vp = pretrained.wordVectors(p), vf = finetuned.wordVectors(f);
        const words = vp.shape[1];
        for (let l = 0; l <= layers; l++) {
          ckaP[l].push(vp.data.slice(l * words * hidden, (l + 1) * words * hidden));
          ckaF[l].push(vf.data.slice(l * words * hidden, (l + 1) * words * hidden));
        }
        ckaWords += words;
      }
      for (const item of sentenceItems) {
        const reason = checkItem(item, p.encoding.words);
        if (reason) {
          count(skipped, reason);
          continue;
        }
        if (!conditions.has(item.condition)) conditions.set(item.condition, { pretrained: new MeanMatrix(1, layers), finetuned: new MeanMatrix(1, layers) });
        const cond = conditions.get(item.condition)!;
        add('pretrained', scoreItemByLayer(p.attentions!, p.encoding.words, item), cond);
        add('finetuned', scoreItemByLayer(f.attentions!, f.encoding.words, item), cond);
      }
    });
  }
  if (sentences === 0) throw new SesameError(`no sentence could be compared (${JSON.stringify(skipped)})`);

  const cka = ckaP.map((parts, l) => {
    const join = (xs: Float32Array[]) => {
      const out = new Float32Array(xs.reduce((s, x) => s + x.length, 0));
      let o = 0;
      for (const x of xs) { out.set(x, o); o += x.length; }
      return out;
    };
    return ckaWords >= 2 ? linearCka(join(parts), hidden, join(ckaF[l]), hidden) : NaN;
  });
  const result: AttentionResult = {
    name: options.name ?? 'attention',
    jsd: jsd.toArray(),
    entropy: { pretrained: entP.toArray(), finetuned: entF.toArray() },
    cka,
    sentences,
    samples,
  };
  if (conditions.size) {
    result.confusion = {
      pretrained: confusion.pretrained.meansOrNull()[0],
      finetuned: confusion.finetuned.meansOrNull()[0],
      conditions: Object.fromEntries([...conditions].map(([k, v]) => [k, { pretrained: v.pretrained.meansOrNull()[0], finetuned: v.finetuned.meansOrNull()[0] }])),
    };
    if ([...unscored.pretrained, ...unscored.finetuned].some((r) => Object.keys(r).length)) result.confusion.unscored = unscored;
  }
  if (Object.keys(skipped).length) result.skipped = skipped;
  return result;
}
