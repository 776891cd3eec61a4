import { expect } from 'chai';
import { buildCaseRecords, type JudgedCase } from '../../src/runner/case-records.js';
import { metricDeltas, type MetricSnapshot } from '../../src/runner/deltas.js';
import type { MetricDelta } from '../../src/report/types.js';
import { createRandom } from '../../src/probing/random.js';

// Synthetic outcomes with a known truth, pushed through the same path a run takes (case records → deltas →
// Holm → verdict). 100 cases = 20 source sentences × 5 perturbations; each case has a latent margin (a
// per-sentence shift plus a per-case part, so outcomes cluster by sentence); a model passes a case when its
// margin clears the model's threshold, and each model also flips a share of cases at random (`churn`: changes
// between fine-tunes unrelated to the drop, which is what makes the paired test's discordant cases noisy).

// The probes' seeded PRNG (mulberry32 + Box–Muller), so the simulation replays from its seed.
const rng = createRandom;

const SENTENCES = 20;
const PER_SENTENCE = 5;
const TOLERANCE = 0.03;
// Thresholds on the margin: ≈ 85% pass; the weaker model's threshold fails ≈ 10 points more.
const EQUAL = -1.04;
const WEAKER = -0.64;

interface Case { original: string; perturbed: string; margin: number }

function drawCases(r: ReturnType<typeof rng>, shifts: number[], tag: string): Case[] {
  const cases: Case[] = [];
  for (let s = 0; s < SENTENCES; s++) {
    for (let k = 0; k < PER_SENTENCE; k++) cases.push({ original: `sentence ${s}`, perturbed: `sentence ${s} ${tag}${k}`, margin: shifts[s] + 0.6 * r.normal() });
  }
  return cases;
}

function judged(r: ReturnType<typeof rng>, cases: Case[], threshold: number, churn: number): JudgedCase[] {
  return cases.map((c) => {
    let pass = c.margin > threshold;
    if (r.next() < churn) pass = !pass;
    return { original: c.original, perturbed: c.perturbed, outcome: pass ? 'pass' : 'fail' };
  });
}

function snapshot(cases: JudgedCase[]): MetricSnapshot {
  const passRate = cases.filter((c) => c.outcome === 'pass').length / cases.length;
  return { metrics: { passRate }, specs: { passRate: { better: 'higher', tolerance: TOLERANCE } }, cases: buildCaseRecords(cases, { passRate: 'pass/judged' }) };
}

/** Deltas of `metrics` tests; test 0 compares `before` with `after` at the given thresholds, the others are equal models. */
function gate(seed: number, options: { after: number; pairedInputs: boolean; metrics: number; churn?: number }): { target: MetricDelta; drop: number } {
  const r = rng(seed);
  const old = new Map<string, MetricSnapshot>();
  const now = new Map<string, MetricSnapshot>();
  let drop = 0;
  for (let m = 0; m < options.metrics; m++) {
    const shifts = Array.from({ length: SENTENCES }, () => 0.8 * r.normal());
    const first = drawCases(r, shifts, 'a');
    const second = options.pairedInputs ? first : drawCases(r, shifts, 'b');
    const churn = options.churn ?? 0.025;
    const a = snapshot(judged(r, first, EQUAL, churn));
    const b = snapshot(judged(r, second, m === 0 ? options.after : EQUAL, churn));
    if (m === 0) drop = a.metrics.passRate - b.metrics.passRate;
    old.set(`t${m}`, a);
    now.set(`t${m}`, b);
  }
  const deltas = metricDeltas(old, now);
  return { target: deltas.find((d) => d.test === 't0')!, drop };
}

function rate(seeds: number, first: number, options: Parameters<typeof gate>[1]): { rate: number; meanDrop: number; method?: string } {
  let hits = 0;
  let drops = 0;
  let method: string | undefined;
  for (let s = 0; s < seeds; s++) {
    const { target, drop } = gate(first + s, options);
    method = target.significance?.method;
    if (target.verdict === 'regressed') hits++;
    drops += drop;
  }
  return { rate: hits / seeds, meanDrop: drops / seeds, method };
}

describe('regression gate on synthetic outcomes with a known truth', () => {
  it('two equal models over 200 seeds: false-regression rate ≤ α, paired and unpaired', () => {
    const paired = rate(200, 1, { after: EQUAL, pairedInputs: true, metrics: 1, churn: 0.05 });
    const unpaired = rate(200, 1, { after: EQUAL, pairedInputs: false, metrics: 1, churn: 0.05 });
    console.log(`      false-regression rate over 200 seeds: paired ${paired.rate.toFixed(3)} (${paired.method}), unpaired ${unpaired.rate.toFixed(3)} (${unpaired.method}); α = 0.05`);
    expect(paired.method).to.equal('paired exact');
    expect(unpaired.method).to.equal('unpaired clustered');
    expect(paired.rate).to.be.at.most(0.05);
    expect(unpaired.rate).to.be.at.most(0.05);
  });

  it('a real 10-point drop over 100 cases is detected at least 80% of the time (paired)', () => {
    const paired = rate(200, 1001, { after: WEAKER, pairedInputs: true, metrics: 1 });
    const holm = rate(200, 1001, { after: WEAKER, pairedInputs: true, metrics: 10 });
    const unpaired = rate(200, 1001, { after: WEAKER, pairedInputs: false, metrics: 1 });
    const churned = rate(200, 1001, { after: WEAKER, pairedInputs: true, metrics: 1, churn: 0.05 });
    console.log(
      `      mean drop ${(100 * paired.meanDrop).toFixed(1)} points over 100 cases (2.5% churn per model); power: paired ${paired.rate.toFixed(3)}, ` +
        `paired sharing Holm with 9 unchanged metrics ${holm.rate.toFixed(3)}, unpaired (other inputs) ${unpaired.rate.toFixed(3)}; ` +
        `paired with 5% churn per model ${churned.rate.toFixed(3)}`,
    );
    expect(paired.meanDrop).to.be.within(0.09, 0.11);
    expect(paired.rate).to.be.at.least(0.8);
  });

  it('a drop smaller than the tolerance is never a regression, however significant', () => {
    const r = rng(7);
    const cases = drawCases(r, Array(SENTENCES).fill(0), 'a');
    const before = judged(rng(1), cases, -100, 0).map((c) => ({ ...c, outcome: 'pass' as const }));
    const after = before.map((c, i) => ({ ...c, outcome: i < 2 ? ('fail' as const) : ('pass' as const) }));
    const deltas = metricDeltas(new Map([['t', { ...snapshot(before), specs: { passRate: { better: 'higher', tolerance: 0.05 } } }]]), new Map([['t', { ...snapshot(after), specs: { passRate: { better: 'higher', tolerance: 0.05 } } }]]));
    expect(deltas[0].verdict).to.equal('unchanged');
    expect(deltas[0].significance?.discordant).to.deep.equal({ worse: 2, better: 0 });
  });
});
