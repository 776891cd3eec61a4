import { pct as percent } from './format.js';
import type { Interval, ProbeResult, SplitAccuracy } from './types.js';

const pct = (x: number) => (100 * x).toFixed(1);
const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;

/** "48.0 [38.5, 57.7] ±2.5": seed mean, 95% interval over sentences, half the range over seeds (in %). */
export function accuracyCell(a: SplitAccuracy, split: 'test' | 'gen'): string {
  const value = a[split];
  if (value === undefined) return '';
  const interval = split === 'test' ? a.testInterval : a.genInterval;
  const range = split === 'test' ? a.testSeedRange : a.genSeedRange;
  return `${pct(value)}${interval ? ` [${pct(interval[0])}, ${pct(interval[1])}]` : ''}${range ? ` ±${(50 * (range[1] - range[0])).toFixed(1)}` : ''}`;
}

/** "-16.0 [-24.0, -7.9]": a paired difference in points with its interval. */
export function differenceCell(value: number | undefined, interval: Interval | undefined): string {
  if (value === undefined) return '';
  return `${signedPct(value)}${interval ? ` [${signedPct(interval[0])}, ${signedPct(interval[1])}]` : ''}`;
}

/**
 * "fits: 42/42 converged; L-BFGS iterations 12–16; L2 chosen on dev: 0.1 ×40, 0.01 ×2; control probes (at their task
 * probe's L2): 42/42 converged, iterations 40–90" — how far each number is an optimum.
 */
export function fitLine(result: ProbeResult): string {
  const fits = result.layers.flatMap((l) => [...(l.pretrained.fits ?? []), ...(l.finetuned.fits ?? [])]);
  if (fits.length === 0) return '';
  const converged = fits.filter((f) => f.converged).length;
  const its = fits.map((f) => f.iterations);
  const lambdas = new Map<number, number>();
  for (const f of fits) lambdas.set(f.l2, (lambdas.get(f.l2) ?? 0) + 1);
  const chosen = [...lambdas.entries()].sort((a, b) => b[1] - a[1]).map(([l, n]) => `${l} ×${n}`).join(', ');
  const linear = result.probe === 'linear';
  const controls = result.layers.flatMap((l) => (l.control?.fits ? [...l.control.fits.pretrained, ...l.control.fits.finetuned] : []));
  const controlIts = controls.map((f) => f.iterations);
  const control = controls.length ? `; control probes (at their task probe's L2): ${controls.filter((f) => f.converged).length}/${controls.length} converged, ${linear ? 'iterations' : 'epochs'} ${Math.min(...controlIts)}–${Math.max(...controlIts)}` : '';
  return `fits: ${converged}/${fits.length} converged${linear ? ' (L-BFGS to a certified 1e-4 relative gap)' : ' (dev loss stopped improving)'}; ${linear ? 'L-BFGS iterations' : 'epochs'} ${Math.min(...its)}–${Math.max(...its)}; L2 ${linear ? 'chosen on dev' : 'fixed'}: ${chosen}${control}`;
}

function best(values: number[]): { layer: number; value: number } {
  let layer = 0;
  values.forEach((v, i) => {
    if (v > values[layer]) layer = i;
  });
  return { layer, value: values[layer] };
}

/** One sentence: each model's best layer (generalization where there is such a split) and the paired difference there. */
export function probeTakeaway(p: ProbeResult): string {
  const layerName = (l: number) => (p.layers[l].layer === 0 ? 'the embeddings' : `layer ${p.layers[l].layer}`);
  const hasGen = p.layers.every((l) => l.pretrained.gen !== undefined && l.finetuned.gen !== undefined);
  // Test accuracy saturates on easy tasks (100% from the embeddings on), so where there is a generalization split
  // its best layer says more.
  const split = hasGen ? 'gen' : 'test';
  const pt = best(p.layers.map((l) => l.pretrained[split]!));
  const ft = best(p.layers.map((l) => l.finetuned[split]!));
  const at = p.layers[pt.layer];
  const delta = split === 'gen' ? at.delta?.genInterval : at.delta?.testInterval;
  const change = delta ? ` At ${layerName(pt.layer)} fine-tuned − pretrained is ${percent(at.finetuned[split]! - at.pretrained[split]!)} (95% interval ${percent(delta[0])} to ${percent(delta[1])}).` : '';
  return `Best ${split === 'gen' ? 'generalization' : 'test'} accuracy: pretrained ${percent(pt.value)} at ${layerName(pt.layer)}, fine-tuned ${percent(ft.value)} at ${layerName(ft.layer)}.${change}`;
}
