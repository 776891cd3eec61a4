import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SesameError, UsageError } from '../errors.js';
import { beginCollecting, endCollecting } from './api.js';
import { didYouMean } from '../suggest.js';
import type { BlockNode } from './types.js';

let generation = 0;
let sesameExports: Record<string, unknown> | undefined;

/** `file:line:col` of the first stack frame inside `file`, if any. */
function frameIn(err: unknown, file: string): string | undefined {
  const stack = err instanceof Error ? err.stack ?? '' : '';
  const url = pathToFileURL(file).href;
  for (const line of stack.split('\n')) {
    const m = line.match(/\(?((?:file:\/\/)?[^\s()]+?):(\d+):(\d+)\)?\s*$/);
    if (!m) continue;
    const where = m[1].replace(/\?.*$/, '');
    if (where === url || where === file) return `${m[2]}:${m[3]}`;
  }
  return undefined;
}

/** The package.json that decides whether `file` is an ES module, and whether it says so. */
function moduleScope(file: string): { packageJson?: string; esm: boolean } {
  if (/\.m[jt]s$/.test(file)) return { esm: true };
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        return { packageJson: candidate, esm: (JSON.parse(readFileSync(candidate, 'utf8')) as { type?: string }).type === 'module' };
      } catch {
        return { packageJson: candidate, esm: false };
      }
    }
    if (path.dirname(dir) === dir) return { esm: false };
  }
}

// What Node and tsx throw when a CommonJS file reaches Sesame's ES-module sources (which use top-level await).
const CJS_LOAD_FAILURES = new Set(['ERR_UNKNOWN_FILE_EXTENSION', 'ERR_REQUIRE_ESM', 'ERR_REQUIRE_ASYNC_MODULE']);

/** Turns a failure while importing a suite into one line naming the file and, where known, the line. */
function describeLoadError(err: unknown, file: string, shown: string): SesameError {
  const message = err instanceof Error ? err.message : String(err);
  const scope = moduleScope(file);
  if (!scope.esm && (CJS_LOAD_FAILURES.has((err as { code?: string })?.code ?? '') || /Top-level await is currently not supported with the "cjs" output format/.test(message))) {
    const where = scope.packageJson ? `"type": "module" to ${scope.packageJson}` : `a package.json with "type": "module" to its project (none was found in its folder or above)`;
    return new UsageError(`${shown} is loaded as CommonJS, but Sesame suites are ES modules: add ${where}`);
  }
  // esbuild (through tsx) reports syntax errors as "<file>:<line>:<col>: ERROR: <text>".
  const syntax = message.match(/([^\s:]+\.[cm]?[jt]s):(\d+):(\d+): ERROR: (.+)/);
  if (syntax) return new UsageError(`${shown}:${syntax[2]}:${syntax[3]}: syntax error: ${syntax[4]}`);
  // A named import the module does not have is a SyntaxError in Node, but the suite's syntax is fine.
  const missingExport = message.match(/The requested module '([^']+)' does not provide an export named '([^']+)'/);
  if (missingExport) {
    const [, from, name] = missingExport;
    const known = /^sesame(\/|$)|runner[\\/]index\.ts$|src[\\/]index\.ts$/.test(from) ? Object.keys(sesameExports ?? {}) : [];
    return new UsageError(`${shown}: imports { ${name} } from '${from}', which has no export of that name${didYouMean(name, known)}`);
  }
  if (err instanceof SyntaxError) {
    const at = frameIn(err, file);
    return new UsageError(`${shown}${at ? `:${at}` : ''}: syntax error: ${message.split('\n')[0]}`);
  }
  const at = frameIn(err, file);
  const first = message.split('\n')[0];
  if (err instanceof SesameError || (err instanceof Error && /^(Sesame|Usage)Error$/.test(err.name))) return new UsageError(`${shown}${at ? `:${at}` : ''}: ${first}`);
  const code = (err as { code?: string })?.code;
  if (code === 'ERR_MODULE_NOT_FOUND') {
    const pkg = first.match(/Cannot find package '([^']+)'/);
    if (pkg) return new UsageError(`${shown}: imports '${pkg[1]}', which is not installed in this project (npm install ${pkg[1]})`);
    const mod = first.match(/Cannot find module '([^']+)'/);
    if (mod) return new UsageError(`${shown}: imports ${mod[1]}, which does not exist (check the path; relative imports need the file's extension)`);
    return new UsageError(`${shown}: ${first}`);
  }
  return new UsageError(`${shown}${at ? `:${at}` : ''}: loading the suite threw: ${first}`);
}

/**
 * Imports one suite file and returns the tree its `suite` / `describe` / `it` calls declared.
 * Each load re-evaluates the file (a fresh module URL), so a process can load a suite more than once.
 */
export async function loadSuiteFile(file: string, cwd: string): Promise<BlockNode> {
  const shown = path.relative(cwd, file) || file;
  const root = beginCollecting(shown);
  try {
    await import(`${pathToFileURL(file).href}?sesame-load=${++generation}`);
  } catch (err) {
    sesameExports ??= (await import('../index.js').catch(() => undefined)) as Record<string, unknown> | undefined;
    throw describeLoadError(err, file, shown);
  } finally {
    endCollecting();
  }
  if (root.children.length === 0) {
    throw new UsageError(`${shown} declares no tests; use suite()/describe()/it() from sesame's runner API`);
  }
  return root;
}
