/**
 * Holm's step-down adjustment of a family of p-values (controls the family-wise error rate with no
 * assumption about dependence). Returns the adjusted p-values in the input order: reject H_i at
 * level α iff adjusted[i] < α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
