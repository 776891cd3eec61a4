import type { BaselineComparison, SesameReport } from '../report/types.js';
import { compareWithBaseline, mainFinetuned, metricsMissingFromBaseline, type BaselineEntry, type LoadedBaseline, type ModelStamp } from './baseline.js';
import { deltaCounts } from './deltas.js';
import type { Executed } from './execute.js';
import { ALPHA } from './significance.js';

const short = (hash: string) => hash.slice(0, 12);
const stampText = (s: ModelStamp | undefined) => (s ? `${s.id} (${short(s.contentHash)})` : 'no fine-tuned model');
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2026-12-01 00:18 UTC" from an ISO date. */
export function shortDate(iso: string): string {
  const m = iso.match(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d)/);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** The outcome half of the baseline line: how many gating metrics regressed, and how they were tested. */
export function outcomeText(comparison: Pick<BaselineComparison, 'deltas' | 'notComparable'>): string {
  const c = deltaCounts(comparison.deltas);
  const how = [`α ${ALPHA}, Holm`, `${c.paired} paired`, `${c.unpaired} unpaired`, ...(c.bySize ? [`${c.bySize} by size only`] : [])].join('; ');
  const head = c.regressed ? `${plural(c.regressed, 'regression')}: ${c.regressed} of ${plural(c.gating, 'gating metric')} regressed` : `no regression: 0 of ${plural(c.gating, 'gating metric')} regressed`;
  const more = [c.improved ? `${c.improved} improved` : '', comparison.notComparable?.length ? `${plural(comparison.notComparable.length, 'test')} not comparable` : ''].filter(Boolean);
  return `${head} (${how})${more.length ? `; ${more.join(', ')}` : ''}`;
}

/** Compares a finished run with the baseline it was given: deltas, what is not comparable, warnings and the one line. */
export function compareRunWithBaseline(
  shown: string,
  baseline: LoadedBaseline,
  entries: Record<string, BaselineEntry>,
  executed: readonly Executed[],
  run: Pick<SesameReport['run'], 'seed' | 'numRuns'>,
): BaselineComparison {
  const { deltas, notComparable } = compareWithBaseline(baseline, entries);
  const warnings: string[] = [];
  if (baseline.legacyFormat) {
    warnings.push(`baseline ${shown} is in the old format 1 (metrics only, no case records): metrics are judged by size against their tolerances, without p-values; re-create it with --update-baseline`);
  }
  const missing = metricsMissingFromBaseline(baseline, entries);
  if (missing.length) {
    const shownMissing = missing.slice(0, 3).map((m) => `${m.metric} of "${m.test}"`).join(', ');
    warnings.push(
      `baseline ${shown} has no value for ${plural(missing.length, 'metric')} this run measured (${shownMissing}${missing.length > 3 ? ', …' : ''}): ` +
        `${missing.length === 1 ? 'it is' : 'they are'} not compared and cannot gate; re-create the baseline with --update-baseline`,
    );
  }
  if (baseline.seed !== run.seed) {
    warnings.push(`seeds differ (baseline ${baseline.seed}, this run ${run.seed}): generated cases differ, so they are compared unpaired (clustered by sentence), which needs a larger change to be significant`);
  }
  if (baseline.numRuns !== undefined && run.numRuns !== undefined && baseline.numRuns !== run.numRuns) {
    warnings.push(`numRuns differs (baseline ${baseline.numRuns}, this run ${run.numRuns}): tests sample a different number of cases, so they are compared unpaired`);
  }
  const base = mainFinetuned(baseline.tests);
  const current = mainFinetuned(entries);
  const rechecked = executed.map((e) => e.result.earlier).filter((x): x is NonNullable<typeof x> => Boolean(x));
  const earlier = rechecked.length
    ? { tests: rechecked.length, cases: rechecked.reduce((s, e) => s + e.cases, 0), stillFailing: rechecked.reduce((s, e) => s + e.stillFailing, 0) }
    : undefined;
  const comparison: BaselineComparison = {
    file: shown,
    deltas,
    finetuned: { ...(base ? { baseline: base } : {}), ...(current ? { current } : {}) },
    createdAt: baseline.createdAt,
    seed: baseline.seed,
    ...(notComparable.length ? { notComparable } : {}),
    ...(warnings.length ? { warnings } : {}),
    ...(earlier ? { earlier } : {}),
  };
  comparison.line =
    `baseline ${shown}: fine-tune ${stampText(base)}, ${shortDate(baseline.createdAt)}, seed ${baseline.seed}; ` +
    `this run: ${stampText(current)}, seed ${run.seed} — ${outcomeText(comparison)}`;
  return comparison;
}

/** "still fooled by 12 of 15 earlier counterexamples" (per test or over the run). */
export function earlierText(e: { cases: number; stillFailing: number; tests?: number }): string {
  return `yesterday's attacks: still fooled by ${e.stillFailing} of ${plural(e.cases, 'earlier counterexample')}${e.tests !== undefined ? ` over ${plural(e.tests, 'test')}` : ''}`;
}
