import { createHash } from 'node:crypto';
import type { CaseMetricKind, CaseRecords, EarlierCase } from '../report/types.js';

/** One judged case as a check saw it: its input and how it came out. */
export interface JudgedCase {
  /** The source sentence (its cluster). */
  original: string;
  /** The text the model judged ('' when only `original` was judged, e.g. an attacked example). */
  perturbed: string;
  expected?: string;
  outcome: 'pass' | 'fail' | 'skip';
}

const ID_CHARS = 10;
const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, ID_CHARS);

/** The id of a case's input: the same original, perturbed text and expected label give the same id. */
export const caseId = (c: Pick<JudgedCase, 'original' | 'perturbed' | 'expected'>) => hash(`${c.original}\u0000${c.perturbed}\u0000${c.expected ?? ''}`);
/** The id of a case's cluster: its source sentence. */
export const clusterId = (original: string) => hash(original);

const OUTCOME_CHAR = { pass: '1', fail: '0', skip: '-' } as const;

/** The compact per-case records of `cases`, making up `metrics`. */
export function buildCaseRecords(cases: readonly JudgedCase[], metrics: Record<string, CaseMetricKind>): CaseRecords {
  return {
    ids: cases.map(caseId).join(' '),
    clusters: cases.map((c) => clusterId(c.original)).join(' '),
    outcomes: cases.map((c) => OUTCOME_CHAR[c.outcome]).join(''),
    metrics: { ...metrics },
  };
}

/** At most this many earlier failures are kept per test: enough to re-check, small enough for a baseline in git. */
export const MAX_EARLIER = 200;

/** The failing cases among `cases`, each input once, for the baseline's "yesterday's attacks". */
export function failingCases(cases: readonly JudgedCase[]): EarlierCase[] {
  const seen = new Set<string>();
  const out: EarlierCase[] = [];
  for (const c of cases) {
    if (c.outcome !== 'fail') continue;
    const key = caseId(c);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ original: c.original, perturbed: c.perturbed, ...(c.expected !== undefined ? { expected: c.expected } : {}) });
    if (out.length >= MAX_EARLIER) break;
  }
  return out;
}

const KINDS: readonly CaseMetricKind[] = ['pass/judged', 'fail/judged', 'pass/all'];

/** Why `value` is not a valid CaseRecords, or undefined when it is. */
export function caseRecordsProblem(value: unknown): string | undefined {
  const r = value as CaseRecords;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'case records must be an object';
  if (typeof r.ids !== 'string' || typeof r.clusters !== 'string' || typeof r.outcomes !== 'string') return 'case records need "ids", "clusters" and "outcomes" strings';
  if (!/^[01-]*$/.test(r.outcomes)) return 'case outcomes may only hold 1, 0 and -';
  const n = r.outcomes.length;
  const split = (s: string) => (s === '' ? [] : s.split(' '));
  const ids = split(r.ids);
  const clusters = split(r.clusters);
  const hex = new RegExp(`^[0-9a-f]{${ID_CHARS}}$`);
  if (ids.length !== n || clusters.length !== n) return `case records hold ${n} outcomes but ${ids.length} ids and ${clusters.length} clusters`;
  if (!ids.every((x) => hex.test(x)) || !clusters.every((x) => hex.test(x))) return `case ids and clusters must be ${ID_CHARS}-digit hex`;
  if (typeof r.metrics !== 'object' || r.metrics === null || Array.isArray(r.metrics)) return 'case records need a "metrics" object';
  for (const [name, kind] of Object.entries(r.metrics)) if (!KINDS.includes(kind)) return `case metric "${name}" has unknown kind "${String(kind)}"`;
  return undefined;
}

/** The cases behind one metric: their ids, clusters and pass (1) / fail (0) outcomes. */
export interface MetricCases {
  ids: string[];
  clusters: string[];
  passes: number[];
}

/**
 * The cases a metric of `kind` is computed over: judged cases for `…/judged`, every case for `pass/all`
 * (where a case not judged counts as not passing, like an example the model got wrong before any attack).
 */
export function casesOfMetric(records: CaseRecords, kind: CaseMetricKind): MetricCases {
  const ids = records.ids === '' ? [] : records.ids.split(' ');
  const clusters = records.clusters === '' ? [] : records.clusters.split(' ');
  const out: MetricCases = { ids: [], clusters: [], passes: [] };
  for (let i = 0; i < records.outcomes.length; i++) {
    const o = records.outcomes[i];
    if (o === '-' && kind !== 'pass/all') continue;
    out.ids.push(ids[i]);
    out.clusters.push(clusters[i]);
    out.passes.push(o === '1' ? 1 : 0);
  }
  return out;
}

/** The metric's value as the records make it up (NaN with no cases). */
export function metricFromCases(cases: MetricCases, kind: CaseMetricKind): number {
  if (cases.passes.length === 0) return NaN;
  const passRate = cases.passes.reduce((s, y) => s + y, 0) / cases.passes.length;
  return kind === 'fail/judged' ? 1 - passRate : passRate;
}
