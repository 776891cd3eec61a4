import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SesameError, UsageError } from '../errors.js';
import type { Precision } from '../models/types.js';
import { REPORT_SCHEMA_VERSION, type MetricDelta, type ModelRef, type SesameReport, type TestResult } from '../report/types.js';
import { writeReports } from '../report/write.js';
import { checkCompatible, compareWithBaseline, readBaseline, writeBaseline, type BaselineEntry } from './baseline.js';
import { DEFAULT_SPEC } from './deltas.js';
import { discoverSuites } from './discover.js';
import { loadSuiteFile } from './load.js';
import { ModelPool } from './model-pool.js';
import { escapeGrep, flatten, parseGrep, selectByGrep, selectShard, type Shard } from './plan.js';
import { TreeReporter } from './output.js';
import { testSeed } from './seed.js';
import type { Check, ModelPair, Outcome, PlannedTest, RunnerConfig, TestBody, TestContext } from './types.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface RunOptions {
  cwd: string;
  /** Files or folders; the config's `suites` when empty. */
  inputs: string[];
  config: RunnerConfig;
  /** `--pretrained` / `--finetuned`: win over what suites declare. */
  cliModels: ModelPair;
  grep?: string;
  shard?: Shard;
  /** `seed:path` from a failure, replaying one test. */
  replay?: string;
  reportDir?: string;
  baseline?: string;
  updateBaseline: boolean;
  /** The command line, as recorded in the report. */
  command: string;
  reporter: TreeReporter;
}

export interface RunResult {
  report: SesameReport;
  exitCode: 0 | 1;
  reportFile?: string;
  otherFiles: string[];
}

/** Thrown by `ctx.skip()`. */
class SkipSignal extends Error {}

/** A user error from any module, also when it comes from another instance of errors.ts (CommonJS and ESM loads under tsx). */
function isSesameError(err: unknown): err is SesameError {
  return err instanceof SesameError || (err instanceof Error && /^(Sesame|Usage)Error$/.test(err.name) && typeof (err as SesameError).exitCode === 'number');
}

function versions(): Record<string, string> {
  const out: Record<string, string> = { node: process.versions.node };
  for (const name of ['fast-check', '@huggingface/transformers', 'onnxruntime-node', 'natural']) {
    try {
      out[name] = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      /* not installed: left out */
    }
  }
  return out;
}

export function sesameVersion(): string {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
}

function parseReplay(value: string): { seed: number; path: string } {
  const m = value.match(/^(\d+):(\d+(?::\d+)*)$/);
  if (!m) throw new UsageError(`--replay must be seed:path as printed under a failure (e.g. --replay 1234:5:0:1), got "${value}"`);
  return { seed: Number(m[1]), path: m[2] };
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
function modelsFor(test: PlannedTest, options: RunOptions): ModelPair {
  return {
    pretrained: options.cliModels.pretrained ?? test.models.pretrained ?? options.config.models.pretrained,
    finetuned: options.cliModels.finetuned ?? test.models.finetuned ?? options.config.models.finetuned,
  };
}

/**
 * Runs suites end to end: discover, load, select (grep, shard), load models once, run each test,
 * compare with the baseline, write report.json atomically. Input errors throw a SesameError (exit 2);
 * the returned exit code is 1 when a test failed or a metric regressed.
 */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const { cwd, config, reporter } = options;
  const timings: Array<{ step: string; ms: number }> = [];
  const grep = options.grep !== undefined ? parseGrep(options.grep) : undefined;
  const replay = options.replay !== undefined ? parseReplay(options.replay) : undefined;

  const inputs = options.inputs.length ? options.inputs : config.suites;
  const files = discoverSuites(inputs, cwd);
  const loadStart = performance.now();
  const roots = [];
  for (const file of files) roots.push(await loadSuiteFile(file, cwd));
  timings.push({ step: 'load suites', ms: performance.now() - loadStart });

  const all = flatten(roots);
  const grepped = selectByGrep(all, grep);
  if (grep && grepped.length === 0) {
    throw new UsageError(`--grep "${options.grep}" selects none of the ${all.length} tests in ${files.map((f) => path.relative(cwd, f)).join(', ')}`);
  }
  const selected = selectShard(grepped, options.shard);
  if (replay && selected.filter((t) => !t.skipReason).length !== 1) {
    throw new UsageError(`--replay replays one test, but ${selected.length} are selected; narrow the run with --grep '^<full test title>$'`);
  }

  const baselineFile = options.baseline ?? config.baseline;
  const baselinePath = baselineFile ? path.resolve(cwd, baselineFile) : undefined;
  const baselineShown = baselineFile ?? '';
  // Read (and so validate) the baseline before any model work: a corrupt file stops the run at once.
  let previousBaseline;
  if (baselinePath) {
    try {
      previousBaseline = readBaseline(baselinePath, cwd);
    } catch (err) {
      if (!options.updateBaseline) throw err;
      reporter.step(`${(err as Error).message.split(';')[0]}; --update-baseline replaces it`);
    }
    if (!previousBaseline && !options.updateBaseline && !existsSync(baselinePath)) {
      throw new UsageError(`baseline ${baselineShown} does not exist; create it with --update-baseline`);
    }
  }

  const pool = new ModelPool(cwd, { precision: config.precision as Precision | undefined, cacheDir: config.cacheDir }, (id, ms) =>
    reporter.step(`loaded ${id} (${ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`})`),
  );

  try {
    // Load every model the selected tests declare, once, before the first test: a missing model is an input error up front.
    const modelUse = new Map<string, string>();
    for (const t of selected) {
      if (t.skipReason) continue;
      const m = modelsFor(t, options);
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

    const report: SesameReport = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      sesameVersion: sesameVersion(),
      createdAt: new Date().toISOString(),
      models: {},
      run: {
        command: options.command,
        seed: config.seed,
        files: files.map((f) => path.relative(cwd, f)),
        ...(options.grep !== undefined ? { grep: options.grep } : {}),
        ...(options.shard ? { shard: options.shard } : {}),
        durationMs: 0,
        versions: versions(),
        timings,
      },
      summary: { passed: 0, failed: 0, skipped: 0, regressions: 0 },
      tests: [],
      robustness: [],
      attacks: [],
      probes: [],
      attention: [],
    };
    const baselineEntries: Record<string, BaselineEntry> = {};
    const memo = createMemo();

    for (const test of selected) {
      const result = await runOne(test, options, pool, report, memo, replay);
      report.tests.push(result);
      report.summary[result.status === 'passed' ? 'passed' : result.status === 'failed' ? 'failed' : 'skipped']++;
      reporter.testFinished(test, result, result.details);
      timings.push({ step: test.id, ms: result.durationMs });
      if (result.status !== 'skipped') {
        const m = modelsFor(test, options);
        const stamp = (id?: string) => (id && pool.hashOf(id) ? { id, contentHash: pool.hashOf(id)! } : undefined);
        baselineEntries[test.id] = {
          file: test.file,
          suiteVersion: test.suiteVersion,
          models: { pretrained: stamp(m.pretrained), finetuned: stamp(m.finetuned) },
          metrics: result.metrics,
          specs: result.metricSpecs ?? {},
        };
      }
    }

    report.models = modelRefs(selected, options, pool);
    timings.push(...pool.timings);

    let deltas: MetricDelta[] = [];
    if (baselinePath) {
      if (options.updateBaseline) {
        const keep = previousBaseline && compatible(previousBaseline, baselineEntries, baselineShown) ? previousBaseline : undefined;
        writeBaseline(baselinePath, keep, baselineEntries, config.seed, report.createdAt);
        reporter.step(`baseline ${baselineShown} updated (${Object.keys(baselineEntries).length} tests)`);
      } else if (previousBaseline) {
        checkCompatible(previousBaseline, baselineEntries, baselineShown);
        deltas = compareWithBaseline(previousBaseline, baselineEntries);
        report.baseline = { file: baselineShown, deltas };
        report.summary.regressions = deltas.filter((d) => d.verdict === 'regressed').length;
      }
    }

    report.run.durationMs = performance.now() - started;
    reporter.finish(report.summary, report.run.durationMs, deltas);

    const written = options.reportDir ? writeReportFiles(report, path.resolve(cwd, options.reportDir)) : { json: undefined, others: [] };
    const exitCode = report.summary.failed > 0 || report.summary.regressions > 0 ? 1 : 0;
    return { report, exitCode, reportFile: written.json, otherFiles: written.others };
  } finally {
    await pool.dispose();
  }
}

type Memo = <T>(key: string, make: () => Promise<T>) => Promise<T>;

/** Shared results within one run; a failed computation is forgotten so the next test retries it. */
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

function compatible(baseline: Parameters<typeof checkCompatible>[0], entries: Record<string, BaselineEntry>, shown: string): boolean {
  try {
    checkCompatible(baseline, entries, shown);
    return true;
  } catch {
    return false;
  }
}

function modelRefs(tests: PlannedTest[], options: RunOptions, pool: ModelPool): SesameReport['models'] {
  const pretrained: ModelRef[] = [];
  const finetuned: ModelRef[] = [];
  const seen = new Set<string>();
  for (const t of tests) {
    const m = modelsFor(t, options);
    for (const [role, list] of [['pretrained', pretrained], ['finetuned', finetuned]] as const) {
      const id = m[role];
      const ref = id ? pool.ref(id) : undefined;
      if (ref && !seen.has(`${role}:${ref.contentHash}`)) {
        seen.add(`${role}:${ref.contentHash}`);
        list.push(ref);
      }
    }
  }
  const out: SesameReport['models'] = {};
  if (pretrained[0]) out.pretrained = pretrained[0];
  if (finetuned[0]) out.finetuned = finetuned[0];
  const others = [...pretrained.slice(1), ...finetuned.slice(1)].filter((r) => r.contentHash !== out.pretrained?.contentHash && r.contentHash !== out.finetuned?.contentHash);
  if (others.length) out.others = others;
  return out;
}

async function runOne(test: PlannedTest, options: RunOptions, pool: ModelPool, report: SesameReport, memo: Memo, replay?: { seed: number; path: string }): Promise<TestResult> {
  const kind = isCheck(test.node.body) ? test.node.body.kind : 'custom';
  const base = { id: test.id, titlePath: test.titlePath, file: test.file, kind, metrics: {} as Record<string, number> };
  if (test.skipReason) return { ...base, status: 'skipped', reason: `skipped: ${test.skipReason}`, durationMs: 0 };

  options.reporter.testStarted(test);
  const models = modelsFor(test, options);
  const seed = replay?.seed ?? testSeed(options.config.seed, test.id);
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
    seed,
    runSeed: options.config.seed,
    memo: (key, make) => memo(key, make),
    replayPath: replay?.path,
    numRuns: options.config.numRuns,
    thresholds: options.config.thresholds[test.id] ?? {},
    cwd: options.cwd,
    progress: (done, total) => options.reporter.progress(done, total),
    skip: (reason) => {
      throw new SkipSignal(reason);
    },
  };

  const started = performance.now();
  let outcome: Outcome;
  try {
    const body = test.node.body;
    const value = isCheck(body) ? await body.run(ctx) : await body(ctx);
    if (value === undefined) outcome = { pass: true, reason: 'completed without a failed assertion' };
    else if (validOutcome(value)) outcome = value;
    else outcome = { pass: false, reason: 'the test returned something that is not an outcome ({ pass: boolean, reason: string, … })' };
  } catch (err) {
    const durationMs = performance.now() - started;
    if (err instanceof SkipSignal) return { ...base, status: 'skipped', reason: `skipped: ${err.message}`, durationMs };
    if (isSesameError(err)) throw new UsageError(`${test.file} › "${test.id}": ${err.message}`);
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    outcome = { pass: false, reason: `threw: ${message}` };
  }
  const durationMs = performance.now() - started;

  const specs: Record<string, { better: 'higher' | 'lower'; tolerance: number }> = {};
  const metrics = outcome.metrics ?? {};
  for (const name of Object.keys(metrics)) {
    const declared = outcome.metricSpecs?.[name] ?? DEFAULT_SPEC;
    const tolerance = test.tolerances[name] ?? options.config.tolerances[name] ?? declared.tolerance;
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
  if (outcome.result) {
    const { kind: k, value } = outcome.result;
    const list = (k === 'robustness' ? report.robustness : k === 'attack' ? report.attacks : k === 'probe' ? report.probes : report.attention) as unknown[];
    // Tests judging one shared result (memo) point at a single entry.
    const known = list.indexOf(value);
    result.resultIndex = known >= 0 ? known : list.push(value) - 1;
  }
  if (!outcome.pass && outcome.replay) {
    const { seed: s, path: p } = outcome.replay;
    const command = ['npx', 'sesame', 'run', test.file, '--grep', `^${escapeGrep(test.id)}$`, ...(p ? ['--replay', `${s}:${p}`] : ['--seed', String(options.config.seed)])]
      .map(quoteArg)
      .join(' ');
    result.replay = { seed: s, ...(p ? { path: p } : {}), command };
  }
  return result;
}

/** report.json, report.html and report.md (the reports module validates the report against its schema first). */
function writeReportFiles(report: SesameReport, dir: string): { json: string; others: string[] } {
  const files = writeReports(report, dir);
  const json = path.join(dir, 'report.json');
  return { json, others: files.filter((f) => path.resolve(f) !== json) };
}
