/** What the commands comparing a pretrained model with its fine-tune (probe, attention) share: flags, loading, printing. */
import { UsageError } from '../errors.js';
import { defaultCacheDir, type Device, type Precision, type SesameModel } from '../models/index.js';
import { loadModelPair, modelRef } from '../probing/model-pair.js';
import { COMMON, deviceFlag, numberFlag, precisionFlag, threadsFlag, type OptionSpec, type OptionValues } from './command.js';

/** The two models, first in the command's help. */
export const MODEL_PAIR_OPTIONS = {
  pretrained: { type: 'string', value: 'model', description: 'the pretrained model', required: true },
  finetuned: { type: 'string', value: 'model', description: 'the fine-tuned model', required: true },
} satisfies Record<string, OptionSpec>;

/** Seed, how the models run, and the output form, last in the command's help. */
export const PAIR_RUN_OPTIONS = {
  seed: COMMON.seed,
  precision: COMMON.precision,
  device: COMMON.device,
  threads: COMMON.threads,
  'no-cache': COMMON.noCache,
  json: COMMON.json,
} satisfies Record<string, OptionSpec>;

export interface ModelPairFlags {
  pretrained: string;
  finetuned: string;
  seed: number;
  precision: Precision;
  device: Device | undefined;
  /** --threads; undefined = loadModel's default. */
  threads: number | undefined;
  /** `.sesame-cache/` in the working directory, or false with --no-cache. */
  cacheDir: string | false;
  json: boolean;
}

export interface ModelPair {
  pretrained: SesameModel;
  finetuned: SesameModel;
}

/** The shared flags, checked before any slow work: both models named, seed, precision and device valid. */
export function modelPairFlags(values: OptionValues<typeof MODEL_PAIR_OPTIONS & typeof PAIR_RUN_OPTIONS>, usage: string): ModelPairFlags {
  if (!values.pretrained || !values.finetuned) throw new UsageError(`--pretrained and --finetuned are required. Usage: ${usage}`);
  return {
    pretrained: values.pretrained,
    finetuned: values.finetuned,
    seed: numberFlag('seed', values.seed, 0, 0, 2 ** 32 - 1),
    precision: precisionFlag(values.precision),
    device: deviceFlag(values.device),
    threads: threadsFlag(values.threads),
    cacheDir: values['no-cache'] ? false : defaultCacheDir(),
    json: Boolean(values.json),
  };
}

/**
 * Loads both models, runs the analysis and prints it: with --json the result, `jsonExtras` and both models'
 * references; else a line naming the models and the data, then the table. The models are disposed whatever happens.
 */
export async function analyseModelPair<R extends object>(
  flags: ModelPairFlags,
  run: { data: string; analyse: (models: ModelPair) => Promise<R>; table: (result: R) => string; jsonExtras?: Record<string, unknown> },
): Promise<number> {
  const models = await loadModelPair(flags.pretrained, flags.finetuned, { precision: flags.precision, cacheDir: flags.cacheDir, device: flags.device, ...(flags.threads !== undefined ? { threads: flags.threads } : {}) });
  try {
    const result = await run.analyse(models);
    if (flags.json) {
      console.log(JSON.stringify({ ...result, ...run.jsonExtras, models: { pretrained: modelRef(models.pretrained), finetuned: modelRef(models.finetuned) } }, null, 2));
    } else {
      console.log(`${models.pretrained.info.id} (pretrained) vs ${models.finetuned.info.id} (fine-tuned), data: ${run.data}`);
      console.log(run.table(result));
    }
  } finally {
    await models.pretrained.dispose();
    await models.finetuned.dispose();
  }
  return 0;
}
