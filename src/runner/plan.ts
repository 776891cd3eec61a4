import { existsSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { BlockNode, ModelPair, PlannedTest, TestNode } from './types.js';

export const TITLE_SEPARATOR = ' › ';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (1-based, like jest and playwright) or throws a usage error. */
export function parseShard(value: string): Shard {
  const m = value.match(/^(\d+)\/(\d+)$/);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. --shard 2/4), got "${value}"`);
  }
  return { index, count };
}

/** Compiles a --grep pattern as a regular expression, or throws a usage error naming it. */
export function parseGrep(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (err) {
    throw new UsageError(`--grep "${pattern}" is not a valid regular expression: ${(err as Error).message}`);
  }
}

/** Escapes text so that a --grep built from it matches it literally. */
export function escapeGrep(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Flattens each file's tree into tests with their full titles and inherited models, version and tolerances. */
export function flatten(roots: BlockNode[], cwd = process.cwd()): PlannedTest[] {
  const tests: PlannedTest[] = [];
  const seen = new Map<string, string>();
  for (const root of roots) {
    const file = root.file ?? '';
    const visit = (block: BlockNode, titles: string[], models: ModelPair, version: string, tolerances: Record<string, number>, skipped: boolean) => {
      for (const child of block.children) {
        if (child.type === 'block') {
          const nextModels = { ...models, ...definedOnly(child.options.models ?? {}, file, cwd) };
          const nextVersion = child.options.version !== undefined ? String(child.options.version) : version;
          visit(child, [...titles, child.title], nextModels, nextVersion, { ...tolerances, ...child.options.tolerances }, skipped || child.mark === 'skip');
        } else {
          const titlePath = [...titles, child.title];
          const id = titlePath.join(TITLE_SEPARATOR);
          const other = seen.get(id);
          if (other !== undefined) {
            const where = other === file ? file : `${other} and ${file}`;
            throw new UsageError(`${where}: two tests are both called "${id}"; full test titles must be unique (baselines key on them)`);
          }
          seen.set(id, file);
          tests.push({
            id,
            titlePath,
            file,
            node: child,
            models,
            suiteVersion: version,
            tolerances: { ...tolerances, ...child.options.tolerances },
            skipReason: skipped || child.mark === 'skip' ? 'marked skip in the suite' : undefined,
          });
        }
      }
    };
    visit(root, [], {}, '0', {}, false);
  }
  return applyOnly(tests);
}

/**
 * A model path written in a suite is read like an import: relative to the suite file's folder when it
 * exists there (shown relative to the working directory); otherwise as written (a path from the working
 * directory, or a hub id).
 */
export function modelFromSuite(id: string, suiteFile: string, cwd: string): string {
  if (path.isAbsolute(id) || !suiteFile) return id;
  const beside = path.join(path.dirname(suiteFile), id);
  return existsSync(path.resolve(cwd, beside)) ? beside : id;
}

function definedOnly(models: ModelPair, suiteFile: string, cwd: string): ModelPair {
  const out: ModelPair = {};
  if (models.pretrained) out.pretrained = modelFromSuite(models.pretrained, suiteFile, cwd);
  if (models.finetuned) out.finetuned = modelFromSuite(models.finetuned, suiteFile, cwd);
  return out;
}

function markedOnly(node: TestNode): boolean {
  if (node.mark === 'only') return true;
  for (let b: BlockNode | undefined = node.parent; b; b = b.parent) if (b.mark === 'only') return true;
  return false;
}

/** Like mocha: when any test or block is marked `.only`, only those run. */
function applyOnly(tests: PlannedTest[]): PlannedTest[] {
  return tests.some((t) => markedOnly(t.node)) ? tests.filter((t) => markedOnly(t.node)) : tests;
}

/** Keeps the tests whose full title matches `grep`. */
export function selectByGrep(tests: PlannedTest[], grep: RegExp | undefined): PlannedTest[] {
  return grep ? tests.filter((t) => grep.test(t.id)) : tests;
}

/**
 * Deterministic shard: tests sorted by file then id, dealt round-robin. Every test lands in exactly
 * one shard and the split depends only on the set of tests, not on machine or order of discovery.
 */
export function selectShard(tests: PlannedTest[], shard: Shard | undefined): PlannedTest[] {
  if (!shard) return tests;
  const key = (t: PlannedTest) => `${t.file}\u0000${t.id}`;
  const sorted = [...tests].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const keep = new Set(sorted.filter((_, i) => i % shard.count === shard.index - 1));
  return tests.filter((t) => keep.has(t));
}
