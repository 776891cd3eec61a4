import type fc from 'fast-check';
import type { Perturbation, PerturbationResult } from '../../../attacks/perturbation.js';
import { assertDirectional } from '../../assertions/directional.js';
import { assertInvariance } from '../../assertions/invariance.js';
import { assertMft } from '../../assertions/mft.js';
import type { AssertionOutcome } from '../../assertions/types.js';
import { requireFraction } from '../../assertions/thresholds.js';
import type { Prediction, SesameModel } from '../../models/types.js';
import { directional as runDirectional, invariance as runInvariance, minimumFunctionality, replay, type CaseSource } from '../../properties/index.js';
import { casesOf } from '../../properties/perturbation-cases.js';
import { dirLabelIndex } from '../../properties/directional.js';
import { requireGoldLabel } from '../../properties/minimum-functionality.js';
import { predictAll } from '../../properties/engine.js';
import type { LabelledCase } from '../../properties/template.js';
import type { SentenceSource } from '../../properties/sentences.js';
import type { JudgedInput } from '../../properties/engine.js';
import type { Counterexample, EarlierCase, PredictionView, RobustnessResult } from '../../report/types.js';
import { buildCaseRecords, failingCases } from '../case-records.js';
import type { Check, Outcome, TestContext } from '../types.js';
import { blockScreen } from './screen.js';
import { withOverrides } from './thresholds.js';

interface PropertyCheckOptions {
  /** Required share of judged inputs that keep the property, in [0, 1]. */
  minPassRate: number;
  /** Generated cases. Default: the config's numRuns (100). */
  numRuns?: number;
  /** Which model of the block is tested. Default `finetuned`. */
  model?: 'pretrained' | 'finetuned';
  /** Counterexamples to shrink and show. Default 3. */
  maxCounterexamples?: number;
  /** Name in the report. */
  name?: string;
}

export interface InvariantUnderOptions extends PropertyCheckOptions {
  /** A finite list (each sentence judged with `perSentence` distinct perturbations) or an arbitrary of sentences. */
  sentences: SentenceSource;
  /** Distinct perturbations per sentence of a list. Default ⌈numRuns / sentences⌉. */
  perSentence?: number;
  /** Work a perturbation needs before drawing (e.g. `prepareSynonyms` reads WordNet). */
  prepare?: (sentences: string[]) => Promise<void>;
}

export interface DirectionalCheckOptions extends InvariantUnderOptions {
  label: string;
  direction: 'increase' | 'decrease';
  /** How far the label's probability must move (see the properties module); default 0. */
  threshold?: number;
}

export interface MftCheckOptions extends PropertyCheckOptions {
  /** What the cases test, e.g. "negated positives". */
  capability?: string;
}

const view = (p: PredictionView) => `${p.label} (${(p.scores[p.label] ?? 0).toFixed(2)})`;

/** One line per counterexample: the minimal input, both predictions, and its seed and path. */
export function counterexampleLines(result: RobustnessResult): string[] {
  return result.counterexamples.map((c: Counterexample) => {
    if (result.type === 'MFT') return `"${c.original}": got ${view(c.perturbedPrediction)}${c.expected ? `, expected ${c.expected}` : ''} [seed ${c.seed}, path ${c.path}]`;
    return `"${c.original}" → "${c.perturbed}": ${view(c.originalPrediction)} → ${view(c.perturbedPrediction)} [seed ${c.seed}, path ${c.path}]`;
  });
}

/** Collects the cases a property judged, for the outcome's per-case records. */
function caseCollector() {
  let judged: JudgedInput[] = [];
  return { onJudged: (cases: JudgedInput[]) => (judged = cases), get: () => judged };
}

/** The verdict with its result; the result carries the allowed failure rate so reports can draw it. */
function toOutcome(judged: AssertionOutcome, result: RobustnessResult, thresholds: { minPassRate: number }, cases: JudgedInput[] = []): Outcome {
  const first = result.counterexamples[0];
  // passRate is the share of judged cases that pass: exactly what the records' outcomes make up.
  const records = cases.length && judged.metrics && 'passRate' in judged.metrics ? { cases: buildCaseRecords(cases, { passRate: 'pass/judged' }), failing: failingCases(cases) } : {};
  return {
    ...judged,
    ...records,
    result: { kind: 'robustness', value: { ...result, maxFailureRate: Math.max(0, Math.min(1, 1 - thresholds.minPassRate)) } },
    ...(first ? { replay: { seed: first.seed, path: first.path } } : {}),
    ...(judged.pass ? {} : { details: counterexampleLines(result) }),
  };
}

function modelOf(ctx: TestContext, role: PropertyCheckOptions['model']): Promise<SesameModel> {
  return role === 'pretrained' ? ctx.pretrained() : ctx.finetuned();
}

/** Predicts each distinct text once and tells, per earlier case, whether it still fails. */
async function recheckWith(model: SesameModel, cases: readonly EarlierCase[], fails: (original: Prediction, perturbed: Prediction, c: EarlierCase) => boolean): Promise<boolean[]> {
  const predictions = await predictAll(model, cases.flatMap((c) => [c.original, c.perturbed]));
  return cases.map((c) => fails(predictions.get(c.original)!, predictions.get(c.perturbed)!, c));
}

async function prepared(options: InvariantUnderOptions): Promise<void> {
  if (options.prepare && Array.isArray(options.sentences)) await options.prepare(options.sentences as string[]);
}

/** The cases a check judges: rebuilt from the same options and seed, they are the same (so `--replay` finds its case). */
function checkCases(perturb: Perturbation, options: InvariantUnderOptions, ctx: TestContext): CaseSource<PerturbationResult> {
  return casesOf({ sentences: options.sentences, perturb, perSentence: options.perSentence, numRuns: options.numRuns ?? ctx.numRuns, seed: ctx.seed });
}

/** `--replay seed:path`: regenerates the one case a failure printed and judges it again. */
async function replayPerturbed(model: SesameModel, cases: CaseSource<PerturbationResult>, ctx: TestContext, fails: (a: number[], b: number[], la: number, lb: number) => boolean): Promise<Outcome> {
  const c = replay(cases, { seed: ctx.seed, path: ctx.replayPath! });
  if (!c.applicable) return { pass: true, reason: `replayed seed ${ctx.seed} path ${ctx.replayPath}: the perturbation could not act on "${c.original}" (skipped)` };
  const [before, after] = await model.predict([c.original, c.text]);
  const failed = fails(before.scores, after.scores, before.labelIndex, after.labelIndex);
  return {
    pass: !failed,
    reason: `replayed seed ${ctx.seed} path ${ctx.replayPath}: "${c.original}" → "${c.text}": ${before.label} (${before.scores[before.labelIndex].toFixed(2)}) → ${after.label} (${after.scores[after.labelIndex].toFixed(2)})`,
  };
}

/** INV: the model's label must not change under `perturb` on at least `minPassRate` of the inputs. */
export function invariantUnder(perturb: Perturbation, options: InvariantUnderOptions): Check {
  requireFraction('minPassRate', options.minPassRate);
  return {
    kind: 'robustness',
    description: `label kept under the perturbation on ≥ ${options.minPassRate} of inputs`,
    async run(ctx) {
      const model = await modelOf(ctx, options.model);
      await prepared(options);
      const cases = checkCases(perturb, options, ctx);
      if (ctx.replayPath) return replayPerturbed(model, cases, ctx, (_a, _b, la, lb) => la !== lb);
      const collected = caseCollector();
      const result = await runInvariance({ model, cases, numRuns: options.numRuns ?? ctx.numRuns, seed: ctx.seed, maxCounterexamples: options.maxCounterexamples, name: options.name, onJudged: collected.onJudged, screen: await blockScreen(ctx) });
      const thresholds = withOverrides(options, ctx.thresholds, ['minPassRate']);
      return toOutcome(assertInvariance(result, thresholds), result, thresholds, collected.get());
    },
    async recheck(ctx, cases) {
      return recheckWith(await modelOf(ctx, options.model), cases, (a, b) => a.labelIndex !== b.labelIndex);
    },
  };
}

/** DIR: the probability of `label` must move in `direction` under `perturb` on at least `minPassRate` of the inputs. */
export function directionalUnder(perturb: Perturbation, options: DirectionalCheckOptions): Check {
  requireFraction('minPassRate', options.minPassRate);
  return {
    kind: 'robustness',
    description: `${options.label} ${options.direction}s under the perturbation on ≥ ${options.minPassRate} of inputs`,
    async run(ctx) {
      const model = await modelOf(ctx, options.model);
      await prepared(options);
      // A wrong label name is the error to report, before any sentence is perturbed.
      const index = dirLabelIndex(model, options.label);
      const cases = checkCases(perturb, options, ctx);
      if (ctx.replayPath) {
        const sign = options.direction === 'increase' ? 1 : -1;
        return replayPerturbed(model, cases, ctx, (a, b) => sign * (b[index] - a[index]) < (options.threshold ?? 0));
      }
      const collected = caseCollector();
      const result = await runDirectional({
        model, cases, label: options.label, direction: options.direction, threshold: options.threshold,
        numRuns: options.numRuns ?? ctx.numRuns, seed: ctx.seed, maxCounterexamples: options.maxCounterexamples, name: options.name, onJudged: collected.onJudged,
      });
      const thresholds = withOverrides(options, ctx.thresholds, ['minPassRate']);
      return toOutcome(assertDirectional(result, thresholds), result, thresholds, collected.get());
    },
    async recheck(ctx, cases) {
      const model = await modelOf(ctx, options.model);
      const index = (model.info.labels ?? []).indexOf(options.label);
      const sign = options.direction === 'increase' ? 1 : -1;
      return recheckWith(model, cases, (a, b) => sign * (b.scores[index] - a.scores[index]) < (options.threshold ?? 0));
    },
  };
}

/** MFT: labelled cases (a list, or templates as fast-check arbitraries) must get their expected label on at least `minPassRate`. */
export function expectLabels(cases: readonly LabelledCase[] | fc.Arbitrary<LabelledCase>, options: MftCheckOptions): Check {
  requireFraction('minPassRate', options.minPassRate);
  if (Array.isArray(cases)) cases.forEach((c: LabelledCase, i: number) => requireGoldLabel(c, `expectLabels case ${i + 1}`));
  return {
    kind: 'robustness',
    description: `expected labels on ≥ ${options.minPassRate} of ${options.capability ?? 'template'} cases`,
    async run(ctx) {
      const model = await modelOf(ctx, options.model);
      const collected = caseCollector();
      const result = await minimumFunctionality({
        model, cases, capability: options.capability, numRuns: options.numRuns ?? ctx.numRuns, seed: ctx.seed, maxCounterexamples: options.maxCounterexamples, name: options.name, onJudged: collected.onJudged,
      });
      const thresholds = withOverrides(options, ctx.thresholds, ['minPassRate']);
      return toOutcome(assertMft(result, thresholds), result, thresholds, collected.get());
    },
    async recheck(ctx, earlier) {
      return recheckWith(await modelOf(ctx, options.model), earlier, (_a, b, c) => b.label !== c.expected);
    },
  };
}
