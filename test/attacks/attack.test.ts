import { expect } from 'chai';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getRecipe, recipeNames } from '../../attacks/recipes/index.js';
import { GLOVE_MIN_COSINE, textfooler } from '../../attacks/recipes/textfooler.js';
import { candidateVectors } from '../../attacks/internal/vectors/candidate-vectors.js';
import { coarsePos, tagTokens } from '../../attacks/internal/pos.js';
import { parseSentence, splitAffixes } from '../../attacks/internal/words.js';
import { readAttackData } from '../../src/attack/data.js';
import { runAttack, type AttackRun } from '../../src/attack/run-attack.js';
import { main } from '../../src/cli/main.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { reportErrors } from '../../src/report/validate.js';
import { buildFixtureReport } from '../report/fixture.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const SENTIMENT = path.join(repoRoot, 'fixtures', 'models', 'tiny-bert-sentiment');
const DATA = path.join(repoRoot, 'fixtures', 'data', 'sentiment-attack.jsonl');

/** Runs the CLI in-process and returns its exit code, stdout and stderr. */
async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const original = { log: console.log, error: console.error, write: process.stdout.write.bind(process.stdout) };
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = original.log;
    console.error = original.error;
    process.stdout.write = original.write;
  }
}

describe('attack engine on the fixture sentiment model', () => {
  let model: SesameModel;
  const runs = new Map<string, AttackRun>();
  let examples: ReturnType<typeof readAttackData>;

  before(async () => {
    model = await loadModel(SENTIMENT, { cacheDir: false });
    // Every 4th sentence: both labels, 13 examples, enough for successes and failures.
    examples = readAttackData(DATA, model.info.labels!).filter((_, i) => i % 4 === 0);
    for (const name of recipeNames()) runs.set(name, await runAttack(model, getRecipe(name), examples, { budget: 300, seed: 1 }));
  });
  after(async () => model.dispose());

  it('every reported adversarial example really produces its new label, fed alone to the model', async () => {
    let successes = 0;
    for (const [name, run] of runs) {
      for (const ex of run.result.successes) {
        const [p] = await model.predict([ex.perturbed]);
        expect(p.label, `${name}: ${ex.perturbed}`).to.equal(ex.newLabel).and.not.equal(ex.originalLabel);
        expect(ex.perturbed).to.not.equal(ex.original);
        successes++;
      }
    }
    expect(successes).to.be.greaterThan(0);
  });

  it("TextAttack's columns add up", () => {
    for (const [name, run] of runs) {
      const r = run.result;
      const n = (s: string) => run.outcomes.filter((o) => o.status === s).length;
      expect(r.examples, name).to.equal(examples.length);
      expect(r.originalAccuracy).to.be.closeTo((n('succeeded') + n('failed')) / examples.length, 1e-12);
      expect(r.accuracyUnderAttack).to.be.closeTo(n('failed') / examples.length, 1e-12);
      expect(r.successRate).to.be.closeTo(n('succeeded') / (n('succeeded') + n('failed')), 1e-12);
      expect(r.successes).to.have.length(n('succeeded'));
      const pct = r.successes.map((s) => (100 * s.edits.length) / s.original.split(/\s+/).length);
      expect(r.avgPerturbedWordsPct).to.be.closeTo(pct.reduce((a, b) => a + b, 0) / pct.length, 1e-9);
    }
  });

  it('never spends more queries than the budget', async () => {
    for (const run of runs.values()) for (const ex of run.result.successes) expect(ex.queries).to.be.at.most(300);
    const tight = await runAttack(model, getRecipe('textfooler'), examples, { budget: 5, seed: 1 });
    for (const o of tight.outcomes) {
      const queries = o.status === 'succeeded' ? o.example.queries : o.queries;
      expect(queries).to.be.at.most(5);
    }
    expect(tight.result.avgQueries).to.be.at.most(5);
  });

  it('every success carries each screen constraint\'s score and a verdict with reasons; screenedSuccessRate counts the valid ones', () => {
    for (const [name, run] of runs) {
      const r = run.result;
      const attacked = run.outcomes.filter((o) => o.status !== 'skipped').length;
      for (const ex of r.successes) {
        expect(Object.keys(ex.constraints!), name).to.include.members(['partOfSpeech', 'polarity', 'negation']);
        const failing = Object.values(ex.constraints!).filter((c) => !c.pass);
        expect(ex.screen!.valid).to.equal(failing.length === 0);
        expect(ex.screen!.reasons).to.deep.equal((ex.screen!.valid ? Object.values(ex.constraints!) : failing).map((c) => c.reason));
      }
      expect(r.screenedSuccessRate).to.be.closeTo(r.successes.filter((s) => s.screen!.valid).length / attacked, 1e-12);
      expect(r.screenedBy!.map((l) => l.split(':')[0])).to.include.members(['partOfSpeech', 'polarity', 'negation']);
    }
  });

  it('the search keeps every recipe constraint: no success adds or removes a negation or flips a word\'s sentiment', () => {
    for (const [name, run] of runs) {
      for (const ex of run.result.successes) {
        expect(ex.constraints!.negation.pass, `${name}: ${ex.perturbed}`).to.equal(true);
        expect(ex.constraints!.polarity.pass, `${name}: ${ex.perturbed}`).to.equal(true);
      }
    }
  });

  it('textfooler keeps its constraints: ≤ 30% of words, same part of speech, counter-fitted GloVe cosine ≥ 0.8', () => {
    const index = candidateVectors({ vectors: 'glove' });
    for (const ex of runs.get('textfooler')!.result.successes) {
      const words = ex.original.split(/\s+/);
      expect(ex.edits.length).to.be.at.most(Math.max(1, Math.floor(0.3 * words.length)));
      const before = tagTokens(parseSentence(ex.original));
      const after = tagTokens(parseSentence(ex.perturbed));
      for (const e of ex.edits) {
        expect(coarsePos(after[e.index])).to.equal(coarsePos(before[e.index]));
        expect(index.cosine(splitAffixes(e.from).core, splitAffixes(e.to).core)).to.be.at.least(GLOVE_MIN_COSINE - 1e-6);
      }
    }
  });

  it('textfooler offers no light word swap (still → nonetheless) and no other form of the same word (patient → patients)', async () => {
    const recipe = textfooler();
    const text = 'The patient was still waiting for the doctors.';
    await recipe.prepare!(model, [text]);
    const original = parseSentence(text);
    const context = { model, original, tags: tagTokens(original), random: () => 0.5 };
    const at = (word: string) => recipe.substitutes(context, original.tokens.findIndex((t) => t.text === word)).map((s) => s.word.toLowerCase());
    expect(at('still')).to.deep.equal([]);
    expect(at('patient')).to.not.include('patients');
    expect(at('doctors.')).to.not.include.members(['doctor']);
    expect(at('doctors.').length + at('patient').length).to.be.greaterThan(0);
  });

  it('one-word sentences are attacked without asking the model about an empty text', async () => {
    for (const name of recipeNames()) {
      const run = await runAttack(model, getRecipe(name), [{ text: 'Great!' }, { text: 'Awful.' }], { budget: 50, seed: 1 });
      expect(run.outcomes.map((o) => o.status)).to.not.include('skipped');
      expect(run.result.examples).to.equal(2);
    }
  });

  it('the same seed gives the same attack', async () => {
    const again = await runAttack(model, getRecipe('deepwordbug'), examples, { budget: 300, seed: 1 });
    expect(again.result).to.deep.equal(runs.get('deepwordbug')!.result);
  });

  it('results drop into report.json unchanged', () => {
    const report = { ...buildFixtureReport({ samples: 1 }), attacks: [...runs.values()].map((r) => r.result) };
    expect(reportErrors(report)).to.deep.equal([]);
  });
});

describe('sesame attack: command line', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sesame-attack-'));
  const file = (name: string, content: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, content);
    return p;
  };
  const base = ['attack', '--model', SENTIMENT, '--no-cache'];

  it('an unknown recipe lists the valid ones', async () => {
    const r = await cli([...base, '--recipe', 'bogus', '--data', DATA]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('unknown recipe "bogus"').and.contain('textfooler, deepwordbug, pwws');
  });

  it('a JSONL line without text names the line', async () => {
    const data = file('no-text.jsonl', '{"text": "A fine film.", "label": "POSITIVE"}\n\n{"label": "NEGATIVE"}\n');
    const r = await cli([...base, '--recipe', 'textfooler', '--data', data]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('line 3').and.contain('"text"');
  });

  it('a label the model does not have names the valid labels', async () => {
    const data = file('bad-label.jsonl', '{"text": "A fine film.", "label": "HAPPY"}\n');
    const r = await cli([...base, '--recipe', 'textfooler', '--data', data]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('"HAPPY"').and.contain('NEGATIVE, POSITIVE');
  });

  it('an empty data file is refused', async () => {
    const r = await cli([...base, '--recipe', 'textfooler', '--data', file('empty.jsonl', '\n \n')]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('is empty');
  });

  it('--json gives the columns and examples whose perturbed text produces newLabel; plain text uses the model as reference', async () => {
    const data = file('plain.txt', 'The staff ignored us for twenty minutes.\nThe soup was rich and the bread was still warm.\nA wonderful book.\n');
    // Without --no-cache: the converted GloVe comes from .sesame-cache/vectors, not a fresh in-memory conversion.
    const encoder = path.join(repoRoot, 'fixtures', 'models', 'tiny-bert-base');
    const r = await cli(['attack', '--model', SENTIMENT, '--recipe', 'textfooler', '--data', data, '--budget', '200', '--seed', '3', '--encoder', encoder, '--json']);
    expect(r.code, r.err).to.equal(0);
    const json = JSON.parse(r.out);
    expect(json.screenedBy.map((l: string) => l.split(':')[0])).to.deep.equal(['partOfSpeech', 'polarity', 'negation', 'polarityStrength', 'grammaticalNumber', 'wordClass', 'wordSense', 'wordCosine', 'bertScore']);
    expect(json.examples.length).to.be.greaterThan(0);
    for (const key of ['predictionsKeptUnderAttack', 'successRate', 'screenedSuccessRate', 'avgQueries', 'avgPerturbedWordsPct']) expect(json[key]).to.be.a('number');
    expect(json.screenedSuccessRate).to.be.at.most(json.successRate);
    // The model's own predictions are the reference: nothing is reported as an accuracy.
    expect(json.labelSource).to.equal('model prediction');
    expect(json).not.to.have.any.keys('originalAccuracy', 'accuracyUnderAttack');
    expect(json.examples).to.be.an('array');
    for (const ex of json.examples) {
      expect(Object.keys(ex)).to.include.members(['original', 'perturbed', 'originalLabel', 'newLabel', 'queries', 'constraints', 'screen']);
      expect(ex.constraints.polarity.values).to.have.keys('word', 'replacement', 'before', 'after');
      expect(ex.constraints.wordCosine.score).to.be.a('number');
      expect(ex.constraints.bertScore.values).to.include({ layer: 5 }); // ⌈0.75 × 6⌉ of tiny-bert-base
      expect(ex.constraints.bertScore.score).to.be.below(1);
      expect(ex.screen.valid).to.be.a('boolean');
    }
  });

  it('--encoder that is no model names it and exits 2', async () => {
    const r = await cli([...base, '--recipe', 'deepwordbug', '--data', DATA, '--encoder', path.join(dir, 'no-such-encoder')]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('no-such-encoder');
  });

  it('--vectors with a bad file names the file and line and exits 2 before loading anything', async () => {
    const vectors = file('vectors.txt', 'good 0.1 0.2 0.3\nbad 0.1 0.2\n');
    const r = await cli([...base, '--recipe', 'textfooler', '--data', DATA, '--vectors', vectors]);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain(vectors).and.contain('line 2').and.contain('expected 3');
    expect(r.err.trim().split('\n')).to.have.length(1);
  });

  it('--vectors is refused for recipes that use no word vectors', async () => {
    const r = await cli([...base, '--recipe', 'pwws', '--data', DATA, '--vectors', 'glove']);
    expect(r.code).to.equal(2);
    expect(r.err).to.contain('textfooler only');
  });

  it('--vectors <file> attacks with the user\'s vectors', async () => {
    const data = file('one.txt', 'The soup was good.\n');
    const vectors = file('user-vectors.txt', 'soup 1 0 0\nbroth 0.95 0.05 0\ngood 0 1 0\nfine 0 0.9 0.1\nbad 0 -1 0\n');
    const r = await cli([...base, '--recipe', 'textfooler', '--data', data, '--vectors', vectors, '--json']);
    expect(r.code, r.err).to.equal(0);
    const json = JSON.parse(r.out);
    for (const ex of json.examples) for (const e of ex.edits) expect(['broth', 'fine']).to.include(e.to.replace(/\W/g, '').toLowerCase());
    expect(json.avgQueries).to.be.greaterThan(1);
  });
});
