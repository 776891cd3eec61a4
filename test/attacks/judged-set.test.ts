import { expect } from 'chai';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readAttackData } from '../../src/attack/data.js';
import { judgedEdits, readJudgedSet, screenAgreement, validShares, type Judgement } from '../../src/attack/judged-set.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const JUDGED = path.join(repoRoot, 'fixtures', 'data', 'judged-adversarial.jsonl');

function labelsOf(model: string): string[] {
  const config = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'models', model, 'config.json'), 'utf8')) as { id2label: Record<string, string> };
  return Object.keys(config.id2label).sort((a, b) => Number(a) - Number(b)).map((k) => config.id2label[k]);
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

describe('the hand-judged adversarial set (fixtures/data/judged-adversarial.jsonl)', () => {
  const judged = readJudgedSet(JUDGED);

  it('holds at least 200 judged successes of the recipes as they were before issue 9, from every recipe and both fixture models', () => {
    const before = judged.filter((j) => j.recipeVersion === 'before-issue-9');
    expect(before.length).to.be.at.least(200);
    expect(new Set(before.map((j) => j.recipe))).to.deep.equal(new Set(['textfooler', 'pwws', 'deepwordbug']));
    expect(new Set(before.map((j) => j.model))).to.deep.equal(new Set(['tiny-bert-sentiment', 'tiny-bert-agreement']));
    // Both verdicts occur for every recipe: a set judged all-valid or all-invalid would say nothing about a screen.
    for (const recipe of ['textfooler', 'pwws', 'deepwordbug']) {
      const verdicts = new Set(judged.filter((j) => j.recipe === recipe).map((j) => j.valid));
      expect(verdicts.size, recipe).to.equal(2);
    }
  });

  it('records each example faithfully: the original is in its data set with that gold label, the perturbed text differs', () => {
    const data = new Map<string, Map<string, string>>();
    for (const j of judged) {
      const key = `${j.model}\u0000${j.dataset}`;
      if (!data.has(key)) {
        const labels = labelsOf(j.model);
        data.set(key, new Map(readAttackData(path.join(repoRoot, j.dataset), labels).map((e) => [e.text, labels[e.label!]])));
      }
      expect(data.get(key)!.get(j.original), `${j.id}: original not found in ${j.dataset}`).to.equal(j.goldLabel);
      expect(j.perturbed, j.id).to.not.equal(j.original);
      expect(judgedEdits(j), j.id).to.not.be.empty; // word substitutions only, so a screen can be given the edits
    }
  });

  it('gives every verdict a reason written as a sentence', () => {
    for (const j of judged) {
      expect(j.reason, j.id).to.match(/^\S.*[.!]$/);
      expect(j.reason.split(/\s+/).length, `${j.id}: ${j.reason}`).to.be.at.least(6);
    }
  });

  it('prints the valid share of reported successes per recipe, before and after issue 9', () => {
    const rows = validShares(judged, (j) => !/heldout/.test(j.dataset)); // the held-out sets: next test
    for (const row of rows) console.log(`      ${row.version.padEnd(15)} ${row.recipe.padEnd(12)} valid ${String(row.valid).padStart(3)} / ${String(row.judged).padStart(3)} = ${pct(row.share)}`);
    const before = (recipe: string) => rows.find((r) => r.recipe === recipe && r.version === 'before-issue-9')!;
    // The judged facts issue 9 starts from: textfooler's old candidates are mostly invalid, character edits mostly valid.
    expect(before('textfooler').share).to.be.below(0.5);
    expect(before('deepwordbug').share).to.be.above(before('pwws').share);
    expect(before('pwws').share).to.be.above(before('textfooler').share);
  });

  it('word-constraints: at least 90% of what textfooler and pwws report is valid (issue 9 must-show); better than before on held-out sets', () => {
    const heldout = (j: Judgement) => /heldout/.test(j.dataset);
    const share = (recipe: string, version: string, filter: (j: Judgement) => boolean) => validShares(judged, filter).find((r) => r.recipe === recipe && r.version === version)!;
    for (const recipe of ['textfooler', 'pwws']) {
      const inSample = share(recipe, 'word-constraints', (j) => !heldout(j));
      expect(inSample.judged, recipe).to.be.at.least(10);
      expect(inSample.share, recipe).to.be.at.least(0.9);
      // Each fine-tune on its own still has successes, and most of them valid: an honest lower success rate, not none.
      for (const model of ['tiny-bert-sentiment', 'tiny-bert-agreement']) expect(share(recipe, 'word-constraints', (j) => !heldout(j) && j.model === model).share, `${recipe} on ${model}`).to.be.at.least(0.85);
      // Sets written after the thresholds were chosen (one rule, wordClass's mostly-verb rule, came after half of
      // them was judged): textfooler 94.1%, pwws 88.9% (WordNet lacks "setup" as the act of setting up), better than
      // before (65.5%, 62.5%); small samples (17 and 9 successes).
      const before = share(recipe, 'after-issue-9', heldout);
      const after = share(recipe, 'word-constraints', heldout);
      console.log(`      held out, ${recipe}: valid ${before.valid}/${before.judged} = ${pct(before.share)} before → ${after.valid}/${after.judged} = ${pct(after.share)} with the word constraints`);
      expect(after.share, recipe).to.be.above(before.share + 0.1);
    }
  });
});

describe('deepwordbug under the typo guard (char-guards) on the hand-judged set', () => {
  const judged = readJudgedSet(path.join(import.meta.dirname, '..', '..', 'fixtures', 'data', 'judged-adversarial.jsonl'));
  const heldout = (j: Judgement) => /heldout/.test(j.dataset);
  const share = (version: string, filter: (j: Judgement) => boolean) => validShares(judged, filter).find((r) => r.recipe === 'deepwordbug' && r.version === version)!;

  it('at least 95% of what it reports is valid (issue 9 must-show), on the judging sets and on sets written after the rules were chosen', () => {
    const inSample = share('char-guards', (j) => !heldout(j));
    const before = share('after-issue-9', heldout);
    const after = share('char-guards', heldout);
    console.log(`      judging sets: ${inSample.valid}/${inSample.judged} = ${pct(inSample.share)}; held out: ${before.valid}/${before.judged} = ${pct(before.share)} before the guard → ${after.valid}/${after.judged} = ${pct(after.share)}`);
    expect(inSample.judged).to.be.at.least(80);
    expect(inSample.share).to.be.at.least(0.95);
    for (const model of ['tiny-bert-sentiment', 'tiny-bert-agreement']) expect(share('char-guards', (j) => !heldout(j) && j.model === model).share, model).to.be.at.least(0.95);
    expect(after.judged).to.be.at.least(30);
    expect(after.share).to.be.at.least(0.95);
    expect(after.share).to.be.above(before.share);
  });
});

describe('reading and summarising a judged set', () => {
  const base: Judgement = {
    id: 'x1', recipe: 'pwws', model: 'm', dataset: 'd.jsonl', original: 'a good film.', perturbed: 'a fine film.', goldLabel: 'POSITIVE',
    valid: true, reason: "'good' → 'fine' keeps the praise.", recipeVersion: 'before-issue-9',
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sesame-judged-'));
  const write = (name: string, records: unknown[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };

  it('computes valid shares per recipe and version from known counts', () => {
    const list: Judgement[] = [
      { ...base, id: 'a' }, { ...base, id: 'b', valid: false }, { ...base, id: 'c', valid: false }, { ...base, id: 'd' },
      { ...base, id: 'e', recipe: 'textfooler', valid: false },
      { ...base, id: 'f', recipeVersion: 'after-issue-9' }, { ...base, id: 'g', recipeVersion: 'after-issue-9' }, { ...base, id: 'h', recipeVersion: 'after-issue-9', valid: false },
    ];
    expect(validShares(list)).to.deep.equal([
      { recipe: 'pwws', version: 'before-issue-9', judged: 4, valid: 2, share: 0.5 },
      { recipe: 'textfooler', version: 'before-issue-9', judged: 1, valid: 0, share: 0 },
      { recipe: 'pwws', version: 'after-issue-9', judged: 3, valid: 2, share: 2 / 3 },
    ]);
    expect(validShares(list, (j) => j.id !== 'b')[0]).to.include({ judged: 3, valid: 2 });
  });

  it('measures a screen against the judgements with invalid as the positive class, from known counts', () => {
    // 3 invalid (b, c, e), 3 valid (a, d, f); the screen rejects b, c (right) and d (wrong), keeps e (missed).
    const ex = (id: string, rest: Partial<Judgement> = {}): Judgement => ({ ...base, id, perturbed: `a ${id} film.`, ...rest });
    const list: Judgement[] = [
      ex('a'), ex('b', { valid: false }), ex('c', { valid: false }), ex('d'), ex('e', { valid: false }), ex('f', { recipe: 'textfooler' }),
      // the after-issue-9 recipes report b again: it counts in its version, once in 'all'
      { ...ex('b', { valid: false }), id: 'b2', recipeVersion: 'after-issue-9' },
    ];
    const rows = screenAgreement(list, [true, false, false, false, true, true, false]);
    expect(rows.find((r) => r.recipe === 'pwws' && r.version === 'after-issue-9')).to.deep.include({ judged: 1, invalid: 1, flagged: 1 });
    const pwwsRow = rows.find((r) => r.recipe === 'pwws' && r.version === 'before-issue-9')!;
    expect(pwwsRow).to.deep.include({ judged: 5, invalid: 3, flagged: 3, flaggedInvalid: 2, kept: 2, validKept: 1, validShare: 0.4, validShareKept: 0.5 });
    expect(pwwsRow.precision).to.be.closeTo(2 / 3, 1e-12);
    expect(pwwsRow.recall).to.be.closeTo(2 / 3, 1e-12);
    const all = rows.find((r) => r.recipe === 'all' && r.version === 'all')!;
    expect(all).to.deep.include({ judged: 6, invalid: 3, flagged: 3, flaggedInvalid: 2, kept: 3, validKept: 2, validShare: 0.5 });
    expect(Number.isNaN(rows.find((r) => r.recipe === 'textfooler')!.precision)).to.equal(true); // nothing flagged
    expect(() => screenAgreement(list, [true])).to.throw(/1 screen verdicts for 7 judgements/);
  });

  it('recovers the word edits of a judged example from its two texts', () => {
    expect(judgedEdits({ id: 'x', original: 'A clever, funny book.', perturbed: 'A lucky, funny league.' })).to.deep.equal([
      { index: 1, from: 'clever,', to: 'lucky,' },
      { index: 3, from: 'book.', to: 'league.' },
    ]);
    expect(() => judgedEdits({ id: 'x', original: 'a b', perturbed: 'a' })).to.throw(/x: original and perturbed have different word counts/);
  });

  it('refuses an unjudged line, a bad version, a duplicate id or the same example twice in one version, naming the line', () => {
    expect(() => readJudgedSet(write('null.jsonl', [base, { ...base, id: 'x2', valid: null }]))).to.throw(/null\.jsonl line 2: "valid" must be true or false/);
    expect(() => readJudgedSet(write('version.jsonl', [{ ...base, recipeVersion: 'later' }]))).to.throw(/line 1: "recipeVersion" must be one of/);
    expect(() => readJudgedSet(write('id.jsonl', [base, { ...base, perturbed: 'a nice film.' }]))).to.throw(/line 2: id x1 is used twice/);
    expect(() => readJudgedSet(write('twice.jsonl', [base, { ...base, id: 'x2' }]))).to.throw(/line 2: the same example is judged twice for before-issue-9/);
    expect(readJudgedSet(write('both.jsonl', [base, { ...base, id: 'x2', recipeVersion: 'after-issue-9' }]))).to.have.length(2);
    expect(() => readJudgedSet(write('reason.jsonl', [{ ...base, reason: '' }]))).to.throw(/line 1 has no "reason" string/);
    expect(() => readJudgedSet(path.join(dir, 'missing.jsonl'))).to.throw(/cannot read judged set .*missing\.jsonl/);
  });
});
