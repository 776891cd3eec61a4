import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { didYouMean } from '../../suggest.js';
import type { MetricDelta, SesameReport } from '../../report/types.js';
import { DEFAULT_SPEC, metricDeltas, snapshotsOf, type MetricSnapshot } from '../../runner/deltas.js';
import { fmt } from '../../runner/output.js';
import { parseCommandArgs, type Command, type OptionSpec } from '../command.js';

const usage = 'sesame compare <old/report.json> <new/report.json> [--tolerance metric=value ...] [--json]';

function readReport(file: string): SesameReport {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`report "${file}" does not exist`);
    throw new UsageError(`report "${file}" is not valid JSON: ${(err as Error).message}`);
  }
  const r = data as SesameReport;
  if (typeof r !== 'object' || r === null || !Array.isArray(r.tests) || typeof r.schemaVersion !== 'number') {
    throw new UsageError(`"${file}" is not a Sesame report.json (no schemaVersion / tests); pass the report.json a \`sesame run\` wrote`);
  }
  return r;
}

function parseTolerances(values: string[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values ?? []) {
    const m = v.match(/^([^=]+)=(.+)$/);
    const n = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(n) || n < 0) throw new UsageError(`--tolerance must be metric=value with a non-negative value, got "${v}"`);
    out[m[1]] = n;
  }
  return out;
}

/** The snapshots with `--tolerance` overrides applied to their specs (before the deltas are decided as one family). */
function withTolerances(snapshots: Map<string, MetricSnapshot>, tolerances: Record<string, number>): Map<string, MetricSnapshot> {
  if (Object.keys(tolerances).length === 0) return snapshots;
  const out = new Map<string, MetricSnapshot>();
  for (const [id, s] of snapshots) {
    const specs = Object.fromEntries(Object.keys(s.metrics).map((m) => {
      const spec = s.specs?.[m] ?? DEFAULT_SPEC;
      return [m, tolerances[m] !== undefined ? { ...spec, tolerance: tolerances[m] } : spec];
    }));
    out.set(id, { ...s, specs });
  }
  return out;
}

/** Deltas of every shared metric, with tolerance overrides applied, plus tests that went from passing to failing. */
export function compareReports(old: SesameReport, now: SesameReport, tolerances: Record<string, number> = {}) {
  const deltas = metricDeltas(withTolerances(snapshotsOf(old.tests), tolerances), withTolerances(snapshotsOf(now.tests), tolerances));
  const before = new Map(old.tests.map((t) => [t.id, t.status]));
  const newlyFailing = now.tests.filter((t) => t.status === 'failed' && before.get(t.id) === 'passed').map((t) => t.id);
  const onlyOld = old.tests.filter((t) => !now.tests.some((n) => n.id === t.id)).map((t) => t.id);
  const onlyNew = now.tests.filter((t) => !before.has(t.id)).map((t) => t.id);
  return { deltas, newlyFailing, onlyOld, onlyNew };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c >= 2 && c <= 5 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')}`.trimEnd()).join('\n');
}

const signed = (n: number) => `${n > 0 ? '+' : ''}${fmt(n)}`;

function modelLine(r: SesameReport): string {
  const m = r.models;
  return [m.pretrained && `pretrained ${m.pretrained.id}`, m.finetuned && `finetuned ${m.finetuned.id}`].filter(Boolean).join(', ') || 'no models';
}

const options = {
  tolerance: { type: 'string', multiple: true, value: 'metric=value', description: 'allowed change of a metric before it counts as regressed (repeatable)', default: "each metric's own, e.g. passRate ±0.02" },
  json: { type: 'boolean', description: 'print the deltas as JSON' },
} satisfies Record<string, OptionSpec>;

export const compare: Command & { options: typeof options } = {
  name: 'compare',
  summary: 'Table of metric deltas between two report.json files; exit 1 when a metric regressed beyond its tolerance',
  usage,
  options,
  examples: [
    'sesame compare reports/old/report.json reports/new/report.json',
    'sesame compare old.json new.json --tolerance passRate=0.05 --tolerance maxJsd=0.1',
  ],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(compare, argv);
    if (positionals.length !== 2) throw new UsageError(`compare needs exactly two report.json files, got ${positionals.length}. Usage: ${usage}`);
    const [oldFile, newFile] = positionals;
    const old = readReport(oldFile);
    const now = readReport(newFile);
    const tolerances = parseTolerances(values.tolerance);
    const measured = new Set([...old.tests, ...now.tests].flatMap((t) => Object.keys(t.metrics ?? {})));
    for (const metric of Object.keys(tolerances)) {
      if (!measured.has(metric)) {
        throw new UsageError(`--tolerance ${metric}: neither report measures a metric "${metric}"${didYouMean(metric, measured)} (measured: ${[...measured].sort().join(', ') || 'none'})`);
      }
    }
    const { deltas, newlyFailing, onlyOld, onlyNew } = compareReports(old, now, tolerances);
    const count = (v: MetricDelta['verdict']) => deltas.filter((d) => d.verdict === v).length;
    const regressed = count('regressed') + newlyFailing.length;

    if (values.json) {
      console.log(JSON.stringify({ old: oldFile, new: newFile, deltas, newlyFailing, onlyOld, onlyNew, regressions: regressed }, null, 2));
      return regressed > 0 ? 1 : 0;
    }
    console.log(`\n  old: ${oldFile} (${modelLine(old)})\n  new: ${newFile} (${modelLine(now)})\n`);
    if (deltas.length === 0) {
      console.log('  the two reports share no metrics (no test ran in both)');
    } else {
      const order = { regressed: 0, improved: 1, unchanged: 2 } as const;
      const sorted = [...deltas].sort((a, b) => order[a.verdict] - order[b.verdict] || a.test.localeCompare(b.test));
      const rows = [['test', 'metric', 'old', 'new', 'Δ', 'tolerance', 'verdict']];
      for (const d of sorted) rows.push([d.test, d.metric, fmt(d.baseline), fmt(d.current), signed(d.delta), `±${fmt(d.tolerance)}`, `${d.verdict} (${d.better} is better)`]);
      console.log(table(rows));
    }
    for (const id of newlyFailing) console.log(`  now failing (passed before): ${id}`);
    if (onlyOld.length) console.log(`  only in old: ${onlyOld.length} test(s)`);
    if (onlyNew.length) console.log(`  only in new: ${onlyNew.length} test(s)`);
    console.log(`\n  ${count('improved')} improved, ${count('regressed')} regressed, ${count('unchanged')} unchanged${newlyFailing.length ? `, ${newlyFailing.length} newly failing` : ''}`);
    return regressed > 0 ? 1 : 0;
  },
};
