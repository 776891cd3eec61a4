/**
 * Linear centred kernel alignment (Kornblith et al. 2019) between two representations of the same n items:
 * CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F) after centring each column. 1 for X = Y (or any rotation /
 * isotropic scaling of it), near 0 for unrelated representations.
 */
export function linearCka(x: Float32Array, xDim: number, y: Float32Array, yDim: number): number {
  const n = x.length / xDim;
  if (!Number.isInteger(n) || y.length / yDim !== n) {
    throw new Error(`linearCka: X has ${x.length / xDim} rows, Y has ${y.length / yDim}; they must describe the same items`);
  }
  if (n < 2) throw new Error('linearCka: needs at least two items');
  const xc = centre(x, xDim, n), yc = centre(y, yDim, n);
  const xy = frobeniusOfCross(yc, yDim, xc, xDim, n);
  const xx = frobeniusOfCross(xc, xDim, xc, xDim, n);
  const yy = frobeniusOfCross(yc, yDim, yc, yDim, n);
  if (xx === 0 || yy === 0) return 0;
  return xy / Math.sqrt(xx * yy);
}

function centre(m: Float32Array, dim: number, n: number): Float64Array {
  const out = new Float64Array(m.length);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += m[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) out[i * dim + d] = m[i * dim + d] - mean[d];
  return out;
}

/** ‖AᵀB‖²_F for A [n, a], B [n, b]. */
function frobeniusOfCross(a: Float64Array, aDim: number, b: Float64Array, bDim: number, n: number): number {
  const cross = new Float64Array(aDim * bDim);
  for (let i = 0; i < n; i++) {
    const ai = i * aDim, bi = i * bDim;
    for (let p = 0; p < aDim; p++) {
      const av = a[ai + p];
      if (av === 0) continue;
      const row = p * bDim;
      for (let q = 0; q < bDim; q++) cross[row + q] += av * b[bi + q];
    }
  }
  let sum = 0;
  for (const v of cross) sum += v * v;
  return sum;
}
