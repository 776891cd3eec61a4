/**
 * `sesame merge`: the reports of `sesame run --shard i/n` jobs become the report of the whole run, like Playwright's
 * merge-reports. Each shard records the full plan (every test id before sharding, in order), so the merge can check
 * that every shard came exactly once and put the tests back in unsharded order. Shards that do not belong to one run
 * (other seed, suites, grep, plan, models or baseline) are refused: their union would describe no run at all.
 */
import { UsageError } from '../errors.js';
import { REPORT_SCHEMA_VERSION, emptyResults, type BaselineComparison, type EarlierCase, type MetricDelta, type ModelRef, type SesameReport, type TestResult } from '../report/types.js';
import { baselineEntryProblem, earlierCasesProblem, type BaselineEntry } from './baseline.js';
import { outcomeText } from './baseline-gate.js';
import { decideBaselineDeltas } from './deltas.js';

/** A shard's report and where it was read from (for messages). */
export interface ShardReport {
  file: string;
  report: SesameReport;
}

type ResultKind = 'robustness' | 'attacks' | 'probes' | 'attention';
const KIND_LIST: Record<Exclude<TestResult['kind'], 'custom'>, ResultKind> = { robustness: 'robustness', attack: 'attacks', probe: 'probes', attention: 'attention' };

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The first fact two shards disagree on, as "seed 1 vs 2", or undefined when they can be merged. */
function mismatch(a: SesameReport, b: SesameReport): string | undefined {
  const ra = a.run;
  const rb = b.run;
  if (ra.shard!.count !== rb.shard!.count) return `shard count ${ra.shard!.count} vs ${rb.shard!.count}`;
  if (ra.seed !== rb.seed) return `seed ${ra.seed} vs ${rb.seed}`;
  if (ra.numRuns !== rb.numRuns) return `numRuns ${ra.numRuns} vs ${rb.numRuns}`;
  if (!same(ra.files, rb.files)) return `suite files ${ra.files.join(', ')} vs ${rb.files.join(', ')}`;
  if (ra.grep !== rb.grep) return `--grep ${JSON.stringify(ra.grep ?? null)} vs ${JSON.stringify(rb.grep ?? null)}`;
  if (!same(ra.plan, rb.plan)) return `the planned tests (${ra.plan!.length} vs ${rb.plan!.length}; the suites changed between the jobs)`;
  for (const role of ['pretrained', 'finetuned'] as const) {
    const ma = a.models[role];
    const mb = b.models[role];
    if (ma && mb && ma.contentHash !== mb.contentHash) return `${role} model ${ma.id} (${ma.contentHash.slice(0, 12)}) vs ${mb.id} (${mb.contentHash.slice(0, 12)})`;
  }
  if (a.baseline?.file !== b.baseline?.file) return `baseline ${a.baseline?.file ?? 'none'} vs ${b.baseline?.file ?? 'none'}`;
  return undefined;
}

/** Checks the shards form one complete run: all sharded, same run, each index 1..n exactly once. */
function checkShards(shards: ShardReport[]): void {
  if (shards.length === 0) throw new UsageError('no shard reports given: pass the report.json of each `sesame run --shard i/n` job, or the folders holding them');
  for (const { file, report } of shards) {
    if (!report.run.shard || !report.run.plan) {
      throw new UsageError(`${file} is not a shard report (no run.shard/run.plan): merge the reports of \`sesame run --shard i/n\` jobs`);
    }
  }
  const [first] = shards;
  for (const other of shards.slice(1)) {
    const why = mismatch(first.report, other.report);
    if (why) throw new UsageError(`${other.file} is not from the same run as ${first.file} (${why}); merge the shards of one run`);
  }
  const count = first.report.run.shard!.count;
  const byIndex = new Map<number, string>();
  for (const { file, report } of shards) {
    const { index } = report.run.shard!;
    const earlier = byIndex.get(index);
    if (earlier) throw new UsageError(`shard ${index}/${count} is given twice (${earlier} and ${file}); pass each shard's report once`);
    byIndex.set(index, file);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) {
    throw new UsageError(`shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} missing (got ${shards.length} of ${count}); a shard job that crashed must be re-run`);
  }
}

function uniqueModels(shards: ShardReport[]): SesameReport['models'] {
  const out: SesameReport['models'] = {};
  const others: ModelRef[] = [];
  for (const { report } of shards) {
    for (const role of ['pretrained', 'finetuned'] as const) if (!out[role] && report.models[role]) out[role] = report.models[role];
  }
  const known = new Set([out.pretrained?.contentHash, out.finetuned?.contentHash]);
  for (const { report } of shards) {
    for (const m of report.models.others ?? []) {
      if (!known.has(m.contentHash)) {
        known.add(m.contentHash);
        others.push(m);
      }
    }
  }
  if (others.length) out.others = others;
  return out;
}

/**
 * The report of the whole run from its shards' reports. Tests come back in plan order; each capability result is
 * re-indexed, a result several tests of one block judged is kept once (as the unsharded run stores it); the summary
 * is recounted; the baseline deltas become one list in test order. The run took as long as its slowest shard.
 * Throws a usage error when the shards are not one complete run.
 */
export function mergeShardReports(shards: ShardReport[], command: string): SesameReport {
  checkShards(shards);
  const plan = shards[0].report.run.plan!;
  const order = new Map(plan.map((id, i) => [id, i]));
  const located: Array<{ test: TestResult; shard: SesameReport }> = [];
  const notRun: string[] = [];
  for (const { file, report } of shards) {
    for (const test of report.tests) {
      if (!order.has(test.id)) throw new UsageError(`${file} has test "${test.id}", which is not in the run's plan; the shard report was edited or comes from another run`);
      located.push({ test, shard: report });
    }
    notRun.push(...(report.interrupted?.notRun ?? []));
  }
  located.sort((a, b) => order.get(a.test.id)! - order.get(b.test.id)!);
  const seen = new Set<string>();
  for (const { test } of located) {
    if (seen.has(test.id)) throw new UsageError(`test "${test.id}" appears in two shard reports; pass each shard's report once`);
    seen.add(test.id);
  }

  const first = shards[0].report;
  const merged: SesameReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    sesameVersion: first.sesameVersion,
    createdAt: new Date().toISOString(),
    models: uniqueModels(shards),
    run: {
      command,
      seed: first.run.seed,
      ...(first.run.numRuns !== undefined ? { numRuns: first.run.numRuns } : {}),
      files: first.run.files,
      ...(first.run.grep !== undefined ? { grep: first.run.grep } : {}),
      durationMs: Math.max(...shards.map((s) => s.report.run.durationMs)),
      versions: first.run.versions,
      timings: shards.flatMap((s) => s.report.run.timings.map((t) => ({ step: `shard ${s.report.run.shard!.index}/${s.report.run.shard!.count}: ${t.step}`, ms: t.ms }))),
    },
    ...emptyResults(),
  };
  // Results keyed by where they were placed in the unsharded run: one entry per (kind, file, top block, value).
  const placed = new Map<string, number>();
  for (const { test, shard } of located) {
    const copy: TestResult = { ...test };
    if (test.kind !== 'custom' && test.resultIndex !== undefined) {
      const list = KIND_LIST[test.kind];
      const value = shard[list][test.resultIndex];
      if (value === undefined) throw new UsageError(`test "${test.id}" points at ${list}[${test.resultIndex}], which its shard report does not have; the report is damaged`);
      const key = `${list}\u0000${test.file}\u0000${test.titlePath[0]}\u0000${JSON.stringify(value)}`;
      if (!placed.has(key)) placed.set(key, (merged[list] as unknown[]).push(value) - 1);
      copy.resultIndex = placed.get(key);
    }
    merged.tests.push(copy);
    merged.summary[copy.status]++;
  }

  if (first.baseline) {
    merged.baseline = mergeBaselineComparisons(shards.map((s) => s.report.baseline!), order);
    merged.summary.regressions = merged.baseline.deltas.filter((d) => d.verdict === 'regressed' && d.gating !== false).length;
  }
  if (notRun.length) {
    const signals = [...new Set(shards.flatMap((s) => (s.report.interrupted ? [s.report.interrupted.signal] : [])))];
    merged.interrupted = { signal: signals.join(', '), notRun: plan.filter((id) => notRun.includes(id)) };
  }
  const covered = merged.tests.length + (merged.interrupted?.notRun.length ?? 0);
  if (covered !== plan.length) {
    throw new UsageError(`the shards ran ${merged.tests.length} of the ${plan.length} planned tests${merged.interrupted ? ` (${merged.interrupted.notRun.length} not run)` : ''}; some shard report is incomplete — re-run its job`);
  }
  return merged;
}

/**
 * One baseline comparison from the shards' comparisons. Each shard decided its deltas as its own Holm family; the
 * whole run is one family, so the unadjusted tests are decided again together (`decideBaselineDeltas`, as the runner
 * does). Tests keep plan order; warnings are kept once; earlier counterexamples are summed; the line is rebuilt.
 */
function mergeBaselineComparisons(comparisons: BaselineComparison[], order: Map<string, number>): BaselineComparison {
  const [first] = comparisons;
  const byPlan = <T>(items: T[], test: (item: T) => string) => items.sort((a, b) => (order.get(test(a)) ?? Infinity) - (order.get(test(b)) ?? Infinity));
  const deltas = decideBaselineDeltas(byPlan(comparisons.flatMap((c) => c.deltas), (d: MetricDelta) => d.test));
  const notComparable = byPlan(comparisons.flatMap((c) => c.notComparable ?? []), (n) => n.test);
  const warnings = [...new Set(comparisons.flatMap((c) => c.warnings ?? []))];
  const rechecked = comparisons.flatMap((c) => (c.earlier ? [c.earlier] : []));
  const earlier = rechecked.length
    ? { tests: rechecked.reduce((s, e) => s + e.tests, 0), cases: rechecked.reduce((s, e) => s + e.cases, 0), stillFailing: rechecked.reduce((s, e) => s + e.stillFailing, 0) }
    : undefined;
  const merged: BaselineComparison = {
    ...first,
    deltas,
    ...(notComparable.length ? { notComparable } : { notComparable: undefined }),
    ...(warnings.length ? { warnings } : { warnings: undefined }),
    ...(earlier ? { earlier } : { earlier: undefined }),
  };
  for (const key of ['notComparable', 'warnings', 'earlier'] as const) if (merged[key] === undefined) delete merged[key];
  if (first.line) merged.line = `${first.line.split(' — ')[0]} — ${outcomeText(merged)}`;
  return merged;
}

/**
 * What `--update-baseline` writes for the whole run: the union of the shards' baseline entries, each checked as a
 * baseline file's entry is. Throws a usage error for a shard that recorded none (written by an older Sesame) or a
 * damaged entry.
 */
export function shardBaselineEntries(shards: ShardReport[]): Record<string, BaselineEntry> {
  const entries: Record<string, BaselineEntry> = {};
  for (const { file, report } of shards) {
    const own = report.run.baselineEntries as Record<string, BaselineEntry> | undefined;
    if (!own) throw new UsageError(`${file} records no baseline entries (a shard report of an older Sesame); re-run the shard jobs with this version to write a baseline from their merge`);
    for (const [id, entry] of Object.entries(own)) {
      const problem = baselineEntryProblem(entry);
      if (problem) throw new UsageError(`${file}: the baseline entry of "${id}" is ${problem === 'malformed' ? 'malformed' : `damaged (${problem})`}; the report was edited or damaged — re-run its shard job`);
      entries[id] = entry;
    }
  }
  return entries;
}

/**
 * What `--pin` pins for the whole run: per test id, the earlier counterexamples each shard's model now gets right.
 * Throws a usage error for a shard that recorded none (written by an older Sesame) or a damaged list.
 */
export function shardFixedCases(shards: ShardReport[]): Record<string, EarlierCase[]> {
  const fixed: Record<string, EarlierCase[]> = {};
  for (const { file, report } of shards) {
    const own = report.run.fixedCases;
    if (!own) throw new UsageError(`${file} records no fixed counterexamples (a shard report of an older Sesame); re-run the shard jobs with this version to pin from their merge`);
    for (const [id, cases] of Object.entries(own)) {
      const problem = earlierCasesProblem(cases);
      if (problem) throw new UsageError(`${file}: the fixed counterexamples of "${id}" are damaged (${problem}); the report was edited or damaged — re-run its shard job`);
      fixed[id] = cases;
    }
  }
  return fixed;
}
