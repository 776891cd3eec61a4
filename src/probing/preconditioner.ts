import type { Objective } from './lbfgs.js';
import { groupCount, rowCount, type ProbeData } from './probe-data.js';

/** Rows sampled (whole sentences, evenly spaced) to estimate the covariance: a preconditioner need only be close. */
const SAMPLE_ROWS = 2048;
/** Added to the diagonal (features are standardised, so their variances are at most about 1). */
const RIDGE = 1e-2;

/**
 * A change of variables for the linear probe, W_c = L⁻ᵀ·v_c for each class's weight row, where L·Lᵀ is the
 * covariance of the standardised features (within each sentence for selection, whose softmax ignores what a
 * sentence's words share) plus a small ridge. L-BFGS on v is then L-BFGS preconditioned by that covariance; it
 * minimises the very same objective (the map is invertible), so the optimum is unchanged, and the stop test still
 * reads the gradient in the original weights (`lastGradNormSq`), so the certified gap means what it did.
 *
 * It pays on badly conditioned fits: control-task probes at a weak L2, which memorise word types, took 200–480
 * L-BFGS iterations without it and 30–180 with it; on well-conditioned ones (most task probes) it does not help,
 * so the trainer switches to it only after a plain run has not converged.
 */
export interface Preconditioner {
  /** The objective in v: evaluates the wrapped objective at W(v) and maps its gradient to v. */
  wrap(objective: Objective): Objective;
  /** ‖∇_W f‖² at the last point the wrapped objective evaluated. */
  readonly lastGradNormSq: number;
  toWeights(v: Float64Array): Float64Array;
  fromWeights(w: Float64Array): Float64Array;
}

/** `norm`: the standardisation the probe uses (z = b + Σ W·s·(x − m)). `out`: weight rows (classes, or 1 for selection). */
export function featurePreconditioner(data: ProbeData, norm: { mean: Float64Array; scale: Float64Array }, out: number): Preconditioner {
  const dim = data.dim;
  const lower = cholesky(sampleCovariance(data, norm), dim);
  const size = out * dim + out;
  const w = new Float64Array(size), gw = new Float64Array(size);
  const toWeights = (v: Float64Array, into = new Float64Array(size)) => {
    // Solve Lᵀ·W_c = v_c (back substitution); biases pass through.
    for (let c = 0; c < out; c++) {
      const o = c * dim;
      for (let i = dim - 1; i >= 0; i--) {
        let s = v[o + i];
        for (let k = i + 1; k < dim; k++) s -= lower[k * dim + i] * into[o + k];
        into[o + i] = s / lower[i * dim + i];
      }
    }
    into.set(v.subarray(out * dim), out * dim);
    return into;
  };
  const state = {
    lastGradNormSq: Infinity,
    toWeights: (v: Float64Array) => toWeights(v),
    fromWeights: (weights: Float64Array) => {
      // v_c = Lᵀ·W_c.
      const v = new Float64Array(size);
      for (let c = 0; c < out; c++) {
        const o = c * dim;
        for (let i = 0; i < dim; i++) {
          let s = 0;
          for (let k = i; k < dim; k++) s += lower[k * dim + i] * weights[o + k];
          v[o + i] = s;
        }
      }
      v.set(weights.subarray(out * dim), out * dim);
      return v;
    },
    wrap: (objective: Objective): Objective => (v, gv) => {
      toWeights(v, w);
      const value = objective(w, gw);
      let g2 = 0;
      for (let i = 0; i < size; i++) g2 += gw[i] * gw[i];
      state.lastGradNormSq = g2;
      // ∇_v f = L⁻¹·∇_W f: solve L·g_v = g_W (forward substitution).
      for (let c = 0; c < out; c++) {
        const o = c * dim;
        for (let i = 0; i < dim; i++) {
          let s = gw[o + i];
          for (let k = 0; k < i; k++) s -= lower[i * dim + k] * gv[o + k];
          gv[o + i] = s / lower[i * dim + i];
        }
      }
      gv.set(gw.subarray(out * dim), out * dim);
      return value;
    },
  };
  return state;
}

/** Covariance of the standardised features over evenly spaced sentences, centred per sentence for selection. */
function sampleCovariance(data: ProbeData, norm: { mean: Float64Array; scale: Float64Array }): Float64Array {
  const dim = data.dim, groups = groupCount(data);
  const step = Math.max(1, Math.floor(rowCount(data) / SAMPLE_ROWS));
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim), centre = new Float64Array(dim);
  let count = 0;
  for (let g = 0; g < groups; g += step) {
    const start = data.offsets[g], n = data.offsets[g + 1] - start;
    centre.fill(0);
    if (data.shape === 'selection') {
      for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) centre[d] += ((data.features[(start + r) * dim + d] - norm.mean[d]) * norm.scale[d]) / n;
    }
    for (let r = 0; r < n; r++) {
      for (let d = 0; d < dim; d++) x[d] = (data.features[(start + r) * dim + d] - norm.mean[d]) * norm.scale[d] - centre[d];
      for (let i = 0; i < dim; i++) {
        const xi = x[i];
        if (xi === 0) continue;
        for (let j = 0; j <= i; j++) cov[i * dim + j] += xi * x[j];
      }
      count++;
    }
  }
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) cov[i * dim + j] /= Math.max(count, 1);
    cov[i * dim + i] += RIDGE;
  }
  return cov;
}

/** Lower-triangular L with L·Lᵀ = a (the lower triangle of a is read). */
function cholesky(a: Float64Array, dim: number): Float64Array {
  const l = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) {
    let s = a[j * dim + j];
    for (let k = 0; k < j; k++) s -= l[j * dim + k] ** 2;
    // The ridge keeps s ≥ RIDGE in exact arithmetic; the floor only guards rounding.
    const d = Math.sqrt(Math.max(s, RIDGE * 1e-3));
    l[j * dim + j] = d;
    for (let i = j + 1; i < dim; i++) {
      let t = a[i * dim + j];
      for (let k = 0; k < j; k++) t -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = t / d;
    }
  }
  return l;
}
