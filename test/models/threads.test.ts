import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultThreads, loadModel, physicalCores, threadCountProblem } from '../../src/models/index.js';
import { SesameError } from '../../src/errors.js';
import { sessionOptions } from '../../src/models/session.js';
import { SENTIMENT, sessionThreads } from './helpers.js';

/** A fake `/sys/devices/system/cpu`: `cores[i]` = [package, core] of cpu i. */
function sysfs(online: string, cores: Array<[number, number]>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-cpus-'));
  fs.writeFileSync(path.join(dir, 'online'), `${online}\n`);
  cores.forEach(([pkg, core], cpu) => {
    const topology = path.join(dir, `cpu${cpu}`, 'topology');
    fs.mkdirSync(topology, { recursive: true });
    fs.writeFileSync(path.join(topology, 'physical_package_id'), `${pkg}\n`);
    fs.writeFileSync(path.join(topology, 'core_id'), `${core}\n`);
  });
  return dir;
}

describe('model core: intra-op threads', () => {
  it('counts physical cores, not hyper-threads, never more than the CPUs the process may use', () => {
    // 2 sockets × 2 cores × 2 hyper-threads, numbered as Linux does (siblings far apart)
    const smt = sysfs('0-7', [[0, 0], [0, 1], [1, 0], [1, 1], [0, 0], [0, 1], [1, 0], [1, 1]]);
    assert.equal(physicalCores(smt, 8), 4);
    assert.equal(physicalCores(smt, 3), 3, 'an affinity mask of 3 CPUs caps it');
    assert.equal(physicalCores(sysfs('0-1', [[0, 0], [0, 1]]), 2), 2);
    // offline CPUs are not counted: cpu1 and cpu2 are offline here
    assert.equal(physicalCores(sysfs('0,3', [[0, 0], [0, 1], [0, 2], [0, 3]]), 4), 2);
    assert.equal(physicalCores('/nonexistent/sysfs', 6), 6, 'without sysfs: the logical count');
  });

  it('shares the cores out among sessions that run at once, at least one thread each', () => {
    assert.equal(defaultThreads(1, 2), 2);
    assert.equal(defaultThreads(2, 2), 1);
    assert.equal(defaultThreads(3, 2), 1);
    assert.equal(defaultThreads(2, 8), 4);
    assert.equal(defaultThreads(3, 8), 2);
  });

  it('accepts whole numbers 0 to 1024 (0 = onnxruntime\'s default) and says what is wrong with anything else', () => {
    for (const ok of [0, 1, 2, 1024]) assert.equal(threadCountProblem(ok), undefined, String(ok));
    assert.equal(threadCountProblem(-1), "must be a whole number of threads from 1 to 1024, or 0 for onnxruntime's own default; got -1");
    assert.match(threadCountProblem(1.5)!, /got 1\.5$/);
    assert.match(threadCountProblem('2')!, /got "2"$/);
    assert.match(threadCountProblem(1025)!, /got 1025$/);
    assert.match(threadCountProblem(Number.NaN)!, /got NaN$/);
  });

  it('loadModel passes the threads to the session: given, 0 = left to onnxruntime, default one per physical core', async () => {
    const load = (options: Parameters<typeof loadModel>[1]) => sessionThreads(async () => (await loadModel(SENTIMENT, { cacheDir: false, ...options })).dispose());
    assert.deepEqual(await load({ threads: 3 }), [3]);
    assert.deepEqual(await load({ threads: 0 }), ['unset']);
    assert.deepEqual(await load({}), [physicalCores()]);
    const model = await loadModel(SENTIMENT, { cacheDir: false, threads: 1 });
    assert.equal(model.info.threads, 1);
    await model.dispose();
  });

  it('asks for explicit threads only (onnxruntime then pins none); 0 is onnxruntime\'s default untouched', () => {
    assert.deepEqual(sessionOptions('cpu', 2), { intraOpNumThreads: 2, executionProviders: ['cpu'] });
    assert.deepEqual(sessionOptions('cpu', 1), { intraOpNumThreads: 1, executionProviders: ['cpu'] });
    assert.deepEqual(sessionOptions('cpu', 0), { executionProviders: ['cpu'] });
  });

  it('refuses a bad thread count before reading the model', async () => {
    for (const threads of [-1, 2.5, Number.NaN]) {
      const seen = await sessionThreads(() =>
        assert.rejects(loadModel('/nonexistent/model', { threads }), (err: Error) => err instanceof SesameError && /^threads must be a whole number of threads/.test(err.message)),
      );
      assert.deepEqual(seen, []);
    }
  });
});
