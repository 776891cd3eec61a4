import type { SesameModel } from '../../models/types.js';
import type { ModelPairIds } from '../../report/types.js';

/** The ids a probe or attention result records, so a run over several pairs labels each result with its own models. */
export function modelPairIds(pretrained: SesameModel, finetuned: SesameModel): ModelPairIds {
  return { pretrained: pretrained.info.id, finetuned: finetuned.info.id };
}

/** Part of a memo key: the ids and the contents, so two copies of one model under different names keep their own labels. */
export function pairKey(pretrained: SesameModel, finetuned: SesameModel): string {
  return [pretrained.info.id, pretrained.info.contentHash, finetuned.info.id, finetuned.info.contentHash].join('|');
}
