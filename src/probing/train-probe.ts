import { assertLearnable, groupCount, rowCount, validateProbeData, type ProbeData } from './probe-data.js';
import { linearKernel, type LinearKernel } from './linear-kernel.js';
import { minimizeLbfgs } from './lbfgs.js';
import { featurePreconditioner } from './preconditioner.js';
import { createRandom, shuffleInPlace } from './random.js';

export type ProbeKind = 'linear' | 'mlp';

/** The L2 strengths the linear probe tries, strongest first; the dev split picks one. */
export const DEFAULT_L2_GRID: readonly number[] = [1e-1, 1e-2, 1e-3, 1e-4];

export interface TrainProbeOptions {
  kind?: ProbeKind;
  /** Hidden units of the MLP probe. Default 64. */
  hidden?: number;
  /**
   * Linear probe: L2 strengths tried (objective = mean cross-entropy + λ/2·‖W‖², biases unpenalised), warm-started
   * from the strongest; the dev split picks the one with the highest accuracy, ties to the lower dev cross-entropy.
   * Default {@link DEFAULT_L2_GRID}.
   */
  l2Grid?: readonly number[];
  /** A fixed L2 strength instead of the grid (control probes take their task probe's). MLP default 1e-4. */
  l2?: number;
  /**
   * Linear: stop when the certified relative suboptimality ‖∇f‖²/(2λ)/f is at most this. Default 1e-4.
   * MLP: the relative drop in dev cross-entropy that counts as progress. Default 1e-3.
   */
  tolerance?: number;
  /** Linear: L-BFGS iteration limit per λ. Default 1000. */
  maxIterations?: number;
  /** MLP: Adam learning rate. Default 0.005. */
  learningRate?: number;
  /** MLP: sentences per minibatch. Default 32. */
  batchSize?: number;
  /** MLP: default 200. */
  maxEpochs?: number;
  /** MLP: epochs without progress (see `tolerance`) before training stops. Default 3. */
  patience?: number;
  /** MLP initialisation and minibatch order (the linear fit is deterministic and starts from zero). */
  seed?: number;
}

/** L-BFGS iterations per λ on the plain weights before switching to preconditioned ones (see preconditioner.ts). */
export const PLAIN_ITERATIONS = 30;

/** Defaults in one place so the docs, the cache key and the code agree. */
export const TRAIN_DEFAULTS = { hidden: 64, linearTolerance: 1e-4, mlpTolerance: 1e-3, maxIterations: 1000, learningRate: 0.005, batchSize: 32, maxEpochs: 200, patience: 3, mlpL2: 1e-4 } as const;

/** How a fit ended: what a reader needs to trust that the number is the optimum of its objective. */
export interface FitSummary {
  /** The L2 strength used (chosen on dev for the linear probe). */
  l2: number;
  /** L-BFGS iterations at the chosen λ (linear) or epochs (MLP). */
  iterations: number;
  /** Final training objective: mean cross-entropy + λ/2·‖W‖². */
  objective: number;
  /** Linear: the relative-gap test passed. MLP: the relative-improvement stop fired before the epoch limit. */
  converged: boolean;
}

export interface TrainedProbe {
  kind: ProbeKind;
  dim: number;
  numOutputs: number;
  hidden: number;
  /** Per-feature standardisation learnt on the training split. */
  mean: Float64Array;
  scale: Float64Array;
  params: Float64Array;
  fit: FitSummary;
  devLoss: number;
  devAccuracy: number;
}

export interface Evaluation {
  accuracy: number;
  loss: number;
  /** Scored items: sentences for selection, labelled words for labelling. */
  count: number;
  /** Per sentence: items right and items scored (selection: 0/1 and 1), for intervals over sentences. */
  correctBySentence: Int32Array;
  scoredBySentence: Int32Array;
}

/** The parameter layout of a probe inside one flat vector. */
interface Layout {
  kind: ProbeKind;
  dim: number;
  out: number;
  hidden: number;
  w1: number; b1: number; w2: number; b2: number; size: number;
}

function layoutOf(kind: ProbeKind, dim: number, out: number, hidden: number): Layout {
  if (kind === 'linear') return { kind, dim, out, hidden: 0, w1: 0, b1: dim * out, w2: 0, b2: 0, size: dim * out + out };
  const w1 = 0, b1 = hidden * dim, w2 = b1 + hidden, b2 = w2 + out * hidden;
  return { kind, dim, out, hidden, w1, b1, w2, b2, size: b2 + out };
}

/** Scratch buffers reused across rows so the inner loops allocate nothing. */
interface Scratch {
  x: Float64Array;
  h: Float64Array;
  dh: Float64Array;
  logits: Float64Array;
}

function scratchFor(l: Layout, maxRows: number): Scratch {
  return { x: new Float64Array(l.dim), h: new Float64Array(Math.max(l.hidden, 1)), dh: new Float64Array(Math.max(l.hidden, 1)), logits: new Float64Array(maxRows * l.out) };
}

function loadRow(features: Float32Array, row: number, dim: number, mean: Float64Array, scale: Float64Array, x: Float64Array): void {
  const base = row * dim;
  for (let d = 0; d < dim; d++) x[d] = (features[base + d] - mean[d]) * scale[d];
}

/** Writes the `out` logits of one standardised row into `logits[at..]`; leaves the hidden activation in `s.h`. */
function forwardRow(l: Layout, p: Float64Array, s: Scratch, at: number): void {
  const { x, h, logits } = s;
  if (l.kind === 'linear') {
    for (let c = 0; c < l.out; c++) {
      let z = p[l.b1 + c];
      const w = c * l.dim;
      for (let d = 0; d < l.dim; d++) z += p[w + d] * x[d];
      logits[at + c] = z;
    }
    return;
  }
  for (let j = 0; j < l.hidden; j++) {
    let z = p[l.b1 + j];
    const w = l.w1 + j * l.dim;
    for (let d = 0; d < l.dim; d++) z += p[w + d] * x[d];
    h[j] = z > 0 ? z : 0;
  }
  for (let c = 0; c < l.out; c++) {
    let z = p[l.b2 + c];
    const w = l.w2 + c * l.hidden;
    for (let j = 0; j < l.hidden; j++) z += p[w + j] * h[j];
    logits[at + c] = z;
  }
}

/** Accumulates the gradient of one row given dLoss/dlogits `dout[at..at+out)`; `s.x` and `s.h` must hold that row. */
function backwardRow(l: Layout, p: Float64Array, g: Float64Array, s: Scratch, dout: Float64Array, at: number): void {
  const { x, h, dh } = s;
  if (l.kind === 'linear') {
    for (let c = 0; c < l.out; c++) {
      const dz = dout[at + c];
      if (dz === 0) continue;
      g[l.b1 + c] += dz;
      const w = c * l.dim;
      for (let d = 0; d < l.dim; d++) g[w + d] += dz * x[d];
    }
    return;
  }
  dh.fill(0);
  for (let c = 0; c < l.out; c++) {
    const dz = dout[at + c];
    if (dz === 0) continue;
    g[l.b2 + c] += dz;
    const w = l.w2 + c * l.hidden;
    for (let j = 0; j < l.hidden; j++) {
      g[w + j] += dz * h[j];
      dh[j] += dz * p[w + j];
    }
  }
  for (let j = 0; j < l.hidden; j++) {
    if (h[j] <= 0 || dh[j] === 0) continue;
    const dz = dh[j];
    g[l.b1 + j] += dz;
    const w = l.w1 + j * l.dim;
    for (let d = 0; d < l.dim; d++) g[w + d] += dz * x[d];
  }
}

/** Softmax of `v[from..from+n)` in place (as probabilities); returns log-sum-exp. */
function softmaxInPlace(v: Float64Array, from: number, n: number, stride: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, v[from + i * stride]);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(v[from + i * stride] - max);
    v[from + i * stride] = e;
    sum += e;
  }
  for (let i = 0; i < n; i++) v[from + i * stride] /= sum;
  return max + Math.log(sum);
}

interface GroupStats {
  loss: number;
  correct: number;
  count: number;
}

/**
 * Forward pass over one group (sentence); when `grad` is given, also adds the gradient of its loss (scaled by `weight`).
 * Selection: the logits of the group's rows form one softmax. Labelling: each row has its own softmax over classes.
 */
function processGroup(l: Layout, probe: { mean: Float64Array; scale: Float64Array }, p: Float64Array, data: ProbeData, group: number, s: Scratch, grad: Float64Array | null, weight: number): GroupStats {
  const start = data.offsets[group];
  const end = data.offsets[group + 1];
  const n = end - start;
  const { logits } = s;
  for (let r = 0; r < n; r++) {
    loadRow(data.features, start + r, l.dim, probe.mean, probe.scale, s.x);
    forwardRow(l, p, s, r * l.out);
  }
  let loss = 0, correct = 0, count = 0;
  if (data.shape === 'selection') {
    const gold = data.gold[group];
    let best = 0;
    for (let r = 1; r < n; r++) if (logits[r] > logits[best]) best = r;
    const goldLogit = logits[gold];
    const lse = softmaxInPlace(logits, 0, n, 1);
    loss = lse - goldLogit;
    correct = best === gold ? 1 : 0;
    count = 1;
    if (grad) {
      for (let r = 0; r < n; r++) logits[r] = (logits[r] - (r === gold ? 1 : 0)) * weight;
    }
  } else {
    for (let r = 0; r < n; r++) {
      const at = r * l.out;
      const gold = data.gold[start + r];
      if (gold < 0) {
        for (let c = 0; c < l.out; c++) logits[at + c] = 0;
        continue;
      }
      let best = 0;
      for (let c = 1; c < l.out; c++) if (logits[at + c] > logits[at + best]) best = c;
      const goldLogit = logits[at + gold];
      loss += softmaxInPlace(logits, at, l.out, 1) - goldLogit;
      correct += best === gold ? 1 : 0;
      count++;
      if (grad) {
        for (let c = 0; c < l.out; c++) logits[at + c] = (logits[at + c] - (c === gold ? 1 : 0)) * weight;
      }
    }
  }
  if (grad) {
    for (let r = 0; r < n; r++) {
      loadRow(data.features, start + r, l.dim, probe.mean, probe.scale, s.x);
      if (l.kind === 'mlp') {
        // Recompute the hidden activation of this row; cheaper than storing every row's hidden layer.
        const saved = s.logits;
        s.logits = SINK;
        forwardRow(l, p, s, 0);
        s.logits = saved;
      }
      backwardRow(l, p, grad, s, s.logits, r * l.out);
    }
  }
  return { loss, correct, count };
}

let SINK = new Float64Array(64);

function maxGroupSize(data: ProbeData): number {
  let max = 1;
  for (let g = 0; g < groupCount(data); g++) max = Math.max(max, data.offsets[g + 1] - data.offsets[g]);
  return max;
}

/** Loss and accuracy of a trained probe on a split. */
export function evaluateProbe(probe: TrainedProbe, data: ProbeData): Evaluation {
  validateProbeData(data, 'evaluation split');
  if (data.dim !== probe.dim) throw new Error(`probe expects ${probe.dim} features, split has ${data.dim}`);
  const l = layoutOf(probe.kind, probe.dim, probe.numOutputs, probe.hidden);
  return evaluateWith(l, probe, probe.params, data);
}

function evaluateWith(l: Layout, norm: { mean: Float64Array; scale: Float64Array }, p: Float64Array, data: ProbeData): Evaluation {
  const s = scratchFor(l, maxGroupSize(data));
  let loss = 0, correct = 0, count = 0;
  const groups = groupCount(data);
  const correctBySentence = new Int32Array(groups), scoredBySentence = new Int32Array(groups);
  for (let g = 0; g < groups; g++) {
    const r = processGroup(l, norm, p, data, g, s, null, 0);
    loss += r.loss; correct += r.correct; count += r.count;
    correctBySentence[g] = r.correct;
    scoredBySentence[g] = r.count;
  }
  return { accuracy: count ? correct / count : 0, loss: count ? loss / count : 0, count, correctBySentence, scoredBySentence };
}

/** The index each group's arg-max picks (selection) or the class of each row (labelling). */
export function predictProbe(probe: TrainedProbe, data: ProbeData): Int32Array {
  const l = layoutOf(probe.kind, probe.dim, probe.numOutputs, probe.hidden);
  const s = scratchFor(l, maxGroupSize(data));
  const out = new Int32Array(data.shape === 'selection' ? groupCount(data) : rowCount(data));
  for (let g = 0; g < groupCount(data); g++) {
    const start = data.offsets[g], n = data.offsets[g + 1] - start;
    for (let r = 0; r < n; r++) {
      loadRow(data.features, start + r, l.dim, probe.mean, probe.scale, s.x);
      forwardRow(l, probe.params, s, r * l.out);
    }
    if (data.shape === 'selection') {
      let best = 0;
      for (let r = 1; r < n; r++) if (s.logits[r] > s.logits[best]) best = r;
      out[g] = best;
    } else {
      for (let r = 0; r < n; r++) {
        let best = 0;
        for (let c = 1; c < l.out; c++) if (s.logits[r * l.out + c] > s.logits[r * l.out + best]) best = c;
        out[start + r] = best;
      }
    }
  }
  return out;
}

function standardisation(data: ProbeData): { mean: Float64Array; scale: Float64Array } {
  const rows = rowCount(data), dim = data.dim;
  const mean = new Float64Array(dim), sq = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    for (let d = 0; d < dim; d++) {
      const v = data.features[base + d];
      mean[d] += v;
      sq[d] += v * v;
    }
  }
  const scale = new Float64Array(dim);
  for (let d = 0; d < dim; d++) {
    mean[d] /= rows;
    const variance = sq[d] / rows - mean[d] * mean[d];
    scale[d] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 0;
  }
  return { mean, scale };
}

/**
 * Trains a probe. Linear: the convex objective (per-sentence softmax for selection, per-word softmax for labelling,
 * mean cross-entropy + λ/2·‖W‖²) minimised by L-BFGS to a certified relative gap, λ chosen on the dev split.
 * MLP: Adam, keeping the parameters of the epoch with the lowest dev loss. Same data and options → the same probe,
 * bit for bit.
 */
export function trainProbe(train: ProbeData, dev: ProbeData, options: TrainProbeOptions = {}): TrainedProbe {
  validateProbeData(train, 'training split');
  validateProbeData(dev, 'development split');
  assertLearnable(train, 'training split');
  if (dev.dim !== train.dim) throw new Error(`dev split has ${dev.dim} features, training split ${train.dim}`);
  const kind = options.kind ?? 'linear';
  if (SINK.length < train.numClasses) SINK = new Float64Array(train.numClasses);
  return kind === 'linear' ? trainLinear(train, dev, options) : trainMlp(train, dev, options);
}

function trainLinear(train: ProbeData, dev: ProbeData, options: TrainProbeOptions): TrainedProbe {
  const out = train.shape === 'selection' ? 1 : train.numClasses;
  const l = layoutOf('linear', train.dim, out, 0);
  const norm = standardisation(train);
  const grid = options.l2 !== undefined ? [options.l2] : [...(options.l2Grid ?? DEFAULT_L2_GRID)].sort((a, b) => b - a);
  if (grid.length === 0 || grid.some((v) => !(v > 0) || !Number.isFinite(v))) throw new Error(`L2 strengths must be positive numbers, got ${JSON.stringify(grid)}`);
  const tolerance = options.tolerance ?? TRAIN_DEFAULTS.linearTolerance;
  const maxIterations = options.maxIterations ?? TRAIN_DEFAULTS.maxIterations;
  const objective = new LinearObjective(train, norm, out);
  let start: Float64Array = new Float64Array(l.size);
  let best: { params: Float64Array; fit: FitSummary; dev: Evaluation } | undefined;
  for (const l2 of grid) {
    objective.l2 = l2;
    // Strongly convex in the weights: f − f* ≤ ‖∇f‖²/(2λ), so this bounds the relative distance to the optimum.
    const done = (f: number, g2: number) => g2 / (2 * l2) <= tolerance * Math.abs(f);
    const plain = minimizeLbfgs(objective.evaluate, start, { maxIterations: Math.min(maxIterations, PLAIN_ITERATIONS), done });
    let r = { x: plain.x, value: plain.value, iterations: plain.iterations, converged: plain.converged };
    if (!plain.converged && plain.iterations < maxIterations) {
      // Badly conditioned (typically a control task at a weak λ): go on from here in coordinates preconditioned by
      // the Hessian here (estimated on a sample of sentences).
      const p = featurePreconditioner(train, norm, out, { params: plain.x, l2 });
      const more = minimizeLbfgs(p.wrap(objective.evaluate), p.fromWeights(plain.x), { maxIterations: maxIterations - plain.iterations, done: (f) => done(f, p.lastGradNormSq) });
      r = { x: p.toWeights(more.x), value: more.value, iterations: plain.iterations + more.iterations, converged: more.converged };
    }
    start = r.x;
    const devEval = evaluateWith(l, norm, r.x, dev);
    const fit: FitSummary = { l2, iterations: r.iterations, objective: r.value, converged: r.converged };
    if (!best || devEval.accuracy > best.dev.accuracy || (devEval.accuracy === best.dev.accuracy && devEval.loss < best.dev.loss)) best = { params: r.x, fit, dev: devEval };
  }
  return { kind: 'linear', dim: l.dim, numOutputs: out, hidden: 0, mean: norm.mean, scale: norm.scale, params: best!.params, fit: best!.fit, devLoss: best!.dev.loss, devAccuracy: best!.dev.accuracy };
}

/**
 * The linear probe's training objective and gradient on raw features, the standardisation folded into the weights
 * (z = b + Σ W·s·(x − m)), so no standardised copy of the data is made. Each evaluation is two passes over the
 * features in the WebAssembly kernels (scores, then gradient) with the softmax of every sentence (selection) or word
 * (labelling) in between.
 */
class LinearObjective {
  l2 = 0;
  private readonly dim: number;
  private readonly items: number;
  private readonly kernel: LinearKernel;
  private readonly delta: Float64Array;

  constructor(private readonly data: ProbeData, private readonly norm: { mean: Float64Array; scale: Float64Array }, private readonly out: number) {
    this.dim = data.dim;
    let items = 0;
    if (data.shape === 'selection') items = groupCount(data);
    else for (const g of data.gold) if (g >= 0) items++;
    this.items = Math.max(items, 1);
    this.kernel = linearKernel(data.features, rowCount(data), data.dim, out);
    this.delta = new Float64Array(out);
  }

  readonly evaluate = (p: Float64Array, grad: Float64Array): number => {
    const { data, dim, out, kernel, delta } = this;
    const { mean, scale } = this.norm;
    const { weights, bias, z, stride } = kernel;
    for (let c = 0; c < out; c++) {
      let o = p[out * dim + c];
      for (let d = 0; d < dim; d++) {
        const w = p[c * dim + d] * scale[d];
        weights[c * stride + d] = w;
        o -= w * mean[d];
      }
      bias[c] = o;
    }
    kernel.scores();
    const inv = 1 / this.items;
    let loss = 0;
    if (data.shape === 'selection') {
      for (let g = 0; g < groupCount(data); g++) {
        const start = data.offsets[g], n = data.offsets[g + 1] - start;
        const gold = start + data.gold[g];
        const goldLogit = z[gold];
        loss += softmaxInPlace(z, start, n, 1) - goldLogit;
        z[gold] -= 1;
      }
    } else {
      for (let r = 0; r < rowCount(data); r++) {
        const gold = data.gold[r];
        if (gold < 0) { z.fill(0, r * out, (r + 1) * out); continue; }
        const goldLogit = z[r * out + gold];
        loss += softmaxInPlace(z, r * out, out, 1) - goldLogit;
        z[r * out + gold] -= 1;
      }
    }
    delta.fill(0);
    for (let r = 0; r < z.length; r += out) {
      for (let c = 0; c < out; c++) {
        const dz = z[r + c] * inv;
        z[r + c] = dz;
        delta[c] += dz;
      }
    }
    kernel.grad.fill(0);
    kernel.gradient();
    const rawGrad = kernel.grad;
    let penalty = 0;
    for (let c = 0; c < out; c++) {
      for (let d = 0; d < dim; d++) {
        const i = c * dim + d;
        grad[i] = scale[d] * (rawGrad[c * stride + d] - mean[d] * delta[c]) + this.l2 * p[i];
        penalty += p[i] * p[i];
      }
      grad[out * dim + c] = delta[c];
    }
    return loss * inv + 0.5 * this.l2 * penalty;
  };
}

function trainMlp(train: ProbeData, dev: ProbeData, options: TrainProbeOptions): TrainedProbe {
  const hidden = options.hidden ?? TRAIN_DEFAULTS.hidden;
  const lr = options.learningRate ?? TRAIN_DEFAULTS.learningRate;
  const weightDecay = options.l2 ?? TRAIN_DEFAULTS.mlpL2;
  const batchSize = options.batchSize ?? TRAIN_DEFAULTS.batchSize;
  const maxEpochs = options.maxEpochs ?? TRAIN_DEFAULTS.maxEpochs;
  const patience = options.patience ?? TRAIN_DEFAULTS.patience;
  const tolerance = options.tolerance ?? TRAIN_DEFAULTS.mlpTolerance;
  const random = createRandom(options.seed ?? 0);

  const out = train.shape === 'selection' ? 1 : train.numClasses;
  const l = layoutOf('mlp', train.dim, out, hidden);
  const norm = standardisation(train);
  const p = new Float64Array(l.size);
  initialise(l, p, random);
  const grad = new Float64Array(l.size);
  const m = new Float64Array(l.size);
  const v = new Float64Array(l.size);
  const isBias = biasMask(l);
  const s = scratchFor(l, maxGroupSize(train));

  const order = new Int32Array(groupCount(train));
  for (let i = 0; i < order.length; i++) order[i] = i;
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  let step = 0;
  let best = evaluateWith(l, norm, p, dev);
  let bestParams = p.slice();
  let epoch = 0, stale = 0;

  for (epoch = 1; epoch <= maxEpochs && stale < patience; epoch++) {
    shuffleInPlace(order, random);
    for (let at = 0; at < order.length; at += batchSize) {
      const batch = order.subarray(at, Math.min(at + batchSize, order.length));
      let items = 0;
      for (const g of batch) items += train.shape === 'selection' ? 1 : labelledRows(train, g);
      if (items === 0) continue;
      grad.fill(0);
      for (const g of batch) processGroup(l, norm, p, train, g, s, grad, 1 / items);
      step++;
      const c1 = 1 - Math.pow(beta1, step), c2 = 1 - Math.pow(beta2, step);
      for (let i = 0; i < l.size; i++) {
        const gi = grad[i] + (isBias[i] ? 0 : weightDecay * p[i]);
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    }
    const now = evaluateWith(l, norm, p, dev);
    if (now.loss < best.loss) {
      // Relative: a 25% drop at a loss of 0.003 nats is progress, not noise under an absolute 1e-3.
      stale = now.loss < best.loss * (1 - tolerance) ? 0 : stale + 1;
      best = now;
      bestParams = p.slice();
    } else {
      stale++;
    }
  }
  const epochs = epoch - 1;
  const trainEval = evaluateWith(l, norm, bestParams, train);
  let penalty = 0;
  for (let i = 0; i < l.size; i++) if (!isBias[i]) penalty += bestParams[i] * bestParams[i];
  const fit: FitSummary = { l2: weightDecay, iterations: epochs, objective: trainEval.loss + 0.5 * weightDecay * penalty, converged: stale >= patience };
  return { kind: 'mlp', dim: l.dim, numOutputs: out, hidden, mean: norm.mean, scale: norm.scale, params: bestParams, fit, devLoss: best.loss, devAccuracy: best.accuracy };
}

function labelledRows(data: ProbeData, group: number): number {
  let n = 0;
  for (let r = data.offsets[group]; r < data.offsets[group + 1]; r++) if (data.gold[r] >= 0) n++;
  return n;
}

function initialise(l: Layout, p: Float64Array, random: ReturnType<typeof createRandom>): void {
  if (l.kind === 'linear') {
    const s = 1 / Math.sqrt(l.dim);
    for (let i = 0; i < l.dim * l.out; i++) p[i] = random.normal() * s * 0.1;
    return;
  }
  const s1 = Math.sqrt(2 / l.dim), s2 = 1 / Math.sqrt(l.hidden);
  for (let i = 0; i < l.hidden * l.dim; i++) p[l.w1 + i] = random.normal() * s1;
  for (let i = 0; i < l.out * l.hidden; i++) p[l.w2 + i] = random.normal() * s2;
}

function biasMask(l: Layout): Uint8Array {
  const mask = new Uint8Array(l.size);
  if (l.kind === 'linear') {
    mask.fill(1, l.b1, l.b1 + l.out);
  } else {
    mask.fill(1, l.b1, l.b1 + l.hidden);
    mask.fill(1, l.b2, l.b2 + l.out);
  }
  return mask;
}
