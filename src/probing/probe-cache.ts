import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProbeData } from './probe-data.js';
import { DEFAULT_L2_GRID, TRAIN_DEFAULTS, type FitSummary } from './train-probe.js';

/** What a trained probe leaves behind: how its fit ended and, per evaluated split, the items right in each sentence. */
export interface ProbeOutcome {
  fit: FitSummary;
  correct: Record<string, number[]>;
}

/** Bump whenever training, evaluation or the accuracy record changes, so older cached results stop matching. */
export const PROBE_CACHE_VERSION = 2;

/**
 * Trained-probe accuracies on disk, one JSON file per probe: `<root>/probes/<key>.json`. The key hashes the probe's
 * actual inputs (every split's features and gold, not just the model hashes, so cache precision, pooling and
 * skipped sentences are covered too) with the probe kind, seed, training options and their defaults. `root: false` disables it.
 */
export class ProbeResultCache {
  /** Probes trained because no cached result matched (tests use it to tell a hit from a miss). */
  trained = 0;
  private readonly dir: string | null;

  constructor(root: string | false) {
    this.dir = root === false ? null : path.join(path.resolve(root), 'probes');
  }

  /** The cached outcome for these inputs, or `compute()`'s, which is then stored. */
  get(inputs: { splits: Record<string, ProbeData>; settings: unknown }, compute: () => ProbeOutcome): ProbeOutcome {
    const file = this.dir === null ? null : path.join(this.dir, `${probeKey(inputs.splits, inputs.settings)}.json`);
    if (file !== null) {
      const hit = readRecord(file);
      if (hit) return hit;
    }
    this.trained++;
    const result = compute();
    if (file !== null) writeAtomically(file, JSON.stringify({ version: PROBE_CACHE_VERSION, result }));
    return result;
  }
}

export function probeKey(splits: Record<string, ProbeData>, settings: unknown): string {
  const hash = createHash('sha256');
  // The defaults too: an option left unset must not match a result trained under another default.
  hash.update(JSON.stringify({ version: PROBE_CACHE_VERSION, defaults: { ...TRAIN_DEFAULTS, l2Grid: DEFAULT_L2_GRID }, settings, splits: Object.keys(splits) }));
  for (const data of Object.values(splits)) {
    hash.update(JSON.stringify({ shape: data.shape, dim: data.dim, numClasses: data.numClasses, rows: data.features.length, groups: data.offsets.length, gold: data.gold.length }));
    for (const array of [data.features, data.offsets, data.gold]) hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  return hash.digest('hex');
}

function isOutcome(x: unknown): x is ProbeOutcome {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  const fit = r.fit as Record<string, unknown> | null;
  if (typeof fit !== 'object' || fit === null || typeof fit.converged !== 'boolean' || ['l2', 'iterations', 'objective'].some((k) => typeof fit[k] !== 'number')) return false;
  if (typeof r.correct !== 'object' || r.correct === null) return false;
  return Object.values(r.correct).every((v) => Array.isArray(v) && v.every((n) => typeof n === 'number'));
}

/** A missing, unreadable, corrupt or other-version file is a miss (and gets rewritten). */
function readRecord(file: string): ProbeOutcome | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: unknown; result?: unknown };
    return record.version === PROBE_CACHE_VERSION && isOutcome(record.result) ? record.result : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written (read-only disk, full disk) must not fail the probe run. */
function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
