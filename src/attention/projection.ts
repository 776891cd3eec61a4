import { createRandom } from '../probing/random.js';

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
 */
export function silhouette(points: Float32Array, dim: number, labels: ArrayLike<string | number>): number {
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
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      let d2 = 0;
      for (let d = 0; d < dim; d++) {
        const diff = points[i * dim + d] - points[j * dim + d];
        d2 += diff * diff;
      }
      sums[label[j]] += Math.sqrt(d2);
    }
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
