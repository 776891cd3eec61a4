import { activeProgress } from '../progress.js';
import { UsageError } from '../errors.js';
import type { SesameModel } from '../models/types.js';
import type { AdversarialExample, AttackResult } from '../report/types.js';
import { tagTokens } from '../../attacks/internal/pos.js';
import { parseSentence } from '../../attacks/internal/words.js';
import { PredictionBatcher } from './batcher.js';
import { greedySearch } from './greedy-search.js';
import { labelSourceOf } from './label-source.js';
import { QueryOracle } from './oracle.js';
import { exampleSeed, seededRandom } from './random.js';
import type { Recipe } from './types.js';
import { defaultScreen } from '../screen/default-screen.js';
import { screenPairs } from '../screen/screen.js';
import type { Constraint } from '../screen/types.js';

/** One input: its text and, optionally, the reference label index (else the model's own prediction is the reference). */
export interface AttackExample {
  text: string;
  label?: number;
}

export interface AttackOptions {
  /** Model queries allowed per example. Default 1000. */
  budget?: number;
  seed?: number;
  /** Examples attacked at once; their queries share batches. Default 64. */
  concurrency?: number;
  /** Name of the data set, for reports. */
  dataset?: string;
  /**
   * Constraints every reported success is screened with afterwards (its scores and a valid/invalid verdict are
   * recorded; nothing is dropped). Default `defaultScreen()`; `false` records no screen.
   */
  screen?: readonly Constraint[] | false;
  /** The run's cache root, handed to the recipe's `prepare` (textfooler keeps its converted vectors there); false: none. */
  cacheDir?: string | false;
}

export type ExampleOutcome =
  | { status: 'skipped'; text: string; reference: string; predicted: string; queries: number }
  | { status: 'failed'; text: string; reference: string; queries: number }
  | { status: 'succeeded'; example: AdversarialExample; perturbedWordsPct: number };

export interface AttackRun {
  result: AttackResult;
  outcomes: ExampleOutcome[];
  /** Successful examples dropped because re-predicting their perturbed text alone did not give the new label. */
  unverified: number;
  /** Sentences sent to the model during the attack (all examples), and how long the attack took. */
  modelQueries: number;
  durationMs: number;
}

async function attackOne(recipe: Recipe, model: SesameModel, batcher: PredictionBatcher, example: AttackExample, index: number, budget: number, seed: number): Promise<ExampleOutcome> {
  const labels = model.info.labels!;
  const oracle = new QueryOracle(batcher, budget);
  const [start] = await oracle.predict([example.text]);
  const reference = example.label ?? start!.labelIndex;
  if (start!.labelIndex !== reference) {
    return { status: 'skipped', text: example.text, reference: labels[reference], predicted: start!.label, queries: oracle.queries };
  }
  const original = parseSentence(example.text);
  const context = { model, original, tags: tagTokens(original), random: seededRandom(exampleSeed(seed, index)) };
  const outcome = await greedySearch(recipe, context, oracle, reference, start!);
  if (!outcome.succeeded) return { status: 'failed', text: example.text, reference: labels[reference], queries: oracle.queries };
  const edits = outcome.sentence.edits();
  return {
    status: 'succeeded',
    perturbedWordsPct: (100 * edits.length) / Math.max(1, original.tokens.length),
    example: {
      original: example.text,
      perturbed: outcome.sentence.text(),
      edits,
      originalLabel: labels[reference],
      newLabel: outcome.prediction.label,
      originalScore: start!.scores[reference],
      newScore: outcome.prediction.scores[reference],
      queries: oracle.queries,
    },
  };
}

/**
 * Attacks each example with a recipe under a per-example query budget and reports TextAttack's columns. Every
 * reported adversarial example is re-predicted before it is reported: it must really produce its new label.
 */
export async function runAttack(model: SesameModel, recipe: Recipe, examples: AttackExample[], options: AttackOptions = {}): Promise<AttackRun> {
  const labels = model.info.labels;
  if (!labels) throw new UsageError(`model ${model.info.id} has no classification labels: attacks need a classifier`);
  const labelSource = labelSourceOf(examples, (i) => `example ${i + 1} (${JSON.stringify(examples[i].text)})`);
  const budget = options.budget ?? 1000;
  const seed = options.seed ?? 0;
  const started = Date.now();
  await recipe.prepare?.(model, examples.map((e) => e.text), { cacheDir: options.cacheDir });
  const batcher = new PredictionBatcher(model);
  const outcomes: ExampleOutcome[] = new Array(examples.length);
  let next = 0;
  const step = activeProgress().step(`attacking ${model.info.id} with ${recipe.name}`, examples.length, 'examples');
  const worker = async () => {
    while (next < examples.length) {
      const i = next++;
      outcomes[i] = await attackOne(recipe, model, batcher, examples[i], i, budget, seed);
      step.advance();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 64, examples.length) }, worker));
  } finally {
    step.end();
  }
  const modelQueries = batcher.forwarded;

  // Verify: each perturbed text, predicted again, must give the reported label.
  const claimed = outcomes.flatMap((o, i) => (o.status === 'succeeded' ? [i] : []));
  const recheck = claimed.length > 0 ? await model.predict(claimed.map((i) => (outcomes[i] as Extract<ExampleOutcome, { status: 'succeeded' }>).example.perturbed)) : [];
  let unverified = 0;
  claimed.forEach((i, k) => {
    const o = outcomes[i] as Extract<ExampleOutcome, { status: 'succeeded' }>;
    if (recheck[k].label !== o.example.newLabel) {
      unverified++;
      outcomes[i] = { status: 'failed', text: o.example.original, reference: o.example.originalLabel, queries: o.example.queries };
    }
  });
  const screen = options.screen === false ? undefined : (options.screen ?? defaultScreen());
  if (screen) await screenSuccesses(outcomes, screen);
  return { result: { ...summarise(recipe, model, outcomes, budget, seed, screen), labelSource }, outcomes, unverified, modelQueries, durationMs: Date.now() - started };
}

/** Records every constraint's score and the screen's verdict on each success (in place). */
async function screenSuccesses(outcomes: ExampleOutcome[], screen: readonly Constraint[]): Promise<void> {
  const examples = outcomes.flatMap((o) => (o.status === 'succeeded' ? [o.example] : []));
  const results = await screenPairs(examples, screen);
  examples.forEach((example, i) => Object.assign(example, results[i]));
}

function summarise(recipe: Recipe, model: SesameModel, outcomes: ExampleOutcome[], budget: number, seed: number, screen?: readonly Constraint[]): AttackResult {
  const total = outcomes.length;
  const succeeded = outcomes.filter((o) => o.status === 'succeeded') as Array<Extract<ExampleOutcome, { status: 'succeeded' }>>;
  const failed = outcomes.filter((o) => o.status === 'failed') as Array<Extract<ExampleOutcome, { status: 'failed' }>>;
  const attacked = succeeded.length + failed.length;
  const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return {
    recipe: recipe.name,
    model: model.info.id,
    examples: total,
    originalAccuracy: total > 0 ? attacked / total : 0,
    accuracyUnderAttack: total > 0 ? failed.length / total : 0,
    successRate: attacked > 0 ? succeeded.length / attacked : 0,
    ...(screen
      ? {
          screenedSuccessRate: attacked > 0 ? succeeded.filter((s) => s.example.screen?.valid).length / attacked : 0,
          screenedBy: screen.map((c) => `${c.name}: ${c.description}`),
        }
      : {}),
    avgPerturbedWordsPct: mean(succeeded.map((s) => s.perturbedWordsPct)),
    avgQueries: mean([...succeeded.map((s) => s.example.queries), ...failed.map((f) => f.queries)]),
    budget,
    seed,
    successes: succeeded.map((s) => s.example),
  };
}
