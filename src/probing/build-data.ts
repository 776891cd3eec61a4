import type { ProbeData } from './probe-data.js';
import type { SentenceVectors } from './word-vectors.js';
import type { Example } from './task-types.js';
import { isSelection } from './task-types.js';

/**
 * Gathers one layer's word vectors of some examples into a ProbeData: `vectors[i].data` holds `[layers, words,
 * hidden]` (a sentence's one layer when streamed: pass layer 0). For selection the gold is the target word;
 * for labelling each word's class index via `classIndex` (-1 for unscored words and classes unseen in training).
 */
export function buildProbeData(examples: Example[], vectors: Array<Pick<SentenceVectors, 'data' | 'words'>>, layer: number, hidden: number, classIndex?: Map<string, number>): ProbeData {
  let rows = 0;
  for (const v of vectors) rows += v.words;
  const features = new Float32Array(rows * hidden);
  const offsets = new Int32Array(examples.length + 1);
  const selection = examples.length > 0 && isSelection(examples[0]);
  const gold = new Int32Array(selection ? examples.length : rows);
  let row = 0;
  examples.forEach((example, g) => {
    const v = vectors[g];
    offsets[g] = row;
    const layerSize = v.words * hidden;
    features.set(v.data.subarray(layer * layerSize, (layer + 1) * layerSize), row * hidden);
    if (isSelection(example)) {
      gold[g] = example.target;
    } else {
      example.labels.forEach((label, w) => {
        gold[row + w] = label === null ? -1 : classIndex?.get(label) ?? -1;
      });
    }
    row += v.words;
  });
  offsets[examples.length] = row;
  return { shape: selection ? 'selection' : 'labelling', features, dim: hidden, offsets, gold, numClasses: selection ? 1 : classIndex?.size ?? 0 };
}
