/** A worker thread's side of `executeInWorkers`: load the suites, run the assigned tests, post results. */
import { parentPort, workerData } from 'node:worker_threads';
import { executeTests, isSesameError } from './execute.js';
import { loadSuiteFile } from './load.js';
import { flatten } from './plan.js';
import { testKey, type ToWorkerMessage, type WorkerJob, type WorkerMessage } from './workers.js';

const job = workerData as WorkerJob;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const stop = new AbortController();
parentPort!.on('message', (m: ToWorkerMessage) => {
  if (m.type === 'stop') stop.abort();
});

try {
  const roots = [];
  for (const file of job.files) roots.push(await loadSuiteFile(file, job.settings.cwd));
  const wanted = new Set(job.keys);
  const tests = flatten(roots, job.settings.cwd).filter((t) => wanted.has(testKey(t)));
  if (tests.length !== wanted.size) throw new Error(`a worker found ${tests.length} of its ${wanted.size} tests after reloading the suites`);
  const { timings } = await executeTests(tests, job.settings, {
    started: () => undefined,
    progress: () => undefined,
    step: (text) => post({ type: 'step', text }),
    finished: (test, executed) => post({ type: 'finished', key: testKey(test), executed }),
    stop: stop.signal,
  });
  post({ type: 'end', timings });
  parentPort!.removeAllListeners('message');
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message.split('\n')[0] : String(err), usage: isSesameError(err) });
}
