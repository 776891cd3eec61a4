import type { AttentionResult } from '../report/types.js';
import { num, requireFraction, requireLayerRange } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface AttentionShiftOptions {
  /** Bound on every head's Jensen–Shannon divergence (bits, in [0, 1]) between the two models' attention. */
  maxJsd: number;
  /** Inclusive range of transformer layers, 1-based. Default: all. */
  layers?: [number, number];
}

/** Per-head attention shift below a bound: the worst head in range must have JSD ≤ maxJsd. */
export function assertAttentionShift(result: AttentionResult, options: AttentionShiftOptions): AssertionOutcome {
  const max = requireFraction('maxJsd', options.maxJsd);
  const count = result.jsd.length;
  const [from, to] = options.layers ? requireLayerRange('layers', options.layers, count) : [1, count];
  if (from < 1) return fail(`attention layers are numbered from 1, got ${from}`);
  let worst = { layer: 0, head: 0, jsd: -1 };
  let sum = 0;
  let n = 0;
  for (let l = from; l <= to; l++) {
    result.jsd[l - 1].forEach((jsd, h) => {
      sum += jsd;
      n++;
      if (jsd > worst.jsd) worst = { layer: l, head: h + 1, jsd };
    });
  }
  if (n === 0) return fail(`no attention heads at layers ${from}–${to}`);
  const where = from === to ? `layer ${from}` : `layers ${from}–${to}`;
  const pass = worst.jsd <= max;
  const head = `layer ${worst.layer} head ${worst.head} (JSD ${num(worst.jsd)} bits over ${result.sentences} sentences)`;
  const reason = pass
    ? `every head at ${where} shifts by at most ${num(worst.jsd)} bits ≤ ${num(max)}; the largest is ${head}`
    : `${head} shifted more than the bound of ${num(max)} bits; mean shift at ${where} is ${num(sum / n)}`;
  return {
    pass,
    score: 1 - worst.jsd,
    reason,
    metrics: { maxJsd: worst.jsd, meanJsd: sum / n },
    metricSpecs: { maxJsd: { better: 'lower', tolerance: 0.02 }, meanJsd: { better: 'lower', tolerance: 0.01 } },
  };
}

function fail(reason: string): AssertionOutcome {
  return { pass: false, score: 0, reason, metrics: {}, metricSpecs: {} };
}
