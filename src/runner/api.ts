/**
 * The authoring API of suites: `suite`, `describe` and `it`, mocha-style. Calls register blocks and
 * tests into the file currently being loaded (see `collect.ts`); nothing runs at import time.
 */
import { UsageError } from '../errors.js';
import type { BlockNode, BlockOptions, Check, Mark, SuiteOptions, TestBody, TestNode, TestOptions } from './types.js';

interface Collector {
  root: BlockNode;
  current: BlockNode;
}

// Kept on globalThis: a suite may reach this module through another module instance (CommonJS vs ESM
// loading of the same file under tsx, or two copies of sesame) and must still register with the loader.
const KEY = Symbol.for('sesame.runner.collector');
const state = globalThis as unknown as { [KEY]?: Collector };

/** Starts collecting the blocks of one suite file; used by the loader only. */
export function beginCollecting(file: string): BlockNode {
  const root: BlockNode = { type: 'block', title: '', options: {}, mark: undefined, children: [], file };
  state[KEY] = { root, current: root };
  return root;
}

export function endCollecting(): void {
  state[KEY] = undefined;
}

function active(what: string): Collector {
  const collector = state[KEY];
  if (!collector) {
    throw new UsageError(`${what}() was called outside a suite file being loaded by \`sesame run\`; suites are run with \`npx sesame run <file>\``);
  }
  return collector;
}

function addBlock(title: string, options: SuiteOptions, fn: () => void, mark: Mark, what: string): void {
  const c = active(what);
  if (typeof title !== 'string' || title.trim() === '') throw new UsageError(`${what}() needs a non-empty title`);
  if (typeof fn !== 'function') throw new UsageError(`${what}("${title}") needs a function as its last argument`);
  const block: BlockNode = { type: 'block', title, options, mark, parent: c.current, children: [] };
  c.current.children.push(block);
  const outer = c.current;
  c.current = block;
  try {
    const returned = fn() as unknown;
    if (returned instanceof Promise) {
      throw new UsageError(`${what}("${title}") must not be async: declare tests synchronously and do the work inside it()`);
    }
  } finally {
    c.current = outer;
  }
}

type BlockArgs = [title: string, fn: () => void] | [title: string, options: BlockOptions, fn: () => void];

function splitBlockArgs<O>(args: [string, O | (() => void), (() => void)?]): [string, O, () => void] {
  const [title, a, b] = args;
  return typeof a === 'function' ? [title, {} as O, a as () => void] : [title, (a ?? {}) as O, b as () => void];
}

/**
 * The top block of a suite file: its name, its model pair and its version (a baseline made with
 * another version of the suite is refused).
 */
export function suite(title: string, options: SuiteOptions, fn: () => void): void {
  addBlock(title, options, fn, undefined, 'suite');
}

export interface DescribeFn {
  (...args: BlockArgs): void;
  skip(...args: BlockArgs): void;
  only(...args: BlockArgs): void;
}

function makeDescribe(mark: Mark): (...args: BlockArgs) => void {
  return (...args: BlockArgs) => {
    const [title, options, fn] = splitBlockArgs<BlockOptions>(args as [string, BlockOptions | (() => void), (() => void)?]);
    addBlock(title, options, fn, mark, mark ? `describe.${mark}` : 'describe');
  };
}

/** A group of tests; may set the model pair and tolerances for everything inside it. */
export const describe: DescribeFn = Object.assign(makeDescribe(undefined), { skip: makeDescribe('skip'), only: makeDescribe('only') });

export interface ItFn {
  (title: string, body: Check | TestBody, options?: TestOptions): void;
  skip(title: string, body?: Check | TestBody, options?: TestOptions): void;
  only(title: string, body: Check | TestBody, options?: TestOptions): void;
}

function makeIt(mark: Mark): (title: string, body?: Check | TestBody, options?: TestOptions) => void {
  const what = mark ? `it.${mark}` : 'it';
  return (title, body, options = {}) => {
    const c = active(what);
    if (typeof title !== 'string' || title.trim() === '') throw new UsageError(`${what}() needs a non-empty title`);
    const isCheck = typeof body === 'object' && body !== null && typeof (body as Check).run === 'function';
    if (!isCheck && typeof body !== 'function') {
      if (mark !== 'skip') throw new UsageError(`${what}("${title}") needs a check (e.g. invariantUnder(...)) or a function`);
    }
    const node: TestNode = { type: 'test', title, body: (body ?? (() => undefined)) as Check | TestBody, options, mark, parent: c.current };
    c.current.children.push(node);
  };
}

/** One test: a capability check or a function returning an Outcome (or throwing to fail). */
export const it: ItFn = Object.assign(makeIt(undefined), { skip: makeIt('skip'), only: makeIt('only') });
