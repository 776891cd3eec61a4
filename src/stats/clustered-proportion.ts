/**
 * A pass rate over cases that come in clusters (several perturbations of one source sentence), with
 * the cluster-robust (CR1) variance of Miller 2024 ("Adding Error Bars to Evals"):
 *
 *   p̂ = Σ y_i / n,   Var(p̂) = G/(G−1) · Σ_g (Σ_{i∈g} (y_i − p̂))² / n²
 *
 * With every case its own cluster this is p̂(1 − p̂)/(n − 1), the usual variance with n − 1; with
 * perfectly correlated clusters it grows by the cluster size. The G/(G−1) factor is CR1's small-sample
 * correction; callers refer the resulting statistic to Student's t with G − 1 degrees of freedom.
 */
export interface ClusteredRate {
  /** Share of passing cases. */
  rate: number;
  /** Cases. */
  n: number;
  /** Distinct clusters. */
  clusters: number;
  /** CR1 variance of the rate; NaN with fewer than two clusters (it cannot be estimated). */
  variance: number;
  /** √variance. */
  standardError: number;
  /** variance ÷ (p̂(1 − p̂)/n): how much the clustering inflates the variance (NaN when p̂ is 0 or 1). */
  designEffect: number;
}

/**
 * The clustered rate of `outcomes` (1/true = pass, 0/false = fail), where `clusters[i]` names the
 * cluster of case i. Throws on mismatched lengths or no cases.
 */
export function clusteredRate(outcomes: readonly (number | boolean)[], clusters: readonly string[]): ClusteredRate {
  if (outcomes.length !== clusters.length) {
    throw new RangeError(`clusteredRate needs one cluster per outcome (${outcomes.length} outcomes, ${clusters.length} clusters)`);
  }
  const n = outcomes.length;
  if (n === 0) throw new RangeError('clusteredRate needs at least one case');
  const ys = outcomes.map((y) => (y === true || y === 1 ? 1 : y === false || y === 0 ? 0 : NaN));
  if (ys.some(Number.isNaN)) throw new RangeError('clusteredRate outcomes must be 0/1 or true/false');
  const rate = ys.reduce((s, y) => s + y, 0) / n;
  const residualSums = new Map<string, number>();
  ys.forEach((y, i) => residualSums.set(clusters[i], (residualSums.get(clusters[i]) ?? 0) + (y - rate)));
  const g = residualSums.size;
  let sumSquares = 0;
  for (const s of residualSums.values()) sumSquares += s * s;
  const variance = g < 2 ? NaN : (g / (g - 1)) * (sumSquares / (n * n));
  const independent = (rate * (1 - rate)) / n;
  return {
    rate,
    n,
    clusters: g,
    variance,
    standardError: Math.sqrt(variance),
    designEffect: independent > 0 ? variance / independent : NaN,
  };
}
