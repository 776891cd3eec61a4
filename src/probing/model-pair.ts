import { loadModel } from '../models/index.js';
import type { LoadOptions, SesameModel } from '../models/types.js';
import type { ModelRef } from '../report/types.js';

/** The pretrained model and its fine-tune, loaded with the same options. */
export async function loadModelPair(pretrained: string, finetuned: string, options: Pick<LoadOptions, 'precision' | 'cacheDir' | 'device' | 'threads'> = {}): Promise<{ pretrained: SesameModel; finetuned: SesameModel }> {
  const [p, f] = [await loadModel(pretrained, options), await loadModel(finetuned, options)];
  return { pretrained: p, finetuned: f };
}

export function modelRef(model: SesameModel): ModelRef {
  const i = model.info;
  return { id: i.id, contentHash: i.contentHash, precision: i.precision, architecture: i.architecture, layers: i.numLayers, heads: i.numHeads, labels: i.labels };
}
