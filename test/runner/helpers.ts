import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { DEFAULTS } from '../../src/config/index.js';
import { TreeReporter } from '../../src/runner/output.js';
import { runSuites, type RunOptions } from '../../src/runner/run.js';
import type { RunnerConfig } from '../../src/runner/types.js';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(REPO, 'test', 'runner', 'fixtures');
export const RUNNER_API = pathToFileURL(path.join(REPO, 'src', 'runner', 'index.ts')).href;

/** A string sink standing in for stdout/stderr. */
export function sink() {
  let text = '';
  return { write: (s: string) => ((text += s), true), get text() { return text; } };
}

/** Runs suites in this process with output captured; returns the run result and the printed tree. */
export async function runInProcess(options: Partial<Omit<RunOptions, 'config'>> & { config?: Partial<RunnerConfig> }) {
  const out = sink();
  const err = sink();
  const reporter = new TreeReporter({ out, err, live: false, color: false });
  const result = await runSuites({
    cwd: REPO,
    inputs: [],
    cliModels: {},
    updateBaseline: false,
    command: 'sesame run (test)',
    reporter,
    ...options,
    config: { ...DEFAULTS, ...options.config },
  });
  return { ...result, out: out.text, err: err.text };
}

/** A temp folder (ESM) with suite files whose bodies import the runner API by absolute URL. */
export function tempSuites(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sesame-runner-'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body.replaceAll('RUNNER_API', RUNNER_API));
  return dir;
}

/** Spawns the real CLI (only where an exit code must be checked). */
export function cli(args: string[], cwd = REPO) {
  const res = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Runs `fn` with these environment variables set, and restores them afterwards (the fixture suites read them). */
export async function withEnv<T>(env: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

/**
 * Suite source (for `tempSuites`) of custom robustness checks whose "model" is the SESAME_RIGHT environment variable:
 * the comma-separated inputs it gets right. `check(inputs)` is in scope for `body`; the runner's baseline machinery
 * (failures stored with the baseline, judged again, pinned) is the same for every check, so this stands in for a model.
 */
export function envModelSuite(body: string): string {
  return `import { it, suite, buildCaseRecords } from 'RUNNER_API';
const right = new Set((process.env.SESAME_RIGHT ?? '').split(',').filter(Boolean));
function check(inputs) {
  return {
    kind: 'robustness',
    description: 'custom property',
    async run() {
      const judged = inputs.map((t) => ({ original: t, perturbed: t + '!', outcome: right.has(t) ? 'pass' : 'fail' }));
      const passRate = judged.filter((j) => j.outcome === 'pass').length / judged.length;
      return {
        pass: true, reason: 'pass rate ' + passRate, metrics: { passRate }, metricSpecs: { passRate: { better: 'higher', tolerance: 0 } },
        cases: buildCaseRecords(judged, { passRate: 'pass/judged' }),
        failing: judged.filter((j) => j.outcome === 'fail').map(({ original, perturbed }) => ({ original, perturbed })),
      };
    },
    async recheck(_ctx, cases) { return cases.map((c) => !right.has(c.original)); },
  };
}
${body}
`;
}
