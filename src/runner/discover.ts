import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';

export const SUITE_SUFFIX = '.suite.ts';

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.isFile() && entry.name.endsWith(SUITE_SUFFIX)) out.push(full);
  }
}

/**
 * Expands files and folders into the sorted, de-duplicated absolute paths of `*.suite.ts` files.
 * A path that does not exist, or a folder with no suites, is a usage error.
 */
export function discoverSuites(inputs: string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      throw new UsageError(`suite path "${input}" does not exist; pass a *.suite.ts file or a folder containing some`);
    }
    if (stat.isDirectory()) {
      const files: string[] = [];
      walk(full, files);
      if (files.length === 0) throw new UsageError(`folder "${input}" contains no *${SUITE_SUFFIX} files`);
      files.forEach((f) => found.add(f));
    } else {
      if (!/\.(m?ts|m?js)$/.test(full)) throw new UsageError(`"${input}" is not a TypeScript or JavaScript suite file`);
      found.add(full);
    }
  }
  return [...found].sort();
}
