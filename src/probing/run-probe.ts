import { SesameError } from '../errors.js';
import type { SesameModel } from '../models/types.js';
import type { ProbeResult, SplitAccuracy } from '../report/types.js';
import { pca2d, silhouette } from '../attention/projection.js';
import { buildProbeData } from './build-data.js';
import type { ProbeData } from './probe-data.js';
import { controlTask } from './control.js';
import { createRandom, deriveSeed, shuffleInPlace } from './random.js';
import { ProbeResultCache } from './probe-cache.js';
import { evaluateProbe, trainProbe, type ProbeKind, type TrainProbeOptions } from './train-probe.js';
import { isSelection, type Example, type TaskData } from './task-types.js';
import { WordVectorCache, type SentenceVectors } from './word-vectors.js';

export interface ProbeRunOptions {
  probe?: ProbeKind;
  seed?: number;
  /** Fraction of the training sentences held out for early stopping. Default 0.1. */
  devFraction?: number;
  /** Also train the Hewitt & Liang control task and report selectivity. Default true. */
  control?: boolean;
  /** Layers to probe (0 = embeddings). Default: all. */
  layers?: number[];
  /** Add 2-D PCA projections and silhouettes of the test words per layer. Default false. */
  projections?: boolean;
  /** Words per projection (seeded subsample). Default 300. */
  projectionPoints?: number;
  train?: Omit<TrainProbeOptions, 'kind' | 'seed'>;
  cache?: WordVectorCache;
  /**
   * Trained-probe accuracies kept on disk so a re-run with identical inputs skips training. Default: none. Callers
   * build it from the model cache's directory (`new ProbeResultCache(cacheDir ?? '.sesame-cache')`, or `false`).
   */
  probeCache?: ProbeResultCache;
  /** Called after each layer, for progress output. */
  onLayer?: (layer: number, layers: number) => void;
}

interface Split {
  examples: Example[];
  pretrained: SentenceVectors[];
  finetuned: SentenceVectors[];
}

type Splits = { train: Split; dev: Split; test: Split; gen: Record<string, Split> };

function countSkip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

/** Word vectors of both models for every split; sentences either model cannot take whole are dropped and counted. */
async function vectorise(task: TaskData, pretrained: SesameModel, finetuned: SesameModel, cache: WordVectorCache, devFraction: number, seed: number, skipped: Record<string, number>): Promise<Splits> {
  const order = task.train.slice();
  shuffleInPlace(order, createRandom(deriveSeed(seed, 'dev-split')));
  const devSize = Math.max(1, Math.round(order.length * devFraction));
  if (order.length - devSize < 1) throw new SesameError(`task ${task.name}: ${order.length} training sentence(s) leave none for training after the dev split`);
  const lists: Record<string, Example[]> = { train: order.slice(devSize), dev: order.slice(0, devSize), test: task.test };
  for (const [g, v] of Object.entries(task.gen)) lists[`gen:${g}`] = v;
  const out: Partial<Record<string, Split>> = {};
  for (const [name, examples] of Object.entries(lists)) {
    const words = examples.map((e) => e.words);
    const [p, f] = [await cache.get(pretrained, words), await cache.get(finetuned, words)];
    const split: Split = { examples: [], pretrained: [], finetuned: [] };
    examples.forEach((e, i) => {
      const a = p.vectors[i], b = f.vectors[i];
      if (typeof a === 'string') return countSkip(skipped, a);
      if (typeof b === 'string') return countSkip(skipped, b);
      if (task.nthToken !== undefined) {
        const target = wordHoldingToken(a.tokenStarts, task.nthToken, a.tokenEnd);
        if (target < 0) return countSkip(skipped, 'fewer sub-tokens than n');
        e = { words: e.words, target };
      }
      split.examples.push(e);
      split.pretrained.push(a);
      split.finetuned.push(b);
    });
    out[name] = split;
  }
  const gen: Record<string, Split> = {};
  for (const g of Object.keys(task.gen)) gen[g] = out[`gen:${g}`]!;
  return { train: out.train!, dev: out.dev!, test: out.test!, gen };
}

/** The word whose sub-tokens include token position `n` (1-based after [CLS]), or -1 if the sentence is shorter. */
export function wordHoldingToken(tokenStarts: Int32Array, n: number, tokenEnd: number): number {
  if (n >= tokenEnd) return -1;
  let word = -1;
  for (let w = 0; w < tokenStarts.length && tokenStarts[w] <= n; w++) word = w;
  return word;
}

function classIndexOf(examples: Example[]): Map<string, number> | undefined {
  if (examples.length === 0 || isSelection(examples[0])) return undefined;
  const labels = new Set<string>();
  for (const e of examples) for (const l of (e as { labels: Array<string | null> }).labels) if (l !== null) labels.add(l);
  return new Map([...labels].sort().map((l, i) => [l, i]));
}

/** Accuracy on test and generalization sets of one probe trained on one model's layer. */
function probeLayer(splits: Splits, model: 'pretrained' | 'finetuned', layer: number, hidden: number, kind: ProbeKind, seed: number, train: ProbeRunOptions['train'], cache: ProbeResultCache): SplitAccuracy {
  const classes = classIndexOf(splits.train.examples);
  const data = (s: Split) => buildProbeData(s.examples, s[model], layer, hidden, classes);
  const genNames = Object.keys(splits.gen).filter((g) => splits.gen[g].examples.length > 0);
  const inputs: Record<string, ProbeData> = { train: data(splits.train), dev: data(splits.dev), test: data(splits.test) };
  for (const g of genNames) inputs[`gen:${g}`] = data(splits.gen[g]);
  const options: TrainProbeOptions = { ...train, kind, seed: deriveSeed(seed, `${model}/${layer}`) };
  const settings = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
  return cache.get({ splits: inputs, settings }, () => trainAndEvaluate(inputs, genNames, options));
}

function trainAndEvaluate(inputs: Record<string, ProbeData>, genNames: string[], options: TrainProbeOptions): SplitAccuracy {
  const probe = trainProbe(inputs.train, inputs.dev, options);
  const result: SplitAccuracy = { test: evaluateProbe(probe, inputs.test).accuracy };
  if (genNames.length) {
    let correct = 0, count = 0;
    const genSets: Record<string, number> = {};
    for (const g of genNames) {
      const e = evaluateProbe(probe, inputs[`gen:${g}`]);
      genSets[g] = e.accuracy;
      correct += e.accuracy * e.count;
      count += e.count;
    }
    result.gen = count ? correct / count : 0;
    if (genNames.length > 1 || genNames[0] !== 'gen') result.genSets = genSets;
  }
  return result;
}

function projection(split: Split, model: 'pretrained' | 'finetuned', layer: number, hidden: number, points: number, seed: number) {
  const rows: Array<{ s: number; w: number; label: string }> = [];
  split.examples.forEach((e, s) => e.words.forEach((_, w) => {
    const label = isSelection(e) ? (w === e.target ? 'target' : 'other') : (e.labels[w] ?? null);
    if (label !== null) rows.push({ s, w, label });
  }));
  shuffleInPlace(rows, createRandom(deriveSeed(seed, 'projection')));
  const chosen = rows.slice(0, points);
  const features = new Float32Array(chosen.length * hidden);
  chosen.forEach((r, i) => {
    const v = split[model][r.s];
    const at = (layer * v.words + r.w) * hidden;
    features.set(v.data.subarray(at, at + hidden), i * hidden);
  });
  const labels = chosen.map((r) => r.label);
  const sil = silhouette(features, hidden, labels);
  return { layer, model, points: pca2d(features, hidden, seed).map(([x, y]) => [round(x), round(y)] as [number, number]), labels, silhouette: Number.isFinite(sil) ? sil : 0 };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

/**
 * Trains a probe on every layer of both models and returns per-layer accuracy (test and generalization), the
 * fine-tuned − pretrained difference, the control task and selectivity.
 */
export async function runProbeTask(pretrained: SesameModel, finetuned: SesameModel, task: TaskData, options: ProbeRunOptions = {}): Promise<ProbeResult> {
  const kind = options.probe ?? 'linear';
  const seed = options.seed ?? 0;
  if (pretrained.info.hiddenSize !== finetuned.info.hiddenSize || pretrained.info.numLayers !== finetuned.info.numLayers) {
    throw new SesameError(`the models differ in shape (${pretrained.info.numLayers}×${pretrained.info.hiddenSize} vs ${finetuned.info.numLayers}×${finetuned.info.hiddenSize}); probing compares a fine-tune with the model it came from`);
  }
  if (task.train.length === 0) throw new SesameError(`task ${task.name}: the training split is empty`);
  if (task.test.length === 0) throw new SesameError(`task ${task.name}: the test split is empty`);
  const hidden = pretrained.info.hiddenSize;
  const allLayers = Array.from({ length: pretrained.info.numLayers + 1 }, (_, i) => i);
  const layers = options.layers ?? allLayers;
  for (const l of layers) if (!allLayers.includes(l)) throw new SesameError(`layer ${l} does not exist; the models have layers 0..${allLayers.length - 1}`);
  const cache = options.cache ?? new WordVectorCache();
  const probeCache = options.probeCache ?? new ProbeResultCache(false);
  const skipped: Record<string, number> = { ...task.skipped };
  const splits = await vectorise(task, pretrained, finetuned, cache, options.devFraction ?? 0.1, seed, skipped);
  if (splits.train.examples.length === 0) throw new SesameError(`task ${task.name}: every training sentence was skipped (${JSON.stringify(skipped)})`);
  if (splits.test.examples.length === 0) throw new SesameError(`task ${task.name}: every test sentence was skipped (${JSON.stringify(skipped)})`);

  let controlSplits: Splits | undefined;
  if (options.control ?? true) {
    const trainAndDev = [...splits.train.examples, ...splits.dev.examples];
    const control = controlTask({ ...task, train: trainAndDev, test: splits.test.examples, gen: {} }, deriveSeed(seed, 'control'));
    const n = splits.train.examples.length;
    controlSplits = {
      train: { ...splits.train, examples: control.train.slice(0, n) },
      dev: { ...splits.dev, examples: control.train.slice(n) },
      test: { ...splits.test, examples: control.test },
      gen: {},
    };
  }

  const rows: ProbeResult['layers'] = [];
  const projections: NonNullable<ProbeResult['projections']> = [];
  for (const layer of layers) {
    const p = probeLayer(splits, 'pretrained', layer, hidden, kind, seed, options.train, probeCache);
    const f = probeLayer(splits, 'finetuned', layer, hidden, kind, seed, options.train, probeCache);
    const row: ProbeResult['layers'][number] = { layer, pretrained: p, finetuned: f, delta: { test: f.test - p.test, ...(p.gen !== undefined && f.gen !== undefined ? { gen: f.gen - p.gen } : {}) } };
    if (controlSplits) {
      row.control = {
        pretrained: probeLayer(controlSplits, 'pretrained', layer, hidden, kind, deriveSeed(seed, 'control'), options.train, probeCache).test,
        finetuned: probeLayer(controlSplits, 'finetuned', layer, hidden, kind, deriveSeed(seed, 'control'), options.train, probeCache).test,
      };
    }
    rows.push(row);
    if (options.projections) {
      for (const model of ['pretrained', 'finetuned'] as const) projections.push(projection(splits.test, model, layer, hidden, options.projectionPoints ?? 300, seed));
    }
    options.onLayer?.(layer, layers.length);
  }
  const genSizes = Object.values(splits.gen).reduce((a, s) => a + s.examples.length, 0);
  const result: ProbeResult = {
    task: task.name,
    probe: kind,
    layers: rows,
    seed,
    sizes: { train: splits.train.examples.length, dev: splits.dev.examples.length, test: splits.test.examples.length, ...(Object.keys(splits.gen).length ? { gen: genSizes } : {}) },
  };
  if (controlSplits) {
    result.selectivity = {
      pretrained: rows.map((r) => r.pretrained.test - r.control!.pretrained),
      finetuned: rows.map((r) => r.finetuned.test - r.control!.finetuned),
    };
  }
  if (options.projections) result.projections = projections;
  if (Object.values(skipped).some((v) => v > 0)) result.skipped = skipped;
  return result;
}
