import fc from 'fast-check';
import type { Prediction, SesameModel } from '../models/types.js';
import { UsageError } from '../errors.js';
import type { Counterexample, PredictionView, RobustnessResult } from '../report/types.js';
import { clusteredFailureInterval } from './cluster-interval.js';
import { wilsonInterval } from '../stats/wilson.js';

/** How one generated case came out. A skipped case (the perturbation could not act) is never a pass. */
export type Verdict<T> = { status: 'pass' | 'skip' } | { status: 'fail'; counterexample: (seed: number, path: string) => Counterexample; case: T };

/** Options every property type shares. */
export interface PropertyOptions {
  model: SesameModel;
  /** Name of the test, as reports show it. */
  name?: string;
  /** Cases drawn from an arbitrary. Default 100. A finite list of cases is judged whole, once per case, instead. */
  numRuns?: number;
  /** fast-check seed: the same seed draws the same cases. Default 42. */
  seed?: number;
  /** Failures to shrink and report (distinct shrunk cases are kept once). Default 10. */
  maxCounterexamples?: number;
  /** Receives every judged case with its outcome (for per-case records and baselines), once, after judging. */
  onJudged?: (cases: JudgedInput[]) => void;
}

/** One judged case: the source sentence, the text the model judged, the expected label (MFT), and the outcome. */
export interface JudgedInput {
  original: string;
  perturbed: string;
  expected?: string;
  outcome: 'pass' | 'fail' | 'skip';
}


export function predictionView(model: SesameModel, prediction: Prediction): PredictionView {
  const labels = model.info.labels ?? prediction.scores.map((_, i) => String(i));
  return { label: prediction.label, scores: Object.fromEntries(labels.map((l, i) => [l, prediction.scores[i]])) };
}

/** Predicts every distinct text once, in one batched call, and returns a lookup. */
export async function predictAll(model: SesameModel, texts: string[]): Promise<Map<string, Prediction>> {
  const distinct = [...new Set(texts)];
  const predictions = distinct.length > 0 ? await model.predict(distinct) : [];
  return new Map(distinct.map((t, i) => [t, predictions[i]]));
}

/**
 * Cases a property is judged on: an arbitrary is sampled (`numRuns` draws, replayable by seed and path); a finite
 * list is judged case by case, each exactly once.
 */
export type CaseSource<T> = readonly T[] | fc.Arbitrary<T>;

export function isCaseList<T>(source: CaseSource<T>): source is readonly T[] {
  return !(source instanceof fc.Arbitrary);
}

interface EngineInput<T> extends PropertyOptions {
  type: RobustnessResult['type'];
  perturbation: string;
  cases: CaseSource<T>;
  /** Judges a batch of cases with as few model calls as possible. */
  judge: (cases: T[]) => Promise<Array<Verdict<T>>>;
  /**
   * The source sentence of a case, when several cases come from one sentence (INV, DIR): the interval is then
   * clustered by it and the result counts distinct sentences.
   */
  clusterOf?: (c: T) => string;
  /** A case's input in words: source sentence, judged text, expected label. */
  identify: (c: T) => Omit<JudgedInput, 'outcome'>;
}

/**
 * Runs a property. Over an arbitrary: draws `numRuns` cases with fast-check (case i is exactly what `fc.check`
 * replays with path "i"), judges them in one batch, and shrinks the first failures through `fc.check` so each
 * counterexample comes with the seed and path that regenerate it. Over a finite list: judges every case once
 * (`runs` is the list's length, `numRuns` does not apply); a counterexample's path is its index in the list.
 */
export async function runProperty<T>(input: EngineInput<T>): Promise<RobustnessResult> {
  const seed = input.seed ?? 42;
  const source = input.cases;
  const list = isCaseList(source);
  if (list && source.length === 0) throw new UsageError(`${input.type} ${input.perturbation}: the list of cases is empty; give at least one case`);
  const cases = list ? [...source] : fc.sample(source, { seed, numRuns: input.numRuns ?? 100 });
  const verdicts = await input.judge(cases);
  input.onJudged?.(cases.map((c, i) => ({ ...input.identify(c), outcome: verdicts[i].status })));
  const failing = verdicts.map((v, i) => [v, i] as const).filter(([v]) => v.status === 'fail');
  const skipped = verdicts.filter((v) => v.status === 'skip').length;
  const applicable = cases.length - skipped;
  const judged = verdicts.flatMap((v, i) => (v.status === 'skip' ? [] : [i]));
  const clusters = input.clusterOf ? judged.map((i) => input.clusterOf!(cases[i])) : undefined;
  const interval = clusters
    ? clusteredFailureInterval(judged.map((i) => verdicts[i].status === 'fail'), clusters)
    : { ci95: wilsonInterval(failing.length, applicable), method: 'wilson' as const, designEffect: 1, effectiveN: applicable, clusters: applicable };

  const counterexamples: Counterexample[] = [];
  const seen = new Set<string>();
  for (const [verdict, index] of failing.slice(0, input.maxCounterexamples ?? 10)) {
    if (verdict.status !== 'fail') continue;
    // A listed case is already minimal: there is nothing to shrink it toward.
    const shrunk = list ? verdict.counterexample(seed, String(index)) : await shrink({ ...input, arbitrary: source }, seed, cases.length, index, verdict);
    // Several failures often shrink to the same minimal case: report it once (with the first path that reaches it).
    const key = `${shrunk.original}\u0000${shrunk.perturbed}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counterexamples.push(shrunk);
  }
  return {
    name: input.name ?? `${input.type} ${input.perturbation}`,
    type: input.type,
    perturbation: input.perturbation,
    model: input.model.info.id,
    runs: cases.length,
    failures: failing.length,
    skipped,
    failureRate: applicable > 0 ? failing.length / applicable : 0,
    ci95: interval.ci95,
    ...(clusters ? { sentences: interval.clusters } : {}),
    interval: { method: interval.method, designEffect: interval.designEffect, effectiveN: interval.effectiveN },
    seed,
    counterexamples,
  };
}

async function shrink<T>(input: Pick<EngineInput<T>, 'judge'> & { arbitrary: fc.Arbitrary<T> }, seed: number, numRuns: number, index: number, verdict: Extract<Verdict<T>, { status: 'fail' }>): Promise<Counterexample> {
  let last: Extract<Verdict<T>, { status: 'fail' }> = verdict;
  const property = fc.asyncProperty(input.arbitrary, async (c) => {
    const [v] = await input.judge([c]);
    if (v.status === 'fail') last = v;
    return v.status !== 'fail';
  });
  const result = await fc.check(property, { seed, numRuns, path: String(index) });
  // A model is deterministic, so replaying case `index` fails again; if it somehow does not, report it unshrunk.
  const path = result.failed && result.counterexamplePath ? result.counterexamplePath : String(index);
  if (result.failed && result.counterexample) {
    const [v] = await input.judge([result.counterexample[0]]);
    if (v.status === 'fail') last = v;
  }
  return last.counterexample(seed, path);
}

/**
 * The case a counterexample's seed and path point to, regenerated by fast-check without running any model:
 * `replay(arbitrary, {seed, path})` gives back exactly the shrunk input a report shows. For a list of cases the
 * path is the case's index.
 */
export function replay<T>(cases: CaseSource<T>, at: { seed: number; path: string }): T {
  if (isCaseList(cases)) {
    const index = Number(at.path);
    if (!Number.isInteger(index) || index < 0 || index >= cases.length) throw new RangeError(`path ${at.path} is not an index into these ${cases.length} cases`);
    return cases[index];
  }
  const arbitrary = cases;
  let value: T | undefined;
  const numRuns = Number(at.path.split(':')[0]) + 1;
  fc.check(
    fc.property(arbitrary, (v) => {
      value = v;
      return false;
    }),
    { seed: at.seed, path: at.path, numRuns, endOnFailure: true },
  );
  if (value === undefined) throw new Error(`nothing to replay at seed ${at.seed}, path ${at.path}`);
  return value;
}
