import { expect } from 'chai';
import { trainProbe, evaluateProbe, PLAIN_ITERATIONS } from '../../src/probing/train-probe.js';
import { minimizeLbfgs } from '../../src/probing/lbfgs.js';
import type { ProbeData } from '../../src/probing/probe-data.js';
import { createRandom } from '../../src/probing/random.js';

/** Two Gaussian classes, means ±mu on axis 0, unit variance, `dim` dims: Bayes accuracy is Φ(mu). */
function gaussianLabelling(words: number, dim: number, mu: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const features = new Float32Array(words * dim);
  const gold = new Int32Array(words);
  for (let i = 0; i < words; i++) {
    gold[i] = r.int(2);
    for (let d = 0; d < dim; d++) features[i * dim + d] = r.normal();
    features[i * dim] += gold[i] === 1 ? mu : -mu;
  }
  const offsets = new Int32Array(Math.ceil(words / 10) + 1);
  for (let g = 0; g < offsets.length; g++) offsets[g] = Math.min(g * 10, words);
  return { shape: 'labelling', features, dim, offsets, gold, numClasses: 2 };
}

/** XOR of the signs of two features: no linear probe beats chance, an MLP gets it right. */
function xorLabelling(words: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const dim = 4;
  const features = new Float32Array(words * dim);
  const gold = new Int32Array(words);
  for (let i = 0; i < words; i++) {
    for (let d = 0; d < dim; d++) features[i * dim + d] = r.normal();
    gold[i] = (features[i * dim] > 0) !== (features[i * dim + 1] > 0) ? 1 : 0;
  }
  const offsets = new Int32Array(words + 1).map((_, i) => i);
  return { shape: 'labelling', features, dim, offsets, gold, numClasses: 2 };
}

/** Sentences of 4–9 words; the target is the word with the largest feature 3 (a direction a linear scorer finds). */
function argmaxSelection(sentences: number, seed: number): ProbeData {
  const r = createRandom(seed);
  const dim = 8;
  const sizes = Array.from({ length: sentences }, () => 4 + r.int(6));
  const rows = sizes.reduce((a, b) => a + b, 0);
  const features = new Float32Array(rows * dim);
  const offsets = new Int32Array(sentences + 1);
  const gold = new Int32Array(sentences);
  let row = 0;
  sizes.forEach((n, g) => {
    offsets[g] = row;
    let best = 0;
    for (let w = 0; w < n; w++) {
      for (let d = 0; d < dim; d++) features[(row + w) * dim + d] = r.normal();
      if (features[(row + w) * dim + 3] > features[(row + best) * dim + 3]) best = w;
    }
    gold[g] = best;
    row += n;
  });
  offsets[sentences] = row;
  return { shape: 'selection', features, dim, offsets, gold, numClasses: 1 };
}


/**
 * Tiny problems whose optimum scipy found (scipy.optimize.minimize, L-BFGS-B, gtol 1e-12, from /usr/bin/python3 with
 * Debian's python3-scipy): the objective is mean cross-entropy + λ/2·‖W‖² on features standardised with the training
 * mean and population standard deviation, biases unpenalised, λ = 0.1. Values pasted from its output.
 */
const SCIPY_SELECTION = { shape: 'selection' as const, dim: 3, numClasses: 1, ...{"features": [0.03, 1.36, 1.22, -0.51, -0.3, -0.53, 0.57, -0.06, 0.75, -1.85, 1.57, -0.1, 0.68, -0.14, -0.38, 0.46, 0.82, -0.2, -0.15, 0.69, -0.87, -1.51, 0.39, -0.67, -1.92, -0.81, -0.47, -1.19, -1.49, 0.04, 0.9, -0.23, -0.74, 0.38, 0.72, -0.3, 0.54, 1.04, -0.21, -0.81, 0.35, 0.25, 1.1, -1.28, -0.66, -0.84, -1.73, 0.13, 0.53, -0.74, 1.39, 0.82, 0.63, 0.4, 0.96, -1.33, 0.61, 0.6, -1.77, 0.35, -0.25, 0.78, -0.44, -0.02, 0.34, -0.88, 0.6, -0.1, 0.49, -0.52, 1.09, 0.61, -0.18, 0.63, 1.26, 1.79, -1.57, 0.88, 0.47, -0.09, -1.01, 1.26, -1.26, 0.57, 1.3, -1.6, -0.3, -1.31, 0.24, 1.51, 2.02, -1.78, -0.57], "offsets": [0, 3, 8, 12, 15, 20, 24, 28, 31], "gold": [0, 3, 3, 2, 4, 3, 2, 2]} };
const SCIPY_SELECTION_OPTIMUM = { objective: 1.192078237056256, weights: [0.45531258578270434, 0.31234904785378126, -0.4109638471530844] };
const SCIPY_LABELLING = { shape: 'labelling' as const, dim: 2, numClasses: 3, ...{"features": [-0.01, 1.05, 0.74, 0.72, 1.62, -1.21, -0.63, -1.32, -0.11, 1.0, -0.02, 0.5, -1.91, 0.15, -0.91, 1.78, 0.89, 0.95, -0.06, 0.61, 0.66, -0.34, -0.5, -0.11, -0.61, -0.59, -0.28, -0.73], "offsets": [0, 4, 9, 14], "gold": [0, 1, 2, -1, 2, 2, 2, 1, -1, 2, 1, -1, 2, -1]} };
/** W (3 classes × 2 features, row-major) then the 3 biases (defined up to a common constant). */
const SCIPY_LABELLING_OPTIMUM = { objective: 0.7810685064560272, params: [0.07507209781829784, 0.34588086068080715, 0.2963878498272522, 0.3083508217421894, -0.3714599476455498, -0.6542316824229968, -1.0732739311568662, 0.024782515353396792, 1.0484914158034684] };

/**
 * A badly conditioned selection problem like a control task (random targets, so nothing separates them; features
 * with scales from 1 to 0.01 mixed, within-sentence covariance condition ~1e6), λ = 1e-4: scipy (L-BFGS-B, gtol 1e-13)
 * needs 46 iterations; Sesame's plain L-BFGS does not converge within its first 30 and goes on preconditioned.
 * Generated and solved by a numpy/scipy script (seed 7); values pasted from its output.
 */
const SCIPY_ILL_CONDITIONED = { shape: 'selection' as const, dim: 6, numClasses: 1, ...{"features": [-4.3, 3.68, -4.25, 4.49, 1.88, -0.93, 0.97, -0.9, 2.87, 0.91, 0.09, -0.23, -0.55, 4.3, 0.91, 9.44, 3.28, -2.23, 2.72, -2.9, 0.75, -6.14, -2.12, 1.52, -0.82, 1.92, -0.66, 3.46, 1.6, -1.36, 7.4, 2.0, 3.68, 4.12, 1.11, -0.72, -3.08, 6.4, -0.8, 12.82, 4.45, -2.91, 0.26, -0.93, 1.14, -0.61, -0.39, 0.13, 1.42, -2.9, 0.42, -5.9, -2.25, 1.77, 0.91, -1.46, 0.23, -3.08, -1.81, 1.63, 9.81, 3.34, 5.47, 7.71, 3.07, -2.9, 0.15, -4.8, 0.02, -9.14, -3.01, 1.85, 1.31, -3.13, 1.95, -4.61, -2.07, 1.58, 3.73, -3.97, 3.69, -5.54, -2.24, 1.54, 4.12, -0.51, 1.76, -1.02, -0.28, -0.01, 6.08, -2.86, 7.14, -0.81, -1.25, 0.76, -4.22, -3.88, -5.6, -11.35, -4.13, 3.17, 0.51, 0.57, -1.07, -0.21, 0.23, -0.33, 5.81, -3.8, 5.69, -4.07, -2.01, 1.33, 2.26, -1.63, 2.4, -1.66, -0.91, 0.62, -6.73, 1.5, -3.54, 2.29, 0.39, 0.08, -4.84, -0.77, -3.22, -2.59, -0.62, 0.52, 0.83, 4.7, 0.14, 8.82, 3.66, -2.86, -9.23, 4.42, -7.12, 5.1, 1.83, -0.48, 0.84, 3.17, -0.77, 4.7, 1.44, -0.63, 2.21, 0.63, 0.55, 0.64, -0.04, 0.25, 6.7, 1.51, 5.81, 5.99, 1.94, -1.8, 5.9, -2.33, 4.1, -2.97, -1.38, 0.9, -8.03, -4.36, -6.64, -11.64, -4.04, 3.31, 1.04, 2.06, 1.7, 5.28, 1.74, -1.34, 4.04, -5.44, -0.61, -12.96, -5.26, 3.84, -4.82, 0.65, -5.8, -2.74, -0.63, 0.89, -0.33, -0.19, -0.47, -0.67, 0.09, -0.21, 4.27, 1.77, 2.51, 4.2, 1.74, -1.75, -0.0, -4.47, 1.12, -7.27, -2.6, 1.53, 1.84, -7.1, -1.65, -16.24, -5.56, 3.92, 0.33, -1.08, 2.25, 0.17, -0.25, 0.09, 4.4, -0.07, -0.92, -3.06, 0.05, -0.62, -3.38, 0.12, -2.07, -0.39, -0.24, 0.38, -7.64, 1.37, -5.28, 0.62, 0.06, 0.37, -1.88, 0.35, -1.76, -0.39, -0.38, 0.57, 2.15, -0.47, 0.95, -0.81, -0.41, 0.1, 3.35, 2.83, 2.25, 6.22, 2.66, -2.12, 2.73, 0.61, 2.76, 2.7, 0.55, -0.31, 2.23, 0.01, -0.62, -1.58, -0.28, -0.04, -5.89, -3.14, -4.27, -7.69, -2.32, 1.6, -7.86, -0.35, -7.31, -4.83, -1.77, 1.87, -2.15, -2.12, -4.53, -7.91, -2.48, 1.96, -1.12, 0.93, -1.05, 1.18, 0.52, -0.31, -5.7, 4.59, -0.85, 10.64, 3.3, -2.16, 10.06, -4.03, 7.53, -4.41, -1.68, 0.64, 1.61, -2.17, 0.95, -3.75, -0.72, -0.02, 5.93, 0.1, 4.61, 2.19, 0.37, -0.24, -7.42, 2.16, -2.26, 5.15, 1.46, -0.53, 3.85, -0.12, 0.49, -1.66, -0.58, 0.56, -0.71, 3.58, -2.31, 4.7, 1.89, -1.19, 0.26, 2.69, 2.37, 7.49, 1.93, -1.16, -0.6, -5.8, -0.67, -11.58, -3.93, 2.8, 0.95, -4.27, 4.13, -4.39, -2.11, 1.66, 1.6, -4.29, -2.0, -10.95, -3.48, 2.09, 0.51, -2.53, -1.88, -7.1, -2.39, 1.77, 5.43, -0.14, 2.31, -0.46, -0.38, 0.26, 7.92, 0.54, 5.34, 2.87, 0.84, -0.7, -6.13, -2.42, -5.16, -7.21, -2.62, 2.16, 0.14, 1.68, 1.15, 4.28, 1.09, -0.55, -2.56, -2.42, -2.93, -6.71, -2.64, 2.42, 7.69, -0.52, 8.6, 4.41, 0.4, -0.29, 5.6, 1.57, 3.63, 4.15, 1.41, -1.08, 1.1, -1.9, -2.3, -6.83, -2.28, 2.03, -1.02, -0.17, -0.59, -0.57, 0.07, 0.1, 9.7, -1.85, 3.57, -4.27, -0.84, 0.0, 6.43, -1.44, 8.08, 2.5, -0.5, 0.79, -2.74, -2.77, -3.79, -8.11, -3.24, 2.68, -2.0, -0.63, -3.32, -3.91, -1.66, 1.65, 1.49, 0.35, -1.05, -1.12, -0.12, -0.03, -7.72, -0.15, -7.85, -4.93, -1.37, 1.3, 1.28, -3.08, 0.79, -5.7, -2.13, 1.51, 5.06, -2.3, 2.44, -4.25, -1.6, 1.03, 7.51, 1.03, 3.64, 2.29, 0.87, -0.83, -0.41, 0.48, -0.33, 0.75, 0.15, 0.0, 2.26, -1.45, 1.55, -2.3, -1.2, 1.03, 1.23, -1.38, 1.9, -1.38, -1.13, 1.15, -1.16, 1.35, -1.58, 1.41, 0.69, -0.38, 0.55, -4.35, -0.91, -9.53, -2.89, 1.82, 6.62, 2.82, 6.96, 9.44, 2.39, -1.39, 5.81, -2.21, 6.38, -0.28, -0.72, 0.35, -6.73, -0.27, -5.64, -3.4, -1.45, 1.57, -2.69, -0.24, 0.14, 0.87, -0.23, 0.48, -4.43, 2.59, -1.25, 5.67, 1.84, -0.99, 6.51, 1.7, 5.81, 6.47, 1.97, -1.83, 6.14, -1.03, -0.52, -5.45, -1.25, 0.65, 2.76, -0.29, 4.4, 2.59, -0.32, 0.73, -6.63, 3.84, -0.85, 9.58, 3.12, -1.95, 1.25, -0.6, 2.16, 0.71, 0.54, -0.86, -3.25, 3.5, -1.22, 7.12, 2.81, -2.22, -0.87, 1.6, 2.82, 6.36, 1.23, -0.51, 4.23, -4.53, 3.15, -7.34, -2.64, 1.63, -5.21, -1.29, -2.14, -2.34, -1.44, 1.45, 2.27, 1.75, 3.49, 5.91, 1.6, -1.01, -3.04, -1.55, -4.43, -6.25, -1.3, 0.83, -2.02, -0.24, 1.68, 2.28, 0.17, 0.0, 1.0, -1.33, -3.15, -6.47, -2.04, 1.72, -0.05, 0.27, 1.52, 2.08, 0.49, -0.21, 2.08, -3.28, 2.43, -4.68, -2.06, 1.38, 1.57, 2.75, -0.52, 3.95, 1.35, -0.92, -5.37, -0.83, -3.64, -2.77, -0.42, 0.1, -6.6, 0.88, -3.13, 1.32, 0.4, 0.2, -1.98, 2.8, -4.71, 1.4, 1.3, -1.06, -1.31, -0.1, -4.88, -4.66, -1.0, 0.61, 5.0, 0.33, -1.22, -2.89, 0.03, -0.61, -7.42, 0.83, -9.16, -4.61, -1.29, 1.35, 2.6, -5.45, 0.39, -11.39, -4.43, 3.39, 2.01, 0.12, 0.63, 0.0, -0.28, 0.15, -12.75, 4.35, -5.09, 9.01, 2.96, -1.7, 0.55, -0.03, -0.24, -0.54, -0.13, 0.02, 3.49, -2.08, 6.71, 1.44, -0.34, 0.15, -1.67, -2.94, -3.52, -8.52, -2.45, 1.61, -5.92, -1.96, -5.42, -6.84, -2.15, 2.02, 3.27, -1.7, 2.97, -1.67, -0.41, 0.12, -2.61, -0.53, -3.97, -3.9, -0.96, 0.66, 4.32, -3.6, 0.08, -8.83, -2.74, 1.62, 3.88, -3.63, -0.21, -9.01, -3.33, 2.31, 5.24, -5.54, 2.85, -10.1, -3.71, 2.46, -4.12, -0.62, -0.97, -0.28, -0.23, 0.3, 6.93, -0.18, 4.8, 1.58, 0.34, -0.7, 2.84, -2.32, -2.63, -8.55, -2.49, 1.66, 0.16, -1.97, 0.53, -3.37, -1.57, 1.26, -9.65, -2.65, -9.8, -11.03, -3.54, 3.18, 3.37, 0.51, 0.98, 0.39, 0.06, 0.01, 6.98, -1.04, 5.35, 0.45, -0.29, -0.13, -4.1, 1.47, -2.45, 2.06, 0.61, -0.01, 5.31, -2.77, 5.87, -1.65, -0.86, 0.43, -3.82, -1.68, -4.87, -6.42, -1.15, 0.47, -1.19, 0.24, 1.96, 3.11, 0.33, -0.1, -1.36, -0.41, 1.49, 1.4, 0.33, -0.14, -7.76, 5.07, -1.87, 11.38, 3.79, -2.4, 3.78, -0.47, 3.57, 1.17, 0.36, -0.6, 1.47, 0.46, 1.42, 1.59, 0.16, 0.05, 4.5, -0.86, 4.82, 1.24, -0.16, 0.2, -10.18, 4.98, -1.01, 13.17, 4.02, -2.25, -1.82, 4.76, -2.12, 7.83, 3.37, -2.62, -0.33, -1.97, -0.84, -4.46, -1.36, 0.81, 4.5, -6.11, 2.22, -11.43, -3.97, 2.49, -3.29, -0.93, -4.6, -5.17, -1.34, 1.2, -3.87, -1.28, -6.47, -7.36, -1.65, 1.05, -0.61, 1.9, 3.22, 7.26, 1.99, -1.25, 2.56, 1.03, 2.62, 3.54, 0.92, -0.67, 0.78, -1.31, -1.26, -4.13, -0.92, 0.34, -8.08, 0.29, -1.06, 3.08, 0.34, 0.43, -8.96, 5.4, -8.32, 5.66, 2.43, -1.15, -3.87, -0.52, -2.47, -1.75, -0.49, 0.36, 10.14, 2.41, 6.72, 7.08, 2.82, -2.7, 0.76, -1.92, -1.97, -6.24, -2.35, 1.95, -5.44, -1.03, -2.52, -2.1, -0.95, 0.94, -4.09, -0.88, -4.19, -4.21, -1.29, 1.15, -4.33, -1.37, -2.89, -3.76, -1.56, 1.51, -1.62, 5.16, 1.71, 12.55, 4.85, -3.7, 1.08, 1.15, 1.53, 3.34, 1.12, -0.82, 4.0, -6.04, 1.06, -12.37, -4.67, 3.29, 2.43, -2.89, -3.13, -9.97, -3.44, 2.45, -5.99, -3.25, -4.63, -8.47, -3.33, 2.99, -2.1, 0.59, 2.41, 4.65, 1.17, -0.7, -2.83, -1.13, -1.03, -2.04, -0.63, 0.73, 0.61, 2.57, 1.2, 5.88, 1.83, -1.14, -4.86, 5.89, 1.97, 15.59, 4.54, -2.75, -2.95, -1.94, -5.07, -7.66, -1.91, 1.32, 8.6, -3.55, 3.99, -6.83, -2.84, 2.15, -5.59, 4.34, 0.7, 11.53, 3.34, -1.81, 5.48, -2.34, 3.24, -3.82, -1.61, 1.37, 5.66, -0.49, 3.67, 0.29, 0.16, -0.4, -1.97, -5.76, -4.32, -14.77, -5.16, 3.91, 4.21, -2.04, 3.97, -1.64, -0.9, 0.33, -9.31, -4.34, -9.55, -13.91, -3.72, 2.54, 2.13, -1.28, 0.69, -2.8, -0.98, 0.76, 3.97, -3.09, 1.69, -6.06, -2.43, 1.72, -2.74, 1.11, -0.83, 2.54, 0.81, -0.45, -3.18, -3.66, -1.47, -7.07, -2.81, 2.15, 3.21, 0.82, 1.05, 1.32, 0.93, -1.07, 6.11, -5.27, 1.73, -11.07, -3.38, 1.94, 0.71, 4.64, 3.69, 12.41, 4.14, -2.97, -6.65, 0.03, -4.64, -1.66, -0.4, 0.46, 1.39, -2.47, -0.35, -5.86, -1.63, 1.19, 0.13, -0.7, 0.42, -0.85, -0.13, -0.14, 8.29, -2.59, 6.37, -2.06, -1.12, 0.39, -0.43, 1.63, -0.75, 2.61, 0.79, -0.56, -4.06, -5.8, -6.99, -16.57, -5.37, 3.93, 0.82, 0.1, 0.98, 0.69, -0.35, 0.64, 1.34, 0.29, 2.4, 2.55, 0.83, -0.87, -8.24, 2.18, -2.3, 5.58, 1.51, -0.65, 6.38, 0.96, 4.45, 3.63, 0.95, -0.96, -2.03, 1.84, 1.51, 6.06, 1.75, -1.09, -2.42, -1.08, -1.62, -2.5, -0.39, 0.05, 6.84, -3.2, 0.77, -8.41, -2.11, 0.9, -4.37, 3.49, -2.27, 6.3, 2.05, -1.14, -5.87, 2.41, -1.04, 6.29, 2.39, -1.61, 7.13, -0.34, 6.23, 2.51, 0.63, -0.62, 1.6, 3.58, 4.52, 10.85, 3.59, -2.63, 2.56, -6.19, -2.5, -15.71, -5.41, 3.76, -4.28, -0.88, -6.86, -6.74, -1.23, 0.58, -1.3, 1.44, -2.05, 1.31, 0.89, -0.78, -1.52, 2.35, -1.41, 3.78, 1.51, -1.16, 1.39, 3.78, 2.97, 9.7, 3.29, -2.36, -5.59, 1.09, -5.02, -0.67, -0.06, 0.41, -8.27, 0.36, -4.44, -0.02, 0.36, -0.15, 6.38, -4.49, 6.44, -4.94, -2.4, 1.7, -9.17, 2.56, -6.1, 2.72, 1.06, -0.29, 1.53, -0.82, 4.72, 2.53, -0.15, 0.5, -2.38, 2.2, -1.04, 4.37, 1.54, -1.26, 2.27, 1.69, 3.72, 5.95, 0.99, -0.25, -7.34, 0.54, -4.56, -0.54, -0.44, 1.0, 1.64, 0.26, -2.33, -2.77, 0.14, -0.32, -6.15, 1.77, -6.44, -0.35, 0.57, -0.51, -3.05, 2.07, -0.56, 4.88, 1.63, -1.1, 2.19, -1.17, -1.44, -4.86, -1.69, 1.36, 8.5, -4.3, 4.76, -7.25, -2.23, 1.23, 2.25, 2.63, 2.72, 6.76, 2.43, -1.68, 6.72, -3.58, 4.11, -5.58, -2.16, 1.13, -2.77, 1.8, -2.87, 1.74, 1.15, -0.79, 1.82, 1.5, 1.51, 3.48, 0.58, -0.06, -6.08, -7.29, -2.51, -13.96, -5.67, 4.65, -3.86, 0.88, -5.35, -2.06, -0.1, 0.09, -15.28, 0.7, -7.47, 0.42, -0.28, 1.19, -6.17, 0.4, -7.28, -3.92, -1.14, 1.03, 1.32, -2.53, -0.56, -6.16, -1.87, 1.35, -0.64, 3.64, -0.29, 6.91, 2.62, -1.72, 2.6, -3.6, 0.05, -7.9, -2.33, 1.14, 6.72, -2.34, 1.03, -6.52, -1.19, 0.27, 2.4, 2.09, 2.04, 5.1, 2.06, -1.76, -1.19, -1.33, -2.1, -4.33, -1.88, 1.77, 1.72, -2.61, 0.11, -5.59, -1.96, 1.17, 1.48, 1.15, 5.31, 7.18, 2.06, -1.71, 6.27, 4.59, 6.61, 12.51, 3.72, -2.24, 4.53, 0.64, 3.4, 2.79, 0.79, -0.84, -3.3, -0.07, -0.06, 1.23, 0.45, -0.03, 2.23, -4.5, -3.61, -13.33, -3.86, 2.25, 2.15, -2.57, -0.23, -6.19, -2.27, 1.58, -1.47, -1.13, -3.77, -5.43, -1.48, 0.99, -13.38, 1.99, -9.6, -0.03, 0.1, 0.55, 5.34, -0.76, 2.7, -1.01, -0.11, -0.35, 2.39, 4.17, 4.71, 11.95, 4.46, -3.66, -1.9, 0.56, 5.05, 7.12, 1.32, -0.47, -3.93, 1.34, 0.53, 4.89, 1.19, -0.44, 4.25, -1.53, 2.18, -2.64, -0.77, 0.37, -11.59, 2.56, -6.1, 3.85, 1.14, -0.19, -1.07, -5.12, -2.54, -11.69, -3.48, 1.76, -2.54, -1.03, 0.89, 0.01, -0.78, 0.97, 1.72, -1.15, 1.12, -1.95, -0.64, 0.57, -3.11, -3.89, -2.9, -8.96, -3.55, 2.59, 4.44, -1.91, 6.31, 0.89, -0.81, 0.6, -2.93, 4.05, 0.75, 9.86, 2.94, -1.77, -4.56, -0.12, -3.48, -1.75, -0.69, 0.65, 1.95, -2.85, -1.19, -7.6, -2.12, 1.27, 5.05, 1.09, 1.11, 0.77, 0.39, -0.21, -3.97, 2.96, -0.15, 7.25, 2.58, -1.56, 0.45, 1.84, 2.44, 5.82, 1.56, -0.91, 9.75, -0.12, 7.11, 2.77, 0.5, -0.77, 0.79, 0.86, -1.65, -0.34, 0.28, -0.47, -4.97, -1.79, -6.28, -7.62, -2.01, 1.38, -0.46, 4.04, -3.05, 4.76, 1.93, -1.26, 5.22, -2.33, 3.84, -2.93, -1.46, 1.01, 1.62, -0.47, 4.63, 3.27, 0.58, -0.53, 3.29, 0.39, 4.97, 4.39, 0.83, -0.55, 3.08, 1.14, 0.99, 1.75, 0.46, -0.38, 3.23, -1.06, 0.82, -2.71, -0.77, 0.45, -11.0, -0.4, -5.83, -1.8, -0.65, 1.0, 1.51, 0.04, 1.22, 0.44, -0.36, 0.71, 2.38, -0.54, 0.98, -1.02, -0.33, -0.01, -1.15, 0.57, -1.29, 0.26, -0.07, 0.18, -5.51, -3.75, -3.14, -7.87, -2.83, 2.08, 10.43, -3.76, 3.58, -8.32, -2.75, 1.53, 2.46, -5.89, 0.36, -12.17, -4.82, 3.63, 8.2, -2.99, 2.76, -6.67, -2.03, 1.06, 6.18, -1.55, 1.99, -3.62, -1.2, 0.33, 2.81, -2.24, 1.57, -3.89, -1.12, 0.44, -3.32, 2.61, 1.47, 8.02, 2.53, -1.53, 0.85, -2.34, -1.34, -6.17, -1.95, 1.09, 0.05, 1.87, -3.82, -0.49, 0.58, -0.42, 2.69, -6.64, 0.31, -13.77, -4.95, 3.64, -3.44, -1.09, -1.22, -1.83, -1.24, 1.19, 5.39, -1.6, 3.12, -2.42, -1.05, 0.74, 4.46, -5.15, 3.18, -8.57, -2.9, 1.66, 5.9, 0.42, 2.19, 0.21, 0.09, 0.0, -10.04, 0.3, -9.37, -4.65, -0.72, 0.83, 3.87, 0.39, 6.41, 5.7, 1.15, -0.89, 1.48, -2.71, -0.86, -6.87, -2.43, 1.83, -4.95, 2.59, -6.1, 0.84, 1.08, -0.66, -3.38, -1.11, -5.6, -6.31, -1.56, 1.02, -3.16, -1.83, -3.77, -6.06, -2.47, 2.17, 2.88, 2.18, -1.84, 1.04, 1.12, -1.2, -2.19, 0.47, -5.31, -3.47, -0.19, -0.27, -2.88, 3.93, -1.49, 7.42, 2.89, -2.22, 2.23, -1.89, 4.91, 0.52, -0.39, 0.12, -0.77, -2.53, 0.02, -4.64, -2.04, 1.79, 3.26, -1.71, 2.1, -2.55, -1.11, 0.59, 10.47, -0.73, 7.06, 1.13, 0.3, -0.6, -1.66, -0.16, -2.46, -2.17, -1.1, 1.08, 3.3, -0.31, 4.5, 2.6, 1.03, -1.0, 2.95, 2.62, 4.08, 8.04, 2.89, -2.45, -5.44, 1.54, -2.5, 2.88, 1.06, -0.58, -5.22, -2.35, -1.51, -3.74, -1.61, 1.5, -1.26, 5.61, 1.53, 12.91, 3.98, -2.52, -10.75, -0.11, -6.24, -1.89, -1.02, 1.47, -7.97, -2.36, -6.26, -7.35, -2.55, 2.08, 3.87, -6.48, 0.88, -13.26, -4.57, 2.98, -8.48, -0.02, -4.83, -1.05, -0.16, 0.17, 1.38, -0.09, 0.85, 0.04, 0.16, -0.13, 0.97, -0.87, 1.3, -0.81, -0.74, 0.68, 2.93, 0.01, 0.48, -0.75, 0.68, -1.04, -3.14, 5.65, 1.16, 13.51, 4.51, -3.03, -7.99, -1.26, -2.16, -1.08, -1.03, 1.41, -7.89, -1.04, -7.16, -5.86, -1.33, 1.17, 3.48, -3.74, 1.14, -7.59, -2.72, 1.8, 1.83, -2.29, 1.04, -3.93, -1.29, 0.42, 1.97, 1.84, 0.48, 3.16, 1.12, -0.95, -0.65, -0.64, 0.05, -0.82, -0.67, 0.49, -2.35, -1.01, -0.54, -1.26, -0.42, 0.13, -8.25, 4.03, -5.77, 5.44, 1.77, -0.66, 8.75, 0.96, 4.89, 2.79, 0.93, -0.77, -1.18, 1.26, 1.56, 4.58, 1.24, -0.7, -7.93, 2.14, -7.57, -0.21, 0.49, -0.01, -10.0, 3.74, -7.13, 4.37, 1.62, -0.76, -4.21, 7.17, 1.1, 16.75, 4.94, -2.87, 7.25, -2.0, 3.8, -3.18, -0.98, 0.29, -2.16, -1.21, -3.05, -4.59, -1.91, 1.7, 7.04, -0.4, 7.0, 3.3, 0.71, -0.68, -7.5, 2.72, -3.54, 4.89, 0.99, -0.03, -9.26, -0.02, -4.44, -0.44, -0.58, 1.0, -0.98, -4.65, -1.46, -9.85, -3.28, 2.09, 1.25, -0.55, -4.7, -6.53, -1.21, 0.56, -9.34, 0.54, -8.79, -3.81, -0.97, 1.03, -0.92, -1.32, -2.8, -4.96, -0.9, 0.31, -4.2, 0.49, 0.1, 2.89, 0.86, -0.27, 3.48, -3.46, 0.07, -8.21, -2.35, 1.46, 1.48, -0.53, -0.45, -2.27, -0.89, 0.85, 0.11, 0.41, -0.84, -0.15, -0.4, 0.38, 3.35, 3.95, 6.1, 12.48, 3.67, -2.73, -6.61, -2.52, -7.39, -9.48, -2.66, 1.91, 2.42, 2.07, -0.35, 2.7, 1.88, -1.94, -0.84, -1.35, 2.93, 0.85, -0.41, 0.45, -8.26, -0.89, -4.84, -2.91, -1.03, 1.0, 0.54, -3.01, 1.91, -4.2, -2.11, 1.86, 1.67, -1.91, -0.27, -4.73, -1.32, 0.77, -3.51, -1.64, -2.7, -4.52, -1.94, 1.92], "offsets": [0, 7, 13, 19, 26, 32, 39, 46, 50, 54, 59, 64, 71, 78, 82, 87, 94, 98, 105, 109, 114, 121, 126, 131, 136, 142, 147, 154, 159, 164, 170, 176, 182, 188, 195, 202, 209, 215, 221, 226, 233, 238, 242, 249, 253, 260, 266, 270, 274, 279, 283, 287, 293, 300, 305, 312, 319, 326, 332, 337, 343], "gold": [6, 0, 3, 6, 1, 2, 4, 3, 3, 3, 1, 3, 1, 1, 4, 0, 0, 0, 0, 3, 2, 3, 2, 4, 1, 1, 0, 4, 4, 1, 1, 5, 3, 6, 2, 1, 3, 5, 0, 4, 0, 2, 6, 3, 4, 3, 0, 2, 4, 1, 1, 5, 3, 4, 0, 1, 4, 4, 4, 1]} };
const SCIPY_ILL_CONDITIONED_OPTIMUM = { objective: 1.6872147580752104, weights: [-1.132487869948953, 1.3124779810316924, 1.0868348649992483, -0.42846648844947194, -3.3081744210111053, -2.0863912715548554] };

function asData(d: { shape: 'selection' | 'labelling'; dim: number; numClasses: number; features: number[]; offsets: number[]; gold: number[] }): ProbeData {
  return { shape: d.shape, dim: d.dim, numClasses: d.numClasses, features: Float32Array.from(d.features), offsets: Int32Array.from(d.offsets), gold: Int32Array.from(d.gold) };
}

describe('linear probe optimum (against scipy)', () => {
  it('reaches scipy\'s optimum of the per-sentence softmax objective: objective to 1e-7, weights to 1e-4', () => {
    const probe = trainProbe(asData(SCIPY_SELECTION), asData(SCIPY_SELECTION), { l2: 0.1, tolerance: 1e-10 });
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.l2).to.equal(0.1);
    expect(probe.fit.objective).to.be.closeTo(SCIPY_SELECTION_OPTIMUM.objective, 1e-7);
    SCIPY_SELECTION_OPTIMUM.weights.forEach((w, d) => expect(probe.params[d]).to.be.closeTo(w, 1e-4));
  });

  it('reaches scipy\'s optimum of the per-word multinomial objective, skipping unlabelled words', () => {
    const probe = trainProbe(asData(SCIPY_LABELLING), asData(SCIPY_LABELLING), { l2: 0.1, tolerance: 1e-10 });
    const ref = SCIPY_LABELLING_OPTIMUM.params;
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.objective).to.be.closeTo(SCIPY_LABELLING_OPTIMUM.objective, 1e-7);
    for (let i = 0; i < 6; i++) expect(probe.params[i]).to.be.closeTo(ref[i], 1e-4);
    for (let c = 1; c < 3; c++) expect(probe.params[6 + c] - probe.params[6]).to.be.closeTo(ref[6 + c] - ref[6], 1e-4);
  });

  it('the default stop (certified relative gap 1e-4) lands within 1e-4 of the optimum, and records iterations', () => {
    const probe = trainProbe(asData(SCIPY_SELECTION), asData(SCIPY_SELECTION), { l2: 0.1 });
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.iterations).to.be.within(1, 50);
    const gap = (probe.fit.objective - SCIPY_SELECTION_OPTIMUM.objective) / SCIPY_SELECTION_OPTIMUM.objective;
    expect(gap).to.be.within(-1e-9, 1e-4);
  });

  it('reaches scipy\'s optimum of a badly conditioned problem through the preconditioned switch: objective to 1e-12, weights to 1e-5', () => {
    const probe = trainProbe(asData(SCIPY_ILL_CONDITIONED), asData(SCIPY_ILL_CONDITIONED), { l2: 1e-4, tolerance: 1e-12 });
    expect(probe.fit.converged).to.equal(true);
    expect(probe.fit.iterations).to.be.greaterThan(PLAIN_ITERATIONS);
    expect(probe.fit.objective).to.be.closeTo(SCIPY_ILL_CONDITIONED_OPTIMUM.objective, 1e-12);
    SCIPY_ILL_CONDITIONED_OPTIMUM.weights.forEach((w, d) => expect(probe.params[d]).to.be.closeTo(w, 1e-5));
    // The default stop certifies a relative gap of 1e-4 in the original weights, preconditioned or not.
    const loose = trainProbe(asData(SCIPY_ILL_CONDITIONED), asData(SCIPY_ILL_CONDITIONED), { l2: 1e-4 });
    expect((loose.fit.objective - SCIPY_ILL_CONDITIONED_OPTIMUM.objective) / SCIPY_ILL_CONDITIONED_OPTIMUM.objective).to.be.within(-1e-12, 1e-4);
  });

  it('says converged: false when the iteration limit cuts the fit short', () => {
    const probe = trainProbe(asData(SCIPY_LABELLING), asData(SCIPY_LABELLING), { l2: 0.1, tolerance: 1e-12, maxIterations: 2 });
    expect(probe.fit.converged).to.equal(false);
    expect(probe.fit.iterations).to.equal(2);
    expect(probe.fit.objective).to.be.greaterThan(SCIPY_LABELLING_OPTIMUM.objective + 1e-6);
  });

  it('L-BFGS minimises a badly scaled quadratic to its known minimum', () => {
    const scales = [1, 10, 100, 1000];
    const f = (x: Float64Array, g: Float64Array) => {
      let v = 0;
      x.forEach((xi, i) => { v += 0.5 * scales[i] * (xi - i) ** 2; g[i] = scales[i] * (xi - i); });
      return v;
    };
    const r = minimizeLbfgs(f, new Float64Array(4), { done: (_, g2) => g2 < 1e-20 });
    expect(r.converged).to.equal(true);
    Array.from(r.x).forEach((xi, i) => expect(xi).to.be.closeTo(i, 1e-9));
  });

  it('chooses λ on the dev split from the grid and reports it', () => {
    const train = gaussianLabelling(400, 40, 0.5, 21), dev = gaussianLabelling(400, 40, 0.5, 22);
    const probe = trainProbe(train, dev, { l2Grid: [1e-4, 1, 1e-2] });
    expect([1e-4, 1, 1e-2]).to.include(probe.fit.l2);
    const devAccuracy = (l2: number) => evaluateProbe(trainProbe(train, dev, { l2 }), dev).accuracy;
    const best = Math.max(devAccuracy(1e-4), devAccuracy(1), devAccuracy(1e-2));
    expect(probe.devAccuracy).to.equal(best);
    expect(devAccuracy(probe.fit.l2)).to.equal(best);
  });
});

describe('trainProbe', () => {
  it('reaches the Bayes accuracy Φ(1) = 0.841 on two unit Gaussians one standard deviation from the origin', () => {
    const probe = trainProbe(gaussianLabelling(3000, 16, 1, 1), gaussianLabelling(600, 16, 1, 2), { seed: 7 });
    const { accuracy } = evaluateProbe(probe, gaussianLabelling(8000, 16, 1, 3));
    expect(accuracy).to.be.within(0.825, 0.85);
  });

  it('selects the arg-max word of a linear score perfectly (token selection shape)', () => {
    const probe = trainProbe(argmaxSelection(800, 4), argmaxSelection(200, 5), { seed: 1 });
    const { accuracy, count } = evaluateProbe(probe, argmaxSelection(1000, 6));
    expect(count).to.equal(1000);
    expect(accuracy).to.be.greaterThan(0.97);
  });

  it('a linear probe stays at chance on XOR while the MLP probe solves it', () => {
    const train = xorLabelling(3000, 8), dev = xorLabelling(500, 9), test = xorLabelling(3000, 10);
    const linear = evaluateProbe(trainProbe(train, dev, { seed: 3 }), test).accuracy;
    const mlp = evaluateProbe(trainProbe(train, dev, { kind: 'mlp', hidden: 32, seed: 3, learningRate: 0.01 }), test).accuracy;
    expect(linear).to.be.within(0.4, 0.6);
    expect(mlp).to.be.greaterThan(0.93);
  });

  it('is deterministic for a given seed', () => {
    const train = gaussianLabelling(500, 8, 1, 11), dev = gaussianLabelling(100, 8, 1, 12);
    const a = trainProbe(train, dev, { seed: 5, kind: 'mlp', hidden: 8 });
    const b = trainProbe(train, dev, { seed: 5, kind: 'mlp', hidden: 8 });
    expect(Array.from(a.params)).to.deep.equal(Array.from(b.params));
  });

  it('refuses a training split with a single class, naming it', () => {
    const data = gaussianLabelling(100, 4, 1, 1);
    data.gold.fill(1);
    expect(() => trainProbe(data, gaussianLabelling(50, 4, 1, 2))).to.throw(/training split has 1 class/);
  });

  it('refuses a gold index outside the sentence', () => {
    const data = argmaxSelection(20, 1);
    data.gold[3] = 99;
    expect(() => trainProbe(data, argmaxSelection(10, 2))).to.throw(/sentence 3 has target index 99/);
  });
});
