import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig, resolveConfig } from '../../config/index.js';
import { isInteractive, TreeReporter, useColor } from '../../runner/output.js';
import { runSuites } from '../../runner/run.js';
import { COMMON, parseCommandArgs, threadsFlag, type Command, type OptionSpec } from '../command.js';
import { workerCount } from './run.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const usage = 'sesame demo [--report dir] [--workers n] [--threads n]';

const options = {
  report: { type: 'string', value: 'dir', description: 'folder for the reports', default: 'reports/demo in the current folder' },
  workers: { type: 'string', short: 'j', value: 'n', description: 'worker threads, by top-level suite block', default: '1' },
  threads: { ...COMMON.threads, default: 'one per physical core, shared among --workers' },
} satisfies Record<string, OptionSpec>;

export const demo: Command & { options: typeof options } = {
  name: 'demo',
  summary: 'Run the bundled suites on the fixture models and write reports/demo/ in the current folder (report.json, report.html, report.md)',
  usage,
  options,
  examples: [
    'sesame demo',
    'sesame demo --report /tmp/demo',
  ],
  async run(argv) {
    const { values } = parseCommandArgs(demo, argv);
    const config = resolveConfig(await readConfig(REPO), REPO);
    if (values.threads !== undefined) config.threads = threadsFlag(values.threads);
    // Into the caller's folder (from a user project REPO is node_modules/sesame, which is no place for output).
    const reportDir = path.resolve(process.cwd(), values.report ?? path.join('reports', 'demo'));
    const reporter = new TreeReporter({ out: process.stdout, err: process.stderr, live: isInteractive(process.stderr), color: useColor(process.stdout) });
    const result = await runSuites({
      cwd: REPO,
      inputs: [path.join(REPO, 'suites')],
      config,
      cliModels: {},
      reportDir,
      updateBaseline: false,
      command: ['sesame', 'demo', ...argv].join(' '),
      reporter,
      workers: workerCount(values.workers),
    });
    const shown = (f: string) => path.relative(process.cwd(), f) || f;
    console.log(`  reports: ${[result.reportFile!, ...result.otherFiles].map(shown).join(', ')}`);
    const { failed } = result.report.summary;
    if (failed > 0) {
      console.log(
        `\n  The ${failed} failing test${failed === 1 ? '' : 's'} are real weaknesses of the small fixture models, not errors of the demo.` +
          '\n  `npx sesame run suites` exits 1 on them, as a CI gate would; the demo exits 0 because it ran to the end.',
      );
    }
    return 0;
  },
};
