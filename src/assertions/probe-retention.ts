import { pairedDifferenceInterval } from '../probing/intervals.js';
import type { Interval, ProbeResult } from '../report/types.js';
import { pct, requireFraction, requireLayerRange } from './thresholds.js';
import type { AssertionOutcome } from './types.js';
import { fewInputsNote } from './pass-rate.js';
import { wilsonInterval } from '../stats/wilson.js';

export interface ProbeRetentionOptions {
  /** Inclusive layer range, 0 = embedding output. Default: every layer in the result. */
  layers?: [number, number];
  /** Share of the pretrained probe accuracy the fine-tuned model must keep at every layer in range, in [0, 1]. */
  minRetention: number;
  /** Which split to judge. Default `test`. */
  split?: 'test' | 'gen';
}

interface LayerMargin {
  layer: number;
  pt: number;
  ft: number;
  ratio: number;
  /** fine-tuned − minRetention × pretrained, and its paired 95% interval over sentences (absent: point values only). */
  margin: number;
  interval?: Interval;
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
const list = (layers: number[]) => (layers.length === 1 ? `layer ${layers[0]}` : `layers ${layers.join(', ')}`);

/**
 * "The fine-tuned model keeps ≥ 90% of the pretrained aux-probe accuracy at layers 3–6", decided on intervals, not
 * point values: at each layer the paired 95% interval (same sentences) of fine-tuned − minRetention × pretrained.
 * Fail when it lies wholly below 0 at some layer (a drop is shown); pass when it lies at or above 0 at every layer;
 * otherwise the data cannot tell, and the check passes as undecided (a loss is not shown) saying so.
 * Score = the worst kept ratio.
 */
export function assertProbeRetention(result: ProbeResult, options: ProbeRetentionOptions): AssertionOutcome {
  const outcome = judgeRetention(result, options);
  const split = options.split ?? 'test';
  // The layer the verdict turns on: the one keeping the least of the pretrained accuracy.
  const judged = result.layers.filter((l) => l.pretrained[split] !== undefined && l.finetuned[split] !== undefined && (!options.layers || (l.layer >= options.layers[0] && l.layer <= options.layers[1])));
  if (judged.length === 0) return outcome;
  const ratio = (l: (typeof judged)[number]) => (l.pretrained[split]! > 0 ? l.finetuned[split]! / l.pretrained[split]! : 1);
  const worst = judged.reduce((a, b) => (ratio(b) < ratio(a) ? b : a));
  return { ...outcome, reason: outcome.reason + fewSentences(result, split, worst.layer) };
}

function judgeRetention(result: ProbeResult, options: ProbeRetentionOptions): AssertionOutcome {
  const min = requireFraction('minRetention', options.minRetention);
  const split = options.split ?? 'test';
  const available = result.layers.map((l) => l.layer);
  const [from, to] = options.layers ? requireLayerRange('layers', options.layers, Math.max(...available)) : [Math.min(...available), Math.max(...available)];
  const rows = result.layers.filter((l) => l.layer >= from && l.layer <= to);
  const where = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  if (rows.length === 0 || rows.some((l) => l.pretrained[split] === undefined || l.finetuned[split] === undefined)) {
    return { pass: false, score: 0, reason: `the ${result.task} probe has no ${split} accuracy at ${where}`, metrics: {}, metricSpecs: {} };
  }
  const margins: LayerMargin[] = rows.map((l) => {
    const pt = l.pretrained[split]!, ft = l.finetuned[split]!;
    const ptInterval = split === 'test' ? l.pretrained.testInterval : l.pretrained.genInterval;
    const ftInterval = split === 'test' ? l.finetuned.testInterval : l.finetuned.genInterval;
    const correlation = split === 'test' ? l.delta?.testCorrelation : l.delta?.genCorrelation;
    const ratio = pt > 0 ? ft / pt : ft > 0 ? Infinity : 1;
    const interval = ptInterval && ftInterval ? pairedDifferenceInterval({ value: ft, interval: ftInterval }, { value: pt, interval: ptInterval }, correlation ?? 0, min) : undefined;
    return { layer: l.layer, pt, ft, ratio, margin: ft - min * pt, interval };
  });
  const worst = margins.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const best = margins.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const metrics: Record<string, number> = { minRetention: Math.min(worst.ratio, 10) };
  const metricSpecs: AssertionOutcome['metricSpecs'] = { minRetention: { better: 'higher', tolerance: 0.03 } };
  for (const m of margins) {
    metrics[`finetuned.L${m.layer}`] = m.ft;
    metricSpecs[`finetuned.L${m.layer}`] = { better: 'higher', tolerance: 0.03 };
  }
  const score = Math.max(0, Math.min(1, worst.ratio));
  const task = `${result.task} (${result.probe} probe, ${split})`;
  const need = `${pct(min, 0)} × pretrained`;
  const described = (m: LayerMargin) => `layer ${m.layer}: fine-tuned − ${need} = ${signed(m.margin)}, 95% interval ${signed(m.interval![0])} to ${signed(m.interval![1])}`;

  if (margins.some((m) => m.interval === undefined)) {
    // A result without intervals (older report): point values are all there is, and the reason says so.
    const pass = worst.ratio >= min;
    const reason = pass
      ? `the fine-tuned model keeps ${span(worst.ratio, best.ratio)} of the pretrained ${task} accuracy at ${where} (≥ ${pct(min, 0)} required; point values, no intervals in this result)`
      : `at layer ${worst.layer} the fine-tuned model keeps only ${pct(worst.ratio, 0)} of the pretrained ${task} accuracy (${worst.ft.toFixed(3)} vs ${worst.pt.toFixed(3)}), below the required ${pct(min, 0)} (point values, no intervals in this result)`;
    return { pass, score, reason, metrics, metricSpecs };
  }

  const below = margins.filter((m) => m.interval![1] < 0);
  if (below.length > 0) {
    const m = below.reduce((a, b) => (b.interval![1] < a.interval![1] ? b : a));
    const others = below.filter((b) => b !== m).map((b) => b.layer);
    const reason = `at layer ${m.layer} the fine-tuned model keeps only ${pct(m.ratio, 0)} of the pretrained ${task} accuracy (${m.ft.toFixed(3)} vs ${m.pt.toFixed(3)}), below the required ${pct(min, 0)} beyond sampling noise: ${described(m)}, wholly below 0${others.length ? ` (also at ${list(others)})` : ''}`;
    return { pass: false, score, reason, metrics, metricSpecs };
  }
  const open = margins.filter((m) => m.interval![0] < 0);
  if (open.length === 0) {
    const tightest = margins.reduce((a, b) => (b.interval![0] < a.interval![0] ? b : a));
    return { pass: true, score, reason: `the fine-tuned model keeps ${span(worst.ratio, best.ratio)} of the pretrained ${task} accuracy at ${where}, ≥ ${pct(min, 0)} beyond sampling noise (closest: ${described(tightest)})`, metrics, metricSpecs };
  }
  const m = open.reduce((a, b) => (b.margin < a.margin ? b : a));
  const reason = `undecided: a drop below ${pct(min, 0)} of the pretrained ${task} accuracy is not shown at ${list(open.map((o) => o.layer))}, nor ruled out (${described(m)}); more test sentences would decide`;
  return { pass: true, score, reason, metrics, metricSpecs };
}

/** "93%" or "93–101%": the range of kept accuracy over the layers judged. */
function span(low: number, high: number): string {
  const [a, b] = [pct(Math.min(low, 9.99), 0), pct(Math.min(high, 9.99), 0)];
  return a === b ? a : `${a.slice(0, -1)}–${b}`;
}

/** "; only 4 test sentences: the fine-tuned 100% at layer 3 could be anywhere in 51%–100%" for small splits. */
function fewSentences(result: ProbeResult, split: 'test' | 'gen', layer: number): string {
  const n = split === 'test' ? result.sizes.test : result.sizes.gen;
  const row = result.layers.find((l) => l.layer === layer)?.finetuned;
  const accuracy = row?.[split];
  if (n === undefined || accuracy === undefined) return '';
  const interval = (split === 'test' ? row?.testInterval : row?.genInterval) ?? wilsonInterval(Math.round(accuracy * n), n);
  const name = split === 'test' ? 'test' : 'generalization';
  return fewInputsNote(n, interval, `${name} sentences`, `the fine-tuned ${pct(accuracy, 0)} at layer ${layer}`);
}
