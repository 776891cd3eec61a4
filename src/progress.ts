/**
 * Progress of long steps (model output extraction, probe training per layer, attacks per example) as one live
 * line on stderr. Steps nest: the innermost running step is drawn; when it ends, its parent is drawn again.
 * A step is only drawn once it has run for `delayMs` (default 1 s), so short steps print nothing at all.
 *
 * Quiet unless the stream is a terminal, `--json` is off, TERM is not "dumb" and CI is unset: a redirected stderr
 * or a CI log never receives carriage returns.
 */

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  /** Where the live line goes. Default: process.stderr. */
  stream?: ProgressStream;
  /** Under --json nothing is drawn (stdout carries the report; stderr stays clean for scripts). */
  json?: boolean;
  env?: NodeJS.ProcessEnv;
  /** A step is drawn only after it has run this long. Default 1000 ms. */
  delayMs?: number;
  /** Redraws at most this often. Default 100 ms. */
  intervalMs?: number;
  now?: () => number;
}

/** One running step; `advance` after each unit of work, `end` when done (also on failure). */
export interface ProgressStep {
  advance(units?: number): void;
  end(): void;
}

export interface Progress {
  readonly enabled: boolean;
  /** Starts a step of `total` units, e.g. `step('extracting hidden states', 2000, 'sentences')`. */
  step(label: string, total: number, unit?: string): ProgressStep;
  /** Drops every running step and clears the line (before an error message is printed). */
  stop(): void;
}

/** Whether progress is drawn on `stream`: a terminal, not under --json, not TERM=dumb, not CI. */
export function progressEnabled(stream: ProgressStream, options: { json?: boolean; env?: NodeJS.ProcessEnv } = {}): boolean {
  const env = options.env ?? process.env;
  return Boolean(stream.isTTY) && !options.json && env.TERM !== 'dumb' && !env.CI;
}

/** `  extracting hidden states [######..............] 600/2000 sentences, 3.1 s` (no colour, no line control). */
export function progressLine(label: string, done: number, total: number, elapsedMs: number, unit = ''): string {
  const cells = 20;
  const filled = total > 0 ? Math.min(cells, Math.floor((Math.min(done, total) / total) * cells)) : 0;
  const count = `${done}/${total}${unit ? ` ${unit}` : ''}`;
  return `  ${label} [${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${count}, ${(elapsedMs / 1000).toFixed(1)} s`;
}

const QUIET_STEP: ProgressStep = { advance: () => undefined, end: () => undefined };

/** Progress that never draws (tests, libraries, non-terminals). */
export const quietProgress: Progress = { enabled: false, step: () => QUIET_STEP, stop: () => undefined };

interface RunningStep {
  label: string;
  unit: string;
  total: number;
  done: number;
  started: number;
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  if (!progressEnabled(stream, options)) return quietProgress;
  const now = options.now ?? (() => performance.now());
  const delayMs = options.delayMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const stack: RunningStep[] = [];
  let drawn = false;
  let lastDraw = -Infinity;

  const clear = (): void => {
    if (drawn) stream.write('\r\u001b[2K');
    drawn = false;
  };
  const draw = (force: boolean): void => {
    const top = stack.at(-1);
    const t = now();
    if (!top || t - top.started < delayMs) return clear();
    if (!force && t - lastDraw < intervalMs) return;
    let line = progressLine(top.label, top.done, top.total, t - top.started, top.unit);
    const width = Math.max(40, (stream.columns || 80) - 1);
    if (line.length > width) line = `${line.slice(0, width - 1)}…`;
    stream.write(`\r\u001b[2K${line}`);
    drawn = true;
    lastDraw = t;
  };

  return {
    enabled: true,
    stop() {
      stack.length = 0;
      clear();
    },
    step(label, total, unit = '') {
      const running: RunningStep = { label, unit, total, done: 0, started: now() };
      stack.push(running);
      let ended = false;
      return {
        advance(units = 1) {
          if (ended) return;
          running.done += units;
          if (stack.at(-1) === running) draw(false);
        },
        end() {
          if (ended) return;
          ended = true;
          const at = stack.indexOf(running);
          if (at >= 0) stack.splice(at, 1);
          if (stack.length) draw(true);
          else clear();
        },
      };
    },
  };
}

/**
 * Progress drawn by someone else who owns the live line (the test runner's bar): the innermost running step's
 * `done / total` goes to `report`.
 */
export function progressTo(report: (done: number, total: number) => void): Progress {
  const stack: RunningStep[] = [];
  return {
    enabled: true,
    stop: () => void (stack.length = 0),
    step(label, total, unit = '') {
      const running: RunningStep = { label, unit, total, done: 0, started: 0 };
      stack.push(running);
      return {
        advance(units = 1) {
          running.done += units;
          if (stack.at(-1) === running) report(running.done, running.total);
        },
        end() {
          const at = stack.indexOf(running);
          if (at >= 0) stack.splice(at, 1);
          const top = stack.at(-1);
          if (top) report(top.done, top.total);
        },
      };
    },
  };
}

let current: Progress = quietProgress;

/** The progress every long step reports to; the CLI sets it once per command, everything else stays quiet. */
export function activeProgress(): Progress {
  return current;
}

/** Sets the process-wide progress (returns the previous one, to restore). */
export function useProgress(progress: Progress): Progress {
  const previous = current;
  current = progress;
  return previous;
}
