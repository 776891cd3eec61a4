import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';

/**
 * The hand-judged adversarial examples (issue 9 item 8): reported successes of the attack recipes on the fixture
 * models, each judged valid or invalid by a person with a one-sentence reason. Valid = same gold label, same
 * meaning, no new grammatical error beyond a typo a reader recovers at once (Morris et al. 2020); for the agreement
 * model, valid = the acceptability label is unchanged and no other grammatical error is added.
 */
export type RecipeVersion = 'before-issue-9' | 'after-issue-9' | 'char-guards' | 'word-constraints';

/**
 * In order: before issue 9 (c2e64f0), after it (cdc2ca5), deepwordbug with the exterior-letter/word-cap typo guard,
 * textfooler and pwws with the grammatical-number, word-class, WordNet-sense and polarity-strength constraints.
 */
export const RECIPE_VERSIONS: readonly RecipeVersion[] = ['before-issue-9', 'after-issue-9', 'char-guards', 'word-constraints'];

export interface Judgement {
  id: string;
  recipe: string;
  model: string;
  dataset: string;
  original: string;
  perturbed: string;
  goldLabel: string;
  valid: boolean;
  /** Why, as a sentence: "'charming' → 'impatient' reverses the praise." */
  reason: string;
  /** Which recipes reported it (see `RECIPE_VERSIONS`). */
  recipeVersion: RecipeVersion;
}

/** What identifies a judged example: the same text pair from the same recipe, model and data set is judged once per version. */
export function judgementKey(e: Pick<Judgement, 'recipe' | 'model' | 'dataset' | 'original' | 'perturbed'>): string {
  return [e.recipe, e.model, e.dataset, e.original, e.perturbed].join('\u0000');
}

const STRING_FIELDS = ['id', 'recipe', 'model', 'dataset', 'original', 'perturbed', 'goldLabel', 'reason'] as const;

function parseJudgement(line: string, where: string): Judgement {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new UsageError(`${where} is not valid JSON: write one judgement object per line`);
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new UsageError(`${where} is not a JSON object`);
  const r = record as Record<string, unknown>;
  for (const field of STRING_FIELDS) {
    if (typeof r[field] !== 'string' || (r[field] as string).trim() === '') throw new UsageError(`${where} has no "${field}" string: every judgement needs ${STRING_FIELDS.join(', ')}, valid and recipeVersion`);
  }
  if (typeof r.valid !== 'boolean') throw new UsageError(`${where}: "valid" must be true or false (got ${JSON.stringify(r.valid)}): judge the example before adding it`);
  if (!RECIPE_VERSIONS.includes(r.recipeVersion as RecipeVersion)) throw new UsageError(`${where}: "recipeVersion" must be one of ${RECIPE_VERSIONS.join(', ')}`);
  return r as unknown as Judgement;
}

/** Reads and checks a judged-set JSONL file; a duplicate id or a duplicate example within one version is an error. */
export function readJudgedSet(file: string): Judgement[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read judged set ${file}: check the path`);
  }
  const ids = new Set<string>();
  const keys = new Set<string>();
  const judgements: Judgement[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${file} line ${i + 1}`;
    const j = parseJudgement(line, where);
    if (ids.has(j.id)) throw new UsageError(`${where}: id ${j.id} is used twice`);
    const key = `${j.recipeVersion}\u0000${judgementKey(j)}`;
    if (keys.has(key)) throw new UsageError(`${where}: the same example is judged twice for ${j.recipeVersion}`);
    ids.add(j.id);
    keys.add(key);
    judgements.push(j);
  });
  return judgements;
}

export interface ValidShare {
  recipe: string;
  version: RecipeVersion;
  judged: number;
  valid: number;
  /** valid ÷ judged, or NaN when nothing is judged. */
  share: number;
}

/** Valid share of the judged successes per recipe and recipe version (recipes in order of first appearance). */
export function validShares(judgements: readonly Judgement[], filter: (j: Judgement) => boolean = () => true): ValidShare[] {
  const recipes = [...new Set(judgements.map((j) => j.recipe))];
  const rows: ValidShare[] = [];
  for (const version of RECIPE_VERSIONS) {
    for (const recipe of recipes) {
      const mine = judgements.filter((j) => j.recipe === recipe && j.recipeVersion === version && filter(j));
      if (mine.length === 0) continue;
      const valid = mine.filter((j) => j.valid).length;
      rows.push({ recipe, version, judged: mine.length, valid, share: valid / mine.length });
    }
  }
  return rows;
}

/** How an automatic screen's verdicts agree with the hand judgements, "invalid" being the positive class. */
export interface ScreenAgreement {
  recipe: string;
  version: RecipeVersion | 'all';
  judged: number;
  /** Judged invalid by hand. */
  invalid: number;
  /** Rejected by the screen. */
  flagged: number;
  /** Rejected by the screen and judged invalid. */
  flaggedInvalid: number;
  /** flaggedInvalid ÷ flagged: of what the screen rejects, the share a person also rejects (NaN if nothing flagged). */
  precision: number;
  /** flaggedInvalid ÷ invalid: of the invalid examples, the share the screen rejects (NaN if none invalid). */
  recall: number;
  /** Kept by the screen, and of those the valid ones. */
  kept: number;
  validKept: number;
  /** valid ÷ judged: what the recipes' reported successes are worth without the screen. */
  validShare: number;
  /** validKept ÷ kept: what the screened successes are worth (NaN if nothing kept). */
  validShareKept: number;
}

/**
 * Agreement of screen verdicts (`screenValid[i]` for `judgements[i]`) with the hand judgements, per recipe and
 * version, then per version over all recipes; version `all` counts each distinct example once.
 */
export function screenAgreement(judgements: readonly Judgement[], screenValid: readonly boolean[]): ScreenAgreement[] {
  if (screenValid.length !== judgements.length) throw new Error(`${screenValid.length} screen verdicts for ${judgements.length} judgements`);
  const summarise = (recipe: string, version: RecipeVersion | 'all', indices: number[]): ScreenAgreement => {
    const count = (f: (i: number) => boolean) => indices.filter(f).length;
    const invalid = count((i) => !judgements[i].valid);
    const flagged = count((i) => !screenValid[i]);
    const flaggedInvalid = count((i) => !screenValid[i] && !judgements[i].valid);
    const kept = indices.length - flagged;
    const validKept = count((i) => screenValid[i] && judgements[i].valid);
    return {
      recipe, version, judged: indices.length, invalid, flagged, flaggedInvalid,
      precision: flaggedInvalid / flagged, recall: flaggedInvalid / invalid, kept, validKept,
      validShare: count((i) => judgements[i].valid) / indices.length, validShareKept: validKept / kept,
    };
  };
  const recipes = [...new Set(judgements.map((j) => j.recipe))];
  const rows: ScreenAgreement[] = [];
  for (const version of [...RECIPE_VERSIONS, 'all'] as const) {
    // Over both versions an example both report counts once (its verdicts agree: validity depends on the text pair).
    const seen = new Set<string>();
    const inVersion = judgements.flatMap((j, i) => {
      if (version !== 'all') return j.recipeVersion === version ? [i] : [];
      const key = judgementKey(j);
      if (seen.has(key)) return [];
      seen.add(key);
      return [i];
    });
    if (inVersion.length === 0) continue;
    for (const recipe of recipes) {
      const mine = inVersion.filter((i) => judgements[i].recipe === recipe);
      if (mine.length > 0) rows.push(summarise(recipe, version, mine));
    }
    rows.push(summarise('all', version, inVersion));
  }
  return rows;
}

/** The word edits between a judged example's original and perturbed text (the recipes substitute whole words). */
export function judgedEdits(j: Pick<Judgement, 'id' | 'original' | 'perturbed'>): Array<{ index: number; from: string; to: string }> {
  const from = j.original.split(/\s+/).filter(Boolean);
  const to = j.perturbed.split(/\s+/).filter(Boolean);
  if (from.length !== to.length) throw new Error(`judged example ${j.id}: original and perturbed have different word counts; store its edits`);
  return from.flatMap((w, index) => (w === to[index] ? [] : [{ index, from: w, to: to[index] }]));
}
