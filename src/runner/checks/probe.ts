import { UsageError } from '../../errors.js';
import { assertProbeRetention, type ProbeRetentionOptions } from '../../assertions/probe-retention.js';
import { requireFraction, requireLayerRange } from '../../assertions/thresholds.js';
import { generateSelectionTask, type GeneratedTask } from '../../probing/datasets/generated.js';
import { ProbeResultCache } from '../../probing/probe-cache.js';
import { DEFAULT_SEEDS, runProbeTask } from '../../probing/run-probe.js';
import type { TaskData } from '../../probing/task-types.js';
import type { ProbeKind } from '../../probing/train-probe.js';
import type { Check, TestContext } from '../types.js';
import { modelPairIds, pairKey } from './model-pair.js';
import { withOverrides } from './thresholds.js';

export type TaskSource = GeneratedTask | TaskData | ((ctx: TestContext) => TaskData | Promise<TaskData>);

export interface ProbeRetentionCheckOptions extends ProbeRetentionOptions {
  /** A built-in task from Sesame's grammar (`aux`, `subject`, `nth`), task data, or a function making it (it may `ctx.skip`). */
  task: TaskSource;
  probe?: ProbeKind;
  /**
   * Sentences of a built-in task. Default train 800, dev train/8 (100), test 200, gen 200. For task data you give,
   * `dev` sentences are carved out of its training sentences (default 10%).
   */
  sizes?: { train?: number; dev?: number; test?: number; gen?: number };
  /** Data + probe seeds averaged (each its own dev split). Default 3. */
  seeds?: number;
  /** Also run the control task (selectivity in the report). Default true. */
  control?: boolean;
}

const CHECK_SIZES = { train: 800, test: 200, gen: 200 };
const devFor = (train: number) => Math.max(1, Math.round(train / 8));

async function resolveTask(source: TaskSource, ctx: TestContext, sizes: ProbeRetentionCheckOptions['sizes'] = {}): Promise<TaskData> {
  if (typeof source === 'function') return source(ctx);
  if (typeof source === 'string') {
    const train = sizes.train ?? CHECK_SIZES.train;
    return generateSelectionTask(source, { train: train + (sizes.dev ?? devFor(train)), test: sizes.test ?? CHECK_SIZES.test, gen: sizes.gen ?? CHECK_SIZES.gen, seed: ctx.runSeed });
  }
  return source;
}

/**
 * "The fine-tuned model keeps ≥ 90% of the pretrained aux-probe accuracy at layers 3–6": trains the
 * probe on the layers in range of both models (every layer when the test gives no `layers`), shared by
 * every test of the run that probes the same task at the same layers on the same models, then judges them.
 * The report's probe chart shows those layers only.
 */
export function probeRetention(options: ProbeRetentionCheckOptions): Check {
  requireFraction('minRetention', options.minRetention);
  if (options.seeds !== undefined && (!Number.isInteger(options.seeds) || options.seeds < 1)) throw new UsageError(`seeds must be a whole number ≥ 1, got ${JSON.stringify(options.seeds)}`);
  if (options.layers) requireLayerRange('layers', options.layers);
  const taskName = typeof options.task === 'string' ? options.task : typeof options.task === 'function' ? 'custom task' : options.task.name;
  return {
    kind: 'probe',
    description: `fine-tuned keeps ≥ ${options.minRetention} of the pretrained ${taskName} probe accuracy`,
    async run(ctx) {
      const [pretrained, finetuned] = [await ctx.pretrained(), await ctx.finetuned()];
      const task = await resolveTask(options.task, ctx, options.sizes);
      const probe = options.probe ?? 'linear';
      const dev = typeof options.task === 'string' ? options.sizes?.dev ?? devFor(options.sizes?.train ?? CHECK_SIZES.train) : options.sizes?.dev;
      const seeds = options.seeds ?? DEFAULT_SEEDS;
      const range = options.layers ? requireLayerRange('layers', options.layers, pretrained.info.numLayers) : undefined;
      // only the layers judged are extracted and trained: at bert-base, 4 of 13 layers is 48 probes per task, not 156
      const layers = range ? Array.from({ length: range[1] - range[0] + 1 }, (_, i) => range[0] + i) : undefined;
      const key = ['probe', task.name, probe, options.control ?? true, task.train.length, dev ?? 'default', task.test.length, seeds, range ? range.join('-') : 'all', pairKey(pretrained, finetuned), ctx.runSeed].join('|');
      let probed = 0;
      const result = await ctx.memo(key, async () => ({
        ...(await runProbeTask(pretrained, finetuned, task, {
          probe,
          seed: ctx.runSeed,
          seeds,
          dev,
          layers,
          control: options.control ?? true,
          projections: true,
          probeCache: new ProbeResultCache(ctx.cacheDir),
          onLayer: (_layer, total) => ctx.progress(++probed, total),
        })),
        models: modelPairIds(pretrained, finetuned),
      }));
      const judged = assertProbeRetention(result, withOverrides(options, ctx.thresholds, ['minRetention']));
      return { ...judged, result: { kind: 'probe', value: result } };
    },
  };
}
