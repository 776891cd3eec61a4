/**
 * The shape of `report.json`: everything one Sesame run measured. The runner writes it, the
 * HTML/Markdown renderers read it, `sesame compare` and baselines diff it. Generators, probes and
 * attention code return the `*Result` shapes below so they drop into a report unchanged.
 * A JSON Schema mirror lives in `src/report/report.schema.json` and is validated in tests.
 */

import type { ConstraintScore, ScreenVerdict } from '../screen/types.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ModelRef {
  id: string;
  contentHash: string;
  precision: 'fp32' | 'q8';
  architecture: string;
  layers: number;
  heads: number;
  labels: string[] | null;
}

/** A prediction as shown in a counterexample. */
export interface PredictionView {
  label: string;
  /** Probability per label name. */
  scores: Record<string, number>;
}

/** One changed word: index in the original whitespace words, and from/to text ('' for insertion/deletion). */
export interface WordEdit {
  index: number;
  from: string;
  to: string;
}

/** A minimal failing input, shrunk, with enough to replay it. */
export interface Counterexample {
  original: string;
  perturbed: string;
  edits: WordEdit[];
  originalPrediction: PredictionView;
  perturbedPrediction: PredictionView;
  /** MFT only: the label the case should have got. */
  expected?: string;
  /** fast-check seed and path that regenerate exactly this case. */
  seed: number;
  path: string;
  /** Each screen constraint's score on this case, by constraint name (absent when the run had no screen). */
  constraints?: Record<string, ConstraintScore>;
  /** Whether the screen believes the perturbation keeps meaning and label, and why. */
  screen?: ScreenVerdict;
}

/** A CheckList-style property test (MFT, INV or DIR) over one perturbation or template. */
export interface RobustnessResult {
  name: string;
  type: 'MFT' | 'INV' | 'DIR';
  perturbation: string;
  model: string;
  runs: number;
  failures: number;
  /** Inputs the perturbation could not touch: counted apart, never as passes. */
  skipped: number;
  failureRate: number;
  /** 95% interval of the failure rate: Wilson's, over the effective number of cases when clustered (see `interval`). */
  ci95: [number, number];
  /** INV/DIR: distinct source sentences among the judged cases (the cases are perturbations of them). */
  sentences?: number;
  /**
   * How `ci95` was computed. `clustered`: cases clustered by source sentence, the design effect (CR1 clustered variance
   * over p(1−p)/n, at least 1) shrinks n to `effectiveN`; with no failure or no pass, `effectiveN` is the number of
   * sentences. `wilson`: cases taken as independent. Absent in older reports (Wilson over the cases).
   */
  interval?: { method: 'wilson' | 'clustered'; designEffect: number; effectiveN: number };
  /** The highest failure rate the test allows (1 − its minPassRate, after config overrides); absent for results no test judged. */
  maxFailureRate?: number;
  seed: number;
  counterexamples: Counterexample[];
}

export interface AdversarialExample {
  original: string;
  perturbed: string;
  edits: WordEdit[];
  originalLabel: string;
  newLabel: string;
  /** Probability of `originalLabel` before the attack. */
  originalScore: number;
  /** Probability of `originalLabel` after the attack (so lower is a stronger flip). */
  newScore: number;
  queries: number;
  /** Each screen constraint's score on this example, by constraint name. */
  constraints?: Record<string, ConstraintScore>;
  /** Whether the screen believes the example keeps meaning and label, and why. */
  screen?: ScreenVerdict;
}

/** TextAttack's columns for one recipe on one model and data set. */
export interface AttackResult {
  recipe: string;
  model: string;
  examples: number;
  /**
   * Where the reference labels came from: the data's gold labels, or the model's own predictions (data without
   * labels). Absent in reports from before it was recorded.
   */
  labelSource?: 'gold' | 'model prediction';
  /** Share of examples whose reference label the model predicts; not an accuracy when `labelSource` is `model prediction` (then always 1). */
  originalAccuracy: number;
  /** Share of examples still on their reference label after the attack; with `model prediction` labels: the predictions kept under attack. */
  accuracyUnderAttack: number;
  successRate: number;
  /** Successes the screen judged valid, over attacked examples: the success rate a careful reviewer would accept. */
  screenedSuccessRate?: number;
  /** The screen's constraints, one line each (`name: description`). */
  screenedBy?: string[];
  avgPerturbedWordsPct: number;
  avgQueries: number;
  budget: number;
  seed: number;
  successes: AdversarialExample[];
}

/** A 95% interval, low to high. */
export type Interval = [number, number];

/** How one probe's fit ended (one per seed): enough to trust that an accuracy is the optimum of its objective. */
export interface ProbeFit {
  seed: number;
  /** L2 strength used; for the linear probe, chosen on the dev split. */
  l2: number;
  /** L-BFGS iterations (linear) or epochs (MLP). */
  iterations: number;
  /** Final training objective (mean cross-entropy + λ/2·‖W‖²). */
  objective: number;
  converged: boolean;
}

/** Accuracies are means over the run's seeds. */
export interface SplitAccuracy {
  test: number;
  gen?: number;
  /** Accuracy per generalization set when a task has several (e.g. compound, possessive); `gen` pools them. */
  genSets?: Record<string, number>;
  /** 95% interval over sentences. */
  testInterval?: Interval;
  genInterval?: Interval;
  /** Lowest and highest single-seed accuracy. */
  testSeedRange?: Interval;
  genSeedRange?: Interval;
  fits?: ProbeFit[];
}

/** One probing task run on both models, layer by layer (layer 0 = embedding output). */
/** Which two models a probe or attention result compares (ids as in `models`), when a run has several pairs. */
export interface ModelPairIds {
  pretrained: string;
  finetuned: string;
}

export interface ProbeResult {
  task: string;
  probe: 'linear' | 'mlp';
  /** The pair this result compares; renderers fall back to the report's models when absent. */
  models?: ModelPairIds;
  layers: Array<{
    layer: number;
    pretrained: SplitAccuracy;
    finetuned: SplitAccuracy;
    /** Control-task test accuracy (seed mean) and how each control probe's fit ended. */
    control?: { pretrained: number; finetuned: number; fits?: { pretrained: ProbeFit[]; finetuned: ProbeFit[] } };
    /**
     * fine-tuned − pretrained accuracy, paired over the same sentences: its 95% interval and the correlation of the two
     * models' per-sentence scores (what a retention check needs to build its own paired interval).
     */
    delta?: { test: number; gen?: number; testInterval?: Interval; genInterval?: Interval; testCorrelation?: number; genCorrelation?: number };
  }>;
  /** task accuracy − control accuracy per layer, where a control task was run. */
  selectivity?: { pretrained: number[]; finetuned: number[] };
  /** Optional 2-D projections of word vectors, per layer, for the clustering view. */
  projections?: Array<{ layer: number; model: 'pretrained' | 'finetuned'; points: Array<[number, number]>; labels: string[]; silhouette: number }>;
  seed: number;
  /** Data + probe seeds averaged (each carves its own dev split). */
  seeds?: number[];
  /** Accuracy of guessing: mean of 1/words per sentence (selection) or the majority class (labelling). */
  chance?: { test: number; gen?: number };
  /** How a word's sub-token vectors became one vector. */
  pooling?: 'first' | 'mean';
  sizes: { train: number; dev: number; test: number; gen?: number };
  /** Sentences left out, by reason (e.g. longer than the model accepts); never silently dropped. */
  skipped?: Record<string, number>;
}

/** One sentence's attention for the head view: tokens and `[layer][head][from][to]`. */
export interface AttentionSample {
  text: string;
  tokens: string[];
  pretrained: number[][][][];
  finetuned: number[][][][];
}

export interface AttentionResult {
  name: string;
  /** The pair this result compares; renderers fall back to the report's models when absent. */
  models?: ModelPairIds;
  /**
   * −log2 p(correct phrase) per layer, overall and per condition: the mean over the items the layer could score, null
   * where it scored none (every item had a candidate phrase outside the layer's attention window).
   */
  confusion?: {
    pretrained: Array<number | null>;
    finetuned: Array<number | null>;
    conditions?: Record<string, { pretrained: Array<number | null>; finetuned: Array<number | null> }>;
    /**
     * Per model and layer (index 0 = layer 1), items that layer could not score, by reason: a candidate phrase got exactly
     * zero attention (outside a sliding window, or right of the source under causal attention). Absent when every layer
     * scored every item.
     */
    unscored?: { pretrained: Array<Record<string, number>>; finetuned: Array<Record<string, number>> };
  };
  /** Jensen–Shannon divergence between the models' attention, `[layers][heads]`. */
  jsd: number[][];
  entropy: { pretrained: number[][]; finetuned: number[][] };
  /** Linear CKA between the models' word vectors per layer (layer 0 = embeddings). */
  cka: number[];
  sentences: number;
  /** Items or sentences left out, by reason (no distractor, longer than the model accepts …). */
  skipped?: Record<string, number>;
  samples: AttentionSample[];
}

export type TestStatus = 'passed' | 'failed' | 'skipped';

/** What a metric made of per-case outcomes counts: passes or failures, among judged cases or among all. */
export type CaseMetricKind = 'pass/judged' | 'fail/judged' | 'pass/all';

/**
 * Each judged case of a test, compactly, so a later run can be compared case by case. `ids` and
 * `clusters` are space-separated 10-hex SHA-256 prefixes of the case's input (original, perturbed text,
 * expected label) and of its cluster (the source sentence); `outcomes` has one character per case:
 * `1` pass, `0` fail, `-` not judged (the perturbation could not act, the model got an attacked example
 * wrong to begin with).
 */
export interface CaseRecords {
  ids: string;
  clusters: string;
  outcomes: string;
  /** The metrics these outcomes make up, and how. */
  metrics: Record<string, CaseMetricKind>;
}

/** An input a test failed on (a counterexample, a successful adversarial example), kept to judge again on later models. */
export interface EarlierCase {
  original: string;
  perturbed: string;
  /** The label the case should get (MFT) or the reference label an attack tried to flip. */
  expected?: string;
}

export interface TestResult {
  /** Full title path joined with ' › ': stable across runs, the key for baselines. */
  id: string;
  titlePath: string[];
  file: string;
  status: TestStatus;
  /** A sentence saying why it passed, failed or was skipped. */
  reason: string;
  /** 0..1 where it makes sense (pass rate, accuracy ratio …). */
  score?: number;
  durationMs: number;
  /** Named numbers this test measured; baselines compare these. */
  metrics: Record<string, number>;
  /** Which capability; the matching result sits in the report's arrays at `resultIndex`. */
  kind: 'robustness' | 'attack' | 'probe' | 'attention' | 'custom';
  resultIndex?: number;
  replay?: { seed: number; path?: string; command: string };
  /** Per metric: which direction is better and the tolerance a baseline comparison allows (set by the runner). */
  metricSpecs?: Record<string, { better: 'higher' | 'lower'; tolerance: number }>;
  /** Counterexamples and other lines shown under a failure, as plain text. */
  details?: string[];
  /** What the test measures (kind, perturbation or recipe, sizes): a baseline entry with another definition is not comparable. */
  definition?: string;
  /** The `version` of the suite the test belongs to (a changed version makes old results not comparable). */
  suiteVersion?: string;
  /** Each judged case and its outcome, for paired comparison with a baseline. */
  cases?: CaseRecords;
  /** The baseline's counterexamples judged again on this run's model. */
  earlier?: { cases: number; stillFailing: number };
  /** Pinned cases (`--pin`) judged on this run: any that fails again fails the test. */
  pinned?: { cases: number; failing: number };
}

export interface MetricDelta {
  test: string;
  metric: string;
  baseline: number;
  current: number;
  delta: number;
  tolerance: number;
  /** Which direction is better for this metric. */
  better: 'higher' | 'lower';
  verdict: 'improved' | 'regressed' | 'unchanged';
  /**
   * False for metrics shown for information only (e.g. an attack's avgQueries next to its per-case
   * success rate): they never regress. Absent means gating.
   */
  gating?: boolean;
  /** The statistical test behind the verdict, when both sides have per-case records. */
  significance?: Significance;
  /** Why a metric has no p-value, or anything else about how it was judged. */
  note?: string;
}

/**
 * A one-sided test of a metric's change: paired (McNemar's exact test on the discordant cases) when both
 * runs judged the same cases, else unpaired (difference over its CR1 cluster-robust standard error, Student t
 * with min(clusters) − 1 degrees of freedom). `pValue`/`adjustedPValue` are for the direction the metric moved;
 * adjusted by Holm over the run's gating metrics. Regressed iff adjustedPValue < alpha and the drop ≥ tolerance.
 */
export interface Significance {
  method: 'paired exact' | 'unpaired clustered';
  pValue: number;
  adjustedPValue: number;
  /** One-sided p-values that the metric got worse / better (unadjusted). */
  pWorse: number;
  pBetter: number;
  alpha: number;
  /** current − baseline, in the metric's units. */
  effect: number;
  ci95: [number, number];
  /** Cases behind the metric: baseline, current. */
  n: [number, number];
  /** Paired: cases that got worse and better. */
  discordant?: { worse: number; better: number };
  /** Unpaired: clusters (source sentences) on each side, and the t reference's degrees of freedom. */
  clusters?: [number, number];
  df?: number;
}

/** The baseline a run was compared with, and how the comparison came out. */
export interface BaselineComparison {
  file: string;
  deltas: MetricDelta[];
  /** One line naming the baseline, both fine-tunes and the outcome, as the console prints it. */
  line?: string;
  /** Fine-tuned models of the baseline and of this run (shown, never enforced). */
  finetuned?: { baseline?: { id: string; contentHash: string }; current?: { id: string; contentHash: string } };
  /** Baseline made at / with seed. */
  createdAt?: string;
  seed?: number;
  /** Tests whose baseline entry cannot be compared, and why. */
  notComparable?: Array<{ test: string; reason: string }>;
  /** Differences that change how the comparison is made (other seed → unpaired, other numRuns …). */
  warnings?: string[];
  /** The baseline's counterexamples judged again on this run's model, over all tests. */
  earlier?: { tests: number; cases: number; stillFailing: number };
}

export interface SesameReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  sesameVersion: string;
  createdAt: string;
  models: { pretrained?: ModelRef; finetuned?: ModelRef; others?: ModelRef[] };
  run: {
    command: string;
    seed: number;
    /** Generated cases per property test (config `numRuns`). */
    numRuns?: number;
    files: string[];
    grep?: string;
    shard?: { index: number; count: number };
    /** Shard runs: the id of every test the whole run selects (before sharding), in plan order; `sesame merge` needs it. */
    plan?: string[];
    /**
     * Shard runs: what `--update-baseline` would write for each test this shard ran (a baseline file's entries, by test
     * id), so `sesame merge --update-baseline` can write the whole run's baseline. Checked as a baseline file's on merge.
     */
    baselineEntries?: Record<string, object>;
    /**
     * Shard runs: per test id, the baseline's earlier counterexamples this shard's model now gets right (what `--pin`
     * would pin), so `sesame merge --pin` can pin them for the whole run.
     */
    fixedCases?: Record<string, EarlierCase[]>;
    durationMs: number;
    versions: Record<string, string>;
    timings: Array<{ step: string; ms: number }>;
  };
  summary: { passed: number; failed: number; skipped: number; regressions: number };
  tests: TestResult[];
  robustness: RobustnessResult[];
  attacks: AttackResult[];
  probes: ProbeResult[];
  attention: AttentionResult[];
  baseline?: BaselineComparison;
  /** Present when the run was stopped (SIGINT/SIGTERM) before every selected test ran: the report is partial. */
  interrupted?: { signal: string; notRun: string[] };
}

/** The counts and result lists of a report before any test has run (a run and a shard merge fill them in). */
export function emptyResults(): Pick<SesameReport, 'summary' | 'tests' | 'robustness' | 'attacks' | 'probes' | 'attention'> {
  return { summary: { passed: 0, failed: 0, skipped: 0, regressions: 0 }, tests: [], robustness: [], attacks: [], probes: [], attention: [] };
}
