import { SesameError } from '../errors.js';

/** Token selection: pick the one target word of a sentence (Open Sesame). Token labelling: a class for every word. */
export type TaskShape = 'selection' | 'labelling';

/**
 * Frozen features ready for a probe: rows are words, groups are sentences.
 * - `selection`: `gold[g]` is the index, within group g, of the target word (one gold per group).
 * - `labelling`: `gold[row]` is the class index of each word (one gold per row); -1 marks a word that is not scored.
 */
export interface ProbeData {
  shape: TaskShape;
  /** Row-major `[rows, dim]`. */
  features: Float32Array;
  dim: number;
  /** Group boundaries: group g spans rows `[offsets[g], offsets[g + 1])`. Length groups + 1. */
  offsets: Int32Array;
  gold: Int32Array;
  /** 1 for selection; the number of classes for labelling. */
  numClasses: number;
}

export function groupCount(data: ProbeData): number {
  return data.offsets.length - 1;
}

export function rowCount(data: ProbeData): number {
  return data.offsets[data.offsets.length - 1];
}

/** Checks that a ProbeData is internally consistent; throws a SesameError naming what is wrong. */
export function validateProbeData(data: ProbeData, name: string): void {
  const groups = groupCount(data);
  const rows = rowCount(data);
  if (groups <= 0) throw new SesameError(`${name}: the split is empty; give it at least one sentence`);
  if (data.features.length !== rows * data.dim) {
    throw new SesameError(`${name}: features hold ${data.features.length} numbers, expected ${rows} rows × ${data.dim}`);
  }
  if (data.shape === 'selection') {
    if (data.gold.length !== groups) throw new SesameError(`${name}: ${data.gold.length} gold indices for ${groups} sentences`);
    for (let g = 0; g < groups; g++) {
      const size = data.offsets[g + 1] - data.offsets[g];
      if (data.gold[g] < 0 || data.gold[g] >= size) {
        throw new SesameError(`${name}: sentence ${g} has target index ${data.gold[g]} but only ${size} words`);
      }
    }
  } else {
    if (data.gold.length !== rows) throw new SesameError(`${name}: ${data.gold.length} labels for ${rows} words`);
    for (let r = 0; r < rows; r++) {
      if (data.gold[r] < -1 || data.gold[r] >= data.numClasses) {
        throw new SesameError(`${name}: word ${r} has label ${data.gold[r]}, outside 0..${data.numClasses - 1}`);
      }
    }
  }
}

/** Fails when a training split cannot teach anything: a single class, or sentences with one word only. */
export function assertLearnable(data: ProbeData, name: string): void {
  if (data.shape === 'labelling') {
    const seen = new Set<number>();
    for (const g of data.gold) if (g >= 0) seen.add(g);
    if (seen.size < 2) {
      throw new SesameError(`${name}: the training split has ${seen.size} class${seen.size === 1 ? '' : 'es'}; a probe needs at least two — give more varied data`);
    }
  } else {
    let choices = 0;
    for (let g = 0; g < groupCount(data); g++) if (data.offsets[g + 1] - data.offsets[g] > 1) choices++;
    if (choices === 0) {
      throw new SesameError(`${name}: every training sentence has a single word, so there is only one class to pick; give longer sentences`);
    }
  }
}
