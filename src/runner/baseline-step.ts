/**
 * The baseline side of `sesame run` and of `sesame merge`, in one place so both behave alike: which file (the flag,
 * else sesame.config's "baseline"), checked and read before any slow work; after the tests, pin the earlier
 * counterexamples a model now gets right (--pin / "pin"), then either write the baseline (--update-baseline, never for
 * a partial run; the run is then not compared with the file it replaces) or leave the comparison to the caller.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { EarlierCase } from '../report/types.js';
import { openBaseline, writeBaseline, type BaselineEntry, type LoadedBaseline } from './baseline.js';
import { addPins, pinsFileOf, readPins, type PinsFile } from './pins.js';

export interface BaselineRequest {
  /** `--baseline <file>`. */
  flag?: string;
  /** sesame.config's "baseline", already relative to the working directory. */
  configured?: string;
  /** `--update-baseline`. */
  update: boolean;
  /** `--pin` or the config's "pin". */
  pin: boolean;
}

/** A baseline a run or merge uses: the file, what it held, and its pins. */
export interface OpenedBaseline {
  file: string;
  /** As the user wrote it, for messages and the report. */
  shown: string;
  update: boolean;
  pin: boolean;
  previous?: LoadedBaseline;
  pins?: PinsFile;
}

/** The baseline file a request names, or a usage error when --update-baseline or --pin has none to work on. */
export function baselineFileOf(request: BaselineRequest): string | undefined {
  const file = request.flag ?? request.configured;
  if (request.update && !file) throw new UsageError('--update-baseline needs a baseline file: pass --baseline <file> or set "baseline" in sesame.config');
  if (request.pin && !file) {
    throw new UsageError('--pin keeps earlier counterexamples of a baseline as permanent cases, but there is no baseline: pass --baseline <file> or set "baseline" in sesame.config');
  }
  return file;
}

/** Checks the request and reads the baseline and its pins (a corrupt file stops here); undefined when there is none. */
export function openRunBaseline(cwd: string, request: BaselineRequest, note: (line: string) => void): OpenedBaseline | undefined {
  const shown = baselineFileOf(request);
  if (shown === undefined) return undefined;
  const file = path.resolve(cwd, shown);
  const pins = readPins(pinsFileOf(file), cwd);
  const previous = openBaseline(file, shown, cwd, request.update, note);
  return { file, shown, update: request.update, pin: request.pin, ...(previous ? { previous } : {}), ...(pins ? { pins } : {}) };
}

export interface RunOutcome {
  /** Why the run is partial ("the run was interrupted"), when it is: then nothing is pinned or written. */
  partial?: string;
  /** What --update-baseline writes, by test id. */
  entries: Record<string, BaselineEntry>;
  /** Per test id, the baseline's earlier counterexamples the model now gets right. */
  fixed: Record<string, EarlierCase[]>;
  run: { seed: number; numRuns?: number; createdAt: string };
}

/**
 * After the tests: pins, then the baseline written when asked. Returns true when the caller should compare the run
 * with the baseline (there is one, it was not replaced, the run is complete).
 */
export function settleBaseline(cwd: string, baseline: OpenedBaseline, outcome: RunOutcome, note: (line: string) => void): boolean {
  if (baseline.pin && baseline.previous && !outcome.partial) {
    const pinsFile = pinsFileOf(baseline.file);
    const added = addPins(pinsFile, baseline.pins, outcome.fixed);
    const shownPins = path.relative(cwd, pinsFile) || pinsFile;
    note(added ? `pinned ${added} earlier counterexample${added === 1 ? '' : 's'} the model now gets right as permanent cases (${shownPins})` : '--pin: no earlier counterexample newly fixed, nothing pinned');
  }
  if (outcome.partial) {
    // A partial run is never a baseline: the tests it did not reach would vanish from it.
    if (baseline.update) note(`baseline ${baseline.shown} not updated: ${outcome.partial}`);
    return false;
  }
  if (baseline.update) {
    writeBaseline(baseline.file, baseline.previous, outcome.entries, outcome.run);
    note(`baseline ${baseline.shown} updated (${Object.keys(outcome.entries).length} tests)`);
    return false;
  }
  return baseline.previous !== undefined;
}
