import type { SesameModel } from '../models/types.js';

/** Vocabulary ids compared between the two tokenizers: enough to tell two vocabularies of one size apart. */
const SAMPLED_IDS = 75;

/**
 * Ids spread over the whole vocabulary: the first ten (special tokens live there in BERT-like vocabularies),
 * then evenly spaced ones up to the last id, so a difference anywhere in the file is likely to be seen.
 */
export function sampledIds(vocabSize: number, count = SAMPLED_IDS): number[] {
  const ids = new Set<number>();
  for (let i = 0; i < Math.min(10, vocabSize); i++) ids.add(i);
  const rest = Math.max(0, Math.min(count, vocabSize) - ids.size);
  for (let k = 1; k <= rest; k++) ids.add(Math.min(vocabSize - 1, Math.round(9 + (k * (vocabSize - 10)) / rest)));
  return [...ids].sort((a, b) => a - b);
}

/**
 * What differs between a pretrained model and a model said to be fine-tuned from it, as short phrases
 * ("layers 4 vs 6"); empty when they can be compared. A fine-tune keeps the body's architecture and the tokenizer:
 * model type, layers, heads, hidden size, vocabulary size and the token at each sampled id must agree. Labels and
 * heads on top may differ (that is what fine-tuning changes).
 */
export function pairDifferences(pretrained: SesameModel, finetuned: SesameModel): string[] {
  const p = pretrained.info;
  const f = finetuned.info;
  const out: string[] = [];
  const facts: Array<[string, string | number, string | number]> = [
    ['model type', f.modelType, p.modelType],
    ['layers', f.numLayers, p.numLayers],
    ['heads', f.numHeads, p.numHeads],
    ['hidden size', f.hiddenSize, p.hiddenSize],
    ['vocabulary size', f.vocabSize, p.vocabSize],
  ];
  for (const [name, a, b] of facts) if (a !== b) out.push(`${name} ${a} vs ${b}`);
  if (f.vocabSize === p.vocabSize) {
    const ids = sampledIds(f.vocabSize);
    const differing = ids.filter((id) => finetuned.idToToken(id) !== pretrained.idToToken(id));
    if (differing.length) {
      const id = differing[0];
      out.push(`tokenizers disagree on ${differing.length} of ${ids.length} sampled ids, e.g. id ${id} is ${JSON.stringify(finetuned.idToToken(id))} vs ${JSON.stringify(pretrained.idToToken(id))}`);
    }
  }
  return out;
}
