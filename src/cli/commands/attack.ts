import { getRecipe } from '../../../attacks/recipes/index.js';
import { readAttackData } from '../../attack/data.js';
import { runAttack, type AttackRun } from '../../attack/run-attack.js';
import { UsageError } from '../../errors.js';
import { loadModel, type SesameModel } from '../../models/index.js';
import { bertScore } from '../../screen/constraints/bert-score.js';
import { defaultScreen } from '../../screen/default-screen.js';
import type { AdversarialExample } from '../../report/types.js';
import { numberFlag, parseCommandArgs, precisionFlag, deviceFlag, threadsFlag, type Command, type OptionSpec, COMMON } from '../command.js';

const usage = 'sesame attack --model <model> --recipe <name> --data <file> [--budget N] [--seed N] [--vectors glove|victim|<file>] [--encoder <model>] [--number-sensitive] [--json] [--precision fp32|q8] [--device cpu|cuda] [--threads n] [--no-cache]';

const options = {
  model: { type: 'string', short: 'm', value: 'model', description: 'the fine-tuned classifier to attack', required: true },
  recipe: { type: 'string', short: 'r', value: 'name', description: 'textfooler, deepwordbug or pwws', required: true },
  data: { type: 'string', short: 'd', value: 'file', description: 'labelled examples, JSONL (see below)', required: true },
  budget: { type: 'string', value: 'n', description: 'model queries allowed per example', default: '1000' },
  seed: COMMON.seed,
  vectors: { type: 'string', value: 'glove|victim|file', description: "textfooler's word vectors: counter-fitted GloVe, the model's own input embeddings, or a GloVe/word2vec text file", default: 'glove' },
  encoder: { type: 'string', value: 'model', description: "the pretrained model the fine-tune came from (or any encoder): the screen scores each success's BERTScore with its hidden states; without it the screen is lexical only" },
  'number-sensitive': { type: 'boolean', description: 'the task judges grammatical number or form (agreement, acceptability): a typo that gives another inflection of the word (windows → window) is not offered' },
  json: { type: 'boolean', description: 'print the result and every adversarial example as JSON' },
  precision: COMMON.precision,
  device: COMMON.device,
  threads: COMMON.threads,
  'no-cache': COMMON.noCache,
} satisfies Record<string, OptionSpec>;

export const attack: Command & { options: typeof options } = {
  name: 'attack',
  summary: 'Attack a fine-tuned classifier with a search recipe (textfooler, deepwordbug, pwws) under a query budget',
  usage,
  options,
  examples: [
    'sesame attack --model fixtures/models/tiny-bert-sentiment --recipe textfooler --data fixtures/data/sentiment-attack.jsonl --budget 200',
  ],
  notes: [{ title: 'Data format (--data)', lines: ['JSONL, one example per line: {"text": "a fine film", "label": "positive"}; label is one of the model\'s labels or its index,', 'and may be left out (the model\'s own prediction is then the reference). A plain text file is one sentence per line.'] }],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(attack, argv);
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${usage}`);
    for (const flag of ['model', 'recipe', 'data'] as const) {
      if (!values[flag]) throw new UsageError(`--${flag} is required. Usage: ${usage}`);
    }
    const threads = threadsFlag(values.threads);
    const noCache = values['no-cache'] === true;
    const recipe = getRecipe(values.recipe!, { vectors: values.vectors, cacheDir: noCache ? false : undefined, numberSensitive: values['number-sensitive'] === true });
    const budget = numberFlag('budget', values.budget, 1000, 1);
    const seed = numberFlag('seed', values.seed, 0, 0, 2 ** 32 - 1);
    const precision = precisionFlag(values.precision);

    const loadOptions = { precision, device: deviceFlag(values.device), ...(threads !== undefined ? { threads } : {}), ...(noCache ? { cacheDir: false as const } : {}) };
    const model = await loadModel(values.model!, loadOptions);
    let encoder: SesameModel | undefined;
    try {
      if (!model.info.labels) throw new UsageError(`model ${values.model} has no classification labels (id2label): attacks need a fine-tuned classifier`);
      const examples = readAttackData(values.data!, model.info.labels);
      if (values.encoder !== undefined) {
        if (values.encoder === '') throw new UsageError('--encoder needs a model directory or hub id: the pretrained model whose hidden states BERTScore uses');
        encoder = await loadModel(values.encoder, loadOptions);
      }
      const screen = defaultScreen({ cacheDir: noCache ? false : undefined, ...(encoder ? { extra: [bertScore({ encoder })] } : {}) });
      const run = await runAttack(model, recipe, examples, { budget: Math.floor(budget), seed: Math.floor(seed), dataset: values.data, screen });
      process.stdout.write(values.json ? `${JSON.stringify(jsonView(run, values.data!), null, 2)}\n` : textView(run, values.data!));
    } finally {
      await model.dispose();
      await encoder?.dispose();
    }
    return 0;
  },
};

/**
 * The `--json` shape: TextAttack's columns, counts, and every successful adversarial example. Over data without gold
 * labels the accuracy columns are replaced by `predictionsKeptUnderAttack`: the model's own predictions are no gold.
 */
export function jsonView(run: AttackRun, data: string) {
  const { successes, examples, originalAccuracy, accuracyUnderAttack, ...columns } = run.result;
  const count = (status: string) => run.outcomes.filter((o) => o.status === status).length;
  const measured = run.result.labelSource === 'model prediction' ? { predictionsKeptUnderAttack: accuracyUnderAttack } : { originalAccuracy, accuracyUnderAttack };
  return {
    ...columns,
    ...measured,
    data,
    total: examples,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    unverified: run.unverified,
    modelQueries: run.modelQueries,
    durationMs: run.durationMs,
    examples: successes,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Marks changed words: `the [[film->flick]] was good`. */
export function markedDiff(example: AdversarialExample): string {
  const words = example.original.split(/\s+/).filter(Boolean);
  const byIndex = new Map(example.edits.filter((e) => e.from !== '').map((e) => [e.index, e.to]));
  return words.map((w, i) => (byIndex.has(i) ? `[[${w}->${byIndex.get(i) || '∅'}]]` : w)).join(' ');
}

export function textView(run: AttackRun, data: string): string {
  const r = run.result;
  const count = (status: string) => run.outcomes.filter((o) => o.status === status).length;
  const byModel = r.labelSource === 'model prediction';
  const rows: Array<[string, string]> = [
    ['Label source', byModel ? 'model prediction (the data has no gold labels)' : 'gold labels'],
    ['Number of successful attacks', String(count('succeeded'))],
    ['Number of failed attacks', String(count('failed'))],
    ['Number of skipped attacks', String(count('skipped'))],
    ...(byModel
      ? ([['Predictions kept under attack', pct(r.accuracyUnderAttack)]] as Array<[string, string]>)
      : ([['Original accuracy', pct(r.originalAccuracy)], ['Accuracy under attack', pct(r.accuracyUnderAttack)]] as Array<[string, string]>)),
    ['Attack success rate', pct(r.successRate)],
    ...(r.screenedSuccessRate !== undefined ? [['Screened success rate', pct(r.screenedSuccessRate)] as [string, string]] : []),
    ['Average perturbed word %', `${r.avgPerturbedWordsPct.toFixed(2)}%`],
    ['Average num. queries', r.avgQueries.toFixed(1)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    `${r.recipe} on ${r.model} — ${data}, ${r.examples} examples, budget ${r.budget} queries, seed ${r.seed}`,
    '',
    ...rows.map(([k, v]) => `  ${`${k}:`.padEnd(width + 1)}  ${v}`),
  ];
  if (run.unverified > 0) lines.push('', `  ${run.unverified} candidate(s) dropped: re-predicted alone they did not keep the new label`);
  if (r.successes.length > 0) {
    lines.push('', 'Successful adversarial examples:');
    for (const ex of r.successes) {
      lines.push(`  ${ex.originalLabel} (${ex.originalScore.toFixed(3)}) -> ${ex.newLabel} (${ex.originalLabel} ${ex.newScore.toFixed(3)}), ${ex.queries} queries`);
      lines.push(`    ${markedDiff(ex)}`);
      if (ex.screen) lines.push(`    screen: ${ex.screen.valid ? 'valid' : 'INVALID'} — ${ex.screen.reasons.join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
