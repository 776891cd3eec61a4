import { createRandom, shuffleInPlace } from '../probing/random.js';

/**
 * The top-2 principal-component projection of `n` points of `dim` features (row-major), by power iteration with
 * deflation on the covariance matrix. Seeded, so the same vectors give the same picture.
 */
export function pca2d(points: Float32Array, dim: number, seed = 0): Array<[number, number]> {
  const n = points.length / dim;
  if (n === 0) return [];
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += points[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = points[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      if (ra === 0) continue;
      for (let b = a; b < dim; b++) cov[a * dim + b] += ra * row[b];
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[a * dim + b] = cov[b * dim + a];
  const random = createRandom(seed);
  const components: Float64Array[] = [];
  for (let k = 0; k < 2; k++) {
    let v = new Float64Array(dim).map(() => random.normal());
    for (let iter = 0; iter < 300; iter++) {
      const next = new Float64Array(dim);
      for (let a = 0; a < dim; a++) {
        let s = 0;
        for (let b = 0; b < dim; b++) s += cov[a * dim + b] * v[b];
        next[a] = s;
      }
      for (const c of components) {
        const dot = next.reduce((acc, x, i) => acc + x * c[i], 0);
        for (let a = 0; a < dim; a++) next[a] -= dot * c[a];
      }
      const norm = Math.hypot(...next);
      if (norm === 0) break;
      for (let a = 0; a < dim; a++) next[a] /= norm;
      const change = next.reduce((acc, x, i) => acc + Math.abs(x - v[i]), 0);
      v = next;
      if (change < 1e-9) break;
    }
    // Fix the sign so the picture does not flip between runs: the largest loading is positive.
    let maxAt = 0;
    for (let a = 1; a < dim; a++) if (Math.abs(v[a]) > Math.abs(v[maxAt])) maxAt = a;
    if (v[maxAt] < 0) for (let a = 0; a < dim; a++) v[a] = -v[a];
    components.push(v);
  }
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    let x = 0, y = 0;
    for (let d = 0; d < dim; d++) {
      const c = points[i * dim + d] - mean[d];
      x += c * components[0][d];
      y += c * components[1][d];
    }
    out.push([x, y]);
  }
  return out;
}

/**
 * Mean silhouette coefficient (Euclidean) of points grouped by label: near 1 for tight, well separated clusters,
 * near 0 for overlapping ones. Points of singleton labels count 0, as in scikit-learn. NaN when fewer than 2 labels.
 * Exact over all points up to `maxPoints` (default 1000); above that it is the silhouette of a seeded random sample of
 * `maxPoints` of them (like scikit-learn's `sample_size`), since the exact value costs n²·dim.
 */
export function silhouette(points: Float32Array, dim: number, labels: ArrayLike<string | number>, options: { maxPoints?: number; seed?: number } = {}): number {
  const maxPoints = options.maxPoints ?? 1000;
  if (labels.length > maxPoints) {
    const order = Int32Array.from({ length: labels.length }, (_, i) => i);
    shuffleInPlace(order, createRandom(options.seed ?? 0));
    const chosen = order.slice(0, maxPoints).sort();
    const sample = new Float32Array(chosen.length * dim);
    chosen.forEach((from, i) => sample.set(points.subarray(from * dim, (from + 1) * dim), i * dim));
    return silhouette(sample, dim, Array.from(chosen, (from) => labels[from]), { maxPoints });
  }
  const n = labels.length;
  const ids = new Map<string | number, number>();
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (!ids.has(labels[i])) ids.set(labels[i], ids.size);
    label[i] = ids.get(labels[i])!;
  }
  const k = ids.size;
  if (k < 2 || k >= n) return NaN;
  const sizes = new Int32Array(k);
  for (const l of label) sizes[l]++;
  const distance = pairwiseDistances(points, dim, n);
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (i !== j) sums[label[j]] += distance[i * n + j];
    const own = label[i];
    if (sizes[own] <= 1) continue;
    const a = sums[own] / (sizes[own] - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c] > 0) b = Math.min(b, sums[c] / sizes[c]);
    const s = Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
    total += s;
  }
  return total / n;
}

/** Euclidean distances between all rows, n×n; each pair is computed once (the square of a difference is symmetric). */
function pairwiseDistances(points: Float32Array, dim: number, n: number): Float64Array {
  const p = Float64Array.from(points);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const pi = i * dim;
    for (let j = i + 1; j < n; j++) {
      const pj = j * dim;
      let d2 = 0;
      for (let d = 0; d < dim; d++) {
        const diff = p[pi + d] - p[pj + d];
        d2 += diff * diff;
      }
      out[i * n + j] = out[j * n + i] = Math.sqrt(d2);
    }
  }
  return out;
}
