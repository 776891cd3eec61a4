import type { ProbeResult } from '../report/types.js';
import { pct, requireFraction, requireLayerRange } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface ProbeRetentionOptions {
  /** Inclusive layer range, 0 = embedding output. Default: every layer in the result. */
  layers?: [number, number];
  /** Share of the pretrained probe accuracy the fine-tuned model must keep at every layer in range, in [0, 1]. */
  minRetention: number;
  /** Which split to judge. Default `test`. */
  split?: 'test' | 'gen';
}

/**
 * "The fine-tuned model keeps ≥ 90% of the pretrained aux-probe accuracy at layers 3–6": at every
 * layer in range, fine-tuned accuracy / pretrained accuracy ≥ minRetention. Score = the worst ratio.
 */
export function assertProbeRetention(result: ProbeResult, options: ProbeRetentionOptions): AssertionOutcome {
  const min = requireFraction('minRetention', options.minRetention);
  const split = options.split ?? 'test';
  const available = result.layers.map((l) => l.layer);
  const [from, to] = options.layers ? requireLayerRange('layers', options.layers, Math.max(...available)) : [Math.min(...available), Math.max(...available)];
  const rows = result.layers.filter((l) => l.layer >= from && l.layer <= to);
  const where = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  const values = rows.map((l) => ({ layer: l.layer, pt: l.pretrained[split], ft: l.finetuned[split] }));
  if (values.length === 0 || values.some((v) => v.pt === undefined || v.ft === undefined)) {
    return { pass: false, score: 0, reason: `the ${result.task} probe has no ${split} accuracy at ${where}`, metrics: {}, metricSpecs: {} };
  }
  const ratios = values.map((v) => ({ ...v, ratio: v.pt! > 0 ? v.ft! / v.pt! : v.ft! > 0 ? Infinity : 1 }));
  const worst = ratios.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const best = ratios.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const metrics: Record<string, number> = { minRetention: Math.min(worst.ratio, 10) };
  const metricSpecs: AssertionOutcome['metricSpecs'] = { minRetention: { better: 'higher', tolerance: 0.03 } };
  for (const v of values) {
    metrics[`finetuned.L${v.layer}`] = v.ft!;
    metricSpecs[`finetuned.L${v.layer}`] = { better: 'higher', tolerance: 0.03 };
  }
  const pass = worst.ratio >= min;
  const task = `${result.task} (${result.probe} probe, ${split})`;
  const reason = pass
    ? `the fine-tuned model keeps ${span(worst.ratio, best.ratio)} of the pretrained ${task} accuracy at ${where} (≥ ${pct(min, 0)} required)`
    : `at layer ${worst.layer} the fine-tuned model keeps only ${pct(worst.ratio, 0)} of the pretrained ${task} accuracy (${worst.ft!.toFixed(3)} vs ${worst.pt!.toFixed(3)}), below the required ${pct(min, 0)}`;
  return { pass, score: Math.max(0, Math.min(1, worst.ratio)), reason, metrics, metricSpecs };
}

/** "93%" or "93–101%": the range of kept accuracy over the layers judged. */
function span(low: number, high: number): string {
  const [a, b] = [pct(Math.min(low, 9.99), 0), pct(Math.min(high, 9.99), 0)];
  return a === b ? a : `${a.slice(0, -1)}–${b}`;
}
