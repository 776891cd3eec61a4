/**
 * `sesame.config.ts` / `sesame.config.json`: project defaults for models, seeds, thresholds and
 * tolerances. Command-line flags override it; suites' own model declarations sit between the two.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.js';
import { threadCountProblem } from '../models/threads.js';
import type { RunnerConfig } from '../runner/types.js';
import { BUILTIN_METRICS, isBuiltinMetric } from '../assertions/metric-names.js';
import { didYouMean } from '../suggest.js';

export interface SesameConfig {
  models?: { pretrained?: string; finetuned?: string };
  precision?: 'fp32' | 'q8';
  /** Where forward passes run: cpu (default) or cuda. */
  device?: 'cpu' | 'cuda';
  /** CPU threads per forward pass of each model (onnxruntime's intra-op threads); 0 = onnxruntime's own default. Default: one per physical core, shared among `--workers`. */
  threads?: number;
  seed?: number;
  /** Generated cases per property check unless a check sets its own. */
  numRuns?: number;
  /** Files or folders run when `sesame run` gets none. */
  suites?: string[];
  /** Report folder. */
  report?: string;
  baseline?: string;
  /** Turn earlier counterexamples a new model gets right into permanent cases (`<baseline>.pins.json`), like `--pin`. */
  pin?: boolean;
  /** Baseline tolerance per metric name (e.g. `{ "failureRate": 0.02 }`). */
  tolerances?: Record<string, number>;
  /** Threshold overrides per test id: `{ "<suite › block › test>": { "minPassRate": 0.9 } }`. */
  thresholds?: Record<string, Record<string, number>>;
  /** Output cache folder of the model core, or false to disable it. */
  cacheDir?: string | false;
}

/** Typed identity, so `sesame.config.ts` gets completion: `export default defineConfig({...})`. */
export function defineConfig(config: SesameConfig): SesameConfig {
  return config;
}

export const CONFIG_FILES = ['sesame.config.ts', 'sesame.config.json'];

export const DEFAULTS: RunnerConfig = {
  models: {},
  seed: 1,
  numRuns: 100,
  suites: ['suites'],
  report: 'reports/latest',
  tolerances: {},
  thresholds: {},
};

const KEYS = new Set(['models', 'precision', 'device', 'threads', 'seed', 'numRuns', 'suites', 'report', 'baseline', 'pin', 'tolerances', 'thresholds', 'cacheDir', '$schema']);

/** The options a check lets the config override (see each check's withOverrides call). */
const THRESHOLD_OPTIONS = ['minPassRate', 'maxSuccessRate', 'minRetention', 'maxJsd', 'maxConfusion', 'maxIncrease'];

function bad(shown: string, what: string): UsageError {
  return new UsageError(`config ${shown}: ${what}`);
}

function isRecordOf(v: unknown, ok: (x: unknown) => boolean): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(ok);
}

const isNumber = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

/** Checks every field, naming the first wrong one. */
export function validateConfig(raw: unknown, shown: string): SesameConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad(shown, 'must be an object');
  const c = raw as Record<string, unknown>;
  for (const key of Object.keys(c)) {
    if (!KEYS.has(key)) throw bad(shown, `unknown field "${key}"${didYouMean(key, [...KEYS])} (known: ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`);
  }
  if (c.models !== undefined) {
    const m = c.models as Record<string, unknown>;
    if (!isRecordOf(m, (x) => typeof x === 'string')) throw bad(shown, '"models" must be { pretrained?: string, finetuned?: string }');
    for (const k of Object.keys(m)) if (k !== 'pretrained' && k !== 'finetuned') throw bad(shown, `"models.${k}" is unknown${didYouMean(k, ['pretrained', 'finetuned'])} (use pretrained / finetuned)`);
  }
  if (c.precision !== undefined && c.precision !== 'fp32' && c.precision !== 'q8') throw bad(shown, '"precision" must be "fp32" or "q8"');
  if (c.device !== undefined && c.device !== 'cpu' && c.device !== 'cuda') throw bad(shown, '"device" must be "cpu" or "cuda"');
  const threadsProblem = c.threads === undefined ? undefined : threadCountProblem(c.threads);
  if (threadsProblem) throw bad(shown, `"threads" ${threadsProblem}`);
  if (c.seed !== undefined && !(Number.isInteger(c.seed) && (c.seed as number) >= 0)) throw bad(shown, '"seed" must be a non-negative integer');
  if (c.numRuns !== undefined && !(Number.isInteger(c.numRuns) && (c.numRuns as number) >= 1)) throw bad(shown, '"numRuns" must be a positive integer');
  if (c.suites !== undefined && !(Array.isArray(c.suites) && c.suites.every((s) => typeof s === 'string'))) throw bad(shown, '"suites" must be a list of paths');
  for (const k of ['report', 'baseline'] as const) if (c[k] !== undefined && typeof c[k] !== 'string') throw bad(shown, `"${k}" must be a path`);
  if (c.pin !== undefined && typeof c.pin !== 'boolean') throw bad(shown, '"pin" must be true or false');
  if (c.cacheDir !== undefined && c.cacheDir !== false && typeof c.cacheDir !== 'string') throw bad(shown, '"cacheDir" must be a path or false');
  if (c.tolerances !== undefined) {
    if (!isRecordOf(c.tolerances, (x) => isNumber(x) && (x as number) >= 0)) throw bad(shown, '"tolerances" must map metric names to non-negative numbers');
    for (const metric of Object.keys(c.tolerances as object)) {
      if (!isBuiltinMetric(metric)) {
        throw bad(shown, `"tolerances.${metric}" is not a metric Sesame's checks report${didYouMean(metric, BUILTIN_METRICS)} (known: ${BUILTIN_METRICS.join(', ')}, finetuned.L<layer>; a custom check's metric takes its tolerance in its describe(..., { tolerances }))`);
      }
    }
  }
  if (c.thresholds !== undefined) {
    if (!isRecordOf(c.thresholds, (x) => isRecordOf(x, isNumber))) throw bad(shown, '"thresholds" must map test ids to { option: number }');
    for (const [id, options] of Object.entries(c.thresholds as Record<string, object>)) {
      for (const option of Object.keys(options)) {
        if (!THRESHOLD_OPTIONS.includes(option)) throw bad(shown, `"thresholds" of "${id}": "${option}" is not a threshold option${didYouMean(option, THRESHOLD_OPTIONS)} (known: ${THRESHOLD_OPTIONS.join(', ')})`);
      }
    }
  }
  return c as SesameConfig;
}

/** Finds `sesame.config.ts` or `.json` in `cwd` (or reads `explicit`), validated; undefined when there is none. */
export async function readConfig(cwd: string, explicit?: string): Promise<{ file: string; config: SesameConfig } | undefined> {
  let file: string | undefined;
  if (explicit) {
    file = path.resolve(cwd, explicit);
    if (!existsSync(file)) throw new UsageError(`config file "${explicit}" does not exist`);
  } else {
    const found = CONFIG_FILES.map((f) => path.join(cwd, f)).filter((f) => existsSync(f));
    if (found.length > 1) throw new UsageError(`both ${CONFIG_FILES.join(' and ')} exist in ${cwd}; keep one`);
    file = found[0];
  }
  if (!file) return undefined;
  const shown = path.relative(cwd, file) || file;
  let raw: unknown;
  if (file.endsWith('.json')) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw bad(shown, `not valid JSON: ${(err as Error).message}`);
    }
  } else {
    try {
      const mod = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as { default?: unknown };
      raw = mod.default;
    } catch (err) {
      throw bad(shown, `could not be loaded: ${(err as Error).message.split('\n')[0]}`);
    }
    if (raw === undefined) throw bad(shown, 'needs a default export (export default defineConfig({...}))');
  }
  return { file, config: validateConfig(raw, shown) };
}

/** Resolves a path written in the config relative to the config's folder, shown relative to cwd. */
function fromConfig(configDir: string, cwd: string, p: string): string {
  return path.relative(cwd, path.resolve(configDir, p)) || '.';
}

/** Model ids: local paths resolve against the config folder; anything that is not a local path stays a hub id. */
function modelFromConfig(configDir: string, cwd: string, id: string): string {
  const local = path.resolve(configDir, id);
  return existsSync(local) ? fromConfig(configDir, cwd, id) : id;
}

/** Defaults, then the config file. Flags are applied by the command on top of this. */
export function resolveConfig(found: { file: string; config: SesameConfig } | undefined, cwd: string): RunnerConfig {
  if (!found) return { ...DEFAULTS };
  const { config } = found;
  const dir = path.dirname(found.file);
  const models: RunnerConfig['models'] = {};
  if (config.models?.pretrained) models.pretrained = modelFromConfig(dir, cwd, config.models.pretrained);
  if (config.models?.finetuned) models.finetuned = modelFromConfig(dir, cwd, config.models.finetuned);
  return {
    models,
    precision: config.precision,
    ...(config.device !== undefined ? { device: config.device } : {}),
    ...(config.threads !== undefined ? { threads: config.threads } : {}),
    seed: config.seed ?? DEFAULTS.seed,
    numRuns: config.numRuns ?? DEFAULTS.numRuns,
    suites: config.suites?.map((s) => fromConfig(dir, cwd, s)) ?? DEFAULTS.suites,
    report: config.report !== undefined ? fromConfig(dir, cwd, config.report) : DEFAULTS.report,
    baseline: config.baseline !== undefined ? fromConfig(dir, cwd, config.baseline) : undefined,
    tolerances: config.tolerances ?? {},
    thresholds: config.thresholds ?? {},
    ...(config.pin !== undefined ? { pin: config.pin } : {}),
    cacheDir: typeof config.cacheDir === 'string' ? fromConfig(dir, cwd, config.cacheDir) : config.cacheDir,
  };
}
