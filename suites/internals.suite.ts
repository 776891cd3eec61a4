/**
 * What fine-tuning kept and moved inside the model: probes (Open Sesame's structural tasks on
 * Sesame's own grammar) and attention, base vs each fine-tune.
 */
import { attentionConfusion, attentionShift, describe, it, probeRetention, suite } from 'sesame';

const BASE = 'fixtures/models/tiny-bert-base';
/** Sentences drawn from Sesame's grammar per probing task: enough for stable accuracies on these small models. */
const sizes = { train: 400, test: 150, gen: 150 };

for (const [finetune, path] of [
  ['sentiment', 'fixtures/models/tiny-bert-sentiment'],
  ['agreement', 'fixtures/models/tiny-bert-agreement'],
] as const) {
  suite(`internals of the ${finetune} fine-tune`, { version: 1, models: { pretrained: BASE, finetuned: path } }, () => {
    describe('probing', () => {
      it('keeps ≥ 90% of the main-auxiliary probe accuracy at layers 3–6', probeRetention({ task: 'aux', sizes, layers: [3, 6], minRetention: 0.9 }));
      it('keeps ≥ 80% of the main-auxiliary generalization accuracy at layers 3–6', probeRetention({ task: 'aux', sizes, layers: [3, 6], minRetention: 0.8, split: 'gen' }));
      it('keeps ≥ 90% of the subject-noun probe accuracy at layers 3–6', probeRetention({ task: 'subject', sizes, layers: [3, 6], minRetention: 0.9 }));
    });
    describe('attention', () => {
      it('heads of the lower layers (1–3) move their attention by at most 0.25 bits', attentionShift({ maxJsd: 0.25, layers: [1, 3] }));
      it('no head anywhere moves its attention by more than 0.5 bits', attentionShift({ maxJsd: 0.5 }));
      it('fine-tuning raises the verb→subject confusion by at most 0.2 bits at any layer, all conditions pooled', attentionConfusion({ maxIncrease: 0.2 }));
    });
  });
}
