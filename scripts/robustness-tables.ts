/**
 * The numbers behind issue 3's closing note, as Markdown tables: invariance failure rates per perturbation family
 * and attack results per recipe, on the fixture sentiment and agreement models, plus grammar-rewrite invariance on
 * the agreement model (needs ../shared/opensesame). Deterministic: fixed seeds, no output cache.
 *
 *   npx tsx scripts/robustness-tables.ts [--runs 200] [--budget 1000] [--families synonyms,casing] [--recipes pwws]
 *     [--sections invariance,attacks,grammar]
 *
 * `--families` and `--recipes` keep only those rows; `--sections` only those tables (default: all three).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import * as P from '../attacks/index.js';
import { getRecipe, pwws, recipeNames } from '../attacks/recipes/index.js';
import type { Recipe } from '../src/attack/types.js';
import { readAttackData } from '../src/attack/data.js';
import { runAttack } from '../src/attack/run-attack.js';
import * as G from '../src/grammar/index.js';
import { loadModel, type SesameModel } from '../src/models/index.js';
import { invariance } from '../src/properties/index.js';

const { values } = parseArgs({ options: { runs: { type: 'string' }, budget: { type: 'string' }, families: { type: 'string' }, recipes: { type: 'string' }, sections: { type: 'string' } } });
const wanted = (list: string | undefined) => (name: string) => list === undefined || list.split(',').includes(name);
const familyWanted = wanted(values.families);
const recipeWanted = wanted(values.recipes);
const sectionWanted = wanted(values.sections);
const RUNS = Number(values.runs ?? 200);
const BUDGET = Number(values.budget ?? 1000);
const root = path.resolve(import.meta.dirname, '..');
const MODELS = [
  { name: 'tiny-bert-sentiment', data: 'sentiment-attack.jsonl' },
  { name: 'tiny-bert-agreement', data: 'agreement-attack.jsonl' },
];

const families: Array<[string, (model: SesameModel) => P.Perturbation]> = [
  ['char-noise', () => (s) => P.charNoise(s)],
  ['keyboard-typos', () => (s) => P.keyboardTypos(s)],
  ['ocr-confusions', () => (s) => P.ocrConfusions(s)],
  ['casing', () => (s) => P.casing(s)],
  ['synonyms', () => (s) => P.synonyms(s)],
  // The synonym filters one at a time and neither (raw WordNet, as before the filters existed): what each removes.
  ['synonyms-frequent-senses-only', () => (s) => P.synonyms(s, { polarityGuard: false })],
  ['synonyms-polarity-guard-only', () => (s) => P.synonyms(s, { frequentSenses: false })],
  ['synonyms-raw-wordnet', () => (s) => P.synonyms(s, { frequentSenses: false, polarityGuard: false })],
  ['embedding-neighbours', (model) => (s) => P.embeddingNeighbours(s, { model })],
  ['inflections', () => (s) => P.inflections(s)],
  ['negation', () => (s) => P.negation(s)],
  ['entity-swap', () => (s) => P.entitySwap(s)],
  ['contractions', () => (s) => P.contractions(s)],
  ['punctuation', () => (s) => P.punctuation(s)],
  ['whitespace', () => (s) => P.whitespace(s)],
];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;

const loaded = new Map<string, SesameModel>();
const sentences = new Map<string, string[]>();
for (const m of MODELS) {
  const model = await loadModel(path.join(root, 'fixtures', 'models', m.name), { cacheDir: false });
  loaded.set(m.name, model);
  sentences.set(m.name, readAttackData(path.join(root, 'fixtures', 'data', m.data), model.info.labels!).map((e) => e.text));
}
await P.prepareSynonyms([...sentences.values()].flat());

async function invarianceTable(): Promise<void> {
  console.log(`\n### Invariance failure rate per perturbation family (one word or site changed, ${RUNS} draws, seed 42)\n`);
  console.log(row(['family', ...MODELS.map((m) => `${m.name}: failures / applicable (skipped)`), ...MODELS.map((m) => `${m.name}: rate [95% CI]`)]));
  console.log(row(['---', ...MODELS.flatMap(() => ['---', '---'])]));
  for (const [family, make] of families.filter(([f]) => familyWanted(f))) {
    const cells: string[] = [];
    const rates: string[] = [];
    for (const m of MODELS) {
      const model = loaded.get(m.name)!;
      const r = await invariance({ model, sentences: sentences.get(m.name)!, perturb: make(model), numRuns: RUNS, seed: 42, maxCounterexamples: 0 });
      cells.push(`${r.failures} / ${r.runs - r.skipped} (${r.skipped})`);
      rates.push(`${pct(r.failureRate)} [${pct(r.ci95[0])}, ${pct(r.ci95[1])}]`);
    }
    console.log(row([family, ...cells, ...rates]));
  }
}

async function attackTable(): Promise<void> {
  console.log(`\n### Attack results per recipe (budget ${BUDGET} queries per example, seed 0)\n`);
  console.log(row(['model', 'recipe', 'examples', 'original acc.', 'acc. under attack', 'success rate', 'avg % words perturbed', 'avg queries', 'succeeded / failed / skipped']));
  console.log(row(Array(9).fill('---')));
  for (const m of MODELS) {
    const model = loaded.get(m.name)!;
    const examples = readAttackData(path.join(root, 'fixtures', 'data', m.data), model.info.labels!);
    // PWWS as published draws from raw WordNet; Sesame's default keeps to common senses and the word's sentiment.
    const recipes: Array<[string, Recipe]> = [
      ...recipeNames().map((name): [string, Recipe] => [name, getRecipe(name)]),
      ['pwws-raw-wordnet', pwws({ frequentSenses: false, polarityGuard: false })],
    ];
    for (const [name, recipe] of recipes.filter(([r]) => recipeWanted(r))) {
      const run = await runAttack(model, recipe, examples, { budget: BUDGET, seed: 0 });
      const r = run.result;
      const n = (s: string) => run.outcomes.filter((o) => o.status === s).length;
      console.log(row([m.name, name, r.examples, pct(r.originalAccuracy), pct(r.accuracyUnderAttack), pct(r.successRate), `${r.avgPerturbedWordsPct.toFixed(1)}%`, r.avgQueries.toFixed(1), `${n('succeeded')} / ${n('failed')} / ${n('skipped')}`]));
    }
  }
}

async function grammarTable(): Promise<void> {
  const grammarFile = path.resolve(root, '..', 'shared', 'opensesame', 'grammars', 'gr.agr');
  if (existsSync(grammarFile)) {
    const model = loaded.get('tiny-bert-agreement')!;
    const grammar = G.readOpenSesameGrammar(grammarFile);
    const lexicon = G.lexiconFromGrammar(grammar);
    const rewrites: Array<[string, (s: G.AnnotatedSentence) => fc.Arbitrary<G.RewriteResult>, string]> = [
      ['prepositional-phrase', (s) => G.prepositionalPhrase(s, { lexicon }), 'ACCEPTABLE'],
      ['attractor (PP, other number)', (s) => G.attractor(s, { lexicon }), 'ACCEPTABLE'],
      ['subject-relative-clause', (s) => G.subjectRelativeClause(s, { lexicon }), 'ACCEPTABLE'],
      ['compound-subject', (s) => G.compoundSubject(s, { lexicon }), 'ACCEPTABLE'],
      ['possessive-subject', (s) => G.possessiveSubject(s, { lexicon }), 'ACCEPTABLE'],
      ['number-flip, auxiliary agrees', (s) => G.numberFlip(s), 'ACCEPTABLE'],
      ['number-flip, auxiliary kept (do/does only)', (s) => G.numberFlip(s, { verb: 'keep' }), 'UNACCEPTABLE'],
    ];
    console.log(`\n### Grammar rewrites on the agreement model (gr.agr sentences, ${RUNS} draws, seed 42)\n`);
    console.log(row(['rewrite', 'expected label', 'original sentences judged ACCEPTABLE', 'rewritten: expected label', 'applicable']));
    console.log(row(Array(5).fill('---')));
    for (const [name, rewrite, expected] of rewrites) {
      const drawn = fc.sample(G.grammarSentence(grammar).chain(rewrite), { seed: 42, numRuns: RUNS });
      // For the kept auxiliary, only the flips that really break agreement count (a modal agrees with both numbers).
      const cases = drawn.filter((r): r is G.Rewritten => r.applicable && (expected === 'ACCEPTABLE' || !r.grammatical));
      const strip = (t: string) => t.replace(/ \.$/, '.');
      const before = await model.predict(cases.map((c) => strip(c.original.words.join(' '))));
      const after = await model.predict(cases.map((c) => strip(c.text)));
      const ok = (ps: typeof before, label: string) => ps.filter((p) => p.label === label).length / Math.max(1, ps.length);
      console.log(row([name, expected, pct(ok(before, 'ACCEPTABLE')), pct(ok(after, expected)), `${cases.length} / ${RUNS}`]));
    }
  } else {
    console.log('\n(grammar rewrites skipped: ../shared/opensesame is absent)');
  }
}

if (sectionWanted('invariance')) await invarianceTable();
if (sectionWanted('attacks')) await attackTable();
if (sectionWanted('grammar')) await grammarTable();
for (const model of loaded.values()) await model.dispose();
