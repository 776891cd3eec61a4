import type { Device, SesameModel, Precision } from '../models/types.js';
import type { AttackResult, AttentionResult, CaseRecords, EarlierCase, ProbeResult, RobustnessResult, TestResult } from '../report/types.js';

/** Which direction is better for a metric, and how far it may move the wrong way before it counts as a regression. */
export interface MetricSpec {
  better: 'higher' | 'lower';
  tolerance: number;
}

/** A model reference as written in suites, config files and flags: a local directory or a hub id. */
export interface ModelPair {
  pretrained?: string;
  finetuned?: string;
}

/** The payload a capability check attaches to its test; it lands in the report's matching array. */
export type CapabilityResult =
  | { kind: 'robustness'; value: RobustnessResult }
  | { kind: 'attack'; value: AttackResult }
  | { kind: 'probe'; value: ProbeResult }
  | { kind: 'attention'; value: AttentionResult };

/** What a test produces: a verdict, a sentence saying why, and the numbers it measured. */
export interface Outcome {
  pass: boolean;
  reason: string;
  /** 0..1 where it makes sense. */
  score?: number;
  metrics?: Record<string, number>;
  metricSpecs?: Record<string, MetricSpec>;
  result?: CapabilityResult;
  /** Seed and fast-check path of the first failing case, for `--replay`. */
  replay?: { seed: number; path?: string };
  /** Extra lines shown under a failure (counterexamples, diffs). */
  details?: string[];
  /** Each judged case and its outcome (`buildCaseRecords`), so a baseline comparison can be paired case by case. */
  cases?: CaseRecords;
  /** The inputs this run failed on, kept with the baseline and judged again on later models. */
  failing?: EarlierCase[];
}

/** Passed to every test: the models of its block (loaded once per run), its seed and run settings. */
export interface TestContext {
  /** The pretrained model of this block; throws a usage error if the block has none. */
  pretrained(): Promise<SesameModel>;
  /** The fine-tuned model of this block; throws a usage error if the block has none. */
  finetuned(): Promise<SesameModel>;
  /** Any other model, loaded once per run. */
  model(idOrPath: string): Promise<SesameModel>;
  /** This test's seed: derived from the run seed and the test id, so it does not depend on order, grep or shard. */
  seed: number;
  /** The run's seed (`--seed`), for work several tests share. */
  runSeed: number;
  /**
   * Computes `make()` once per run for `key` and shares the promise: e.g. one probe sweep or one
   * attention comparison judged by several tests. Keys should name the models and the data.
   */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** The fast-check path to replay (from `--replay`), when replaying this test. */
  replayPath?: string;
  /** Default number of generated cases for property checks (config `numRuns`). */
  numRuns: number;
  /** Threshold overrides from the config for this test (by option name). */
  thresholds: Record<string, number>;
  /** Absolute repository root / working directory the run started in. */
  cwd: string;
  /** Where this run caches computed results (model outputs, trained probes); false when caching is off. */
  cacheDir: string | false;
  /** Report progress of a long step; drawn as a bar on a terminal, ignored otherwise. */
  progress(done: number, total: number): void;
  /** Skip this test with a reason (e.g. data that is not on this machine). */
  skip(reason: string): never;
}

/** A capability check: the thing `it` runs. Checks are built by factories (invariantUnder, probeRetention …). */
export interface Check {
  kind: TestResult['kind'];
  /** What the check asserts, used in listings. */
  description: string;
  run(ctx: TestContext): Promise<Outcome>;
  /**
   * Judges earlier failures (from the baseline or pinned) again on this run's model with the same property;
   * true where a case still fails.
   */
  recheck?(ctx: TestContext, cases: readonly EarlierCase[]): Promise<boolean[]>;
}

/** A plain test body: return an Outcome, or return nothing and throw to fail (like mocha). */
export type TestBody = (ctx: TestContext) => Promise<Outcome | void> | Outcome | void;

export interface BlockOptions {
  /** The model pair for the tests in this block (CLI flags override it). */
  models?: ModelPair;
  /** Per-metric tolerances for the baseline comparison, by metric name. */
  tolerances?: Record<string, number>;
}

export interface SuiteOptions extends BlockOptions {
  /** Bumped when the suite's tests change meaning; a baseline made with another version is refused. */
  version?: string | number;
}

export interface TestOptions {
  tolerances?: Record<string, number>;
  /** Test timeout in ms (default none: model work is long). */
  timeoutMs?: number;
}

export type Mark = 'skip' | 'only' | undefined;

export interface TestNode {
  type: 'test';
  title: string;
  body: Check | TestBody;
  options: TestOptions;
  mark: Mark;
  parent: BlockNode;
}

export interface BlockNode {
  type: 'block';
  title: string;
  options: SuiteOptions;
  mark: Mark;
  parent?: BlockNode;
  children: Array<BlockNode | TestNode>;
  /** Set on the root of each file. */
  file?: string;
}

/** One test ready to run: its node, full title path and inherited settings. */
export interface PlannedTest {
  id: string;
  titlePath: string[];
  file: string;
  node: TestNode;
  models: ModelPair;
  suiteVersion: string;
  tolerances: Record<string, number>;
  skipReason?: string;
}

export interface RunnerConfig {
  models: ModelPair;
  precision?: Precision;
  /** Where forward passes run (sesame.config.json "device", --device). Default cpu. */
  device?: Device;
  /**
   * CPU threads per forward pass of each model (sesame.config.json "threads", --threads; 0 = onnxruntime's default).
   * Default: one per physical core, shared among the run's worker threads.
   */
  threads?: number;
  seed: number;
  numRuns: number;
  /** Files or folders searched for `*.suite.ts` when none are given. */
  suites: string[];
  report?: string;
  baseline?: string;
  tolerances: Record<string, number>;
  /** Threshold overrides by test id (exact) → option name → value. */
  thresholds: Record<string, Record<string, number>>;
  cacheDir?: string | false;
  /** Pin earlier counterexamples the model now gets right (`--pin`). */
  pin?: boolean;
}
