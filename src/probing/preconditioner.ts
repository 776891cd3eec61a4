import type { Objective } from './lbfgs.js';
import { groupCount, rowCount, type ProbeData } from './probe-data.js';

/** Rows sampled (whole sentences, evenly spaced) to estimate the covariance: a preconditioner need only be close. */
const SAMPLE_ROWS = 2048;
/** Added to the diagonal of the covariance (features are standardised, so their variances are at most about 1). */
const RIDGE = 1e-2;
/** The least added to a sampled Hessian's diagonal (its λ, when larger): a sample's curvature is noisy in weak directions. */
const HESSIAN_RIDGE = 1e-3;

/**
 * A change of variables for the linear probe, W_c = L⁻ᵀ·v_c for each class's weight row, where L·Lᵀ approximates the
 * objective's Hessian in the weights: for selection, the data term at the current weights, Σ_g Σ_r p_r (x_r − μ_g)(x_r − μ_g)ᵀ
 * over sentences g (p the sentence's softmax, μ_g its p-weighted mean word) plus λ; for labelling, the covariance of
 * the standardised features plus a ridge. Both are estimated on a sample of whole sentences. L-BFGS on v is then
 * L-BFGS preconditioned by that matrix; it minimises the very same objective (the map is invertible), so the
 * optimum is unchanged, and the stop test still reads the gradient in the original weights (`lastGradNormSq`), so the
 * certified gap means what it did.
 *
 * It pays on badly conditioned fits: control-task probes at a weak L2, which memorise word types, took 200–480
 * L-BFGS iterations without it and 43–76 with it (30 of them before the switch); on well-conditioned ones (most task
 * probes) plain L-BFGS converges in 10–30, so the trainer switches only after a plain run has not converged.
 */
export interface Preconditioner {
  /** The objective in v: evaluates the wrapped objective at W(v) and maps its gradient to v. */
  wrap(objective: Objective): Objective;
  /** ‖∇_W f‖² at the last point the wrapped objective evaluated. */
  readonly lastGradNormSq: number;
  toWeights(v: Float64Array): Float64Array;
  fromWeights(w: Float64Array): Float64Array;
}

/**
 * `norm`: the standardisation the probe uses (z = b + Σ W·s·(x − m)). `out`: weight rows (classes, or 1 for selection).
 * `at`: the current weights and λ (selection uses them for the Hessian there; without them, as at W = 0).
 */
export function featurePreconditioner(data: ProbeData, norm: { mean: Float64Array; scale: Float64Array }, out: number, at?: { params: Float64Array; l2: number }): Preconditioner {
  const dim = data.dim;
  const lower = cholesky(sampleCovariance(data, norm, data.shape === 'selection' ? at : undefined), dim);
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

/**
 * Over evenly spaced sentences: for selection, Σ p_r (x_r − μ_g)(x_r − μ_g)ᵀ per sentence averaged over sentences
 * (p the softmax at `at`, or uniform); for labelling, the covariance of the standardised features. Plus the ridge.
 */
function sampleCovariance(data: ProbeData, norm: { mean: Float64Array; scale: Float64Array }, at?: { params: Float64Array; l2: number }): Float64Array {
  const dim = data.dim, groups = groupCount(data);
  const step = Math.max(1, Math.floor(rowCount(data) / SAMPLE_ROWS));
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim), centre = new Float64Array(dim);
  const maxWords = Math.max(...Array.from({ length: groups }, (_, g) => data.offsets[g + 1] - data.offsets[g]));
  const rows = new Float64Array(maxWords * dim), weight = new Float64Array(maxWords);
  let count = 0;
  for (let g = 0; g < groups; g += step) {
    const start = data.offsets[g], n = data.offsets[g + 1] - start;
    for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) rows[r * dim + d] = (data.features[(start + r) * dim + d] - norm.mean[d]) * norm.scale[d];
    if (data.shape === 'selection' && at) {
      // The softmax's probabilities at the current weights: the data term of the Hessian there.
      let max = -Infinity;
      for (let r = 0; r < n; r++) {
        let z = 0;
        for (let d = 0; d < dim; d++) z += at.params[d] * rows[r * dim + d];
        weight[r] = z;
        max = Math.max(max, z);
      }
      let sum = 0;
      for (let r = 0; r < n; r++) sum += weight[r] = Math.exp(weight[r] - max);
      for (let r = 0; r < n; r++) weight[r] /= sum;
    } else {
      weight.fill(data.shape === 'selection' ? 1 / n : 1, 0, n);
    }
    centre.fill(0);
    if (data.shape === 'selection') for (let r = 0; r < n; r++) for (let d = 0; d < dim; d++) centre[d] += weight[r] * rows[r * dim + d];
    for (let r = 0; r < n; r++) {
      const k = Math.sqrt(weight[r]);
      for (let d = 0; d < dim; d++) x[d] = k * (rows[r * dim + d] - centre[d]);
      for (let i = 0; i < dim; i++) {
        const xi = x[i];
        if (xi === 0) continue;
        for (let j = 0; j <= i; j++) cov[i * dim + j] += xi * x[j];
      }
    }
    count += data.shape === 'selection' ? 1 : n;
  }
  const ridge = at ? Math.max(at.l2, HESSIAN_RIDGE) : RIDGE;
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) cov[i * dim + j] /= Math.max(count, 1);
    cov[i * dim + i] += ridge;
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
    const d = Math.sqrt(Math.max(s, 1e-12));
    l[j * dim + j] = d;
    for (let i = j + 1; i < dim; i++) {
      let t = a[i * dim + j];
      for (let k = 0; k < j; k++) t -= l[i * dim + k] * l[j * dim + k];
      l[i * dim + j] = t / d;
    }
  }
  return l;
}
