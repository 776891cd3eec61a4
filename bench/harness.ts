/**
 * Small tools for benchmarks that compare scenarios side by side on a busy machine: rounds interleave the
 * scenarios (so a burst of load hits all of them alike), and peak memory is measured in a fresh child process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { Tensor } from 'onnxruntime-node';
import { createRandom, shuffleInPlace } from '../src/probing/random.js';

export interface Scenario {
  name: string;
  /** Processes one unit of work (e.g. a list of sentences); awaited. */
  run: () => Promise<unknown>;
}

/**
 * Milliseconds each scenario took in each of `rounds` interleaved rounds (after one warm-up round), by name; with
 * `cpu`, also the process CPU milliseconds (user + system, all threads) of each run, the steadier number on a shared
 * machine.
 */
export async function interleaved(scenarios: Scenario[], rounds: number, cpu?: Map<string, number[]>): Promise<Map<string, number[]>> {
  for (const s of scenarios) await s.run();
  const times = new Map(scenarios.map((s) => [s.name, [] as number[]]));
  for (const s of scenarios) cpu?.set(s.name, []);
  const random = createRandom(1);
  for (let r = 0; r < rounds; r++) {
    // a fresh order each round: a scenario that leaves garbage behind must not always be followed by the same
    // neighbour, which would pay for it in every round (a rotation keeps the neighbours fixed)
    const order = [...scenarios];
    shuffleInPlace(order, random);
    for (const s of order) {
      const [start, startCpu] = [performance.now(), process.cpuUsage()];
      await s.run();
      times.get(s.name)!.push(performance.now() - start);
      const used = process.cpuUsage(startCpu);
      cpu?.get(s.name)!.push((used.user + used.system) / 1000);
    }
  }
  return times;
}

/** The 1-minute load average, formatted. */
export function load1(): string {
  return os.loadavg()[0].toFixed(1);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median over rounds of a/b: robust to a burst of machine load hitting one round. */
export function medianRatio(a: number[], b: number[]): number {
  return median(a.map((v, i) => v / b[i]));
}

/**
 * Runs `node --import tsx <file> <args>` and returns the child's peak resident memory (MiB) as it reports it on its
 * last stdout line (`{"peakRssMiB": …}`), so each scenario's memory is measured alone.
 */
export function childPeakRss(file: string, args: string[]): number {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.stderr.trim().split('\n').pop()}`);
  const last = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(last).peakRssMiB;
}

/**
 * Peak resident set size of this process so far, in MiB. On Linux this is VmHWM: getrusage's maxRSS of a spawned
 * child starts from its parent's RSS at fork time, which would make every child look as big as the benchmark.
 */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/**
 * Starts a new peak-RSS measurement (Linux: writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS), so
 * `peakRssMiB` then gives the peak of what follows, e.g. one task of a sweep. False where it cannot be reset.
 */
export function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Left-aligned first column, right-aligned others. */
export function table(rows: Array<Array<string | number>>): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0].map((_, c) => Math.max(...cells.map((r) => r[c].length)));
  return cells.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n');
}

const SUBJECTS = ['The film', 'This book', 'The restaurant', 'Our waiter', 'The sequel', 'The hotel room', 'The soundtrack', 'The ending'];
const TAILS = ['', ' and I would happily go back', ', although the second half dragged on far too long', ' despite what the critics said', ' but the service let it down badly'];
const ADJECTIVES = ['wonderful', 'dull', 'surprisingly good', 'painfully slow', 'charming', 'beautifully shot'];
const OPENERS = ['', 'Honestly, ', 'I think ', 'Overall, '];

/**
 * Distinct short review sentences (6 to ~25 tokens), the same on every run, up to 960 (Sesame forwards a repeated text
 * once per call, so a repeat would flatter it against the plain session).
 */
export function reviewSentences(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const [s, a, t, o] = [i % 8, Math.floor(i / 8) % 6, Math.floor(i / 48) % 5, Math.floor(i / 240) % 4];
    const subject = o > 0 ? SUBJECTS[s].toLowerCase() : SUBJECTS[s];
    out.push(`${OPENERS[o]}${subject} was ${ADJECTIVES[a]}${TAILS[t]}.`);
  }
  if (new Set(out).size !== out.length) throw new Error(`bench: only ${new Set(out).size} of ${count} sentences are distinct`);
  return out;
}

/**
 * A BERT encoder's inputs for one batch of token ids, padded with 0 to the longest row, as a bare onnxruntime session
 * wants them. `TensorClass` is onnxruntime's Tensor (passed in, so benches that never run a bare session do not load it).
 */
export function paddedFeeds(TensorClass: typeof Tensor, rows: number[][]): Record<'input_ids' | 'attention_mask' | 'token_type_ids', Tensor> {
  const seq = Math.max(...rows.map((r) => r.length));
  const ids = new BigInt64Array(rows.length * seq);
  const mask = new BigInt64Array(rows.length * seq);
  rows.forEach((r, b) => r.forEach((id, t) => ((ids[b * seq + t] = BigInt(id)), (mask[b * seq + t] = 1n))));
  const dims = [rows.length, seq];
  return { input_ids: new TensorClass('int64', ids, dims), attention_mask: new TensorClass('int64', mask, dims), token_type_ids: new TensorClass('int64', new BigInt64Array(ids.length), dims) };
}
