import { statisticText } from '../report/statistic-text.js';
import type { BaselineComparison, MetricDelta, TestResult } from '../report/types.js';
import { earlierText } from './baseline-gate.js';
import type { PlannedTest } from './types.js';

export interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ReporterOptions {
  out: Stream;
  err: Stream;
  /** Live progress line on `err` (a terminal outside CI); otherwise plain lines. */
  live: boolean;
  color: boolean;
}

/** True when `stream` is an interactive terminal and we are not in CI. */
export function isInteractive(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.CI && env.TERM !== 'dumb';
}

export function useColor(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The summary line: exactly `N passed, N failed`, then `, N skipped` when some were. */
export function summaryLine(summary: { passed: number; failed: number; skipped: number }): string {
  return `${summary.passed} passed, ${summary.failed} failed${summary.skipped ? `, ${summary.skipped} skipped` : ''}`;
}

/**
 * A mocha-like tree: blocks as headings, ✓ / ✗ / - per test with its reason, numbered failures
 * repeated at the end with details and the command that replays them.
 */
export class TreeReporter {
  private printedPath: string[] = [];
  private printedFile = '';
  private failures: Array<{ test: PlannedTest; result: TestResult; details: string[] }> = [];
  private liveText = '';
  private liveTimer: NodeJS.Timeout | undefined;
  private liveStarted = 0;
  private progressText = '';

  constructor(private readonly options: ReporterOptions) {}

  private paint(code: number, text: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private clearLive(): void {
    if (this.options.live && this.liveText) {
      this.options.err.write('\r\u001b[2K');
      this.liveText = '';
    }
  }

  private drawLive(): void {
    if (!this.options.live || !this.liveStarted) return;
    const width = Math.max(40, (this.options.err.columns || 80) - 1);
    const tail = `${this.progressText ? ` ${this.progressText}` : ''} (${formatMs(performance.now() - this.liveStarted)})`;
    const room = Math.max(10, width - 4 - tail.length);
    const title = this.currentTitle.length > room ? `${this.currentTitle.slice(0, room - 1)}…` : this.currentTitle;
    this.liveText = `  … ${title}${tail}`;
    this.options.err.write(`\r\u001b[2K${this.liveText}`);
  }

  private currentTitle = '';

  /** A step that is not a test (loading a model): a plain line, or the live line on a terminal. */
  step(text: string): void {
    this.clearLive();
    this.options.err.write(`  ${this.paint(90, text)}\n`);
  }

  testStarted(test: PlannedTest): void {
    this.printHeadings(test);
    this.startLive(test.node.title, performance.now());
  }

  private background: { label: string; started: number } | undefined;

  /** Tests run elsewhere (worker threads): keep one live line with the overall progress until `finish`. */
  runningInBackground(label: string): void {
    this.background = { label, started: performance.now() };
    this.startLive(label, this.background.started);
  }

  private startLive(title: string, since: number): void {
    this.currentTitle = title;
    this.progressText = '';
    if (!this.options.live) return;
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveStarted = since;
    this.drawLive();
    this.liveTimer = setInterval(() => this.drawLive(), 250);
    this.liveTimer.unref();
  }

  private stopLive(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    this.liveStarted = 0;
    this.clearLive();
  }

  /** Progress of the running test; drawn as a bar on a terminal. */
  progress(done: number, total: number): void {
    if (!this.options.live || total <= 0) return;
    const cells = 20;
    const filled = Math.min(cells, Math.round((done / total) * cells));
    this.progressText = `[${'#'.repeat(filled)}${'.'.repeat(cells - filled)}] ${done}/${total}`;
    this.drawLive();
  }

  private printHeadings(test: PlannedTest): void {
    if (test.file !== this.printedFile) {
      this.clearLive();
      this.options.out.write(`\n  ${this.paint(90, test.file)}\n`);
      this.printedFile = test.file;
      this.printedPath = [];
    }
    const blocks = test.titlePath.slice(0, -1);
    let common = 0;
    while (common < blocks.length && common < this.printedPath.length && blocks[common] === this.printedPath[common]) common++;
    for (let depth = common; depth < blocks.length; depth++) {
      this.clearLive();
      this.options.out.write(`${'  '.repeat(depth + 1)}${blocks[depth]}\n`);
    }
    this.printedPath = blocks;
  }

  testFinished(test: PlannedTest, result: TestResult, details: string[] = []): void {
    const progress = this.progressText;
    this.stopLive();
    this.printHeadings(test);
    const indent = '  '.repeat(test.titlePath.length);
    const time = result.durationMs >= 100 ? this.paint(90, ` (${formatMs(result.durationMs)})`) : '';
    if (result.status === 'passed') {
      this.options.out.write(`${indent}${this.paint(32, '✓')} ${result.titlePath.at(-1)}${time}\n`);
      this.options.out.write(`${indent}    ${this.paint(90, result.reason)}\n`);
    } else if (result.status === 'skipped') {
      this.options.out.write(`${indent}${this.paint(36, `- ${result.titlePath.at(-1)}`)}\n`);
      this.options.out.write(`${indent}    ${this.paint(90, result.reason)}\n`);
    } else {
      this.failures.push({ test, result, details });
      this.options.out.write(`${indent}${this.paint(31, `✗ ${this.failures.length}) ${result.titlePath.at(-1)}`)}${time}\n`);
      this.options.out.write(`${indent}    ${this.paint(31, result.reason)}\n`);
    }
    if (result.earlier) this.options.out.write(`${indent}    ${this.paint(90, earlierText(result.earlier))}\n`);
    if (this.background) {
      this.startLive(this.background.label, this.background.started);
      this.progressText = progress;
    }
  }

  /** The baseline line (always, regression or not), warnings, tests not comparable, and every tested verdict. */
  private writeBaseline(baseline: BaselineComparison): void {
    const out = this.options.out;
    const regressed = baseline.deltas.some((d) => d.verdict === 'regressed' && d.gating !== false);
    out.write(`\n  ${this.paint(regressed ? 31 : 32, baseline.line!)}\n`);
    for (const w of baseline.warnings ?? []) out.write(`  ${this.paint(33, `warning: ${w}`)}\n`);
    for (const n of baseline.notComparable ?? []) out.write(`  ${this.paint(33, `not comparable: ${n.test}: ${n.reason}`)}\n`);
    if (baseline.earlier) out.write(`  ${earlierText(baseline.earlier)}\n`);
    const tested = baseline.deltas.filter((d) => d.significance && d.gating !== false && d.verdict !== 'regressed');
    const order = { regressed: 0, improved: 1, unchanged: 2 } as const;
    for (const d of [...tested].sort((a, b) => order[a.verdict] - order[b.verdict])) out.write(`    ${this.paint(90, `${d.verdict}: ${deltaLine(d)}`)}\n`);
  }

  /** Summary line, regressions and the numbered failures with how to replay them. */
  finish(summary: { passed: number; failed: number; skipped: number; regressions: number }, durationMs: number, deltas: MetricDelta[] = [], baseline?: BaselineComparison): void {
    this.background = undefined;
    this.stopLive();
    const out = this.options.out;
    out.write('\n');
    out.write(`  ${summaryLine(summary)}\n`);
    out.write(`  ${this.paint(90, `finished in ${formatMs(durationMs)}`)}\n`);
    if (baseline?.line) this.writeBaseline(baseline);
    const regressed = deltas.filter((d) => d.verdict === 'regressed' && d.gating !== false);
    if (regressed.length) {
      out.write(`\n  ${this.paint(31, `${regressed.length} metric${regressed.length === 1 ? '' : 's'} regressed against the baseline:`)}\n`);
      for (const d of regressed) out.write(`    ${deltaLine(d)}\n`);
    }
    this.failures.forEach(({ result, details }, i) => {
      out.write(`\n  ${i + 1}) ${result.id}\n`);
      out.write(`     ${this.paint(31, result.reason)}\n`);
      for (const line of details) out.write(`     ${line}\n`);
      if (result.replay) out.write(`     seed ${result.replay.seed}${result.replay.path ? `, path ${result.replay.path}` : ''}; replay: ${result.replay.command}\n`);
    });
    if (this.failures.length) out.write('\n');
  }
}

/** "test › metric: 0.9 → 0.8: effect … p … Holm … (method); minimal effect 0.02" */
export function deltaLine(d: MetricDelta): string {
  const size = `${d.test} › ${d.metric}: ${fmt(d.baseline)} → ${fmt(d.current)}`;
  if (!d.significance) return `${size} (${d.delta >= 0 ? '+' : ''}${fmt(d.delta)}, tolerance ${fmt(d.tolerance)}, ${d.better} is better; ${statisticText(d)})`;
  return `${size}: ${statisticText(d)}; minimal effect ${fmt(d.tolerance)}, ${d.better} is better`;
}

export function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(1) : n.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
