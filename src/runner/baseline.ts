import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { MetricDelta } from '../report/types.js';
import { writeFileAtomic } from '../report/write.js';
import { metricDeltas, type MetricSnapshot } from './deltas.js';
import type { MetricSpec } from './types.js';

export const BASELINE_FORMAT = 1;

/** The models a test ran on: id as the suite named it, and the content hash that identifies the weights. */
export interface ModelStamp {
  id: string;
  contentHash: string;
}

export interface BaselineEntry {
  file: string;
  suiteVersion: string;
  models: { pretrained?: ModelStamp; finetuned?: ModelStamp };
  metrics: Record<string, number>;
  specs: Record<string, MetricSpec>;
}

export interface Baseline {
  sesameBaseline: typeof BASELINE_FORMAT;
  createdAt: string;
  seed: number;
  tests: Record<string, BaselineEntry>;
}

function corrupt(shown: string, why: string): UsageError {
  return new UsageError(`baseline ${shown} is corrupt (${why}); restore it from version control, or delete it and re-create it with --update-baseline`);
}

function isStamp(v: unknown): boolean {
  return v === undefined || (typeof v === 'object' && v !== null && typeof (v as ModelStamp).id === 'string' && typeof (v as ModelStamp).contentHash === 'string');
}

/** Reads and validates a baseline file; anything unexpected is reported as corrupt, naming the file. */
export function readBaseline(file: string, cwd: string): Baseline | undefined {
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
  if (b.sesameBaseline !== BASELINE_FORMAT) throw corrupt(shown, `"sesameBaseline" must be ${BASELINE_FORMAT}`);
  if (typeof b.tests !== 'object' || b.tests === null || Array.isArray(b.tests)) throw corrupt(shown, '"tests" must be an object');
  for (const [id, entry] of Object.entries(b.tests)) {
    const ok =
      typeof entry === 'object' && entry !== null &&
      typeof entry.file === 'string' && typeof entry.suiteVersion === 'string' &&
      typeof entry.models === 'object' && entry.models !== null && isStamp(entry.models.pretrained) && isStamp(entry.models.finetuned) &&
      typeof entry.metrics === 'object' && entry.metrics !== null && Object.values(entry.metrics).every((v) => typeof v === 'number' && Number.isFinite(v)) &&
      typeof entry.specs === 'object' && entry.specs !== null;
    if (!ok) throw corrupt(shown, `entry "${id}" is malformed`);
  }
  return b;
}

const short = (hash: string) => hash.slice(0, 12);

/**
 * Refuses a baseline recorded with other models or another version of a suite, for every test the
 * run and the baseline share.
 */
export function checkCompatible(baseline: Baseline, current: Record<string, BaselineEntry>, shown: string): void {
  for (const [id, now] of Object.entries(current)) {
    const then = baseline.tests[id];
    if (!then) continue;
    if (then.suiteVersion !== now.suiteVersion) {
      throw new UsageError(
        `baseline ${shown} was made with version ${then.suiteVersion} of ${now.file}, this run has version ${now.suiteVersion}; re-create it with --update-baseline`,
      );
    }
    for (const role of ['pretrained', 'finetuned'] as const) {
      const a = then.models[role];
      const b = now.models[role];
      if (a && b && a.contentHash !== b.contentHash) {
        throw new UsageError(
          `baseline ${shown} was made with ${role} model ${a.id} (${short(a.contentHash)}), this run uses ${b.id} (${short(b.contentHash)}); ` +
            `compare runs of the same models, or re-create the baseline with --update-baseline`,
        );
      }
    }
  }
}

/** Deltas of the run's metrics against the baseline (tests absent from either side are left out). */
export function compareWithBaseline(baseline: Baseline, current: Record<string, BaselineEntry>): MetricDelta[] {
  const toMap = (tests: Record<string, BaselineEntry>) =>
    new Map<string, MetricSnapshot>(Object.entries(tests).map(([id, e]) => [id, { metrics: e.metrics, specs: e.specs }]));
  return metricDeltas(toMap(baseline.tests), toMap(current));
}

/**
 * Writes the baseline atomically. Entries of tests this run did not select (grep, shard) are kept
 * from the previous baseline, so updating part of a suite does not drop the rest.
 */
export function writeBaseline(file: string, previous: Baseline | undefined, current: Record<string, BaselineEntry>, seed: number, createdAt: string): Baseline {
  const tests: Record<string, BaselineEntry> = { ...(previous?.tests ?? {}), ...current };
  const sorted = Object.fromEntries(Object.keys(tests).sort().map((k) => [k, tests[k]]));
  const baseline: Baseline = { sesameBaseline: BASELINE_FORMAT, createdAt, seed, tests: sorted };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}
