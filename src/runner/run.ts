import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import { REPORT_SCHEMA_VERSION, emptyResults, type EarlierCase, type MetricDelta, type ModelRef, type SesameReport } from '../report/types.js';
import { writeReports } from '../report/write.js';
import type { BaselineEntry } from './baseline.js';
import { openRunBaseline, settleBaseline } from './baseline-step.js';
import { compareRunWithBaseline } from './baseline-gate.js';
import { discoverSuites } from './discover.js';
import { executeTests, type Executed, type ExecuteHooks, type ExecuteSettings } from './execute.js';
import { loadSuiteFile } from './load.js';
import { flatten, parseGrep, selectByGrep, selectShard, TITLE_SEPARATOR, type Shard } from './plan.js';
import { defaultThreads } from '../models/index.js';
import { didYouMean } from '../suggest.js';
import { TreeReporter } from './output.js';
import type { ModelPair, PlannedTest, RunnerConfig } from './types.js';
import { assignGroups, executeInWorkers } from './workers.js';

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
  /** Worker threads to spread tests over (by top-level suite block). Default 1: everything in this thread. */
  workers?: number;
  reporter: TreeReporter;
  /**
   * Aborted on SIGINT/SIGTERM (the CLI wires it; the reason is the signal's name): the current check finishes, no
   * other test starts, the report is written marked as partial, the baseline is never written, exit code 130.
   */
  stop?: AbortSignal;
}

export interface RunResult {
  report: SesameReport;
  /** 0 all passed, 1 a test failed or a metric regressed, 130 interrupted. */
  exitCode: 0 | 1 | 130;
  reportFile?: string;
  otherFiles: string[];
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

/**
 * A `thresholds` entry in sesame.config must name a test: a typo would silently leave the suite's own threshold in
 * place. Checked against the loaded suites: every id when the config's own suites ran, else ids under a loaded suite.
 */
function checkThresholdIds(tests: PlannedTest[], thresholds: Record<string, unknown>, allSuitesLoaded: boolean): void {
  const ids = new Set(tests.map((t) => t.id));
  const suites = new Set(tests.map((t) => t.titlePath[0]));
  for (const id of Object.keys(thresholds)) {
    if (ids.has(id) || !(allSuitesLoaded || suites.has(id.split(TITLE_SEPARATOR)[0]))) continue;
    throw new UsageError(`config "thresholds": no test is called "${id}"${didYouMean(id, ids)} (keys are full test titles joined with " › ", as \`sesame run --dry-run\` lists them)`);
  }
}

/** The suites' files and the tests a run selects (grep, shard, `.only`), without running anything. */
export async function planRun(options: Pick<RunOptions, 'cwd' | 'inputs' | 'config' | 'grep' | 'shard' | 'replay'>): Promise<{ files: string[]; selected: PlannedTest[]; planned: PlannedTest[]; loadMs: number }> {
  const { cwd, config } = options;
  const grep = options.grep !== undefined ? parseGrep(options.grep) : undefined;
  const inputs = options.inputs.length ? options.inputs : config.suites;
  const files = discoverSuites(inputs, cwd);
  const loadStart = performance.now();
  const roots = [];
  for (const file of files) roots.push(await loadSuiteFile(file, cwd));
  const loadMs = performance.now() - loadStart;

  const all = flatten(roots, cwd);
  checkThresholdIds(all, config.thresholds, options.inputs.length === 0);
  const grepped = selectByGrep(all, grep);
  if (grep && grepped.length === 0) {
    throw new UsageError(`--grep "${options.grep}" selects none of the ${all.length} tests in ${files.map((f) => path.relative(cwd, f)).join(', ')}`);
  }
  const selected = selectShard(grepped, options.shard);
  if (options.replay !== undefined && selected.filter((t) => !t.skipReason).length !== 1) {
    throw new UsageError(`--replay replays one test, but ${selected.length} are selected; narrow the run with --grep '^<full test title>$'`);
  }
  return { files, selected, planned: grepped, loadMs };
}

/**
 * Runs suites end to end: discover, load, select (grep, shard), load models once, run each test,
 * compare with the baseline, write report.json atomically. Input errors throw a SesameError (exit 2);
 * the returned exit code is 1 when a test failed or a metric regressed.
 */
export async function runSuites(options: RunOptions): Promise<RunResult> {
  const started = performance.now();
  const { cwd, config, reporter } = options;
  const replay = options.replay !== undefined ? parseReplay(options.replay) : undefined;
  const { files, selected, planned, loadMs } = await planRun(options);
  const timings: Array<{ step: string; ms: number }> = [{ step: 'load suites', ms: loadMs }];

  // Read (and so validate) the baseline before any model work: a corrupt file stops the run at once.
  const baseline = openRunBaseline(cwd, { flag: options.baseline, configured: config.baseline, update: options.updateBaseline, pin: Boolean(config.pin) }, (line) => reporter.step(line));
  const previousBaseline = baseline?.previous;
  const pins = baseline?.pins;

  const earlier: Record<string, EarlierCase[]> = {};
  for (const [id, entry] of Object.entries(previousBaseline?.tests ?? {})) if (entry.failing?.length) earlier[id] = entry.failing;
  const runnable = selected.filter((t) => !t.skipReason);
  // One worker per top-level block at most; a single block runs in this thread.
  const workers = options.workers && options.workers > 1 && !replay ? assignGroups(runnable, options.workers).length : 1;
  // Each worker loads its own models: their forward passes run at the same time, so they share the cores.
  const threads = config.threads ?? (workers > 1 ? defaultThreads(workers) : undefined);
  const settings: ExecuteSettings = {
    cwd, config: { ...config, ...(threads !== undefined ? { threads } : {}) }, cliModels: options.cliModels, ...(replay ? { replay } : {}),
    ...(Object.keys(earlier).length ? { earlier } : {}),
    ...(pins ? { pins: pins.tests } : {}),
  };
  const hooks: ExecuteHooks = {
    started: (test) => reporter.testStarted(test),
    progress: (done, total) => reporter.progress(done, total),
    step: (text) => reporter.step(text),
    finished: (test, executed) => reporter.testFinished(test, executed.result, executed.result.details),
    ...(options.stop ? { stop: options.stop } : {}),
  };
  if (workers > 1) reporter.runningInBackground(`${runnable.length} tests on ${workers} worker threads`);
  const execution = workers > 1 ? await executeInWorkers(selected, files, settings, workers, hooks) : await executeTests(selected, settings, hooks);
  const loadTimings = execution.timings;
  const ran = selected.flatMap((test, i) => (execution.executed[i] ? [{ test, one: execution.executed[i]! }] : []));
  const notRun = selected.filter((_, i) => !execution.executed[i]).map((t) => t.id);
  const interrupted = options.stop?.aborted ? { signal: String(options.stop.reason ?? 'SIGINT'), notRun } : undefined;

  const report: SesameReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    sesameVersion: sesameVersion(),
    createdAt: new Date().toISOString(),
    models: modelRefs(ran.map((r) => r.one)),
    run: {
      command: options.command,
      seed: config.seed,
      numRuns: config.numRuns,
      files: files.map((f) => path.relative(cwd, f)),
      ...(options.grep !== undefined ? { grep: options.grep } : {}),
      // A shard records the whole plan, so `sesame merge` can check every shard came and restore the unsharded order.
      ...(options.shard ? { shard: options.shard, plan: planned.map((t) => t.id) } : {}),
      durationMs: 0,
      versions: versions(),
      timings,
    },
    ...emptyResults(),
  };
  const baselineEntries: Record<string, BaselineEntry> = {};
  const placed = new Map<string, number>();
  ran.forEach(({ test, one }, i) => {
    const { result } = one;
    if (one.capability) {
      // Tests that judged one shared result point at a single entry of the report's arrays.
      const key = `${one.capability.kind}:${one.shareKey ?? `t${i}`}:${test.file}:${test.titlePath[0]}`;
      if (!placed.has(key)) {
        const { kind, value } = one.capability;
        const list = (kind === 'robustness' ? report.robustness : kind === 'attack' ? report.attacks : kind === 'probe' ? report.probes : report.attention) as unknown[];
        placed.set(key, list.push(value) - 1);
      }
      result.resultIndex = placed.get(key);
    }
    report.tests.push(result);
    report.summary[result.status]++;
    timings.push({ step: result.id, ms: result.durationMs });
    if (result.status !== 'skipped') {
      const stamp = (ref?: ModelRef) => (ref ? { id: ref.id, contentHash: ref.contentHash } : undefined);
      baselineEntries[result.id] = {
        file: result.file,
        suiteVersion: test.suiteVersion,
        kind: result.kind,
        ...(result.definition ? { definition: result.definition } : {}),
        models: { pretrained: stamp(one.models.pretrained), finetuned: stamp(one.models.finetuned) },
        metrics: result.metrics,
        specs: result.metricSpecs ?? {},
        ...(result.cases ? { cases: result.cases } : {}),
        ...(one.failing?.length ? { failing: one.failing } : {}),
      };
    }
  });
  timings.push(...loadTimings);
  if (interrupted) report.interrupted = interrupted;
  const fixed: Record<string, EarlierCase[]> = {};
  for (const { one } of ran) if (one.fixed?.length) fixed[one.result.id] = one.fixed;
  // A shard records what --update-baseline and --pin would use, so `sesame merge` can do either for the whole run.
  if (options.shard) {
    report.run.baselineEntries = baselineEntries;
    report.run.fixedCases = fixed;
  }

  let deltas: MetricDelta[] = [];
  const outcome = { ...(interrupted ? { partial: 'the run was interrupted' } : {}), entries: baselineEntries, fixed, run: { seed: config.seed, numRuns: config.numRuns, createdAt: report.createdAt } };
  if (baseline && settleBaseline(cwd, baseline, outcome, (line) => reporter.step(line))) {
    report.baseline = compareRunWithBaseline(baseline.shown, baseline.previous!, baselineEntries, ran.map((r) => r.one), report.run);
    deltas = report.baseline.deltas;
    report.summary.regressions = deltas.filter((d) => d.verdict === 'regressed' && d.gating !== false).length;
  }

  report.run.durationMs = performance.now() - started;
  reporter.finish(report.summary, report.run.durationMs, deltas, report.baseline);
  if (interrupted) reporter.step(`interrupted (${interrupted.signal}): ${notRun.length} of ${selected.length} tests not run; the report is partial`);

  const written = options.reportDir ? writeReportFiles(report, path.resolve(cwd, options.reportDir)) : { json: undefined, others: [] };
  const exitCode = interrupted ? 130 : report.summary.failed > 0 || report.summary.regressions > 0 ? 1 : 0;
  return { report, exitCode, reportFile: written.json, otherFiles: written.others };
}

function modelRefs(executed: Executed[]): SesameReport['models'] {
  const pretrained: ModelRef[] = [];
  const finetuned: ModelRef[] = [];
  const seen = new Set<string>();
  for (const { models } of executed) {
    for (const [role, list] of [['pretrained', pretrained], ['finetuned', finetuned]] as const) {
      const ref = models[role];
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

/** report.json, report.html and report.md (the reports module validates the report against its schema first). */
function writeReportFiles(report: SesameReport, dir: string): { json: string; others: string[] } {
  const files = writeReports(report, dir);
  const json = path.join(dir, 'report.json');
  return { json, others: files.filter((f) => path.resolve(f) !== json) };
}
