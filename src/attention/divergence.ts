/** Shannon entropy in bits of a probability row `p[from..from+n)`. */
export function entropyBits(p: Float32Array | Float64Array, from: number, n: number): number {
  let h = 0;
  for (let i = 0; i < n; i++) {
    const v = p[from + i];
    if (v > 0) h -= v * Math.log2(v);
  }
  return h;
}

/**
 * Jensen–Shannon divergence in bits (0 for identical rows, at most 1) between `p[pFrom..)` and `q[qFrom..)`,
 * both probability rows of length n.
 */
export function jensenShannonBits(p: Float32Array | Float64Array, pFrom: number, q: Float32Array | Float64Array, qFrom: number, n: number): number {
  let js = 0;
  for (let i = 0; i < n; i++) {
    const a = p[pFrom + i], b = q[qFrom + i];
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log2(a / m);
    if (b > 0) js += 0.5 * b * Math.log2(b / m);
  }
  return Math.max(0, js);
}
