import { assertLearnable, groupCount, rowCount, validateProbeData, type ProbeData } from './probe-data.js';
import { createRandom, shuffleInPlace } from './random.js';

export type ProbeKind = 'linear' | 'mlp';

export interface TrainProbeOptions {
  kind?: ProbeKind;
  /** Hidden units of the MLP probe. Default 64. */
  hidden?: number;
  /** Adam learning rate. Default 0.005. */
  learningRate?: number;
  /** L2 penalty on the weights (not the biases). Default 1e-4. */
  weightDecay?: number;
  /** Sentences per minibatch. Default 32. */
  batchSize?: number;
  maxEpochs?: number;
  /** Epochs without the dev loss falling by more than `tolerance` before training stops. Default 3. */
  patience?: number;
  /** The smallest drop in mean dev cross-entropy (nats) that counts as progress. Default 1e-3. */
  tolerance?: number;
  seed?: number;
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
  epochs: number;
  bestEpoch: number;
  devLoss: number;
  devAccuracy: number;
}

export interface Evaluation {
  accuracy: number;
  loss: number;
  /** Scored items: sentences for selection, labelled words for labelling. */
  count: number;
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
  for (let g = 0; g < groupCount(data); g++) {
    const r = processGroup(l, norm, p, data, g, s, null, 0);
    loss += r.loss; correct += r.correct; count += r.count;
  }
  return { accuracy: count ? correct / count : 0, loss: count ? loss / count : 0, count };
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
 * Trains a linear or one-hidden-layer MLP probe with cross-entropy and Adam, and keeps the parameters of the
 * epoch with the lowest development loss (early stopping). Same data and seed → the same probe, bit for bit.
 */
export function trainProbe(train: ProbeData, dev: ProbeData, options: TrainProbeOptions = {}): TrainedProbe {
  const kind = options.kind ?? 'linear';
  const hidden = kind === 'mlp' ? options.hidden ?? 64 : 0;
  const lr = options.learningRate ?? 0.01;
  const weightDecay = options.weightDecay ?? 1e-4;
  const batchSize = options.batchSize ?? 32;
  const maxEpochs = options.maxEpochs ?? 60;
  const patience = options.patience ?? 3;
  const tolerance = options.tolerance ?? 1e-3;
  const random = createRandom(options.seed ?? 0);

  validateProbeData(train, 'training split');
  validateProbeData(dev, 'development split');
  assertLearnable(train, 'training split');
  if (dev.dim !== train.dim) throw new Error(`dev split has ${dev.dim} features, training split ${train.dim}`);

  const out = train.shape === 'selection' ? 1 : train.numClasses;
  const l = layoutOf(kind, train.dim, out, hidden);
  const norm = standardisation(train);
  const p = new Float64Array(l.size);
  initialise(l, p, random);
  const grad = new Float64Array(l.size);
  const m = new Float64Array(l.size);
  const v = new Float64Array(l.size);
  const isBias = biasMask(l);
  const s = scratchFor(l, maxGroupSize(train));
  if (SINK.length < out) SINK = new Float64Array(out);

  const order = new Int32Array(groupCount(train));
  for (let i = 0; i < order.length; i++) order[i] = i;
  const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  let step = 0;
  let best = evaluateWith(l, norm, p, dev);
  let bestParams = p.slice();
  let bestEpoch = 0, epoch = 0, stale = 0;

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
      stale = now.loss < best.loss - tolerance ? 0 : stale + 1;
      best = now;
      bestParams = p.slice();
      bestEpoch = epoch;
    } else {
      stale++;
    }
  }
  return { kind, dim: l.dim, numOutputs: out, hidden, mean: norm.mean, scale: norm.scale, params: bestParams, epochs: epoch - 1, bestEpoch, devLoss: best.loss, devAccuracy: best.accuracy };
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
