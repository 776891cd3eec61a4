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
  const sums = new Map<string, { sum: number; size: number }>();
  ys.forEach((y, i) => {
    const c = sums.get(clusters[i]) ?? { sum: 0, size: 0 };
    c.sum += y;
    c.size++;
    sums.set(clusters[i], c);
  });
  const { rate, variance, clusters: g } = clusteredRatio([...sums.values()].map((c) => c.sum), [...sums.values()].map((c) => c.size));
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

export interface ClusteredRatio {
  /** Σ sums ÷ Σ sizes. */
  rate: number;
  /** Σ sizes. */
  n: number;
  /** Clusters with a size above 0. */
  clusters: number;
  /** CR1 variance of the rate; NaN with fewer than two clusters. */
  variance: number;
}

/**
 * The same rate and CR1 variance from per-cluster totals: cluster g scored `sizes[g]` cases of which `sums[g]` passed
 * (a sum may be fractional, e.g. averaged over seeds). Var = G/(G−1) · Σ_g (sums[g] − rate·sizes[g])² / n², the
 * ratio estimator's sandwich variance; clusters of size 0 are left out.
 */
export function clusteredRatio(sums: ArrayLike<number>, sizes: ArrayLike<number>): ClusteredRatio {
  if (sums.length !== sizes.length) throw new RangeError(`clusteredRatio needs one size per sum (${sums.length} sums, ${sizes.length} sizes)`);
  let total = 0, n = 0, g = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] <= 0) continue;
    total += sums[i];
    n += sizes[i];
    g++;
  }
  const rate = n > 0 ? total / n : NaN;
  let sumSquares = 0;
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] <= 0) continue;
    const r = sums[i] - rate * sizes[i];
    sumSquares += r * r;
  }
  return { rate, n, clusters: g, variance: g < 2 ? NaN : (g / (g - 1)) * (sumSquares / (n * n)) };
}
