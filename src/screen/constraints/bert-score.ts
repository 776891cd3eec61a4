import type { SesameModel } from '../../models/types.js';
import { bertScoreBaseline, bertScores, defaultBertScoreLayer, rescale } from '../bertscore.js';
import type { Constraint } from '../types.js';

export interface BertScoreConstraintOptions {
  /** The encoder whose hidden states are matched: the pretrained model of the pair, or one the user names. */
  encoder: SesameModel;
  /**
   * Minimum rescaled F1. Default 0: "no less alike than two unrelated sentences", a floor only. On the hand-judged
   * set the fixture's small pretrained encoder ranks valid examples below invalid ones (attacks/README.md,
   * "Calibrating BERTScore"), so any higher default would reject more valid examples than invalid ones.
   */
  min?: number;
  /** Hidden-state layer. Default ⌈0.75 × layers⌉. */
  layer?: number;
}

/**
 * TextAttack's BERTScore constraint: the perturbed sentence's BERTScore F1 against the original, rescaled by the
 * unrelated-sentence baseline, must be at least `min`. Score: the rescaled F1; values: precision, recall, raw F1,
 * baseline and layer.
 */
export function bertScore(options: BertScoreConstraintOptions): Constraint {
  const min = options.min ?? 0;
  const layer = options.layer ?? defaultBertScoreLayer(options.encoder);
  const id = options.encoder.info.id;
  return {
    name: 'bertScore',
    description: `BERTScore F1 (rescaled, ${id} layer ${layer}) ≥ ${min}`,
    async check(pairs) {
      const baseline = await bertScoreBaseline(options.encoder, layer);
      const scores = await bertScores(options.encoder, pairs.map((p) => [p.original, p.perturbed] as const), { layer });
      return scores.map((s) => {
        const rescaled = rescale(s.f1, baseline);
        const shown = `BERTScore ${rescaled.toFixed(3)} (F1 ${s.f1.toFixed(3)}, unrelated-sentence baseline ${baseline.toFixed(3)})`;
        return {
          pass: rescaled >= min,
          score: rescaled,
          reason: rescaled >= min ? `${shown} is at least ${min}` : `${shown} is below ${min}: the sentence reads too differently`,
          values: { precision: s.precision, recall: s.recall, f1: s.f1, baseline, layer },
        };
      });
    },
  };
}
