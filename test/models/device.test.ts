import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../../src/config/index.js';
import { SesameError, UsageError } from '../../src/errors.js';
import { loadModel } from '../../src/models/index.js';
import { CUDA_PROVIDER_FILE, cudaUnavailable, sessionOptions } from '../../src/models/session.js';
import { REPO, SENTIMENT } from './helpers.js';

const TEXTS = ['a wonderful, moving film', 'dull and far too long', 'the plot is thin but the acting is fine'];

describe('device (--device cpu|cuda)', function () {
  this.timeout(60_000);

  it('asks onnxruntime for the CPU provider, or CUDA with the CPU as fallback for operators CUDA lacks', () => {
    assert.deepEqual(sessionOptions('cpu', 1), { intraOpNumThreads: 1, executionProviders: ['cpu'] });
    assert.deepEqual(sessionOptions('cuda', 0), { executionProviders: ['cuda', 'cpu'] });
  });

  it('finds the CUDA provider library next to the native binding, and names it and the install flag when absent', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-ort-bin-'));
    try {
      const missing = cudaUnavailable('linux', 'x64', dir);
      assert.ok(missing, 'an empty folder has no CUDA provider');
      assert.ok(missing.includes(path.join(dir, CUDA_PROVIDER_FILE)), missing);
      assert.ok(missing.includes('--onnxruntime-node-install=cuda12'), missing);
      assert.ok(!missing.includes('\n'));
      fs.writeFileSync(path.join(dir, CUDA_PROVIDER_FILE), '');
      assert.equal(cudaUnavailable('linux', 'x64', dir), undefined);
      assert.match(cudaUnavailable('darwin', 'arm64', dir)!, /linux\/x64 only, not darwin\/arm64/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('device cpu gives the same predictions as the default and records the device', async () => {
    const plain = await loadModel(SENTIMENT, { cacheDir: false });
    const cpu = await loadModel(SENTIMENT, { cacheDir: false, device: 'cpu' });
    try {
      assert.equal(plain.info.device, 'cpu');
      assert.equal(cpu.info.device, 'cpu');
      const [a, b] = [await plain.predict(TEXTS), await cpu.predict(TEXTS)];
      assert.deepEqual(b.map((p) => p.label), a.map((p) => p.label));
      a.forEach((p, i) => p.scores.forEach((s, k) => assert.ok(Math.abs(s - b[i].scores[k]) < 1e-6)));
    } finally {
      await plain.dispose();
      await cpu.dispose();
    }
  });

  describe('when CUDA is asked for but its provider is not installed', function () {
    before(function () {
      if (!cudaUnavailable()) this.skip(); // this machine has the CUDA provider: the error cannot be shown here
    });

    it('loadModel refuses with one line naming the missing library and how to install it (exit code 2)', async () => {
      await assert.rejects(loadModel(SENTIMENT, { cacheDir: false, device: 'cuda' }), (err: Error) => {
        assert.ok(err instanceof SesameError);
        assert.equal(err.exitCode, 2);
        assert.match(err.message, /^device cuda: onnxruntime-node's CUDA execution provider is not installed \(no .*libonnxruntime_providers_cuda\.so\)/);
        assert.match(err.message, /npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12/);
        return true;
      });
    });

    it('the CLI prints that line alone and exits 2', () => {
      const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), 'inspect', SENTIMENT, '--text', 'fine', '--device', 'cuda', '--no-cache'], { cwd: REPO, encoding: 'utf8', env: { ...process.env, SESAME_DEBUG: '' } });
      assert.equal(r.status, 2, r.stderr);
      assert.equal(r.stdout, '');
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^sesame inspect: device cuda: .*libonnxruntime_providers_cuda\.so.*--onnxruntime-node-install=cuda12/);
    });
  });

  it('an unknown --device or config "device" is a usage error', async () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'sesame.js'), 'inspect', SENTIMENT, '--text', 'fine', '--device', 'gpu'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr.trim(), 'sesame inspect: --device must be cpu or cuda, got "gpu"');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-config-'));
    try {
      fs.writeFileSync(path.join(dir, 'sesame.config.json'), JSON.stringify({ device: 'gpu' }));
      await assert.rejects(readConfig(dir), (err: Error) => err instanceof UsageError && /"device" must be "cpu" or "cuda"$/.test(err.message));
      fs.writeFileSync(path.join(dir, 'sesame.config.json'), JSON.stringify({ device: 'cuda' }));
      assert.equal((await readConfig(dir))!.config.device, 'cuda');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
