import { UsageError } from '../../errors.js';
import type { ProbeResult } from '../../report/types.js';
import { accuracyCell, differenceCell, fitLine } from '../../report/probe-text.js';
import { ProbeResultCache } from '../../probing/probe-cache.js';
import { PROBE_SIZE_DEFAULTS, PROBE_TASKS, resolveProbeTask } from '../../probing/resolve-task.js';
import { DEFAULT_SEEDS, runProbeTask } from '../../probing/run-probe.js';
import { DEFAULT_POOLING, WordVectorCache } from '../../probing/word-vectors.js';
import { numberFlag, parseCommandArgs, type Command, type OptionSpec } from '../command.js';
import { analyseModelPair, MODEL_PAIR_OPTIONS, modelPairFlags, PAIR_RUN_OPTIONS } from '../model-pair.js';

const usage =
  'sesame probe --pretrained <model> --finetuned <model> --task <aux|subject|nth|pos|control|file> [--data <path>] ' +
  '[--probe linear|mlp] [--train N] [--dev N] [--test N] [--gen N] [--seeds N] [--pooling first|mean] [--n N] [--unit token|word] [--layers 0,3,6] [--no-control] [--projections] [--seed N] [--precision fp32|q8] [--device cpu|cuda] [--threads n] [--no-cache] [--json]';

function parseLayers(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const layers = value.split(',').map((s) => Number(s.trim()));
  if (layers.some((l) => !Number.isInteger(l) || l < 0)) throw new UsageError(`--layers must be comma-separated layer numbers (0 = embeddings), got "${value}"`);
  return layers;
}

const pct = (x: number | undefined) => (x === undefined ? '' : (100 * x).toFixed(1));
const signed = (x: number | undefined) => (x === undefined ? '' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`);
/** The per-layer table people read in a terminal; `--json` prints the ProbeResult instead. */
export function probeTable(result: ProbeResult): string {
  const hasGen = result.layers.some((l) => l.pretrained.gen !== undefined);
  const hasControl = result.layers.some((l) => l.control);
  const head = ['layer', 'pre test', 'ft test', 'Δ test', ...(hasGen ? ['pre gen', 'ft gen', 'Δ gen'] : []), ...(hasControl ? ['control pre/ft', 'sel pre/ft'] : [])];
  const rows = result.layers.map((l, i) => [
    String(l.layer),
    accuracyCell(l.pretrained, 'test'), accuracyCell(l.finetuned, 'test'), differenceCell(l.delta?.test, l.delta?.testInterval),
    ...(hasGen ? [accuracyCell(l.pretrained, 'gen'), accuracyCell(l.finetuned, 'gen'), differenceCell(l.delta?.gen, l.delta?.genInterval)] : []),
    ...(hasControl ? [l.control ? `${pct(l.control.pretrained)}/${pct(l.control.finetuned)}` : '', result.selectivity ? `${signed(result.selectivity.pretrained[i])}/${signed(result.selectivity.finetuned[i])}` : ''] : []),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const lines = all.map((r) => '  ' + r.map((cell, c) => cell.padStart(widths[c])).join('  '));
  const s = result.sizes;
  const skipped = result.skipped ? `; skipped ${Object.entries(result.skipped).map(([k, v]) => `${v} ${k}`).join(', ')}` : '';
  const seeds = result.seeds ?? [result.seed];
  const chance = result.chance ? `; chance ${pct(result.chance.test)}${result.chance.gen !== undefined ? ` (gen ${pct(result.chance.gen)})` : ''}` : '';
  const legend = `accuracy %: mean of ${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds.join(', ')}) [95% interval over sentences] ±half the range over seeds; Δ = fine-tuned − pretrained, paired over the same sentences${chance}`;
  const fits = fitLine(result);
  return [`task ${result.task}, ${result.probe} probe, ${result.pooling ?? DEFAULT_POOLING}-sub-token pooling (sentences: train ${s.train}, dev ${s.dev}, test ${s.test}${s.gen ? `, gen ${s.gen}` : ''}${skipped})`, legend, ...lines, ...(fits ? [fits] : [])].join('\n');
}

const options = {
  ...MODEL_PAIR_OPTIONS,
  task: { type: 'string', value: 'name', description: 'aux, subject, nth, pos, control or file', required: true },
  data: { type: 'string', value: 'path', description: 'Open Sesame folder or your JSONL (see below)', default: 'sentences from the bundled grammar' },
  probe: { type: 'string', value: 'linear|mlp', description: 'the probe trained on each layer', default: 'linear' },
  train: { type: 'string', value: 'n', description: 'training sentences', default: String(PROBE_SIZE_DEFAULTS.train) },
  dev: { type: 'string', value: 'n', description: 'dev sentences, drawn besides the training ones (choose λ; each seed its own split)', default: String(PROBE_SIZE_DEFAULTS.dev) },
  test: { type: 'string', value: 'n', description: 'test sentences', default: String(PROBE_SIZE_DEFAULTS.test) },
  gen: { type: 'string', value: 'n', description: 'sentences per generalization set', default: String(PROBE_SIZE_DEFAULTS.gen) },
  seeds: { type: 'string', value: 'n', description: 'data + probe seeds averaged (seed, seed+1, …)', default: String(DEFAULT_SEEDS) },
  pooling: { type: 'string', value: 'first|mean', description: "a word's vector: its first sub-token (as Open Sesame) or their mean", default: DEFAULT_POOLING },
  n: { type: 'string', value: 'n', description: 'which token the nth task labels (only with --task nth)', default: '3' },
  unit: { type: 'string', value: 'token|word', description: 'what the nth task counts', default: 'token' },
  layers: { type: 'string', value: 'list', description: 'layers to probe, e.g. 0,3,6 (0 = embeddings)', default: 'all' },
  'no-control': { type: 'boolean', description: 'skip the control task (no selectivity)' },
  projections: { type: 'boolean', description: 'add 2-D projections and silhouettes of the word vectors' },
  ...PAIR_RUN_OPTIONS,
} satisfies Record<string, OptionSpec>;

export const probe: Command & { options: typeof options } = {
  name: 'probe',
  summary: 'Probe every layer of a pretrained and a fine-tuned model (Open Sesame tasks, POS, control, your JSONL)',
  usage,
  options,
  examples: [
    'sesame probe --pretrained fixtures/models/tiny-bert-base --finetuned fixtures/models/tiny-bert-sentiment --task aux',
    'sesame probe --pretrained base --finetuned tuned --task file --data my-probe.jsonl --probe mlp',
  ],
  notes: [{ title: 'Data format (--task file --data probe.jsonl), one sentence per line, one shape per file', lines: ['{"text": "the dog can run", "target": 2}              pick a word (index among space-separated words)', '{"words": ["the", "dog"], "labels": ["DT", "NN"]}     label every word (null = not scored)', 'optional "split": "train", "test", "gen" or "gen:<name>"; lines without one are divided 80/20 into train and test.'] }],
  async run(argv) {
    const { values } = parseCommandArgs(probe, argv);
    const flags = modelPairFlags(values, usage);
    if (!values.task) throw new UsageError(`--task is required (${PROBE_TASKS.join(', ')}). Usage: ${usage}`);
    const probeKind = values.probe ?? 'linear';
    if (probeKind !== 'linear' && probeKind !== 'mlp') throw new UsageError(`--probe must be linear or mlp, got "${probeKind}"`);
    const unit = values.unit ?? 'token';
    if (values.task !== 'nth' && (values.n !== undefined || values.unit !== undefined)) {
      throw new UsageError(`--${values.n !== undefined ? 'n' : 'unit'} only applies to --task nth (it picks which token that task labels), not to --task ${values.task}`);
    }
    if (unit !== 'token' && unit !== 'word') throw new UsageError(`--unit must be token or word, got "${unit}"`);
    const { seed, cacheDir } = flags;
    const seeds = numberFlag('seeds', values.seeds, DEFAULT_SEEDS, 1, 100);
    const dev = numberFlag('dev', values.dev, PROBE_SIZE_DEFAULTS.dev, 1, 1e7);
    const pooling = values.pooling ?? DEFAULT_POOLING;
    if (pooling !== 'first' && pooling !== 'mean') throw new UsageError(`--pooling must be first or mean, got "${pooling}"`);
    const { task, runControl, source } = resolveProbeTask(values.task, {
      data: values.data,
      train: numberFlag('train', values.train, PROBE_SIZE_DEFAULTS.train, 1, 1e7),
      dev: dev,
      test: numberFlag('test', values.test, PROBE_SIZE_DEFAULTS.test, 1, 1e7),
      gen: numberFlag('gen', values.gen, PROBE_SIZE_DEFAULTS.gen, 0, 1e7),
      n: values.n === undefined ? undefined : numberFlag('n', values.n, 3, 1, 512),
      nthUnit: unit,
      seed,
    });
    return analyseModelPair(flags, {
      data: source,
      jsonExtras: { data: source },
      analyse: (models) =>
        runProbeTask(models.pretrained, models.finetuned, task, {
          probe: probeKind,
          probeCache: new ProbeResultCache(cacheDir),
          cache: new WordVectorCache({ pooling }),
          seed,
          seeds,
          dev,
          control: runControl && !values['no-control'],
          layers: parseLayers(values.layers),
          projections: values.projections,
        }),
      table: probeTable,
    });
  },
};
