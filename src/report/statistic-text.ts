import type { MetricDelta, Significance } from './types.js';

/** A p-value as people read it: "0.12", "0.0031", "1.0e-28"; "1" for p = 1. */
export function pValueText(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p >= 0.9995) return '1';
  if (p >= 0.01) return p.toFixed(2).replace(/0$/, '');
  if (p >= 0.001) return p.toFixed(4).replace(/0+$/, '');
  return p.toExponential(1);
}

function num(x: number): string {
  const s = Math.abs(x) >= 10 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3);
  return s.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '').replace(/^-0$/, '0').replace(/^-/, '−');
}
const signedNum = (x: number) => (x > 0 ? `+${num(x)}` : num(x));

/** How the test was made: "paired exact, 10 worse vs 2 better of 100 cases" / "unpaired, clustered by sentence: 30 vs 28 sentences". */
export function methodText(s: Significance): string {
  if (s.method === 'paired exact') {
    const d = s.discordant ?? { worse: 0, better: 0 };
    return `paired exact, ${d.worse} worse vs ${d.better} better of ${s.n[1]} cases`;
  }
  const [a, b] = s.clusters ?? [0, 0];
  return `unpaired, clustered by sentence: ${a} vs ${b} sentences, t with ${s.df} df`;
}

/**
 * The statistic behind a verdict in one phrase: "effect −0.067 [−0.18, +0.047], p 0.12, Holm 1 (unpaired …)".
 * Without a test: the note saying why there is no p-value.
 */
export function statisticText(d: MetricDelta): string {
  const s = d.significance;
  if (!s) return d.note ?? 'judged by size against the tolerance, no p-value';
  return `effect ${signedNum(s.effect)} [${signedNum(s.ci95[0])}, ${signedNum(s.ci95[1])}], p ${pValueText(s.pValue)}, Holm ${pValueText(s.adjustedPValue)} (${methodText(s)})`;
}
