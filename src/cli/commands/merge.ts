import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { validateReport, writeReports } from '../../report/index.js';
import { readConfig, resolveConfig } from '../../config/index.js';
import { baselineFileOf, openRunBaseline, settleBaseline, type BaselineRequest } from '../../runner/baseline-step.js';
import { mergeShardReports, shardBaselineEntries, shardFixedCases, type ShardReport } from '../../runner/merge-shards.js';
import { summaryLine } from '../../runner/output.js';
import { parseCommandArgs, type Command, type OptionSpec } from '../command.js';

const usage = 'sesame merge <shard report.json | folder ...> --report <dir> [--baseline <file>] [--update-baseline] [--pin] [--config file]';

/**
 * The report.json files an argument names: the file itself, a folder's report.json, or the report.json of each
 * folder inside it (how CI artifacts download: one folder per shard job).
 */
export function findShardReports(input: string, cwd: string): string[] {
  const full = path.resolve(cwd, input);
  if (!existsSync(full)) throw new UsageError(`${input} does not exist; pass the report.json of each shard job, or the folders holding them`);
  if (!statSync(full).isDirectory()) return [full];
  const own = path.join(full, 'report.json');
  if (existsSync(own)) return [own];
  const nested = readdirSync(full, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(full, e.name, 'report.json'))
    .filter((f) => existsSync(f))
    .sort();
  if (nested.length === 0) throw new UsageError(`${input} holds no report.json, neither directly nor in a folder inside it; pass the shard jobs' report folders`);
  return nested;
}

function readShard(file: string, shown: string): ShardReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${shown} is not valid JSON (${(err as Error).message.split('\n')[0]}); pass the report.json a \`sesame run --shard i/n\` job wrote`);
  }
  try {
    return { file: shown, report: validateReport(json, shown) };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

const options = {
  report: { type: 'string', value: 'dir', description: 'folder for the merged report.json, report.html and report.md', required: true },
  baseline: { type: 'string', value: 'file', description: 'the baseline file --update-baseline writes and --pin pins beside (the shards compared with the one they were run with)', default: 'sesame.config\'s "baseline"' },
  'update-baseline': { type: 'boolean', description: 'write the whole run as the new baseline (never done otherwise); like `sesame run --update-baseline`, the run is then not compared with the file it replaces' },
  pin: { type: 'boolean', description: 'keep earlier counterexamples the model now gets right as permanent cases (<baseline>.pins.json)', default: 'sesame.config\'s "pin", else off' },
  config: { type: 'string', value: 'file', description: 'config file', default: 'sesame.config.ts or .json in the current folder' },
} satisfies Record<string, OptionSpec>;

export const merge: Command & { options: typeof options } = {
  name: 'merge',
  summary: 'Merge the reports of `sesame run --shard i/n` jobs into the report of the whole run; exit 0 all passed, 1 failed, regressed or partial, 2 bad input',
  usage,
  options,
  examples: [
    'sesame merge shard-1/report.json shard-2/report.json shard-3/report.json --report reports/merged',
    'sesame merge all-shards/ --report reports/merged',
    'sesame merge all-shards/ --report reports/merged --baseline ci/baseline.json --update-baseline',
  ],
  notes: [
    {
      title: 'Inputs',
      lines: [
        'Each argument is a report.json, a folder holding one, or a folder of such folders (downloaded CI artifacts).',
        'Every shard 1..n of one run must be there exactly once, all with the same seed, suites, --grep, models and baseline.',
        'With --update-baseline the whole run becomes the baseline (--baseline <file>, else sesame.config\'s "baseline"), as',
        '`sesame run --update-baseline` would write it (entries of tests the run did not select are kept; the shards\' comparison',
        'is left out of the merged report and cannot fail it); --pin pins what the shards\' model now gets right, as `sesame run --pin`.',
        'A run a shard of which was interrupted is never a baseline and pins nothing.',
      ],
    },
  ],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(merge, argv);
    if (!values.report) throw new UsageError(`--report <dir> is required: where the merged report goes. Usage: ${usage}`);
    if (positionals.length === 0) throw new UsageError(`no shard reports given. Usage: ${usage}`);
    const cwd = process.cwd();
    const config = resolveConfig(await readConfig(cwd, values.config), cwd);
    const request: BaselineRequest = { flag: values.baseline, configured: config.baseline, update: Boolean(values['update-baseline']), pin: Boolean(values.pin || config.pin) };
    if (values.baseline !== undefined && !request.update && !request.pin) {
      throw new UsageError(`--baseline ${values.baseline} without --update-baseline or --pin: merge compares with the baseline the shards were run with; add --update-baseline to write the whole run to ${values.baseline}`);
    }
    baselineFileOf(request);
    const files = positionals.flatMap((p) => findShardReports(p, cwd));
    const shown = (f: string) => path.relative(cwd, f) || f;
    const outDir = path.resolve(cwd, values.report);
    const clash = files.find((f) => path.dirname(f) === outDir);
    if (clash) throw new UsageError(`--report ${values.report} holds the shard report ${shown(clash)}; write the merged report to another folder`);
    const shards = files.map((f) => readShard(f, shown(f)));
    const report = mergeShardReports(shards, ['sesame', 'merge', ...argv].join(' '));
    // Everything that can refuse the merge is checked before anything is written.
    const entries = request.update ? shardBaselineEntries(shards) : {};
    const fixed = request.pin ? shardFixedCases(shards) : {};
    const note = (line: string) => console.log(`  ${line}`);
    const baseline = request.update || request.pin ? openRunBaseline(cwd, request, note) : undefined;
    if (baseline?.update) {
      // as `sesame run --update-baseline`: the run replaces the baseline, it is not judged against it
      delete report.baseline;
      report.summary.regressions = 0;
    }
    const written = writeReports(report, outDir);

    const { count } = shards[0].report.run.shard!;
    console.log(`  merged ${count} shard${count === 1 ? '' : 's'} of ${report.tests.length + (report.interrupted?.notRun.length ?? 0)} planned tests`);
    for (const t of report.tests.filter((x) => x.status === 'failed')) console.log(`  ✗ ${t.id}\n      ${t.reason}`);
    if (report.baseline) {
      const regressed = report.baseline.deltas.filter((d) => d.verdict === 'regressed');
      console.log(`  baseline ${report.baseline.file}: ${regressed.length ? `${regressed.length} metric${regressed.length === 1 ? '' : 's'} regressed (${regressed.map((d) => `${d.test} › ${d.metric}`).join('; ')})` : 'no regressions'}`);
    }
    if (report.interrupted) console.log(`  partial: ${report.interrupted.notRun.length} tests did not run (a shard was interrupted)`);
    if (baseline) {
      const run = { seed: report.run.seed, ...(report.run.numRuns !== undefined ? { numRuns: report.run.numRuns } : {}), createdAt: report.createdAt };
      settleBaseline(cwd, baseline, { ...(report.interrupted ? { partial: 'a shard was interrupted' } : {}), entries, fixed, run }, note);
    }
    console.log(`  ${summaryLine(report.summary)}`);
    console.log(`  report: ${written.map(shown).join(', ')}`);
    return report.summary.failed > 0 || report.summary.regressions > 0 || report.interrupted ? 1 : 0;
  },
};
