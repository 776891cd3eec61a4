import type { AttentionResult } from '../../report/types.js';
import { compareAttention } from '../../attention/compare-attention.js';
import { loadAttentionItems } from '../../attention/items.js';
import { numberFlag, parseCommandArgs, type Command, type OptionSpec } from '../command.js';
import { analyseModelPair, MODEL_PAIR_OPTIONS, modelPairFlags, PAIR_RUN_OPTIONS } from '../model-pair.js';

const usage =
  'sesame attention --pretrained <model> --finetuned <model> [--data <data_agr dir | agr file | items.jsonl>] ' +
  '[--per-condition N] [--samples N] [--seed N] [--precision fp32|q8] [--device cpu|cuda] [--threads n] [--no-cache] [--json]';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
/** A layer that scored no item shows a dash; why is listed under the table. */
const c3 = (x: number | null) => (x === null ? '—' : f3(x));

/** Per-layer confusion (overall and per condition), CKA, and the heads that moved most. */
export function attentionTable(r: AttentionResult): string {
  const lines: string[] = [];
  const layers = r.cka.length - 1;
  lines.push(`${r.sentences} sentences${r.skipped ? `; skipped ${Object.entries(r.skipped).map(([k, v]) => `${v} ${k}`).join(', ')}` : ''}`);
  if (r.confusion) {
    lines.push('confusion −log2 p(correct) per layer (pretrained / fine-tuned):');
    const row = (name: string, c: { pretrained: Array<number | null>; finetuned: Array<number | null> }) =>
      `  ${name.padEnd(18)} ${c.pretrained.map((p, l) => `${c3(p)}/${c3(c.finetuned[l])}`.padEnd(11)).join('  ')}`;
    lines.push(`  ${'layer'.padEnd(18)} ${Array.from({ length: layers }, (_, l) => String(l + 1).padEnd(11)).join('  ')}`);
    lines.push(row('all', r.confusion));
    for (const [name, c] of Object.entries(r.confusion.conditions ?? {})) lines.push(row(name, c));
    for (const line of unscoredLines(r)) lines.push(`  ${line}`);
  }
  lines.push(`linear CKA per layer (0 = embeddings): ${r.cka.map(f3).join('  ')}`);
  const heads = r.jsd.flatMap((row, l) => row.map((v, h) => ({ l, h, v }))).sort((a, b) => b.v - a.v).slice(0, 5);
  lines.push(`largest attention shifts (JSD, bits): ${heads.map((x) => `L${x.l + 1}H${x.h + 1} ${f3(x.v)}`).join(', ')}`);
  return lines.join('\n');
}

/** One line per model and layer that left items out of its confusion: how many and why (e.g. outside the attention window). */
export function unscoredLines(r: AttentionResult): string[] {
  const lines: string[] = [];
  for (const model of ['pretrained', 'finetuned'] as const) {
    (r.confusion?.unscored?.[model] ?? []).forEach((reasons, l) => {
      const parts = Object.entries(reasons).map(([reason, n]) => `${n} item${n === 1 ? '' : 's'} not scored, ${reason}`);
      if (parts.length) lines.push(`layer ${l + 1} (${model}): ${parts.join('; ')}`);
    });
  }
  return lines;
}

const options = {
  ...MODEL_PAIR_OPTIONS,
  data: { type: 'string', value: 'path', description: 'Open Sesame data_agr folder, one agr file, or items JSONL (see below)', default: 'sentences generated from the bundled agreement grammar' },
  'per-condition': { type: 'string', value: 'n', description: 'items drawn per condition', default: '500 with --data, else 100' },
  samples: { type: 'string', value: 'n', description: 'sentences kept for the head view', default: '2' },
  ...PAIR_RUN_OPTIONS,
} satisfies Record<string, OptionSpec>;

export const attention: Command & { options: typeof options } = {
  name: 'attention',
  summary: 'Compare attention of a fine-tuned model with its pretrained model: confusion, per-head JSD and entropy, CKA',
  usage,
  options,
  examples: [
    'sesame attention --pretrained fixtures/models/tiny-bert-base --finetuned fixtures/models/tiny-bert-agreement',
    'sesame attention --pretrained base --finetuned tuned --data ../shared/opensesame/data_agr --per-condition 50',
  ],
  notes: [{ title: 'Items format (--data items.jsonl)', lines: ['one item per line: {"text": "the keys to the cabinet are here", "source": 5, "candidates": [[1], [4]], "condition": "agr-pp-pl-sg"}', 'source: the word whose attention is read (0-based, words split on spaces); candidates: word-index lists, the correct phrase first; condition optional.'] }],
  async run(argv) {
    const { values } = parseCommandArgs(attention, argv);
    const flags = modelPairFlags(values, usage);
    const perCondition = numberFlag('per-condition', values['per-condition'], values.data ? 500 : 100, 1, 1e7);
    const samples = numberFlag('samples', values.samples, 2, 0, 100);
    const { items, source } = loadAttentionItems(values.data, { perCondition, seed: flags.seed });
    return analyseModelPair(flags, {
      data: source,
      analyse: (models) => compareAttention(models.pretrained, models.finetuned, items, { name: source, samples }),
      table: attentionTable,
    });
  },
};
