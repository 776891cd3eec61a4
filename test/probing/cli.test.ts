import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const base = path.join(root, 'fixtures', 'models', 'tiny-bert-base');
const sentiment = path.join(root, 'fixtures', 'models', 'tiny-bert-sentiment');

function sesame(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'sesame.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SESAME_CACHE_DIR: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.trim() };
}

describe('sesame probe / sesame attention (CLI)', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'sesame-cli-probe-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the probe JSON with task, per-layer accuracies for both models and splits, and selectivity', () => {
    const r = sesame('probe', '--pretrained', base, '--finetuned', sentiment, '--task', 'aux', '--train', '120', '--dev', '30', '--test', '40', '--gen', '25', '--seeds', '2', '--layers', '0,6', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout);
    expect(json.task).to.equal('aux');
    // --train, --dev, --test and --gen each set their own count
    expect(json.sizes).to.deep.equal({ train: 120, dev: 30, test: 40, gen: 25 });
    expect(json.seeds).to.deep.equal([0, 1]);
    expect(json.pooling).to.equal('first');
    expect(json.layers[0].pretrained.fits).to.have.length(2);
    expect(json.layers[0].delta.genInterval).to.have.length(2);
    expect(json.layers.map((l: { layer: number }) => l.layer)).to.deep.equal([0, 6]);
    for (const l of json.layers) {
      for (const side of ['pretrained', 'finetuned']) {
        expect(l[side].test).to.be.within(0, 1);
        expect(l[side].gen).to.be.within(0, 1);
      }
    }
    expect(json.selectivity.pretrained).to.have.length(2);
    expect(json.models.finetuned.labels).to.deep.equal(['NEGATIVE', 'POSITIVE']);
  });

  it('prints the attention JSON: confusion per layer and condition, jsd [layers][heads], entropy, cka', () => {
    const r = sesame('attention', '--pretrained', base, '--finetuned', sentiment, '--per-condition', '2', '--samples', '0', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const json = JSON.parse(r.stdout);
    expect(json.confusion.pretrained).to.have.length(6);
    expect(json.confusion.finetuned).to.have.length(6);
    expect(Object.keys(json.confusion.conditions)).to.include.members(['agr-pp-sg-pl', 'refl-rc-mismatch']);
    expect(json.jsd).to.have.length(6);
    expect(json.jsd[5]).to.have.length(4);
    expect(json.entropy.finetuned).to.have.length(6);
    expect(json.cka).to.have.length(7);
    expect(json.sentences).to.equal(24);
  });

  it('prints a table with intervals, seed spread, chance and how the fits ended', () => {
    const r = sesame('probe', '--pretrained', base, '--finetuned', sentiment, '--task', 'aux', '--train', '80', '--dev', '20', '--test', '30', '--gen', '30', '--seeds', '2', '--layers', '6', '--pooling', 'mean', '--no-control');
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[1]).to.equal('task aux, linear probe, mean-sub-token pooling (sentences: train 80, dev 20, test 30, gen 30)');
    expect(lines[2]).to.match(/^accuracy %: mean of 2 seeds \(0, 1\) \[95% interval over sentences\] ±half the range over seeds; Δ = fine-tuned − pretrained, paired over the same sentences; chance \d+\.\d \(gen \d+\.\d\)$/);
    expect(lines[4]).to.match(/^\s+6\s+\d+\.\d \[\d+\.\d, \d+\.\d\] ±\d+\.\d /);
    expect(lines[5]).to.match(/^fits: 4\/4 converged \(L-BFGS to a certified 1e-4 relative gap\); L-BFGS iterations \d+–\d+; L2 chosen on dev: /);
  });

  it('bad input exits 2 with one line naming it', () => {
    const pooling = sesame('probe', '--pretrained', base, '--finetuned', sentiment, '--task', 'aux', '--pooling', 'max');
    expect(pooling.code).to.equal(2);
    expect(pooling.stderr).to.equal('sesame probe: --pooling must be first or mean, got "max"');
    const unknown = sesame('probe', '--pretrained', base, '--finetuned', sentiment, '--task', 'syntax');
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.equal('sesame probe: unknown task "syntax"; choose one of aux, subject, nth, pos, control, file');
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const e = sesame('probe', '--pretrained', base, '--finetuned', sentiment, '--task', 'file', '--data', empty);
    expect(e.code).to.equal(2);
    expect(e.stderr).to.match(/^sesame probe: .*empty\.jsonl is empty; give one JSON object per line/);
    expect(e.stderr.split('\n')).to.have.length(1);
    const missing = sesame('attention', '--pretrained', base, '--finetuned', sentiment, '--data', path.join(dir, 'nope'));
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/^sesame attention: --data .*nope does not exist$/);
  });
});
