import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { validateReport } from '../../report/index.js';
import { didYouMean } from '../../suggest.js';
import type { MetricDelta, SesameReport, TestResult } from '../../report/types.js';
import { DEFAULT_SPEC, metricDeltas, snapshotsOf, type MetricSnapshot } from '../../runner/deltas.js';
import { fmt } from '../../runner/output.js';
import { outcomeText, shortDate } from '../../runner/baseline-gate.js';
import { methodText, pValueText } from '../../report/statistic-text.js';
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
  // The whole schema, so a hand-edited or truncated report is one line naming the field, not an internal error.
  return validateReport(data, file);
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

/** Why a test's old result cannot be compared with its new one (another suite version or definition), or undefined. */
function notComparable(a: TestResult, b: TestResult): string | undefined {
  if (a.suiteVersion !== undefined && b.suiteVersion !== undefined && a.suiteVersion !== b.suiteVersion) return `suite version changed (${a.suiteVersion} → ${b.suiteVersion} in ${b.file})`;
  if (a.definition !== undefined && b.definition !== undefined && a.definition !== b.definition) return `test definition changed ("${a.definition}" → "${b.definition}")`;
  return undefined;
}

/** What makes the two runs differ in how they can be compared: seeds, sampling, suite versions. */
export function comparisonWarnings(old: SesameReport, now: SesameReport, incomparable: Array<{ test: string; reason: string }>): string[] {
  const warnings: string[] = [];
  if (old.run.seed !== now.run.seed) warnings.push(`seeds differ (old report ${old.run.seed}, new report ${now.run.seed}): generated cases differ, so they are compared unpaired (clustered by sentence)`);
  if (old.run.numRuns !== undefined && now.run.numRuns !== undefined && old.run.numRuns !== now.run.numRuns) {
    warnings.push(`sampling differs: numRuns ${old.run.numRuns} in the old report, ${now.run.numRuns} in the new one, so property tests drew different cases`);
  }
  const versions = incomparable.filter((n) => n.reason.startsWith('suite version')).length;
  if (versions) warnings.push(`suite versions differ for ${versions} test${versions === 1 ? '' : 's'}: not compared`);
  return warnings;
}

/** Deltas of every shared metric decided as one family, with tolerance overrides applied, plus tests that went from passing to failing. */
export function compareReports(old: SesameReport, now: SesameReport, tolerances: Record<string, number> = {}) {
  const oldById = new Map(old.tests.map((t) => [t.id, t]));
  const incomparable = now.tests.flatMap((t) => {
    const o = oldById.get(t.id);
    const reason = o && notComparable(o, t);
    return reason ? [{ test: t.id, reason }] : [];
  });
  const skip = new Set(incomparable.map((n) => n.test));
  const comparable = (tests: TestResult[]) => tests.filter((t) => !skip.has(t.id));
  const deltas = metricDeltas(withTolerances(snapshotsOf(comparable(old.tests)), tolerances), withTolerances(snapshotsOf(comparable(now.tests)), tolerances));
  const before = new Map(old.tests.map((t) => [t.id, t.status]));
  const newlyFailing = now.tests.filter((t) => t.status === 'failed' && before.get(t.id) === 'passed').map((t) => t.id);
  const onlyOld = old.tests.filter((t) => !now.tests.some((n) => n.id === t.id)).map((t) => t.id);
  const onlyNew = now.tests.filter((t) => !before.has(t.id)).map((t) => t.id);
  const warnings = comparisonWarnings(old, now, incomparable);
  const stamp = (r: SesameReport) => (r.models.finetuned ? `${r.models.finetuned.id} (${r.models.finetuned.contentHash.replace(/^[a-z0-9]+:/i, '').slice(0, 12)})` : 'no fine-tuned model');
  const line = `old report: fine-tune ${stamp(old)}, ${shortDate(old.createdAt)}, seed ${old.run.seed}; new report: ${stamp(now)}, seed ${now.run.seed} — ${outcomeText({ deltas, notComparable: incomparable })}`;
  return { deltas, newlyFailing, onlyOld, onlyNew, notComparable: incomparable, warnings, line };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => (c >= 2 && c <= 7 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ')}`.trimEnd()).join('\n');
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
    const { deltas, newlyFailing, onlyOld, onlyNew, notComparable: incomparable, warnings, line } = compareReports(old, now, tolerances);
    const count = (v: MetricDelta['verdict']) => deltas.filter((d) => d.verdict === v && d.gating !== false).length;
    const regressed = count('regressed') + newlyFailing.length;

    if (values.json) {
      for (const w of warnings) console.error(`sesame compare: warning: ${w}`);
      console.log(JSON.stringify({ old: oldFile, new: newFile, line, warnings, notComparable: incomparable, deltas, newlyFailing, onlyOld, onlyNew, regressions: regressed }, null, 2));
      return regressed > 0 ? 1 : 0;
    }
    console.log(`\n  old: ${oldFile} (${modelLine(old)})\n  new: ${newFile} (${modelLine(now)})\n`);
    for (const w of warnings) console.log(`  warning: ${w}`);
    for (const n of incomparable) console.log(`  not comparable: ${n.test}: ${n.reason}`);
    if (warnings.length || incomparable.length) console.log('');
    if (deltas.length === 0) {
      console.log('  the two reports share no metrics (no test ran in both)');
    } else {
      const order = { regressed: 0, improved: 1, unchanged: 2 } as const;
      const sorted = [...deltas].sort((a, b) => order[a.verdict] - order[b.verdict] || a.test.localeCompare(b.test));
      const rows = [['test', 'metric', 'old', 'new', 'Δ', 'effect 95% CI', 'p (Holm)', 'min effect', 'test', 'verdict']];
      for (const d of sorted) {
        const s = d.significance;
        rows.push([
          d.test, d.metric, fmt(d.baseline), fmt(d.current), signed(d.delta),
          s ? `[${signed(Number(s.ci95[0].toFixed(4)))}, ${signed(Number(s.ci95[1].toFixed(4)))}]` : '–',
          s ? `${pValueText(s.pValue)} (${pValueText(s.adjustedPValue)})` : '–',
          fmt(d.tolerance),
          s ? methodText(s) : d.gating === false ? 'informational' : 'size only',
          `${d.verdict} (${d.better} is better)`,
        ]);
      }
      console.log(table(rows));
    }
    for (const id of newlyFailing) console.log(`  now failing (passed before): ${id}`);
    if (onlyOld.length) console.log(`  only in old: ${onlyOld.length} test(s)`);
    if (onlyNew.length) console.log(`  only in new: ${onlyNew.length} test(s)`);
    console.log(`\n  ${count('improved')} improved, ${count('regressed')} regressed, ${count('unchanged')} unchanged${newlyFailing.length ? `, ${newlyFailing.length} newly failing` : ''}`);
    console.log(`  ${line}`);
    return regressed > 0 ? 1 : 0;
  },
};
