import { UsageError } from '../../errors.js';
import { loadModel, softmax, type Prediction, type SentenceOutput, type SesameModel, type Tensor } from '../../models/index.js';
import { readableToken } from '../../report/format.js';
import { parseCommandArgs, precisionFlag, deviceFlag, threadsFlag, type Command, type OptionSpec, COMMON } from '../command.js';

const usage = 'sesame inspect <model> --text "<sentence>" [--json] [--precision fp32|q8] [--device cpu|cuda] [--threads n] [--allow-remote] [--no-cache]';

/** The attention a head pays to each token of a sentence, from one query token (or averaged over all of them). */
interface TopTarget {
  token: string;
  weight: number;
}

const options = {
  text: { type: 'string', short: 't', value: 'sentence', description: 'the sentence to run through the model', required: true },
  json: { type: 'boolean', description: 'print every attention probability and the tokens as JSON' },
  precision: COMMON.precision,
  device: COMMON.device,
  threads: COMMON.threads,
  'allow-remote': { type: 'boolean', description: 'allow a Hugging Face hub id (downloads into ~/.cache/sesame/hub)' },
  'no-cache': COMMON.noCache,
} satisfies Record<string, OptionSpec>;

export const inspect: Command & { options: typeof options } = {
  name: 'inspect',
  summary: "Show what a model sees in one sentence: architecture, tokens, prediction, each head's most attended token",
  usage,
  options,
  examples: [
    'sesame inspect fixtures/models/tiny-bert-sentiment --text "The movie was wonderful."',
  ],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(inspect, argv);
    if (positionals.length !== 1) {
      throw new UsageError(`expected one model (a local model directory), got ${positionals.length}. Usage: ${usage}`);
    }
    if (values.text === undefined) throw new UsageError(`--text is required. Usage: ${usage}`);
    if (values.text.trim() === '') throw new UsageError('--text is empty; pass a sentence with at least one word');
    const precision = precisionFlag(values.precision);
    const threads = threadsFlag(values.threads);

    const model = await loadModel(positionals[0], {
      precision,
      device: deviceFlag(values.device),
      ...(threads !== undefined ? { threads } : {}),
      allowRemote: Boolean(values['allow-remote']),
      ...(values['no-cache'] ? { cacheDir: false as const } : {}),
    });
    try {
      const [output] = await model.run([values.text], { logits: true, hiddenStates: true, attentions: true });
      const prediction = model.info.labels ? (await model.predict([values.text]))[0] : null;
      const text = values.json ? formatJson(inspection(model, output, prediction)) : summary(model, output, prediction);
      process.stdout.write(`${text}\n`);
    } finally {
      await model.dispose();
    }
    return 0;
  },
};

/** The `--json` object: model facts, tokens, prediction, every attention probability and the hidden-state shape. */
function inspection(model: SesameModel, output: SentenceOutput, prediction: Prediction | null) {
  const { info } = model;
  const attentions = output.attentions!;
  return {
    model: info.id,
    path: info.path,
    architecture: info.architecture,
    modelType: info.modelType,
    precision: info.precision,
    layers: info.numLayers,
    heads: info.numHeads,
    hiddenSize: info.hiddenSize,
    maxPositions: info.maxPositions,
    causal: info.causal,
    labels: info.labels,
    text: output.encoding.text,
    tokens: output.encoding.tokens,
    truncated: output.encoding.truncated,
    words: output.encoding.words.map(({ text, tokenStart, tokenEnd }) => ({ text, tokenStart, tokenEnd })),
    prediction: prediction && {
      label: prediction.label,
      scores: Object.fromEntries(prediction.scores.map((score, i) => [info.labels![i] ?? `LABEL_${i}`, round(score)])),
    },
    fills: maskFills(model, output),
    logits: { shape: output.logits!.shape, data: output.logits!.shape.length === 1 ? Array.from(output.logits!.data, round) : undefined },
    attention: { shape: attentions.shape, data: nest(attentions) },
    hidden: { shape: output.hiddenStates!.shape },
  };
}

/** The readable summary: facts, tokens, prediction, and a from-token × head table of the last layer's top targets. */
function summary(model: SesameModel, output: SentenceOutput, prediction: Prediction | null): string {
  const { info } = model;
  const { tokens } = output.encoding;
  const lines = [
    `Model       ${info.id} (${info.architecture}, ${info.modelType}, ${info.precision})`,
    `Layers      ${info.numLayers} layers × ${info.numHeads} heads, hidden size ${info.hiddenSize}, max ${info.maxPositions} positions, vocab ${info.vocabSize}`,
    `Attention   ${attentionKind(model)}`,
    `Labels      ${info.labels ? info.labels.join(', ') : '(none: no classification head)'}`,
    `Tokens      ${tokens.map(readableToken).join(' ')}  (${tokens.length}${output.encoding.truncated ? `, truncated to ${info.maxPositions}` : ''})`,
  ];
  if (prediction) {
    const ranked = prediction.scores.map((score, i) => `${info.labels![i]} ${score.toFixed(4)}`).join(', ');
    lines.push(`Prediction  ${prediction.label} (${ranked})`);
  } else {
    lines.push(`Prediction  (none: output logits of shape [${output.logits!.shape.join(', ')}])`);
  }
  for (const fill of maskFills(model, output)) {
    const candidates = fill.candidates.map((c) => `${c.token} ${c.score.toFixed(3)}`).join(', ');
    lines.push(`Fill-mask   ${tokens[fill.position]} at token ${fill.position}: ${candidates}`);
  }
  const attentions = output.attentions!;
  const [layers, heads, seq] = attentions.shape;
  const last = layers - 1;
  lines.push('', `Last layer (${layers} of ${layers}): top attended token per head (heads numbered from 1, as in the report), weight in parentheses`);
  const cells = (targets: TopTarget[]) => targets.map((t) => `${readableToken(t.token)} (${t.weight.toFixed(2)})`);
  const rows: string[][] = [['from', ...Array.from({ length: heads }, (_, h) => `head ${h + 1}`)]];
  for (let from = 0; from < seq; from++) {
    rows.push([readableToken(tokens[from]), ...cells(Array.from({ length: heads }, (_, h) => topTarget(attentions, tokens, last, h, from)))]);
  }
  rows.push(['(average)', ...cells(Array.from({ length: heads }, (_, h) => topTarget(attentions, tokens, last, h)))]);
  lines.push(...table(rows).map((row) => `  ${row}`));
  return lines.join('\n');
}

/** Why some checks skip or read other tokens on a decoder: its attention only looks left. */
function attentionKind(model: SesameModel): string {
  if (!model.info.causal) return 'bidirectional (encoder: every token attends to the whole sentence)';
  const readAt = model.info.labels ? '; the classifier is read at the last token' : '';
  return `causal (decoder-only: every token attends only to itself and the tokens on its left${readAt})`;
}

/** For masked-LM heads: the top 5 tokens at each mask position of the text, with their probabilities. */
function maskFills(model: SesameModel, output: SentenceOutput) {
  const logits = output.logits!;
  if (logits.shape.length !== 2) return [];
  const [, vocab] = logits.shape;
  const masks = output.encoding.tokens.flatMap((token, i) => (/^(\[MASK\]|<mask>)$/.test(token) ? [i] : []));
  return masks.map((position) => {
    const row = softmax(logits.data.subarray(position * vocab, (position + 1) * vocab));
    const top = Array.from(row.keys())
      .sort((a, b) => row[b] - row[a])
      .slice(0, 5);
    return { position, candidates: top.map((id) => ({ token: model.idToToken(id), score: round(row[id]) })) };
  });
}

/** The token a head attends to most from one query token, or on average over all query tokens. */
function topTarget(attentions: Tensor, tokens: string[], layer: number, head: number, from?: number): TopTarget {
  const [, heads, seq] = attentions.shape;
  const base = (layer * heads + head) * seq * seq;
  const rows = from === undefined ? Array.from({ length: seq }, (_, i) => i) : [from];
  let best = 0;
  let bestWeight = -1;
  for (let to = 0; to < seq; to++) {
    let weight = 0;
    for (const row of rows) weight += attentions.data[base + row * seq + to];
    weight /= rows.length;
    if (weight > bestWeight) {
      best = to;
      bestWeight = weight;
    }
  }
  return { token: tokens[best], weight: bestWeight };
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
}

/** `[layer][head][from][to]` nested arrays of a `[layers, heads, seq, seq]` tensor. */
function nest(tensor: Tensor): number[][][][] {
  const [layers, heads, seq] = tensor.shape;
  return Array.from({ length: layers }, (_, l) =>
    Array.from({ length: heads }, (_, h) =>
      Array.from({ length: seq }, (_, from) => {
        const start = ((l * heads + h) * seq + from) * seq;
        return Array.from(tensor.data.subarray(start, start + seq), round);
      }),
    ),
  );
}

/** Indented JSON whose arrays of plain values stay on one line (an attention row is one line, not seq lines). */
function formatJson(value: unknown, indent = ''): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

/** Float32 values carry ~7 significant digits; printing more is noise. */
function round(value: number): number {
  return Number(value.toPrecision(7));
}
