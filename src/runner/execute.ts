/**
 * Runs planned tests in this thread: loads the models they declare (once), builds each test's
 * context, turns what the test returns or throws into a TestResult. Used by the main thread and by
 * each worker thread alike.
 */
import { SesameError, UsageError } from '../errors.js';
import { defaultCacheDir } from '../models/index.js';
import type { Precision } from '../models/types.js';
import type { EarlierCase, ModelRef, TestResult } from '../report/types.js';
import { DEFAULT_SPEC } from './deltas.js';
import { ModelPool } from './model-pool.js';
import { pairDifferences } from './pair-compatibility.js';
import { escapeGrep } from './plan.js';
import { testSeed } from './seed.js';
import type { CapabilityResult, Check, ModelPair, Outcome, PlannedTest, RunnerConfig, TestBody, TestContext } from './types.js';

/** What every executor needs to know about the run (plain data: it crosses into worker threads). */
export interface ExecuteSettings {
  cwd: string;
  config: RunnerConfig;
  /** `--pretrained` / `--finetuned`: win over what suites declare. */
  cliModels: ModelPair;
  replay?: { seed: number; path: string };
  /** The baseline's failures per test id, judged again on this run's model. */
  earlier?: Record<string, EarlierCase[]>;
  /** Pinned cases per test id: judged on every run, failing one fails the test. */
  pins?: Record<string, EarlierCase[]>;
}

/** One finished test with what the report and the baseline need from it. */
export interface Executed {
  result: TestResult;
  capability?: CapabilityResult;
  /**
   * Tests that judged one shared result (a memoised probe sweep …) carry the same key, so the report
   * stores that result once.
   */
  shareKey?: number;
  /** The models this test's block declared, as loaded (id, content hash …). */
  models: { pretrained?: ModelRef; finetuned?: ModelRef };
  /** The inputs this test failed on (for the next baseline). */
  failing?: EarlierCase[];
  /** The baseline's failures this run's model now gets right (for `--pin`). */
  fixed?: EarlierCase[];
}

export interface ExecuteHooks {
  started(test: PlannedTest): void;
  progress(done: number, total: number): void;
  finished(test: PlannedTest, executed: Executed): void;
  step(text: string): void;
  /** Aborted when the run is interrupted: the current test finishes, no other starts. */
  stop?: AbortSignal;
}

/** Thrown by `ctx.skip()`. */
class SkipSignal extends Error {}

/** A user error from any module, also when it comes from another instance of errors.ts (CommonJS and ESM loads under tsx). */
export function isSesameError(err: unknown): err is SesameError {
  return err instanceof SesameError || (err instanceof Error && /^(Sesame|Usage)Error$/.test(err.name) && typeof (err as SesameError).exitCode === 'number');
}

function isCheck(body: Check | TestBody): body is Check {
  return typeof body === 'object' && body !== null && typeof (body as Check).run === 'function';
}

function validOutcome(value: unknown): value is Outcome {
  const o = value as Outcome;
  return typeof o === 'object' && o !== null && typeof o.pass === 'boolean' && typeof o.reason === 'string';
}

function quoteArg(arg: string): string {
  return /^[\w./:@=-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The models a test runs on: flags, then what its suite declares, then the config. */
export function modelsFor(test: PlannedTest, settings: Pick<ExecuteSettings, 'cliModels' | 'config'>): ModelPair {
  return {
    pretrained: settings.cliModels.pretrained ?? test.models.pretrained ?? settings.config.models.pretrained,
    finetuned: settings.cliModels.finetuned ?? test.models.finetuned ?? settings.config.models.finetuned,
  };
}

type Memo = <T>(key: string, make: () => Promise<T>) => Promise<T>;

/** Shared results within one executor; a failed computation is forgotten so the next test retries it. */
function createMemo(): Memo {
  const store = new Map<string, Promise<unknown>>();
  return <T>(key: string, make: () => Promise<T>) => {
    let p = store.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make();
      store.set(key, p);
      p.catch(() => store.delete(key));
    }
    return p;
  };
}

/** Fails a test that runs longer than its `timeoutMs` (none by default: model work is long). */
function withTimeout<T>(work: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms (timeoutMs of this test)`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const formatMs = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const threadsText = (threads: number) => (threads === 0 ? "onnxruntime's default threads" : `${threads} thread${threads === 1 ? '' : 's'}`);

/**
 * Every declared (pretrained, fine-tuned) pair must be one model and its fine-tune: checked once per pair before any
 * test runs, so a BERT fine-tune declared against a RoBERTa base stops the run at once instead of after a few tests.
 */
async function checkPairs(tests: PlannedTest[], settings: ExecuteSettings, pool: ModelPool): Promise<void> {
  const checked = new Set<string>();
  for (const t of tests) {
    if (t.skipReason) continue;
    const { pretrained, finetuned } = modelsFor(t, settings);
    if (!pretrained || !finetuned || pool.key(pretrained) === pool.key(finetuned)) continue;
    const key = `${pool.key(pretrained)}\u0000${pool.key(finetuned)}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const differences = pairDifferences(await pool.get(pretrained), await pool.get(finetuned));
    if (differences.length) {
      throw new UsageError(
        `fine-tuned model ${finetuned} cannot come from pretrained ${pretrained} (${differences.join('; ')}), as paired for ${t.file}; pass the model it was fine-tuned from with --pretrained`,
      );
    }
  }
}

/** What an executor returns: per planned test its result, or undefined when the run was interrupted before it. */
export interface Execution {
  executed: Array<Executed | undefined>;
  timings: Array<{ step: string; ms: number }>;
}

/**
 * Runs `tests` in order. Every model they declare is loaded first, once, and every declared pair is checked: a
 * missing model or a pair that cannot be compared is an input error before any test runs. An error inside one test
 * fails that test only. Returns the finished tests (aligned with `tests`) and the model-loading timings.
 */
export async function executeTests(tests: PlannedTest[], settings: ExecuteSettings, hooks: ExecuteHooks): Promise<Execution> {
  const { config } = settings;
  const pool = new ModelPool(settings.cwd, { precision: config.precision as Precision | undefined, device: config.device, cacheDir: config.cacheDir, ...(config.threads !== undefined ? { threads: config.threads } : {}) }, (id, ms, model) => hooks.step(`loaded ${id} (${formatMs(ms)}, ${threadsText(model.info.threads)})`));
  try {
    const modelUse = new Map<string, string>();
    for (const t of tests) {
      if (t.skipReason) continue;
      const m = modelsFor(t, settings);
      for (const role of ['pretrained', 'finetuned'] as const) {
        const id = m[role];
        if (id && !modelUse.has(id)) modelUse.set(id, `${role} model of ${t.file}`);
      }
    }
    for (const [id, use] of modelUse) {
      try {
        await pool.get(id);
      } catch (err) {
        if (isSesameError(err)) throw new UsageError(`${use}: ${err.message}`);
        throw err;
      }
    }
    await checkPairs(tests, settings, pool);

    const memo = createMemo();
    const shared = new Map<unknown, number>();
    const executed: Array<Executed | undefined> = tests.map(() => undefined);
    for (const [i, test] of tests.entries()) {
      if (hooks.stop?.aborted) break;
      if (!test.skipReason) hooks.started(test);
      const { result, capability, failing, fixed } = await runOne(test, settings, pool, memo, hooks);
      const m = modelsFor(test, settings);
      const one: Executed = { result, models: { pretrained: m.pretrained ? pool.ref(m.pretrained) : undefined, finetuned: m.finetuned ? pool.ref(m.finetuned) : undefined } };
      if (failing?.length) one.failing = failing;
      if (fixed?.length) one.fixed = fixed;
      if (capability) {
        one.capability = capability;
        if (!shared.has(capability.value)) shared.set(capability.value, shared.size);
        one.shareKey = shared.get(capability.value);
      }
      executed[i] = one;
      hooks.finished(test, one);
    }
    for (const line of pool.cacheLines()) hooks.step(line);
    return { executed, timings: pool.timings };
  } finally {
    await pool.dispose();
  }
}

/** What a capability result measures, in words: another definition makes a baseline entry not comparable. */
export function definitionOf(capability: CapabilityResult | undefined): string | undefined {
  if (!capability) return undefined;
  switch (capability.kind) {
    case 'robustness':
      return `${capability.value.type} ${capability.value.perturbation}`;
    case 'attack':
      return `attack ${capability.value.recipe}, budget ${capability.value.budget} queries, ${capability.value.examples} examples`;
    case 'probe': {
      const v = capability.value;
      return `probe ${v.task} (${v.probe}), ${v.sizes.train} train / ${v.sizes.test} test`;
    }
    case 'attention':
      return `attention ${capability.value.name}, ${capability.value.sentences} sentences`;
  }
}

const quoteCase = (c: EarlierCase) => (c.perturbed && c.perturbed !== c.original ? `"${c.original}" → "${c.perturbed}"` : `"${c.original}"`);

interface RunOneResult {
  result: TestResult;
  capability?: CapabilityResult;
  failing?: EarlierCase[];
  fixed?: EarlierCase[];
}

async function runOne(test: PlannedTest, settings: ExecuteSettings, pool: ModelPool, memo: Memo, hooks: ExecuteHooks): Promise<RunOneResult> {
  const kind = isCheck(test.node.body) ? test.node.body.kind : 'custom';
  const base = { id: test.id, titlePath: test.titlePath, file: test.file, kind, suiteVersion: test.suiteVersion, metrics: {} as Record<string, number> };
  if (test.skipReason) return { result: { ...base, status: 'skipped', reason: `skipped: ${test.skipReason}`, durationMs: 0 } };

  const { config, replay } = settings;
  const models = modelsFor(test, settings);
  const need = (role: 'pretrained' | 'finetuned') => {
    const id = models[role];
    if (!id) {
      throw new UsageError(`"${test.id}" (${test.file}) needs a ${role} model: declare models in suite(), set it in sesame.config, or pass --${role}`);
    }
    return pool.get(id);
  };
  const ctx: TestContext = {
    pretrained: () => need('pretrained'),
    finetuned: () => need('finetuned'),
    model: (id) => pool.get(id),
    seed: replay?.seed ?? testSeed(config.seed, test.id),
    runSeed: config.seed,
    memo: (key, make) => memo(key, make),
    replayPath: replay?.path,
    numRuns: config.numRuns,
    thresholds: config.thresholds[test.id] ?? {},
    cwd: settings.cwd,
    cacheDir: config.cacheDir ?? defaultCacheDir(),
    progress: (done, total) => hooks.progress(done, total),
    skip: (reason) => {
      throw new SkipSignal(reason);
    },
  };

  const started = performance.now();
  let outcome: Outcome;
  try {
    const body = test.node.body;
    const running = Promise.resolve(isCheck(body) ? body.run(ctx) : body(ctx));
    const value = await withTimeout(running, test.node.options.timeoutMs);
    if (value === undefined) outcome = { pass: true, reason: 'completed without a failed assertion' };
    else if (validOutcome(value)) outcome = value;
    else outcome = { pass: false, reason: 'the test returned something that is not an outcome ({ pass: boolean, reason: string, … })' };
  } catch (err) {
    const durationMs = performance.now() - started;
    if (err instanceof SkipSignal) return { result: { ...base, status: 'skipped', reason: `skipped: ${err.message}`, durationMs } };
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    // A user error inside one test (a wrong label name, a model its block lacks) fails that test; the others run.
    outcome = { pass: false, reason: isSesameError(err) ? `could not run: ${message}` : `threw: ${message}` };
  }
  // Yesterday's attacks and pinned cases: judged again with the test's own property on this run's model.
  const body = test.node.body;
  let fixed: EarlierCase[] | undefined;
  let earlier: TestResult['earlier'];
  let pinned: TestResult['pinned'];
  if (isCheck(body) && body.recheck && !replay) {
    const before = settings.earlier?.[test.id] ?? [];
    const pins = settings.pins?.[test.id] ?? [];
    try {
      if (before.length) {
        const fails = await body.recheck(ctx, before);
        earlier = { cases: before.length, stillFailing: fails.filter(Boolean).length };
        fixed = before.filter((_, i) => !fails[i]);
      }
      if (pins.length) {
        const fails = await body.recheck(ctx, pins);
        const again = pins.filter((_, i) => fails[i]);
        pinned = { cases: pins.length, failing: again.length };
        if (again.length) {
          outcome = {
            ...outcome,
            pass: false,
            reason: `${again.length} of ${pins.length} pinned case${pins.length === 1 ? '' : 's'} fail${again.length === 1 ? 's' : ''} again (a fix did not stay made): ${again.slice(0, 3).map(quoteCase).join('; ')}; ${outcome.reason}`,
          };
        }
      }
    } catch (err) {
      // Like an error inside the test: it fails this test only.
      const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
      outcome = { ...outcome, pass: false, reason: `could not judge the earlier counterexamples again: ${message}; ${outcome.reason}` };
    }
  }
  const durationMs = performance.now() - started;

  const specs: NonNullable<TestResult['metricSpecs']> = {};
  const metrics = outcome.metrics ?? {};
  for (const name of Object.keys(metrics)) {
    const declared = outcome.metricSpecs?.[name] ?? DEFAULT_SPEC;
    const tolerance = test.tolerances[name] ?? config.tolerances[name] ?? declared.tolerance;
    specs[name] = { better: declared.better, tolerance };
  }

  const result: TestResult = {
    ...base,
    status: outcome.pass ? 'passed' : 'failed',
    reason: outcome.reason,
    ...(outcome.score !== undefined && Number.isFinite(outcome.score) ? { score: outcome.score } : {}),
    durationMs,
    metrics,
    ...(Object.keys(specs).length ? { metricSpecs: specs } : {}),
    ...(outcome.details?.length ? { details: outcome.details } : {}),
  };
  const definition = definitionOf(outcome.result);
  if (definition) result.definition = definition;
  if (outcome.cases) result.cases = outcome.cases;
  if (earlier) result.earlier = earlier;
  if (pinned) result.pinned = pinned;
  if (!outcome.pass && outcome.replay) {
    const { seed: s, path: p } = outcome.replay;
    const command = ['npx', 'sesame', 'run', test.file, '--grep', `^${escapeGrep(test.id)}$`, ...(p ? ['--replay', `${s}:${p}`] : ['--seed', String(config.seed)])]
      .map(quoteArg)
      .join(' ');
    result.replay = { seed: s, ...(p ? { path: p } : {}), command };
  }
  return { result, capability: outcome.result, ...(outcome.failing ? { failing: outcome.failing } : {}), ...(fixed ? { fixed } : {}) };
}
