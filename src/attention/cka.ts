/**
 * Linear centred kernel alignment (Kornblith et al. 2019) between two representations of the same n items:
 * CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F) after centring each column. 1 for X = Y (or any rotation /
 * isotropic scaling of it), near 0 for unrelated representations.
 * Computed in Float64, in feature space (cost ~n·d²) when there are more items than features, else through the
 * n×n Gram matrices (cost ~n²·d): both give the same value.
 */
export function linearCka(x: Float32Array, xDim: number, y: Float32Array, yDim: number): number {
  const n = x.length / xDim;
  if (!Number.isInteger(n) || y.length / yDim !== n) {
    throw new Error(`linearCka: X has ${x.length / xDim} rows, Y has ${y.length / yDim}; they must describe the same items`);
  }
  if (n < 2) throw new Error('linearCka: needs at least two items');
  const featureCost = n * (xDim * yDim + (xDim * xDim + yDim * yDim) / 2);
  const gramCost = n * n * ((xDim + yDim) / 2 + 1);
  const { xy, xx, yy } = featureCost <= gramCost
    ? featureSpace(centredColumns(x, xDim, n), xDim, centredColumns(y, yDim, n), yDim, n)
    : gramSpace(centredColumns(x, xDim, n), xDim, centredColumns(y, yDim, n), yDim, n);
  if (xx === 0 || yy === 0) return 0;
  return xy / Math.sqrt(xx * yy);
}

interface CrossNorms {
  /** ‖YᵀX‖²_F */
  xy: number;
  /** ‖XᵀX‖²_F */
  xx: number;
  /** ‖YᵀY‖²_F */
  yy: number;
}

/** Row-major [n, dim] → column-major, each column minus its mean, in Float64 (columns are contiguous for dot products). */
function centredColumns(m: Float32Array, dim: number, n: number): Float64Array {
  const out = new Float64Array(m.length);
  for (let d = 0; d < dim; d++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += m[i * dim + d];
    mean /= n;
    const col = d * n;
    for (let i = 0; i < n; i++) out[col + i] = m[i * dim + d] - mean;
  }
  return out;
}

/** Column-major rows are features: each entry of XᵀY is the dot product of two length-n columns. */
function featureSpace(xc: Float64Array, xDim: number, yc: Float64Array, yDim: number, n: number): CrossNorms {
  return { xy: crossNorm(xc, xDim, yc, yDim, n, false), xx: crossNorm(xc, xDim, xc, xDim, n, true), yy: crossNorm(yc, yDim, yc, yDim, n, true) };
}

/**
 * ‖AᵀB‖²_F for column-major A [n, a], B [n, b]; `symmetric` (A = B) sums the upper triangle twice.
 * Four columns of B go against one column of A per pass, so each A value is loaded once for four products.
 */
function crossNorm(a: Float64Array, aDim: number, b: Float64Array, bDim: number, n: number, symmetric: boolean): number {
  let sum = 0;
  const add = (p: number, q: number, v: number) => { sum += symmetric && q !== p ? 2 * v * v : v * v; };
  for (let p = 0; p < aDim; p++) {
    const ap = p * n;
    let q = symmetric ? p : 0;
    for (; q + 3 < bDim; q += 4) {
      const b0 = q * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let i = 0; i < n; i++) {
        const av = a[ap + i];
        s0 += av * b[b0 + i];
        s1 += av * b[b1 + i];
        s2 += av * b[b2 + i];
        s3 += av * b[b3 + i];
      }
      add(p, q, s0); add(p, q + 1, s1); add(p, q + 2, s2); add(p, q + 3, s3);
    }
    for (; q < bDim; q++) {
      const bq = q * n;
      let s = 0;
      for (let i = 0; i < n; i++) s += a[ap + i] * b[bq + i];
      add(p, q, s);
    }
  }
  return sum;
}

/** ⟨K, L⟩_F with K = XXᵀ and L = YYᵀ (n×n) equals ‖YᵀX‖²_F; ‖K‖²_F equals ‖XᵀX‖²_F. */
function gramSpace(xc: Float64Array, xDim: number, yc: Float64Array, yDim: number, n: number): CrossNorms {
  const k = gram(xc, xDim, n), l = gram(yc, yDim, n);
  let xy = 0, xx = 0, yy = 0;
  for (let i = 0; i < k.length; i++) {
    xy += k[i] * l[i];
    xx += k[i] * k[i];
    yy += l[i] * l[i];
  }
  return { xy, xx, yy };
}

/** Full n×n Gram matrix of a column-major [n, dim] matrix (rows are items). */
function gram(m: Float64Array, dim: number, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let d = 0; d < dim; d++) {
    const col = d * n;
    for (let i = 0; i < n; i++) {
      const v = m[col + i];
      if (v === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) out[row + j] += v * m[col + j];
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j];
  return out;
}
