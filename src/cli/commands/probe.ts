import { UsageError } from '../../errors.js';
import type { ProbeResult } from '../../report/types.js';
import { defaultCacheDir } from '../../models/index.js';
import { loadModelPair, modelRef } from '../../probing/model-pair.js';
import { ProbeResultCache } from '../../probing/probe-cache.js';
import { PROBE_TASKS, resolveProbeTask } from '../../probing/resolve-task.js';
import { runProbeTask } from '../../probing/run-probe.js';
import { numberFlag, parseCommandArgs, precisionFlag, type Command, type OptionSpec, COMMON } from '../command.js';

const usage =
  'sesame probe --pretrained <model> --finetuned <model> --task <aux|subject|nth|pos|control|file> [--data <path>] ' +
  '[--probe linear|mlp] [--train N] [--test N] [--n N] [--unit token|word] [--layers 0,3,6] [--no-control] [--projections] [--seed N] [--precision fp32|q8] [--no-cache] [--json]';

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
  const head = ['layer', 'pre test', ...(hasGen ? ['pre gen'] : []), 'ft test', ...(hasGen ? ['ft gen'] : []), 'Δ test', ...(hasGen ? ['Δ gen'] : []), ...(result.selectivity ? ['sel pre', 'sel ft'] : [])];
  const rows = result.layers.map((l, i) => [
    String(l.layer), pct(l.pretrained.test), ...(hasGen ? [pct(l.pretrained.gen)] : []), pct(l.finetuned.test), ...(hasGen ? [pct(l.finetuned.gen)] : []),
    signed(l.delta?.test), ...(hasGen ? [signed(l.delta?.gen)] : []),
    ...(result.selectivity ? [signed(result.selectivity.pretrained[i]), signed(result.selectivity.finetuned[i])] : []),
  ]);
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const lines = all.map((r) => '  ' + r.map((cell, c) => cell.padStart(widths[c])).join('  '));
  const s = result.sizes;
  const skipped = result.skipped ? `; skipped ${Object.entries(result.skipped).map(([k, v]) => `${v} ${k}`).join(', ')}` : '';
  return [`task ${result.task}, ${result.probe} probe, accuracy % (sentences: train ${s.train}, dev ${s.dev}, test ${s.test}${s.gen ? `, gen ${s.gen}` : ''}${skipped})`, ...lines].join('\n');
}

const options = {
  pretrained: { type: 'string', value: 'model', description: 'the pretrained model', required: true },
  finetuned: { type: 'string', value: 'model', description: 'the fine-tuned model', required: true },
  task: { type: 'string', value: 'name', description: 'aux, subject, nth, pos, control or file', required: true },
  data: { type: 'string', value: 'path', description: 'Open Sesame folder or your JSONL (see below)', default: 'sentences from the bundled grammar' },
  probe: { type: 'string', value: 'linear|mlp', description: 'the probe trained on each layer', default: 'linear' },
  train: { type: 'string', value: 'n', description: 'training sentences', default: '1600' },
  test: { type: 'string', value: 'n', description: 'test sentences', default: '400' },
  n: { type: 'string', value: 'n', description: 'which token the nth task labels (only with --task nth)', default: '3' },
  unit: { type: 'string', value: 'token|word', description: 'what the nth task counts', default: 'token' },
  layers: { type: 'string', value: 'list', description: 'layers to probe, e.g. 0,3,6 (0 = embeddings)', default: 'all' },
  'no-control': { type: 'boolean', description: 'skip the control task (no selectivity)' },
  projections: { type: 'boolean', description: 'add 2-D projections and silhouettes of the word vectors' },
  seed: COMMON.seed,
  precision: COMMON.precision,
  'no-cache': COMMON.noCache,
  json: COMMON.json,
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
    if (!values.pretrained || !values.finetuned) throw new UsageError(`--pretrained and --finetuned are required. Usage: ${usage}`);
    if (!values.task) throw new UsageError(`--task is required (${PROBE_TASKS.join(', ')}). Usage: ${usage}`);
    const probeKind = values.probe ?? 'linear';
    if (probeKind !== 'linear' && probeKind !== 'mlp') throw new UsageError(`--probe must be linear or mlp, got "${probeKind}"`);
    const unit = values.unit ?? 'token';
    if (values.task !== 'nth' && (values.n !== undefined || values.unit !== undefined)) {
      throw new UsageError(`--${values.n !== undefined ? 'n' : 'unit'} only applies to --task nth (it picks which token that task labels), not to --task ${values.task}`);
    }
    const precision = precisionFlag(values.precision);
    if (unit !== 'token' && unit !== 'word') throw new UsageError(`--unit must be token or word, got "${unit}"`);
    const seed = numberFlag('seed', values.seed, 0, 0, 2 ** 32 - 1);
    const { task, runControl, source } = resolveProbeTask(values.task, {
      data: values.data,
      train: values.train === undefined ? undefined : numberFlag('train', values.train, 1600, 2, 1e7),
      test: values.test === undefined ? undefined : numberFlag('test', values.test, 400, 1, 1e7),
      n: values.n === undefined ? undefined : numberFlag('n', values.n, 3, 1, 512),
      nthUnit: unit,
      seed,
    });
    const cacheDir = values['no-cache'] ? false : defaultCacheDir();
    const models = await loadModelPair(values.pretrained, values.finetuned, { precision, cacheDir });
    try {
      const result = await runProbeTask(models.pretrained, models.finetuned, task, {
        probe: probeKind,
        probeCache: new ProbeResultCache(cacheDir),
        seed,
        control: runControl && !values['no-control'],
        layers: parseLayers(values.layers),
        projections: values.projections,
        onLayer: process.stderr.isTTY ? (layer, count) => process.stderr.write(`\r  probing layer ${layer} (${count} layers)${' '.repeat(8)}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      if (values.json) {
        console.log(JSON.stringify({ ...result, data: source, models: { pretrained: modelRef(models.pretrained), finetuned: modelRef(models.finetuned) } }, null, 2));
      } else {
        console.log(`${models.pretrained.info.id} (pretrained) vs ${models.finetuned.info.id} (fine-tuned), data: ${source}`);
        console.log(probeTable(result));
      }
    } finally {
      await models.pretrained.dispose();
      await models.finetuned.dispose();
    }
    return 0;
  },
};
