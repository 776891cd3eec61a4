import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { CaseRecords, EarlierCase, MetricDelta, TestResult } from '../report/types.js';
import { writeFileAtomic } from '../report/write.js';
import { caseRecordsProblem } from './case-records.js';
import { metricDeltas, type MetricSnapshot } from './deltas.js';
import type { MetricSpec } from './types.js';

/** Format 2: per-case records, definitions and earlier failures. Format 1 files (metrics only) are still read. */
export const BASELINE_FORMAT = 2;

/** The models a test ran on: id as the suite named it, and the content hash that identifies the weights. */
export interface ModelStamp {
  id: string;
  contentHash: string;
}

export interface BaselineEntry {
  file: string;
  suiteVersion: string;
  kind?: TestResult['kind'];
  /** What the test measures; another definition makes the entry not comparable. */
  definition?: string;
  models: { pretrained?: ModelStamp; finetuned?: ModelStamp };
  metrics: Record<string, number>;
  specs: Record<string, MetricSpec>;
  cases?: CaseRecords;
  /** Counterexamples and successful adversarial examples of this run, judged again on later models. */
  failing?: EarlierCase[];
}

export interface Baseline {
  sesameBaseline: typeof BASELINE_FORMAT;
  createdAt: string;
  seed: number;
  numRuns?: number;
  tests: Record<string, BaselineEntry>;
}

/** A baseline as read: format-1 files are upgraded in memory and flagged. */
export type LoadedBaseline = Baseline & { legacyFormat?: 1 };

function corrupt(shown: string, why: string): UsageError {
  return new UsageError(`baseline ${shown} is corrupt (${why}); restore it from version control, or delete it and re-create it with --update-baseline`);
}

function isStamp(v: unknown): boolean {
  return v === undefined || (typeof v === 'object' && v !== null && typeof (v as ModelStamp).id === 'string' && typeof (v as ModelStamp).contentHash === 'string');
}

/** Why a list of earlier cases is malformed, or undefined. */
export function earlierCasesProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'must be a list';
  const bad = value.findIndex((c) => typeof c !== 'object' || c === null || typeof c.original !== 'string' || typeof c.perturbed !== 'string' || (c.expected !== undefined && typeof c.expected !== 'string'));
  return bad >= 0 ? `case ${bad + 1} needs "original" and "perturbed" strings` : undefined;
}

/** Why a baseline entry is not one (`'malformed'` for a missing or mistyped field), or undefined when it is. */
export function baselineEntryProblem(entry: BaselineEntry): string | undefined {
  const ok =
    typeof entry === 'object' && entry !== null &&
    typeof entry.file === 'string' && typeof entry.suiteVersion === 'string' &&
    typeof entry.models === 'object' && entry.models !== null && isStamp(entry.models.pretrained) && isStamp(entry.models.finetuned) &&
    typeof entry.metrics === 'object' && entry.metrics !== null && Object.values(entry.metrics).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    typeof entry.specs === 'object' && entry.specs !== null &&
    (entry.definition === undefined || typeof entry.definition === 'string');
  if (!ok) return 'malformed';
  if (entry.cases !== undefined) {
    const problem = caseRecordsProblem(entry.cases);
    if (problem) return problem;
  }
  if (entry.failing !== undefined) {
    const problem = earlierCasesProblem(entry.failing);
    if (problem) return `"failing" ${problem}`;
  }
  return undefined;
}

/**
 * The baseline a run (or a merge of shards) compares with or updates, read before any slow work. A missing file is an
 * error unless `update` will create it; a corrupt one is an error unless `update` replaces it (said through `note`).
 */
export function openBaseline(file: string, shown: string, cwd: string, update: boolean, note: (line: string) => void): LoadedBaseline | undefined {
  let previous: LoadedBaseline | undefined;
  try {
    previous = readBaseline(file, cwd);
  } catch (err) {
    if (!update) throw err;
    note(`${(err as Error).message.split(';')[0]}; --update-baseline replaces it`);
  }
  if (!previous && !update && !existsSync(file)) throw new UsageError(`baseline ${shown} does not exist; create it with --update-baseline`);
  return previous;
}

/** Reads and validates a baseline file; anything unexpected is reported as corrupt, naming the file. */
export function readBaseline(file: string, cwd: string): LoadedBaseline | undefined {
  const shown = path.relative(cwd, file) || file;
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw corrupt(shown, `not valid JSON: ${(err as Error).message}`);
  }
  const b = data as Baseline;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw corrupt(shown, 'not a JSON object');
  const format = (b as { sesameBaseline: unknown }).sesameBaseline;
  if (format !== 1 && format !== BASELINE_FORMAT) throw corrupt(shown, `"sesameBaseline" must be 1 or ${BASELINE_FORMAT}`);
  if (typeof b.tests !== 'object' || b.tests === null || Array.isArray(b.tests)) throw corrupt(shown, '"tests" must be an object');
  for (const [id, entry] of Object.entries(b.tests)) {
    const problem = baselineEntryProblem(entry);
    if (problem) throw corrupt(shown, problem === 'malformed' ? `entry "${id}" is malformed` : `entry "${id}": ${problem}`);
  }
  if (format === 1) return { ...b, sesameBaseline: BASELINE_FORMAT, legacyFormat: 1 };
  return b;
}

const short = (hash: string) => hash.slice(0, 12);

/**
 * Why a test's baseline entry cannot be compared with this run's, or undefined when it can. Only what
 * changes the meaning of the numbers blocks: the suite's version, the test's definition, and — for probe
 * and attention tests, which measure the fine-tune against its pretrained model — another pretrained model.
 * Another fine-tuned model is the normal case, never a reason.
 */
export function notComparableReason(then: BaselineEntry, now: BaselineEntry): string | undefined {
  if (then.suiteVersion !== now.suiteVersion) return `suite version changed (${then.suiteVersion} → ${now.suiteVersion} in ${now.file})`;
  if (then.definition !== undefined && now.definition !== undefined && then.definition !== now.definition) return `test definition changed ("${then.definition}" → "${now.definition}")`;
  const kind = now.kind ?? then.kind;
  const a = then.models.pretrained;
  const b = now.models.pretrained;
  if ((kind === 'probe' || kind === 'attention') && a && b && a.contentHash !== b.contentHash) {
    return `a different pretrained model (${a.id} (${short(a.contentHash)}) → ${b.id} (${short(b.contentHash)})): ${kind} results compare the fine-tune with its pretrained model`;
  }
  return undefined;
}

/**
 * Metrics this run measured that the baseline has no value for, on tests both sides can compare: usually a
 * baseline written before a metric existed (e.g. `screenedSuccessRate`). They cannot gate, so the run says so.
 * Informational metrics (not made of the per-case records) are left out: they never gate anyway.
 */
export function metricsMissingFromBaseline(baseline: Baseline, current: Record<string, BaselineEntry>): Array<{ test: string; metric: string }> {
  const missing: Array<{ test: string; metric: string }> = [];
  for (const [id, entry] of Object.entries(current)) {
    const then = baseline.tests[id];
    if (!then || notComparableReason(then, entry)) continue;
    for (const [metric, value] of Object.entries(entry.metrics)) {
      if (!Number.isFinite(value) || typeof then.metrics[metric] === 'number') continue;
      if (entry.cases && !entry.cases.metrics[metric]) continue;
      missing.push({ test: id, metric });
    }
  }
  return missing;
}

export interface BaselineDeltas {
  deltas: MetricDelta[];
  notComparable: Array<{ test: string; reason: string }>;
}

/** Deltas of the run's metrics against the baseline, decided as one family; incomparable tests are listed apart. */
export function compareWithBaseline(baseline: Baseline, current: Record<string, BaselineEntry>): BaselineDeltas {
  const notComparable: BaselineDeltas['notComparable'] = [];
  const old = new Map<string, MetricSnapshot>();
  const now = new Map<string, MetricSnapshot>();
  for (const [id, entry] of Object.entries(current)) {
    const then = baseline.tests[id];
    if (!then) continue;
    const reason = notComparableReason(then, entry);
    if (reason) {
      notComparable.push({ test: id, reason });
      continue;
    }
    old.set(id, { metrics: then.metrics, specs: then.specs, ...(then.cases ? { cases: then.cases } : {}) });
    now.set(id, { metrics: entry.metrics, specs: entry.specs, ...(entry.cases ? { cases: entry.cases } : {}) });
  }
  return { deltas: metricDeltas(old, now), notComparable };
}

/**
 * Writes the baseline atomically. Entries of tests this run did not select (grep, shard) are kept
 * from the previous baseline, so updating part of a suite does not drop the rest.
 */
export function writeBaseline(file: string, previous: Baseline | undefined, current: Record<string, BaselineEntry>, run: { seed: number; numRuns?: number; createdAt: string }): Baseline {
  const tests: Record<string, BaselineEntry> = { ...(previous?.tests ?? {}), ...current };
  const sorted = Object.fromEntries(Object.keys(tests).sort().map((k) => [k, tests[k]]));
  const baseline: Baseline = { sesameBaseline: BASELINE_FORMAT, createdAt: run.createdAt, seed: run.seed, numRuns: run.numRuns, tests: sorted };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

/** The fine-tuned model most of the baseline's tests ran on (shown, never enforced). */
export function mainFinetuned(tests: Record<string, Pick<BaselineEntry, 'models'>>): ModelStamp | undefined {
  const counts = new Map<string, { stamp: ModelStamp; n: number }>();
  for (const e of Object.values(tests)) {
    const s = e.models.finetuned;
    if (!s) continue;
    const c = counts.get(s.contentHash) ?? { stamp: s, n: 0 };
    c.n++;
    counts.set(s.contentHash, c);
  }
  return [...counts.values()].sort((a, b) => b.n - a.n)[0]?.stamp;
}
