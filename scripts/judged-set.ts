/**
 * Re-runs the attack recipes on the fixture models and looks every reported success up in the hand-judged set
 * (fixtures/data/judged-adversarial.jsonl, issue 9 item 8). Prints, per recipe and model, how many successes the
 * recipes report, how many of them are judged and the valid share among the judged; lists the ones not judged yet
 * and writes them, in the judged set's own format with `valid: null`, for an annotator to fill in.
 *
 *   npx tsx scripts/judged-set.ts [--version before-issue-9|after-issue-9|char-guards|word-constraints] [--recipes pwws,...] [--budget 1000]
 *     [--seed 1] [--out reports/judged-set] [--heldout]
 *
 * `--heldout` attacks the held-out sets instead (sentiment-heldout, agreement-heldout: written after the
 * word-constraints thresholds were chosen) and writes successes-<version>-heldout.jsonl / pending-…-heldout.jsonl.
 *
 * Writes <out>/successes-<version>.jsonl (every reported success, with its judgement when there is one) and
 * <out>/pending-<version>.jsonl (the ones to judge). `--version` names the recipes the checkout holds: the
 * "before" recipes are those of commit c2e64f0 (main before issue 9's work); default after-issue-9.
 *
 * Where the checkout screens successes (issue 9 item 7), each is screened as `sesame attack --encoder tiny-bert-base`
 * does, and the table adds what the screen keeps and the valid share of that.
 *
 * To re-run the "before" recipes, copy this script and what it reads into a checkout of c2e64f0:
 *   mkdir /tmp/sesame-before && git archive c2e64f0 | tar -x -C /tmp/sesame-before && ln -s "$PWD/node_modules" /tmp/sesame-before/
 *   git archive HEAD scripts/judged-set.ts src/attack/judged-set.ts fixtures/data | tar -x -C /tmp/sesame-before
 *   (cd /tmp/sesame-before && npx tsx scripts/judged-set.ts --version before-issue-9)
 *
 * An example is looked up by its content (recipe, model, data set, original, perturbed), so a success that the
 * rebuilt recipes produce again keeps its judgement; the pending file then carries it over (`carriedFrom`) under the
 * new version, so that each version's valid share is computed over exactly what that version reports.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getRecipe, recipeNames } from '../attacks/recipes/index.js';
import { readAttackData } from '../src/attack/data.js';
import { judgementKey, readJudgedSet, RECIPE_VERSIONS, type Judgement, type RecipeVersion } from '../src/attack/judged-set.js';
import { runAttack } from '../src/attack/run-attack.js';
import { loadModel } from '../src/models/index.js';
import type { AdversarialExample } from '../src/report/types.js';
import type { Constraint } from '../src/screen/types.js';

const VERSIONS = RECIPE_VERSIONS;

/** The fixture models and the labelled sets each is attacked on (paths relative to the repository root). */
export const TARGETS = [
  { model: 'tiny-bert-sentiment', datasets: ['fixtures/data/sentiment-attack.jsonl', 'fixtures/data/sentiment-judging.jsonl'], heldout: ['fixtures/data/sentiment-heldout.jsonl'] },
  // Agreement judges grammatical number: attacked as `sesame attack --number-sensitive` (windows → window is a label change).
  { model: 'tiny-bert-agreement', datasets: ['fixtures/data/agreement-attack.jsonl', 'fixtures/data/agreement-judging.jsonl'], heldout: ['fixtures/data/agreement-heldout.jsonl'], numberSensitive: true },
];

/**
 * Data sets written after the word-constraints thresholds were chosen on the sets above (`--heldout`): the recipes'
 * valid share there is the out-of-sample check of those choices.
 */
export const HELDOUT_DATASETS = TARGETS.flatMap((t) => t.heldout);

/** The pretrained model both fixture fine-tunes come from: BERTScore's encoder in the screen, as `sesame attack --encoder`. */
const PRETRAINED = 'tiny-bert-base';

/**
 * The screen `sesame attack --encoder <pretrained>` applies, or undefined in a checkout that has none (the recipes
 * before issue 9: the script is copied into such a checkout to re-run them).
 */
async function theScreen(encoder: Awaited<ReturnType<typeof loadModel>>): Promise<Constraint[] | undefined> {
  try {
    const { defaultScreen } = await import('../src/screen/default-screen.js');
    const { bertScore } = await import('../src/screen/constraints/bert-score.js');
    return defaultScreen({ extra: [bertScore({ encoder })] });
  } catch {
    return undefined;
  }
}

export const JUDGED_FILE = 'fixtures/data/judged-adversarial.jsonl';

export function judgementId(version: RecipeVersion, e: Pick<Judgement, 'recipe' | 'model' | 'dataset' | 'original' | 'perturbed'>): string {
  const short = e.model.replace(/^tiny-bert-/, '');
  const hash = createHash('sha1').update(judgementKey(e)).digest('hex').slice(0, 8);
  const prefix = { 'before-issue-9': 'b', 'after-issue-9': 'a', 'char-guards': 'c', 'word-constraints': 'w' }[version];
  return `${prefix}-${e.recipe}-${short}-${hash}`;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

const pct = (n: number, d: number) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      version: { type: 'string' },
      recipes: { type: 'string' },
      budget: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      heldout: { type: 'boolean' },
    },
  });
  const version = (values.version ?? 'after-issue-9') as RecipeVersion;
  if (!VERSIONS.includes(version)) {
    process.stderr.write(`--version ${values.version} is not one of ${VERSIONS.join(', ')}\n`);
    return 2;
  }
  const recipes = values.recipes ? values.recipes.split(',') : recipeNames();
  const budget = Number(values.budget ?? 1000);
  const seed = Number(values.seed ?? 1);
  const root = path.resolve(import.meta.dirname, '..');
  const out = path.resolve(root, values.out ?? 'reports/judged-set');

  const judged = existsSync(path.join(root, JUDGED_FILE)) ? readJudgedSet(path.join(root, JUDGED_FILE)) : [];
  const byContent = new Map<string, Judgement[]>();
  for (const j of judged) byContent.set(judgementKey(j), [...(byContent.get(judgementKey(j)) ?? []), j]);

  interface Row { recipe: string; model: string; dataset: string; attacked: number; succeeded: number; judged: number; valid: number; screened: boolean; kept: number; keptJudged: number; keptValid: number }
  const rows: Row[] = [];
  const successes: string[] = [];
  const pending: string[] = [];
  const encoder = await loadModel(path.join(root, 'fixtures/models', PRETRAINED), { cacheDir: false });
  const screen = await theScreen(encoder);
  for (const target of TARGETS) {
    const model = await loadModel(path.join(root, 'fixtures/models', target.model));
    try {
      for (const dataset of values.heldout ? target.heldout : target.datasets) {
        let examples;
        try {
          examples = readAttackData(path.join(root, dataset), model.info.labels!);
        } catch {
          continue; // an optional data set not present in this checkout
        }
        for (const recipeName of recipes) {
          const run = await runAttack(model, getRecipe(recipeName, { numberSensitive: target.numberSensitive === true }), examples, { budget, seed, dataset, ...(screen ? { screen } : {}) });
          const attacked = run.outcomes.filter((o) => o.status !== 'skipped').length;
          const row: Row = { recipe: recipeName, model: target.model, dataset, attacked, succeeded: run.result.successes.length, judged: 0, valid: 0, screened: false, kept: 0, keptJudged: 0, keptValid: 0 };
          for (const ex of run.result.successes as AdversarialExample[]) {
            const base = { recipe: recipeName, model: target.model, dataset, original: ex.original, perturbed: ex.perturbed };
            const matches = byContent.get(judgementKey(base)) ?? [];
            const sameVersion = matches.find((m) => m.recipeVersion === version);
            const verdict = sameVersion ?? matches[0];
            const id = sameVersion?.id ?? judgementId(version, base);
            if (verdict) {
              row.judged++;
              if (verdict.valid) row.valid++;
            }
            // The validity screen's verdict, where the checkout's runAttack records one (issue 9 item 7).
            const screenVerdict = (ex as { screen?: { valid: boolean; reasons: string[] } }).screen;
            if (screenVerdict) {
              row.screened = true;
              if (screenVerdict.valid) {
                row.kept++;
                if (verdict) row.keptJudged++;
                if (verdict?.valid) row.keptValid++;
              }
            }
            successes.push(JSON.stringify({ id, ...base, goldLabel: ex.originalLabel, newLabel: ex.newLabel, edits: ex.edits, recipeVersion: version, judged: verdict !== undefined, ...(verdict ? { valid: verdict.valid, reason: verdict.reason } : {}), ...(screenVerdict ? { screen: screenVerdict } : {}) }));
            if (!sameVersion) {
              pending.push(JSON.stringify({ id, ...base, goldLabel: ex.originalLabel, valid: verdict?.valid ?? null, reason: verdict?.reason ?? '', recipeVersion: version, ...(verdict ? { carriedFrom: verdict.id } : {}) }));
            }
          }
          rows.push(row);
          process.stderr.write(`${recipeName} on ${target.model} / ${path.basename(dataset)}: ${row.succeeded} successes of ${attacked} attacked\n`);
        }
      }
    } finally {
      await model.dispose();
    }
  }
  await encoder.dispose();

  const tag = values.heldout ? `${version}-heldout` : version;
  writeAtomically(path.join(out, `successes-${tag}.jsonl`), successes.map((l) => `${l}\n`).join(''));
  writeAtomically(path.join(out, `pending-${tag}.jsonl`), pending.map((l) => `${l}\n`).join(''));

  const lines = [`Recipes: ${version}, seed ${seed}, budget ${budget}. Judged set: ${judged.length} judgements in ${JUDGED_FILE}.`, ''];
  lines.push('| recipe | model | data | success rate | reported | judged | valid / judged |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    lines.push(`| ${r.recipe} | ${r.model} | ${path.basename(r.dataset)} | ${pct(r.succeeded, r.attacked)} (${r.succeeded}/${r.attacked}) | ${r.succeeded} | ${r.judged} | ${r.valid}/${r.judged} (${pct(r.valid, r.judged)}) |`);
  }
  const screened = rows.some((r) => r.screened);
  lines.push('', `| recipe | reported | judged | valid share of reported successes |${screened ? ' screen keeps | valid share of what it keeps |' : ''}`, `|---|---|---|---|${screened ? '---|---|' : ''}`);
  for (const recipe of recipes) {
    const mine = rows.filter((r) => r.recipe === recipe);
    const sum = (k: 'succeeded' | 'judged' | 'valid' | 'kept' | 'keptJudged' | 'keptValid') => mine.reduce((a, r) => a + r[k], 0);
    const kept = screened ? ` ${sum('kept')} | ${sum('keptValid')}/${sum('keptJudged')} (${pct(sum('keptValid'), sum('keptJudged'))}) |` : '';
    lines.push(`| ${recipe} | ${sum('succeeded')} | ${sum('judged')} | ${sum('valid')}/${sum('judged')} (${pct(sum('valid'), sum('judged'))}) |${kept}`);
  }
  const notJudged = pending.filter((l) => !('carriedFrom' in JSON.parse(l))).length;
  lines.push('', `${notJudged} reported success(es) not judged yet; ${pending.length - notJudged} judged under the other version only (carried over).`);
  lines.push(`Every success: ${path.relative(root, path.join(out, `successes-${tag}.jsonl`))}; to judge: ${path.relative(root, path.join(out, `pending-${tag}.jsonl`))}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('judged-set.ts')) {
  main().then((code) => process.exit(code), (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  });
}
