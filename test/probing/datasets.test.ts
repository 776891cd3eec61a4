import { expect } from 'chai';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { basicTokens, joinWordPieces, loadAgreementItems, loadOpenSesameTask, openSesameRoot, readSelectionFile } from '../../src/probing/datasets/opensesame.js';
import { generateSelectionTask, generateAttentionItems } from '../../src/probing/datasets/generated.js';
import { loadJsonlTask } from '../../src/probing/datasets/jsonl.js';
import { controlTask } from '../../src/probing/control.js';
import { resolveProbeTask } from '../../src/probing/resolve-task.js';
import type { LabellingExample, SelectionExample } from '../../src/probing/task-types.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('probing data', () => {
  let dir: string;
  before(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'sesame-probe-')); });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => { const f = path.join(dir, name); writeFileSync(f, text); return f; };

  it('splits punctuation like BERT so Open Sesame possessive indices land on the head noun', () => {
    expect(basicTokens("our fish's new worker ant will swim")).to.deep.equal(['our', 'fish', "'", 's', 'new', 'worker', 'ant', 'will', 'swim']);
    expect(joinWordPieces('pierre vin ##ken , 61 years')).to.deep.equal(['pierre', 'vinken', ',', '61', 'years']);
  });

  it('refuses an index outside the sentence, a non-integer index and an empty file, naming file and line', () => {
    expect(() => readSelectionFile(file('bad.train', 'the dog can run\t2\nthe cat will sleep\t9\n'))).to.throw(/bad\.train:2: index 9 is outside the sentence's 4 words/);
    expect(() => readSelectionFile(file('nan.train', 'the dog can run\ttwo\n'))).to.throw(/nan\.train:1: index "two" is not an integer/);
    expect(() => readSelectionFile(file('empty.train', '\n\n'))).to.throw(/empty\.train is empty/);
  });

  it('counts n-th token sentences shorter than n as skipped', () => {
    const r = readSelectionFile(file('nth.test', 'a b c d\na b\n'), { n: 3 });
    expect(r.examples).to.deep.equal([{ words: ['a', 'b', 'c', 'd'], target: 2 }]);
    expect(r.skipped).to.deep.equal({ 'shorter than n': 1 });
  });

  it('finds train, test and named generalization files in a task directory', () => {
    const d = path.join(dir, 'data_x');
    mkdirSync(d);
    writeFileSync(path.join(d, 'x.train'), 'the dog can run\t2\n');
    writeFileSync(path.join(d, 'x.train.pos'), 'Det N MAux VI\t2\n');
    writeFileSync(path.join(d, 'x.test'), 'the cat will sleep\t2\n');
    writeFileSync(path.join(d, 'x.gen_comp'), 'the farm dog will sleep\t3\n');
    const task = loadOpenSesameTask(d, 'x');
    expect(task.train).to.have.length(1);
    expect(Object.keys(task.gen)).to.deep.equal(['comp']);
    expect(task.gen.comp[0].words[task.gen.comp[0].target]).to.equal('will');
  });

  it('reads the real Open Sesame files as they are', function () {
    const os = openSesameRoot(repoRoot);
    if (!os) {
      console.log('      skipped: ../shared/opensesame is absent (a fresh clone has no Open Sesame data)');
      this.skip();
    }
    const apost = loadOpenSesameTask(path.join(os!, 'data_sbjn-join'), 'subject', { train: 50, test: 50, gen: 200 });
    // Every possessive generalization target is a noun (the subject's head), never the clitic.
    const heads = apost.gen.apost.map((e) => e.words[e.target]);
    expect(heads.every((h) => /^[a-z]+$/.test(h) && h !== 's')).to.equal(true);
    const aux = loadOpenSesameTask(path.join(os!, 'data_aux'), 'aux', { train: 100, test: 100, gen: 100 });
    const modals = new Set(['can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must', 'do', 'does']);
    expect([...aux.train, ...aux.gen.gen].every((e) => modals.has(e.words[e.target]))).to.equal(true);
    const agr = loadAgreementItems(path.join(os!, 'data_agr'), { perCondition: 5 });
    expect(agr).to.have.length(100);
    expect(new Set(agr.map((i) => i.condition)).size).to.equal(20);
    expect(agr.filter((i) => i.candidates.length === 2).length).to.equal(80); // agr.0 – agr.3 have no distractor
  });

  it('generates aux, subject and nth sets whose targets are right, and generalization sets that differ', () => {
    const aux = generateSelectionTask('aux', { train: 50, test: 10, gen: 50, seed: 1 });
    const modals = new Set(['can', 'will', 'would', 'could', 'should', 'might', 'must']);
    for (const e of aux.train) expect(e.words.findIndex((w) => modals.has(w))).to.equal(e.target);
    // In the generalization set the subject's relative clause has its own auxiliary, before the main one.
    for (const e of aux.gen['relative-clause']) expect(e.words.findIndex((w) => modals.has(w))).to.be.lessThan(e.target);
    const subject = generateSelectionTask('subject', { train: 10, test: 10, gen: 30, seed: 2 });
    for (const e of subject.gen.possessive) expect(e.words.slice(0, e.target).some((w) => w.endsWith("'s"))).to.equal(true);
    for (const e of subject.gen.compound) expect(['farm', 'house', 'school', 'city', 'river', 'forest']).to.include(e.words[e.target - 1]);
    expect(generateSelectionTask('aux', { train: 5, seed: 9 })).to.deep.equal(generateSelectionTask('aux', { train: 5, seed: 9 }));
  });

  it('draws every generated set from its seed through the project grammar: same seed, same data; other seed, other data', () => {
    for (const task of ['aux', 'subject', 'nth'] as const) {
      const a = generateSelectionTask(task, { train: 30, test: 10, gen: 10, seed: 7 });
      expect(generateSelectionTask(task, { train: 30, test: 10, gen: 10, seed: 7 }), task).to.deep.equal(a);
      expect(generateSelectionTask(task, { train: 30, test: 10, gen: 10, seed: 8 }).train, task).to.not.deep.equal(a.train);
      // Splits come from independent streams: the test set is not a prefix of the training set.
      expect(a.test.map((e) => e.words.join(' ')), task).to.not.deep.equal(a.train.slice(0, 10).map((e) => e.words.join(' ')));
    }
    expect(generateAttentionItems({ perCondition: 5, seed: 3 })).to.deep.equal(generateAttentionItems({ perCondition: 5, seed: 3 }));
    expect(generateAttentionItems({ perCondition: 5, seed: 3 })).to.not.deep.equal(generateAttentionItems({ perCondition: 5, seed: 4 }));
  });

  it('puts subject targets on the head noun, after any possessor, compound modifier or adjective', () => {
    const subject = generateSelectionTask('subject', { train: 100, test: 0, gen: 100, seed: 3 });
    const auxiliaries = new Set(['can', 'will', 'would', 'could', 'should', 'might', 'must']);
    for (const e of [...subject.train, ...subject.gen.compound, ...subject.gen.possessive]) {
      // The head is the last word before the first preposition, relative pronoun or auxiliary.
      const end = e.words.findIndex((w, i) => i > 0 && (auxiliaries.has(w) || ['near', 'behind', 'with', 'beside', 'above', 'below', 'who', 'that'].includes(w)));
      expect(e.target, e.words.join(' ')).to.equal(end - 1);
    }
    // A possessor is glued to its noun ("the cat's dog"), never a word of its own.
    expect(subject.gen.possessive.every((e) => !e.words.includes("'s"))).to.equal(true);
  });

  it('generates agreement and reflexive items with the subject first and one distractor', () => {
    const items = generateAttentionItems({ perCondition: 3, seed: 1 });
    expect(items).to.have.length(36);
    for (const item of items) {
      const words = item.text.split(' ');
      expect(item.candidates).to.have.length(2);
      expect(item.candidates[0]).to.deep.equal([0, 1]);
      expect(item.candidates[1], item.text).to.deep.equal([3, 4]); // after the preposition or relative pronoun
      if (item.condition.startsWith('refl')) expect(['himself', 'herself']).to.include(words[item.source]);
      else expect(['do', 'does']).to.include(words[item.source]);
    }
  });

  it('control tasks depend on word identity only (Hewitt & Liang)', () => {
    const sel = controlTask({ name: 't', shape: 'selection', train: [{ words: ['a', 'b', 'c'], target: 0 }, { words: ['c', 'b', 'a'], target: 0 }], test: [], gen: {}, skipped: {} }, 5);
    const [x, y] = sel.train as SelectionExample[];
    expect(x.words[x.target]).to.equal(y.words[y.target]);
    const lab = controlTask({ name: 'p', shape: 'labelling', train: [{ words: ['Dog', 'runs'], labels: ['NN', 'VBZ'] }, { words: ['dog', 'runs'], labels: ['NN', 'NNS'] }], test: [], gen: {}, skipped: {} }, 5);
    const [m, n] = lab.train as LabellingExample[];
    expect(m.labels).to.deep.equal(n.labels);
    expect(['NN', 'VBZ', 'NNS']).to.include(m.labels[0]);
  });

  it('reads user JSONL tasks and refuses bad lines clearly', () => {
    const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ text: `the dog number ${i} runs`, target: 1 }));
    const task = loadJsonlTask(file('ok.jsonl', lines.join('\n')), { seed: 1 });
    expect(task.train.length + task.test.length).to.equal(10);
    expect(task.test).to.have.length(2);
    expect(() => loadJsonlTask(file('oob.jsonl', '{"text": "a b", "target": 5}'))).to.throw(/oob\.jsonl:1: target 5 is not a word index of its 2 words/);
    expect(() => loadJsonlTask(file('e.jsonl', ''))).to.throw(/e\.jsonl is empty/);
    expect(() => loadJsonlTask(file('mix.jsonl', '{"text":"a b","target":1}\n{"words":["a","b"],"labels":["X","Y"]}'))).to.throw(/mixes "target" and "labels"/);
  });

  it('labels part of speech with natural\'s Brill tagger and names unknown tasks', () => {
    const { task } = resolveProbeTask('pos', { train: 20, test: 5, seed: 1 });
    expect(task.shape).to.equal('labelling');
    const e = task.train[0] as LabellingExample;
    expect(e.labels).to.have.length(e.words.length);
    expect(e.labels[0]).to.match(/^(DT|PRP\$)$/);
    expect(() => resolveProbeTask('syntax')).to.throw('unknown task "syntax"; choose one of aux, subject, nth, pos, control, file');
  });
});
