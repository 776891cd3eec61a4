import { SesameError } from '../errors.js';
import { activeProgress } from '../progress.js';
import type { SesameModel } from '../models/types.js';
import type { ProbeFit, ProbeResult, SplitAccuracy } from '../report/types.js';
import { accuracyInterval, accuracyOf, pairedDifferenceInterval, sentenceCorrelation, type SentenceScores } from './intervals.js';
import { pca2d, silhouette } from '../attention/projection.js';
import { buildProbeData } from './build-data.js';
import type { ProbeData } from './probe-data.js';
import { controlTask } from './control.js';
import { createRandom, deriveSeed, shuffleInPlace } from './random.js';
import { ProbeResultCache, type ProbeOutcome } from './probe-cache.js';
import { evaluateProbe, trainProbe, type ProbeKind, type TrainProbeOptions } from './train-probe.js';
import { isSelection, type Example, type TaskData } from './task-types.js';
import { DEFAULT_POOLING, WordVectorCache, type SentenceFacts } from './word-vectors.js';

export interface ProbeRunOptions {
  probe?: ProbeKind;
  /** Base seed; the run's seeds are seed, seed + 1, … */
  seed?: number;
  /** Data + probe seeds averaged: each carves its own dev split from the training sentences and seeds the probe. Default 3. */
  seeds?: number;
  /** Training sentences held out as the dev split (λ choice, MLP early stopping). Default: 10% of `task.train`. */
  dev?: number;
  /** Fraction held out when `dev` is not given. Default 0.1. */
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
  /** Word vectors (its `pooling` decides how sub-tokens become a word; default first sub-token). */
  cache?: WordVectorCache;
  /**
   * Trained-probe outcomes kept on disk so a re-run with identical inputs skips training. Default: none. Callers
   * build it from the model cache's directory (`new ProbeResultCache(cacheDir ?? '.sesame-cache')`, or `false`).
   */
  probeCache?: ProbeResultCache;
  /** Called after each layer, for progress output. */
  onLayer?: (layer: number, layers: number) => void;
}

export const DEFAULT_SEEDS = 3;

/**
 * A sentence's word facts and its vectors at the layer being probed (`[words × hidden]`): the sweep streams layer by
 * layer and model by model, setting `data` of every sentence before probing, so one layer of one model is in memory at once.
 */
type StreamedVectors = SentenceFacts & { data: Float32Array };

interface Split {
  examples: Example[];
  pretrained: StreamedVectors[];
  finetuned: StreamedVectors[];
}

type Splits = { train: Split; dev: Split; test: Split; gen: Record<string, Split> };

function countSkip(skipped: Record<string, number>, reason: string): void {
  skipped[reason] = (skipped[reason] ?? 0) + 1;
}

const NO_VECTORS = new Float32Array(0);

/**
 * Every sentence both models take whole (the others dropped and counted), with the given layers of both models
 * extracted in one forward pass per sentence and model (all of one model's, then the other's); `loadLayer` then hands them out one layer of one model at a time.
 */
async function vectorise(task: TaskData, pretrained: SesameModel, finetuned: SesameModel, cache: WordVectorCache, layers: number[], skipped: Record<string, number>): Promise<{ pool: Split; test: Split; gen: Record<string, Split> }> {
  const lists: Record<string, Example[]> = { pool: task.train, test: task.test };
  for (const [g, v] of Object.entries(task.gen)) lists[`gen:${g}`] = v;
  const out: Partial<Record<string, Split>> = {};
  for (const [name, examples] of Object.entries(lists)) {
    const words = examples.map((e) => e.words);
    const [p, f] = [cache.sentenceFacts(pretrained, words), cache.sentenceFacts(finetuned, words)];
    const split: Split = { examples: [], pretrained: [], finetuned: [] };
    examples.forEach((e, i) => {
      const a = p[i], b = f[i];
      if (typeof a === 'string') return countSkip(skipped, a);
      if (typeof b === 'string') return countSkip(skipped, b);
      if (task.nthToken !== undefined) {
        const target = wordHoldingToken(a.tokenStarts, task.nthToken, a.tokenEnd);
        if (target < 0) return countSkip(skipped, 'fewer sub-tokens than n');
        e = { words: e.words, target };
      }
      split.examples.push(e);
      split.pretrained.push({ ...a, data: NO_VECTORS });
      split.finetuned.push({ ...b, data: NO_VECTORS });
    });
    out[name] = split;
  }
  // one model after the other: with spilled vectors only one session is resident at a time
  await cache.prepareEach([pretrained, finetuned], Object.values(out).map((split) => split!.examples.map((e) => e.words)), layers);
  const gen: Record<string, Split> = {};
  for (const g of Object.keys(task.gen)) gen[g] = out[`gen:${g}`]!;
  return { pool: out.pool!, test: out.test!, gen };
}

/**
 * Sets one model's vectors of every sentence to those of `layer`, or drops them (`layer` undefined): one model's
 * layer at a time is in memory (with its probe's copies), not both models'.
 */
async function loadLayer(splits: Split[], model: 'pretrained' | 'finetuned', source: SesameModel, cache: WordVectorCache, layer?: number): Promise<void> {
  for (const split of splits) {
    if (layer === undefined) {
      for (const v of split[model]) v.data = NO_VECTORS;
      continue;
    }
    const rows = await cache.layer(source, split.examples.map((e) => e.words), layer);
    rows.forEach((r, i) => (split[model][i].data = r as Float32Array));
  }
}

function pick(split: Split, indices: number[], examples?: Example[]): Split {
  return { examples: indices.map((i) => (examples ?? split.examples)[i]), pretrained: indices.map((i) => split.pretrained[i]), finetuned: indices.map((i) => split.finetuned[i]) };
}

/** One seed's train/dev partition of the training pool (and of its control relabelling). */
function partition(pool: Split, devSize: number, seed: number, examples?: Example[]): { train: Split; dev: Split } {
  const order = pool.examples.map((_, i) => i);
  shuffleInPlace(order, createRandom(deriveSeed(seed, 'dev-split')));
  return { dev: pick(pool, order.slice(0, devSize), examples), train: pick(pool, order.slice(devSize), examples) };
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

/** One probe (model, layer, seed) trained and evaluated on test and every generalization set; cached on disk. */
function probeLayer(splits: Splits, model: 'pretrained' | 'finetuned', layer: number, hidden: number, kind: ProbeKind, seed: number, train: TrainProbeOptions, cache: ProbeResultCache): ProbeOutcome {
  const classes = classIndexOf([...splits.train.examples, ...splits.dev.examples]);
  // each sentence's data holds this layer only (streamed)
  const data = (s: Split) => buildProbeData(s.examples, s[model], 0, hidden, classes);
  const genNames = Object.keys(splits.gen).filter((g) => splits.gen[g].examples.length > 0);
  const inputs: Record<string, ProbeData> = { train: data(splits.train), dev: data(splits.dev), test: data(splits.test) };
  for (const g of genNames) inputs[`gen:${g}`] = data(splits.gen[g]);
  const options: TrainProbeOptions = { ...train, kind, seed: deriveSeed(seed, `${model}/${layer}`) };
  const settings = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
  return cache.get({ splits: inputs, settings }, () => {
    const probe = trainProbe(inputs.train, inputs.dev, options);
    const correct: Record<string, number[]> = {};
    for (const name of ['test', ...genNames.map((g) => `gen:${g}`)]) correct[name] = Array.from(evaluateProbe(probe, inputs[name]).correctBySentence);
    return { fit: probe.fit, correct };
  });
}

/** Items scored per sentence: 1 for selection, the labelled words for labelling. */
function scoredPerSentence(examples: Example[], classes: Map<string, number> | undefined): Int32Array {
  return Int32Array.from(examples, (e) => (isSelection(e) ? 1 : e.labels.filter((l) => l !== null && classes?.has(l)).length));
}

/** Seed-averaged per-sentence scores of one split, plus each seed's accuracy. */
function scoresOf(outcomes: ProbeOutcome[], names: string[], scored: Int32Array): { mean: SentenceScores; perSeed: number[] } {
  const correct = new Float64Array(scored.length);
  const perSeed = outcomes.map((o) => {
    const values = names.flatMap((n) => o.correct[n] ?? []);
    values.forEach((v, i) => (correct[i] += v));
    return accuracyOf({ correct: Float64Array.from(values), scored });
  });
  for (let i = 0; i < correct.length; i++) correct[i] /= outcomes.length;
  return { mean: { correct, scored }, perSeed };
}

function summarise(outcomes: ProbeOutcome[], seeds: number[], genNames: string[], scored: { test: Int32Array; gen: Int32Array; sets: Record<string, Int32Array> }): { accuracy: SplitAccuracy; test: SentenceScores; gen?: SentenceScores } {
  const test = scoresOf(outcomes, ['test'], scored.test);
  const accuracy: SplitAccuracy = {
    test: accuracyOf(test.mean),
    testInterval: accuracyInterval(test.mean),
    testSeedRange: [Math.min(...test.perSeed), Math.max(...test.perSeed)],
  };
  let gen: SentenceScores | undefined;
  if (genNames.length) {
    const g = scoresOf(outcomes, genNames.map((n) => `gen:${n}`), scored.gen);
    gen = g.mean;
    accuracy.gen = accuracyOf(g.mean);
    accuracy.genInterval = accuracyInterval(g.mean);
    accuracy.genSeedRange = [Math.min(...g.perSeed), Math.max(...g.perSeed)];
    if (genNames.length > 1 || genNames[0] !== 'gen') accuracy.genSets = Object.fromEntries(genNames.map((n) => [n, accuracyOf(scoresOf(outcomes, [`gen:${n}`], scored.sets[n]).mean)]));
  }
  accuracy.fits = outcomes.map((o, i) => ({ seed: seeds[i], ...o.fit }));
  return { accuracy, test: test.mean, gen };
}

function paired(ft: SentenceScores, pt: SentenceScores, ftAcc: number, ptAcc: number, ftInt: [number, number], ptInt: [number, number]): { value: number; interval: [number, number]; correlation: number } {
  const correlation = sentenceCorrelation(ft, pt);
  return { value: ftAcc - ptAcc, interval: pairedDifferenceInterval({ value: ftAcc, interval: ftInt }, { value: ptAcc, interval: ptInt }, correlation), correlation };
}

/** Accuracy of guessing: mean 1/words (selection) or the share of the training pool's most frequent label (labelling). */
function chanceOf(examples: Example[], pool: Example[]): number {
  if (examples.length === 0) return 0;
  if (isSelection(examples[0])) return examples.reduce((a, e) => a + 1 / e.words.length, 0) / examples.length;
  const counts = new Map<string, number>();
  for (const e of pool) for (const l of (e as { labels: Array<string | null> }).labels) if (l !== null) counts.set(l, (counts.get(l) ?? 0) + 1);
  const majority = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  let hit = 0, all = 0;
  for (const e of examples) for (const l of (e as { labels: Array<string | null> }).labels) if (l !== null) { all++; if (l === majority) hit++; }
  return all ? hit / all : 0;
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
    const at = r.w * hidden; // v.data holds this layer only (streamed)
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
 * Trains a probe on every layer of both models for each of `seeds` data + probe seeds and returns per-layer accuracy
 * (test and generalization: seed mean, 95% interval over sentences, seed range), the paired fine-tuned − pretrained
 * difference with its interval, chance level, the control task and selectivity, and how every fit ended.
 */
export async function runProbeTask(pretrained: SesameModel, finetuned: SesameModel, task: TaskData, options: ProbeRunOptions = {}): Promise<ProbeResult> {
  const kind = options.probe ?? 'linear';
  const seed = options.seed ?? 0;
  const seedCount = options.seeds ?? DEFAULT_SEEDS;
  if (!Number.isInteger(seedCount) || seedCount < 1) throw new SesameError(`seeds must be a whole number ≥ 1, got ${seedCount}`);
  const seeds = Array.from({ length: seedCount }, (_, i) => (seed + i) >>> 0);
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
  // vectors that did not fit in memory (a big model or sweep) leave both sessions freed (WordVectorCache.prepareEach)
  const { pool, test, gen } = await vectorise(task, pretrained, finetuned, cache, layers, skipped);
  if (pool.examples.length === 0) throw new SesameError(`task ${task.name}: every training sentence was skipped (${JSON.stringify(skipped)})`);
  if (test.examples.length === 0) throw new SesameError(`task ${task.name}: every test sentence was skipped (${JSON.stringify(skipped)})`);
  const devSize = options.dev ?? Math.max(1, Math.round(pool.examples.length * (options.devFraction ?? 0.1)));
  if (!Number.isInteger(devSize) || devSize < 1) throw new SesameError(`the dev split needs at least 1 sentence, got ${devSize}`);
  if (pool.examples.length - devSize < 1) throw new SesameError(`task ${task.name}: ${pool.examples.length} training sentence(s) leave none for training after a dev split of ${devSize}; give more training sentences or a smaller dev split`);

  const runs = seeds.map((s) => {
    const splits: Splits = { ...partition(pool, devSize, s), test, gen };
    let control: Splits | undefined;
    if (options.control ?? true) {
      const relabelled = controlTask({ ...task, train: pool.examples, test: test.examples, gen: {} }, deriveSeed(s, 'control'));
      control = { ...partition(pool, devSize, s, relabelled.train), test: { ...test, examples: relabelled.test }, gen: {} };
    }
    return { seed: s, splits, control };
  });

  const classes = classIndexOf(pool.examples);
  const genNames = Object.keys(gen).filter((g) => gen[g].examples.length > 0);
  const sets = Object.fromEntries(genNames.map((g) => [g, scoredPerSentence(gen[g].examples, classes)]));
  const scored = { test: scoredPerSentence(test.examples, classes), gen: Int32Array.from(genNames.flatMap((g) => Array.from(sets[g]))), sets };
  const trainOptions = options.train ?? {};

  const rows: ProbeResult['layers'] = [];
  const projections: NonNullable<ProbeResult['projections']> = [];
  const step = activeProgress().step(`probing ${task.name}, layer by layer`, layers.length, 'layers');
  for (const layer of layers) {
    const row = { layer } as ProbeResult['layers'][number];
    const sentenceScores: Record<string, { test: SentenceScores; gen?: SentenceScores }> = {};
    const controls: Record<string, number> = {};
    const controlFits: Record<string, ProbeFit[]> = {};
    for (const model of ['pretrained', 'finetuned'] as const) {
      const splits = [pool, test, ...Object.values(gen)];
      await loadLayer(splits, model, model === 'pretrained' ? pretrained : finetuned, cache, layer);
      const outcomes = runs.map((r) => probeLayer(r.splits, model, layer, hidden, kind, r.seed, trainOptions, probeCache));
      const s = summarise(outcomes, seeds, genNames, scored);
      row[model] = s.accuracy;
      sentenceScores[model] = s;
      if (runs[0].control) {
        // Same λ as the task probe: Hewitt & Liang's selectivity compares probes of equal complexity.
        controlFits[model] = [];
        const accuracies = runs.map((r, i) => {
          const o = probeLayer(r.control!, model, layer, hidden, kind, deriveSeed(r.seed, 'control'), { ...trainOptions, l2: outcomes[i].fit.l2 }, probeCache);
          controlFits[model].push({ seed: r.seed, ...o.fit });
          return accuracyOf({ correct: Float64Array.from(o.correct.test), scored: scoredPerSentence(r.control!.test.examples, classIndexOf([...r.control!.train.examples, ...r.control!.dev.examples])) });
        });
        controls[model] = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
      }
      if (options.projections) projections.push(projection(test, model, layer, hidden, options.projectionPoints ?? 300, seed));
      await loadLayer(splits, model, model === 'pretrained' ? pretrained : finetuned, cache);
    }
    const p = row.pretrained, f = row.finetuned;
    const t = paired(sentenceScores.finetuned.test, sentenceScores.pretrained.test, f.test, p.test, f.testInterval!, p.testInterval!);
    row.delta = { test: t.value, testInterval: t.interval, testCorrelation: t.correlation };
    if (p.gen !== undefined && f.gen !== undefined) {
      const g = paired(sentenceScores.finetuned.gen!, sentenceScores.pretrained.gen!, f.gen, p.gen, f.genInterval!, p.genInterval!);
      Object.assign(row.delta, { gen: g.value, genInterval: g.interval, genCorrelation: g.correlation });
    }
    if (runs[0].control) row.control = { pretrained: controls.pretrained, finetuned: controls.finetuned, fits: { pretrained: controlFits.pretrained, finetuned: controlFits.finetuned } };
    rows.push(row);
    options.onLayer?.(layer, layers.length);
    step.advance();
  }
  step.end();
  const genSizes = genNames.reduce((a, g) => a + gen[g].examples.length, 0);
  const genExamples = genNames.flatMap((g) => gen[g].examples);
  const result: ProbeResult = {
    task: task.name,
    probe: kind,
    layers: rows,
    seed,
    seeds,
    chance: { test: chanceOf(test.examples, pool.examples), ...(genExamples.length ? { gen: chanceOf(genExamples, pool.examples) } : {}) },
    pooling: cache.options.pooling ?? DEFAULT_POOLING,
    sizes: { train: pool.examples.length - devSize, dev: devSize, test: test.examples.length, ...(Object.keys(gen).length ? { gen: genSizes } : {}) },
  };
  if (runs[0].control) {
    result.selectivity = {
      pretrained: rows.map((r) => r.pretrained.test - r.control!.pretrained),
      finetuned: rows.map((r) => r.finetuned.test - r.control!.finetuned),
    };
  }
  if (options.projections) result.projections = projections;
  if (Object.values(skipped).some((v) => v > 0)) result.skipped = skipped;
  return result;
}
