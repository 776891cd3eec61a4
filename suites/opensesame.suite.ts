/**
 * A replication of "Open Sesame: Getting Inside BERT's Linguistic Knowledge" (Lin, Tan & Frank 2019)
 * on the paper's own data, base vs each fine-tune: probes for the main auxiliary and the subject noun
 * (test and generalization sets), and the attention confusion of subject–verb agreement. The data
 * lives outside the repository (../shared/opensesame, or $SESAME_OPENSESAME_DIR); without it every
 * test skips and says why.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attentionConfusion, attentionShift, describe, it, loadAgreementItems, loadOpenSesameTask, probeRetention, suite, type TestContext } from 'sesame';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = { train: 400, test: 150, gen: 150 };

/** Where the paper's data is looked for: $SESAME_OPENSESAME_DIR, else ../shared/opensesame next to the repository. */
const DATA = process.env.SESAME_OPENSESAME_DIR ? path.resolve(process.env.SESAME_OPENSESAME_DIR) : path.resolve(REPO, '..', 'shared', 'opensesame');

/** The data folder, or a skip naming where it was looked for. */
function dataDir(ctx: TestContext, folder: string): string {
  if (!existsSync(DATA)) ctx.skip(`Open Sesame data not found at ${DATA}; put the paper's data there (or set SESAME_OPENSESAME_DIR) to run the replication`);
  return path.join(DATA, folder);
}

const aux = (ctx: TestContext) => loadOpenSesameTask(dataDir(ctx, 'data_aux'), 'opensesame-aux', { ...SIZES, seed: ctx.runSeed });
const subject = (ctx: TestContext) => loadOpenSesameTask(dataDir(ctx, 'data_sbjn'), 'opensesame-subject', { ...SIZES, seed: ctx.runSeed });
const agreement = { name: 'opensesame-agreement', items: (ctx: TestContext) => loadAgreementItems(dataDir(ctx, 'data_agr'), { perCondition: 10, seed: ctx.runSeed }) };

for (const [finetune, dir] of [
  ['sentiment', 'fixtures/models/tiny-bert-sentiment'],
  ['agreement', 'fixtures/models/tiny-bert-agreement'],
] as const) {
  suite(`Open Sesame replication: base vs ${finetune}`, { version: 1, models: { pretrained: 'fixtures/models/tiny-bert-base', finetuned: dir } }, () => {
    describe('probing (linear probe per layer, as in the paper)', () => {
      it('main auxiliary: keeps ≥ 90% of the pretrained test accuracy at every layer', probeRetention({ task: aux, minRetention: 0.9, control: false }));
      it('main auxiliary: keeps ≥ 70% of the pretrained generalization accuracy at layers 4–6', probeRetention({ task: aux, split: 'gen', layers: [4, 6], minRetention: 0.7, control: false }));
      it('subject noun: keeps ≥ 90% of the pretrained test accuracy at every layer', probeRetention({ task: subject, minRetention: 0.9, control: false }));
    });
    describe('attention on subject–verb agreement (data_agr)', () => {
      it('fine-tuning raises the verb→subject confusion by at most 0.25 bits at any layer', attentionConfusion({ ...agreement, maxIncrease: 0.25 }));
      it('heads of layers 1–3 move their attention by at most 0.25 bits on these sentences', attentionShift({ ...agreement, maxJsd: 0.25, layers: [1, 3] }));
    });
  });
}
