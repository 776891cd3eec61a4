import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyseModelPair, modelPairFlags } from '../../src/cli/model-pair.js';
import { readConfig } from '../../src/config/index.js';
import { UsageError } from '../../src/errors.js';
import { defaultThreads, physicalCores } from '../../src/models/index.js';
import { BASE, SENTIMENT, sessionThreads } from '../models/helpers.js';
import { runInProcess, tempSuites } from '../runner/helpers.js';
import { inProcess } from './helpers.js';

const FIXTURE = 'fixtures/models/tiny-bert-sentiment';
const DATA = 'fixtures/data/sentiment-attack.jsonl';

/** A suite whose one test loads the fixture classifier; `sesame.config.json` holds `config`. */
function project(config: object): string {
  const dir = tempSuites({
    'load.suite.ts': `import { it, suite } from 'RUNNER_API';
suite('threads', { models: { finetuned: '${SENTIMENT}' } }, () => {
  it('loads', async (ctx) => ({ pass: (await ctx.finetuned()).info.labels !== null, reason: 'loaded' }));
});
suite('again', { models: { finetuned: '${SENTIMENT}' } }, () => {
  it('loads too', async (ctx) => ({ pass: (await ctx.finetuned()).info.labels !== null, reason: 'loaded' }));
});
`,
  });
  writeFileSync(path.join(dir, 'sesame.config.json'), JSON.stringify({ suites: ['.'], report: 'out', ...config }));
  return dir;
}

/** `sesame run` in `dir` (in this process), with the threads of every session it created. */
async function runIn(dir: string, args: string[]) {
  let result!: Awaited<ReturnType<typeof inProcess>>;
  const threads = await sessionThreads(async () => (result = await inProcess(['run', 'load.suite.ts', ...args], dir)));
  return { ...result, threads };
}

describe('CLI: --threads and the config\'s "threads"', () => {
  it('every command that loads a model refuses a bad --threads in one line, exit 2, before loading anything', async () => {
    const commands: Array<[string, string[]]> = [
      ['run', ['--dry-run']],
      ['demo', []],
      ['inspect', [FIXTURE, '--text', 'fine']],
      ['attack', ['--model', FIXTURE, '--recipe', 'deepwordbug', '--data', DATA]],
      ['probe', ['--pretrained', BASE, '--finetuned', SENTIMENT, '--task', 'aux']],
      ['attention', ['--pretrained', BASE, '--finetuned', SENTIMENT]],
    ];
    for (const [name, args] of commands) {
      for (const bad of ['-1', '1.5', 'two', '', '1025']) {
        const seen = await sessionThreads(async () => {
          const r = await inProcess([name, ...args, `--threads=${bad}`]);
          assert.equal(r.code, 2, `${name} --threads=${bad}: ${r.stderr}`);
          assert.equal(r.stderr, `sesame ${name}: --threads must be a whole number of threads from 1 to 1024, or 0 for onnxruntime's own default; got "${bad}"`);
        });
        assert.deepEqual(seen, [], `${name} loads nothing`);
      }
    }
  });

  it('inspect, probe and attention pass --threads to every model they load (0 = onnxruntime decides)', async () => {
    const inspect = await sessionThreads(() => inProcess(['inspect', FIXTURE, '--text', 'A fine film.', '--threads', '3']));
    // the model's session, and a small model's others as its passes need them: each with the threads asked for
    assert.ok(inspect.length >= 1 && inspect.every((t) => t === 3), `sessions' threads: ${inspect.join(', ')}`);
    const pair = async (threads: string | undefined) =>
      sessionThreads(() =>
        analyseModelPair(modelPairFlags({ pretrained: BASE, finetuned: SENTIMENT, threads, 'no-cache': true, json: true }, 'usage'), {
          data: 'none',
          analyse: async () => ({}),
          table: () => '',
        }),
      );
    const log = console.log;
    console.log = () => undefined;
    try {
      assert.deepEqual(await pair('2'), [2, 2]);
      assert.deepEqual(await pair('0'), ['unset', 'unset']);
      assert.deepEqual(await pair(undefined), [physicalCores(), physicalCores()]);
    } finally {
      console.log = log;
    }
  });

  it('sesame run: the flag over sesame.config.json\'s "threads" over one per physical core', async () => {
    const configured = project({ threads: 2 });
    assert.deepEqual((await runIn(configured, ['--grep', 'loads$'])).threads, [2]);
    const flagged = await runIn(configured, ['--grep', 'loads$', '--threads', '3']);
    assert.deepEqual(flagged.threads, [3]);
    assert.match(flagged.steps, /loaded .*tiny-bert-sentiment \(\d+(\.\d)? m?s, 3 threads\)/);
    assert.deepEqual((await runIn(project({}), ['--grep', 'loads$'])).threads, [physicalCores()]);
  });

  it('names the config key of a bad "threads"', async () => {
    for (const bad of [-1, 1.5, '2', true]) {
      const dir = project({ threads: bad });
      await assert.rejects(readConfig(dir), (err: Error) => err instanceof UsageError && err.message === `config sesame.config.json: "threads" must be a whole number of threads from 1 to 1024, or 0 for onnxruntime's own default; got ${typeof bad === 'string' ? `"${bad}"` : String(bad)}`);
    }
  });

  it('--workers n shares the cores: each worker\'s models get cores / n threads unless threads are given', async () => {
    const dir = project({});
    const split = await runInProcess({ cwd: dir, inputs: ['load.suite.ts'], workers: 2 });
    const each = defaultThreads(2);
    const loaded = split.err.split('\n').filter((l) => /loaded /.test(l));
    assert.equal(loaded.length, 2, split.err);
    for (const line of loaded) assert.match(line, new RegExp(`\\(\\d+(\\.\\d)? m?s, ${each} threads?\\)$`));
    const given = await runInProcess({ cwd: dir, inputs: ['load.suite.ts'], workers: 2, config: { threads: 2 } });
    assert.equal(given.err.split('\n').filter((l) => /loaded .*, 2 threads\)$/.test(l)).length, 2, given.err);
  });
});
