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

/** A stable id per task data object or function, for `probeSignature`. */
const taskIds = new WeakMap<object, number>();
let nextTaskId = 1;

/** What makes two probe tests train the same probes (the models aside): task, probe kind, sizes, seeds, control. */
function probeSignature(options: ProbeRetentionCheckOptions): string {
  let task: string | number;
  if (typeof options.task === 'string') task = options.task;
  else {
    if (!taskIds.has(options.task)) taskIds.set(options.task, nextTaskId++);
    task = taskIds.get(options.task)!;
  }
  return JSON.stringify([task, options.probe ?? 'linear', options.sizes ?? null, options.seeds ?? DEFAULT_SEEDS, options.control ?? true]);
}

/**
 * Per probe signature, the layer ranges the tests made with it judge (`all` once one judges every layer): suites are
 * collected before any test runs, so the first test to run trains the union once and every test judges its range
 * from that one result (one card per task in the report). Tests left out by --grep still count.
 */
const wantedLayers = new Map<string, Array<[number, number]> | 'all'>();

function wantLayers(signature: string, range: [number, number] | undefined): void {
  const known = wantedLayers.get(signature);
  if (known === 'all') return;
  wantedLayers.set(signature, range ? [...(known ?? []), range] : 'all');
}

/** The layers to train for a signature on a model with layers 0..`last`: undefined for every layer. */
function layersFor(signature: string, last: number): number[] | undefined {
  const ranges = wantedLayers.get(signature);
  if (ranges === undefined || ranges === 'all') return undefined;
  const layers = new Set<number>();
  for (const [from, to] of ranges) for (let l = from; l <= Math.min(to, last); l++) layers.add(l);
  return [...layers].sort((a, b) => a - b);
}

/**
 * "The fine-tuned model keeps ≥ 90% of the pretrained aux-probe accuracy at layers 3–6": trains the
 * probe on the layers the run's tests of this task judge (every layer once one of them gives no `layers`),
 * once per model pair however many tests judge it, then judges the layers in range. The report's probe
 * chart shows the layers trained.
 */
export function probeRetention(options: ProbeRetentionCheckOptions): Check {
  requireFraction('minRetention', options.minRetention);
  if (options.seeds !== undefined && (!Number.isInteger(options.seeds) || options.seeds < 1)) throw new UsageError(`seeds must be a whole number ≥ 1, got ${JSON.stringify(options.seeds)}`);
  if (options.layers) requireLayerRange('layers', options.layers);
  const signature = probeSignature(options);
  wantLayers(signature, options.layers);
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
      if (options.layers) requireLayerRange('layers', options.layers, pretrained.info.numLayers);
      // only the layers judged are extracted and trained: at bert-base, 4 of 13 layers is 48 probes per task, not 156
      const layers = layersFor(signature, pretrained.info.numLayers);
      const key = ['probe', task.name, probe, options.control ?? true, task.train.length, dev ?? 'default', task.test.length, seeds, layers ? layers.join(',') : 'all', pairKey(pretrained, finetuned), ctx.runSeed].join('|');
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
