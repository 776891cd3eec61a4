/**
 * Runs tests on worker threads, so one machine's cores share a run. Tests are dealt out by top-level
 * suite block (a block's tests share models and memoised work), heaviest blocks first; each worker
 * loads the suite files and its models itself. Results are printed in plan order as they complete.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../errors.js';
import type { Executed, Execution, ExecuteHooks, ExecuteSettings } from './execute.js';
import type { PlannedTest } from './types.js';

export interface WorkerJob {
  settings: ExecuteSettings;
  files: string[];
  /** `file \0 id` of the tests this worker runs. */
  keys: string[];
}

export type WorkerMessage =
  | { type: 'step'; text: string }
  | { type: 'finished'; key: string; executed: Executed }
  | { type: 'end'; timings: Array<{ step: string; ms: number }> }
  | { type: 'error'; message: string; usage: boolean };

/** From the main thread to a worker: the run was interrupted, finish the current test and start no other. */
export type ToWorkerMessage = { type: 'stop' };

export const testKey = (t: Pick<PlannedTest, 'file' | 'id'>) => `${t.file}\u0000${t.id}`;

/** Rough cost of a test, to balance workers: probe sweeps and attention comparisons dominate. */
function weight(test: PlannedTest): number {
  if (test.skipReason) return 0;
  const kind = typeof test.node.body === 'object' ? test.node.body.kind : 'custom';
  return kind === 'probe' ? 10 : kind === 'attention' ? 4 : kind === 'attack' ? 2 : 1;
}

/** Groups of tests (one per top-level block of a file), assigned to `count` workers by longest-first. */
export function assignGroups(tests: PlannedTest[], count: number): PlannedTest[][] {
  const groups = new Map<string, PlannedTest[]>();
  for (const t of tests) {
    const key = `${t.file}\u0000${t.titlePath.length > 1 ? t.titlePath[0] : ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(t);
  }
  const cost = (g: PlannedTest[]) => g.reduce((a, t) => a + weight(t), 0);
  const sorted = [...groups.values()].sort((a, b) => cost(b) - cost(a));
  const bins = Array.from({ length: Math.min(count, sorted.length) }, () => ({ load: 0, tests: [] as PlannedTest[] }));
  for (const g of sorted) {
    const bin = bins.reduce((a, b) => (b.load < a.load ? b : a));
    bin.load += cost(g);
    bin.tests.push(...g);
  }
  return bins.map((b) => b.tests).filter((b) => b.length > 0);
}

/** The ESM entry of tsx's API: workers register tsx themselves (hooks registered in this thread do not reach them). */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(path.join(path.dirname(pkgFile), pkg.exports['./esm/api'].import.default)).href;
}

function startWorker(job: WorkerJob): Worker {
  const entry = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.ts')).href;
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: job });
}

/** Same contract as `executeTests`, spread over `count` worker threads. */
export async function executeInWorkers(tests: PlannedTest[], files: string[], settings: ExecuteSettings, count: number, hooks: ExecuteHooks): Promise<Execution> {
  const assignment = assignGroups(tests, count);
  hooks.step(`running ${tests.length} tests on ${assignment.length} worker threads`);
  const done = new Map<string, Executed>();
  const timings: Array<{ step: string; ms: number }> = [];
  let next = 0;
  hooks.progress(0, tests.length);
  const flush = () => {
    hooks.progress(done.size, tests.length);
    while (next < tests.length && done.has(testKey(tests[next]))) {
      hooks.finished(tests[next], done.get(testKey(tests[next]))!);
      next++;
    }
  };
  const workers: Worker[] = [];
  const stopAll = () => workers.forEach((w) => w.postMessage({ type: 'stop' } satisfies ToWorkerMessage));
  hooks.stop?.addEventListener('abort', stopAll);
  try {
    await Promise.all(
      assignment.map(
        (group) =>
          new Promise<void>((resolve, reject) => {
            const worker = startWorker({ settings, files, keys: group.map(testKey) });
            workers.push(worker);
            if (hooks.stop?.aborted) worker.postMessage({ type: 'stop' } satisfies ToWorkerMessage);
            let ended = false;
            worker.on('message', (m: WorkerMessage) => {
              if (m.type === 'step') hooks.step(m.text);
              else if (m.type === 'finished') {
                done.set(m.key, m.executed);
                flush();
              } else if (m.type === 'end') {
                ended = true;
                timings.push(...m.timings);
                resolve();
              } else {
                ended = true;
                reject(m.usage ? new UsageError(m.message) : new Error(m.message));
              }
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (!ended) reject(new Error(`a worker thread exited with code ${code} before finishing its tests`));
            });
          }),
      ),
    );
  } finally {
    hooks.stop?.removeEventListener('abort', stopAll);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  flush();
  // After an interruption, tests that did not run leave gaps: print the finished ones after them too.
  for (const t of tests.slice(next)) if (done.has(testKey(t))) hooks.finished(t, done.get(testKey(t))!);
  return { executed: tests.map((t) => done.get(testKey(t))), timings };
}
