import type { AttentionResult } from '../report/types.js';
import { UsageError } from '../errors.js';
import { num, requireLayerRange, requireNonNegative } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface AttentionConfusionOptions {
  /** Bound on Open Sesame's confusion −log2 p(correct phrase), in bits (1 = a coin flip between two phrases). */
  maxConfusion?: number;
  /** Instead of an absolute bound: how many bits the fine-tuned confusion may rise above the pretrained one, per layer. */
  maxIncrease?: number;
  /** Whose attention to judge. Default `finetuned`. */
  model?: 'pretrained' | 'finetuned';
  /** Inclusive range of transformer layers, 1-based. Default: all. */
  layers?: [number, number];
  /** `each`: every layer in range must be under the bound; `mean`: their average. Default `each`. */
  aggregate?: 'each' | 'mean';
  /**
   * One condition (e.g. `agr-pp-pl-sg`) instead of all items pooled; `each`: every condition must pass on its
   * own, so an average over easy conditions cannot hide one that got much worse.
   */
  condition?: string;
}

/** Attention confusion below a value, at every layer in range (or on average). */
export function assertAttentionConfusion(result: AttentionResult, options: AttentionConfusionOptions): AssertionOutcome {
  if ((options.maxConfusion === undefined) === (options.maxIncrease === undefined)) {
    throw new UsageError('attention confusion needs exactly one of maxConfusion (bits) or maxIncrease (bits above the pretrained model)');
  }
  if (options.condition === 'each') return eachCondition(result, options);
  if (options.maxIncrease !== undefined) return assertConfusionIncrease(result, { ...options, maxIncrease: requireNonNegative('maxIncrease', options.maxIncrease) });
  const max = requireNonNegative('maxConfusion', options.maxConfusion);
  const model = options.model ?? 'finetuned';
  const aggregate = options.aggregate ?? 'each';
  const source = options.condition ? result.confusion?.conditions?.[options.condition] : result.confusion;
  if (!source) {
    const what = options.condition ? `condition "${options.condition}"` : 'any item';
    return { pass: false, score: 0, reason: `${result.name} has no confusion scores for ${what}`, metrics: {}, metricSpecs: {} };
  }
  const perLayer = source[model];
  const [from, to] = options.layers ? requireLayerRange('layers', options.layers, perLayer.length) : [1, perLayer.length];
  const inRange = perLayer.slice(from - 1, to).map((c, i) => ({ layer: from + i, c }));
  const values = inRange.filter((v): v is { layer: number; c: number } => v.c !== null);
  const where = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  const scope0 = `${model} ${result.name}${options.condition ? ` (${options.condition})` : ''}`;
  if (values.length === 0) return unscoredOutcome(result, scope0, where, inRange.map((v) => v.layer), [model]);
  const mean = values.reduce((a, v) => a + v.c, 0) / values.length;
  const worst = values.reduce((a, b) => (b.c > a.c ? b : a));
  const judged = aggregate === 'mean' ? mean : worst.c;
  const pass = judged <= max;
  const scope = `${model} ${result.name} ${over(result, options.condition)}`;
  const reason =
    excludedNote(result, inRange.filter((v) => v.c === null).map((v) => v.layer), [model]) +
    (aggregate === 'mean'
      ? `${scope}: mean confusion at ${where} is ${num(mean)} bits, ${pass ? 'within' : 'above'} the bound ${num(max)}`
      : pass
        ? `${scope}: confusion at ${where} is at most ${num(worst.c)} bits (layer ${worst.layer}) ≤ ${num(max)}`
        : `${scope}: confusion at layer ${worst.layer} is ${num(worst.c)} bits, above the bound ${num(max)}`);
  return {
    pass,
    score: Math.max(0, Math.min(1, 1 - judged)),
    reason,
    metrics: { meanConfusion: mean, maxConfusion: worst.c },
    metricSpecs: { meanConfusion: { better: 'lower', tolerance: 0.05 }, maxConfusion: { better: 'lower', tolerance: 0.05 } },
  };
}

/** Fine-tuned confusion minus pretrained confusion, per layer in range, must stay at or under `maxIncrease` bits. */
function assertConfusionIncrease(result: AttentionResult, options: AttentionConfusionOptions & { maxIncrease: number }): AssertionOutcome {
  const source = options.condition ? result.confusion?.conditions?.[options.condition] : result.confusion;
  if (!source) {
    const what = options.condition ? `condition "${options.condition}"` : 'any item';
    return { pass: false, score: 0, reason: `${result.name} has no confusion scores for ${what}`, metrics: {}, metricSpecs: {} };
  }
  const layers = source.finetuned.length;
  const [from, to] = options.layers ? requireLayerRange('layers', options.layers, layers) : [1, layers];
  const pairs = source.finetuned.slice(from - 1, to).map((c, i) => ({ layer: from + i, c, p: source.pretrained[from - 1 + i] }));
  const rises = pairs.filter((x) => x.c !== null && x.p !== null).map((x) => ({ layer: x.layer, rise: x.c! - x.p! }));
  const whereAll = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  if (rises.length === 0) return unscoredOutcome(result, result.name, whereAll, pairs.map((x) => x.layer), ['pretrained', 'finetuned']);
  const excluded = excludedNote(result, pairs.filter((x) => x.c === null || x.p === null).map((x) => x.layer), ['pretrained', 'finetuned']);
  const mean = rises.reduce((a, r) => a + r.rise, 0) / rises.length;
  const worst = rises.reduce((a, b) => (b.rise > a.rise ? b : a));
  const judged = (options.aggregate ?? 'each') === 'mean' ? mean : worst.rise;
  const pass = judged <= options.maxIncrease;
  const where = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  const scope = `${result.name} ${over(result, options.condition)}`;
  const signed = (x: number) => `${x >= 0 ? '+' : ''}${num(x)}`;
  const reason =
    excluded +
    ((options.aggregate ?? 'each') === 'mean'
      ? `${scope}: fine-tuned confusion at ${where} is ${signed(mean)} bits vs pretrained on average, ${pass ? 'within' : 'above'} the allowed +${num(options.maxIncrease)}`
      : pass
        ? `${scope}: fine-tuned confusion rises at most ${signed(worst.rise)} bits over pretrained at ${where} (layer ${worst.layer}), within +${num(options.maxIncrease)}`
        : `${scope}: at layer ${worst.layer} the fine-tuned confusion is ${signed(worst.rise)} bits vs pretrained, above the allowed +${num(options.maxIncrease)}`);
  return {
    pass,
    score: Math.max(0, Math.min(1, 1 - Math.max(0, judged))),
    reason,
    metrics: { meanConfusionRise: mean, maxConfusionRise: worst.rise },
    metricSpecs: { meanConfusionRise: { better: 'lower', tolerance: 0.05 }, maxConfusionRise: { better: 'lower', tolerance: 0.05 } },
  };
}

/** Why a layer scored no item, in words: "layer 2: 120 items had a candidate phrase outside the attention window". */
function unscoredWhy(result: AttentionResult, layer: number, models: Array<'pretrained' | 'finetuned'>): string {
  const reasons: Record<string, number> = {};
  for (const model of models) {
    for (const [reason, n] of Object.entries(result.confusion?.unscored?.[model][layer - 1] ?? {})) reasons[reason] = Math.max(reasons[reason] ?? 0, n);
  }
  const parts = Object.entries(reasons).map(([reason, n]) => `${n} item${n === 1 ? '' : 's'} had ${reason}`);
  return `layer ${layer}: ${parts.length ? parts.join(', ') : 'no item scored'}`;
}

/** Layers left out of the judgement because they could not score any item (e.g. every item reached outside a sliding window). */
function excludedNote(result: AttentionResult, layers: number[], models: Array<'pretrained' | 'finetuned'>): string {
  if (layers.length === 0) return '';
  return `(not judged: ${layers.map((l) => unscoredWhy(result, l, models)).join('; ')}) `;
}

/** No layer in range could score any item: that is a failure to measure, said as such, never a pass. */
function unscoredOutcome(result: AttentionResult, scope: string, where: string, layers: number[], models: Array<'pretrained' | 'finetuned'>): AssertionOutcome {
  return {
    pass: false,
    score: 0,
    reason: `${scope}: no layer at ${where} could score any item, so confusion was not measured (${layers.map((l) => unscoredWhy(result, l, models)).join('; ')})`,
    metrics: {},
    metricSpecs: {},
  };
}

/** What a confusion number is taken over: one condition, or every item pooled (naming how many conditions). */
function over(result: AttentionResult, condition: string | undefined): string {
  if (condition) return `(condition ${condition})`;
  const conditions = Object.keys(result.confusion?.conditions ?? {});
  return conditions.length > 1 ? `(all ${result.sentences} items of ${conditions.length} conditions pooled)` : `(all ${result.sentences} items)`;
}

/** `condition: 'each'`: judged per condition; fails when any condition fails, naming the worst one. */
function eachCondition(result: AttentionResult, options: AttentionConfusionOptions): AssertionOutcome {
  const names = Object.keys(result.confusion?.conditions ?? {});
  if (names.length === 0) return { pass: false, score: 0, reason: `${result.name} has no per-condition confusion scores (its items carry no condition)`, metrics: {}, metricSpecs: {} };
  const rise = options.maxIncrease !== undefined;
  const key = `${(options.aggregate ?? 'each') === 'mean' ? 'mean' : 'max'}Confusion${rise ? 'Rise' : ''}`;
  const outcomes = names.map((name) => ({ name, outcome: assertAttentionConfusion(result, { ...options, condition: name }) }));
  const worst = outcomes.reduce((a, b) => ((b.outcome.metrics[key] ?? Infinity) > (a.outcome.metrics[key] ?? Infinity) ? b : a));
  const failed = outcomes.filter((o) => !o.outcome.pass);
  const pass = failed.length === 0;
  const reason = pass
    ? `every one of ${names.length} conditions passes on its own; the worst is ${worst.name}: ${worst.outcome.reason}`
    : `${failed.length} of ${names.length} conditions fail (${failed.map((f) => f.name).join(', ')}); the worst is ${worst.name}: ${worst.outcome.reason}`;
  return { ...worst.outcome, pass, score: Math.min(...outcomes.map((o) => o.outcome.score ?? 0)), reason };
}
