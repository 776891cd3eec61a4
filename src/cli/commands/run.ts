import { progressTo, useProgress } from '../../progress.js';
import { availableParallelism } from 'node:os';
import { readConfig, resolveConfig } from '../../config/index.js';
import { UsageError } from '../../errors.js';
import { baselineFileOf } from '../../runner/baseline-step.js';
import { isInteractive, TreeReporter, useColor } from '../../runner/output.js';
import { parseShard } from '../../runner/plan.js';
import { planRun, runSuites } from '../../runner/run.js';
import { COMMON, numberFlag, parseCommandArgs, precisionFlag, deviceFlag, threadsFlag, type Command, type OptionSpec } from '../command.js';

const usage =
  'sesame run [files or folders] [--pretrained m] [--finetuned m] [--grep pattern] [--seed n] [--report dir] ' +
  '[--baseline file] [--update-baseline] [--pin] [--shard i/n] [--replay seed:path] [--workers n] [--threads n] [--num-runs n] [--precision fp32|q8] [--device cpu|cuda] [--config file] [--no-cache] [--dry-run] [--json]';

/**
 * `--workers n` spreads tests over worker threads by top-level suite block. Default 1: a forward pass already uses
 * one thread per physical core, and on a 2-core machine two workers ran the demo slower (58–69 s vs 44–63 s cached,
 * measured side by side); it pays off where cores outnumber what one pass can use. Each worker's models get
 * cores / n threads unless --threads or the config says otherwise (runSuites).
 */
export function workerCount(value: string | undefined): number {
  const n = numberFlag('workers', value, 1, 1, Math.max(64, availableParallelism()));
  if (!Number.isInteger(n)) throw new UsageError(`--workers must be a whole number, got "${value}"`);
  return n;
}

const options = {
  pretrained: { type: 'string', value: 'model', description: 'pretrained model for suites that declare none (folder, or hub id with a config)', default: 'the suite\'s or sesame.config\'s' },
  finetuned: { type: 'string', value: 'model', description: 'fine-tuned model, overriding the suite\'s and the config\'s', default: 'the suite\'s or sesame.config\'s' },
  grep: { type: 'string', short: 'g', value: 'pattern', description: 'run only tests whose full title contains the pattern' },
  seed: { type: 'string', value: 'n', description: 'seed of every generated case (same seed, same cases)', default: 'sesame.config\'s, else 1' },
  report: { type: 'string', value: 'dir', description: 'folder for report.json, report.html and report.md', default: 'reports/latest' },
  baseline: { type: 'string', value: 'file', description: 'report.json or baseline file to compare metrics with; exit 1 on a regression' },
  'update-baseline': { type: 'boolean', description: 'write this run as the new baseline (never done otherwise)' },
  pin: { type: 'boolean', description: 'keep earlier counterexamples the model now gets right as permanent cases (<baseline>.pins.json)', default: 'sesame.config\'s "pin", else off' },
  shard: { type: 'string', value: 'i/n', description: 'run only the i-th of n parts of the tests (for CI machines)' },
  replay: { type: 'string', value: 'seed:path', description: 'replay one counterexample a failure printed' },
  workers: { type: 'string', short: 'j', value: 'n', description: 'worker threads, by top-level suite block', default: '1' },
  threads: { ...COMMON.threads, default: 'sesame.config\'s "threads", else one per physical core, shared among --workers' },
  'num-runs': { type: 'string', value: 'n', description: 'generated cases per property check', default: '100' },
  precision: COMMON.precision,
  device: COMMON.device,
  config: { type: 'string', value: 'file', description: 'config file', default: 'sesame.config.ts or .json in the current folder' },
  'no-cache': COMMON.noCache,
  'dry-run': { type: 'boolean', description: 'list the tests that would run, without loading a model' },
  json: { type: 'boolean', description: 'print report.json on stdout (the test tree goes to stderr)' },
} satisfies Record<string, OptionSpec>;

export const run: Command & { options: typeof options } = {
  name: 'run',
  summary: 'Run robustness suites (*.suite.ts) against a model pair; exit 0 all passed, 1 failed or regressed, 2 bad input',
  usage,
  options,
  examples: [
    'sesame run suites/sentiment.suite.ts --report reports/sentiment',
    'sesame run suites --finetuned models/my-finetune --baseline ci/baseline.json',
    'sesame run suites --grep typos --seed 7 --num-runs 500',
  ],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(run, argv);
    const cwd = process.cwd();
    const config = resolveConfig(await readConfig(cwd, values.config), cwd);
    if (values.seed !== undefined) config.seed = numberFlag('seed', values.seed, 0, 0, 2 ** 31 - 1);
    if (!Number.isInteger(config.seed)) throw new UsageError(`--seed must be an integer, got "${values.seed}"`);
    if (values['num-runs'] !== undefined) {
      config.numRuns = numberFlag('num-runs', values['num-runs'], config.numRuns, 1, 1e6);
      if (!Number.isInteger(config.numRuns)) throw new UsageError(`--num-runs must be an integer, got "${values['num-runs']}"`);
    }
    if (values.precision !== undefined) {
      config.precision = precisionFlag(values.precision);
    }
    if (values.device !== undefined) config.device = deviceFlag(values.device);
    if (values.threads !== undefined) config.threads = threadsFlag(values.threads);
    if (values['no-cache']) config.cacheDir = false;
    if (values.pin) config.pin = true;
    baselineFileOf({ flag: values.baseline, configured: config.baseline, update: Boolean(values['update-baseline']), pin: Boolean(config.pin) });
    if (values.grep !== undefined && values.grep === '') throw new UsageError('--grep needs a non-empty pattern');

    const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
    if (values['dry-run']) {
      // Like mocha --dry-run: what would run, without loading a model.
      const { selected } = await planRun({ cwd, inputs: positionals, config, grep: values.grep, shard, replay: values.replay });
      for (const t of selected) console.log(`${t.file}: ${t.id}${t.skipReason ? ` (skipped: ${t.skipReason})` : ''}`);
      console.log(`${selected.length} test${selected.length === 1 ? '' : 's'} selected`);
      return 0;
    }

    const json = Boolean(values.json);
    // With --json, stdout carries the report only; the tree goes to stderr.
    const out = json ? process.stderr : process.stdout;
    const reporter = new TreeReporter({ out, err: process.stderr, live: isInteractive(process.stderr), color: useColor(out) });
    // the tree owns the live line: long steps inside a test (extraction, probe layers, attacks) fill its bar
    useProgress(progressTo((done, total) => reporter.progress(done, total)));
    const workers = workerCount(values.workers);
    const stop = new AbortController();
    // First Ctrl-C (or SIGTERM from CI): finish the current check, write a partial report. Second: quit at once.
    const onSignal = (signal: NodeJS.Signals) => {
      if (stop.signal.aborted) {
        process.stderr.write(`\ninterrupted again (${signal}): quitting without a report\n`);
        process.exit(130);
      }
      reporter.step(`interrupted (${signal}): stopping after the current check; press Ctrl-C again to quit at once`);
      stop.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const result = await runSuites({
      cwd,
      inputs: positionals,
      config,
      cliModels: { pretrained: values.pretrained, finetuned: values.finetuned },
      grep: values.grep,
      shard,
      replay: values.replay,
      reportDir: values.report ?? config.report,
      baseline: values.baseline,
      updateBaseline: Boolean(values['update-baseline']),
      command: ['sesame', 'run', ...argv].join(' '),
      reporter,
      workers,
      stop: stop.signal,
    }).finally(() => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    });
    if (json) process.stdout.write(`${JSON.stringify(result.report, null, 2)}\n`);
    else if (result.reportFile) {
      const files = [result.reportFile, ...result.otherFiles].map((f) => f.replace(`${cwd}/`, ''));
      console.log(`  report: ${files.join(', ')}`);
    }
    return result.exitCode;
  },
};
