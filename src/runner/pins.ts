import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { EarlierCase } from '../report/types.js';
import { writeFileAtomic } from '../report/write.js';
import { caseId } from './case-records.js';
import { earlierCasesProblem } from './baseline.js';

/**
 * Pinned cases: earlier counterexamples a later model got right, kept as permanent cases of their tests
 * (like fast-check's `examples`), so a fix once made stays made. They live beside the baseline in
 * `<baseline>.pins.json` and survive `--update-baseline`.
 */
export interface PinsFile {
  sesamePins: 1;
  tests: Record<string, EarlierCase[]>;
}

export const pinsFileOf = (baselineFile: string) => `${baselineFile.replace(/\.json$/, '')}.pins.json`;

function corrupt(shown: string, why: string): UsageError {
  return new UsageError(`pins file ${shown} is corrupt (${why}); restore it from version control, or delete it (the pinned cases are lost)`);
}

export function readPins(file: string, cwd: string): PinsFile | undefined {
  if (!existsSync(file)) return undefined;
  const shown = path.relative(cwd, file) || file;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw corrupt(shown, `not valid JSON: ${(err as Error).message}`);
  }
  const p = data as PinsFile;
  if (typeof p !== 'object' || p === null || p.sesamePins !== 1) throw corrupt(shown, '"sesamePins" must be 1');
  if (typeof p.tests !== 'object' || p.tests === null || Array.isArray(p.tests)) throw corrupt(shown, '"tests" must be an object');
  for (const [id, cases] of Object.entries(p.tests)) {
    const problem = earlierCasesProblem(cases);
    if (problem) throw corrupt(shown, `test "${id}": ${problem}`);
  }
  return p;
}

/** Adds `fixed` cases to the pins (each input once) and writes the file atomically; returns how many were new. */
export function addPins(file: string, previous: PinsFile | undefined, fixed: Record<string, EarlierCase[]>): number {
  const tests: Record<string, EarlierCase[]> = Object.fromEntries(Object.entries(previous?.tests ?? {}).map(([k, v]) => [k, [...v]]));
  let added = 0;
  for (const [id, cases] of Object.entries(fixed)) {
    const list = tests[id] ?? [];
    const seen = new Set(list.map(caseId));
    for (const c of cases) {
      if (seen.has(caseId(c))) continue;
      seen.add(caseId(c));
      list.push(c);
      added++;
    }
    if (list.length) tests[id] = list;
  }
  if (added === 0) return 0;
  const sorted = Object.fromEntries(Object.keys(tests).sort().map((k) => [k, tests[k]]));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify({ sesamePins: 1, tests: sorted } satisfies PinsFile, null, 2)}\n`);
  return added;
}
