/** "At a glance": the one worst finding per capability, in words, linked to where it is shown. */
import type { ModelPairIds, SesameReport } from '../../types.js';
import { fixed, pct } from '../../format.js';
import { esc } from '../escape.js';
import { term } from '../glossary.js';
import { resultModels, resultTitle } from '../../lookup.js';

/** " into <fine-tuned id>" when the result's pair is known: a run over several fine-tunes says which one. */
function intoModel(report: SesameReport, own: ModelPairIds | undefined): string {
  const { finetuned } = resultModels(report, own);
  return finetuned ? ` into <span dir="auto">${esc(finetuned)}</span>` : '';
}

function worstRobustness(report: SesameReport): string | null {
  let best = -1;
  report.robustness.forEach((r, i) => {
    if (r.failures > 0 && (best < 0 || r.failureRate > report.robustness[best].failureRate)) best = i;
  });
  if (best < 0) return report.robustness.length ? `No perturbation changed a prediction in ${report.robustness.length} robustness tests.` : null;
  const r = report.robustness[best];
  return `Highest failure rate: <a href="#robustness-${best}" dir="auto">${esc(resultTitle(report, 'robustness', best, r.name))}</a> — ${pct(r.failureRate)} of inputs (95% CI ${pct(r.ci95[0])}–${pct(r.ci95[1])}) under ${esc(r.perturbation)}.`;
}

function worstAttack(report: SesameReport): string | null {
  if (report.attacks.length === 0) return null;
  let worst = 0;
  report.attacks.forEach((a, i) => {
    if (a.accuracyUnderAttack < report.attacks[worst].accuracyUnderAttack) worst = i;
  });
  const a = report.attacks[worst];
  const effect =
    a.labelSource === 'model prediction'
      ? `kept ${pct(a.accuracyUnderAttack)} of the model's predictions (label source: model prediction, the data has no gold labels)`
      : `took accuracy from ${pct(a.originalAccuracy)} to ${pct(a.accuracyUnderAttack)}`;
  return `Strongest attack: <a href="#attack-${worst}">${esc(a.recipe)}</a> ${effect}, changing ${fixed(a.avgPerturbedWordsPct, 1)}% of words with ${fixed(a.avgQueries, 0)} queries on average.`;
}

function worstProbe(report: SesameReport): string | null {
  let found: { index: number; layer: number; split: 'test' | 'generalization'; pre: number; fine: number } | null = null;
  report.probes.forEach((p, index) => {
    for (const l of p.layers) {
      const candidates: Array<['test' | 'generalization', number | undefined, number | undefined]> = [
        ['test', l.pretrained.test, l.finetuned.test],
        ['generalization', l.pretrained.gen, l.finetuned.gen],
      ];
      for (const [split, pre, fine] of candidates) {
        if (pre === undefined || fine === undefined) continue;
        if (!found || pre - fine > found.pre - found.fine) found = { index, layer: l.layer, split, pre, fine };
      }
    }
  });
  if (!found) return null;
  const f = found as { index: number; layer: number; split: string; pre: number; fine: number };
  if (f.pre - f.fine <= 0) return `Probing: fine-tuning lowered no probe's accuracy at any layer.`;
  const task = report.probes[f.index].task;
  return `Largest probing loss: <a href="#probe-${f.index}" dir="auto">${esc(task)}</a> ${f.split} accuracy at ${f.layer === 0 ? 'the embeddings' : `layer ${f.layer}`} fell from ${pct(f.pre)} to ${pct(f.fine)} after fine-tuning${intoModel(report, report.probes[f.index].models)}.`;
}

function worstHead(report: SesameReport): string | null {
  let found: { index: number; layer: number; head: number; jsd: number } | null = null;
  report.attention.forEach((a, index) =>
    a.jsd.forEach((row, layer) =>
      row.forEach((jsd, head) => {
        if (!found || jsd > found.jsd) found = { index, layer, head, jsd };
      }),
    ),
  );
  if (!found) return null;
  const f = found as { index: number; layer: number; head: number; jsd: number };
  return `Largest attention shift: layer ${f.layer + 1}, head ${f.head + 1} (${term('jsd')} ${fixed(f.jsd, 3)}) in <a href="#attention-${f.index}" dir="auto">${esc(report.attention[f.index].name)}</a>${resultModels(report, report.attention[f.index].models).finetuned ? `, fine-tuning${intoModel(report, report.attention[f.index].models)}` : ''}.`;
}

export function glance(report: SesameReport): string {
  const items = [worstRobustness(report), worstAttack(report), worstProbe(report), worstHead(report)].filter((x): x is string => x !== null);
  return items.length ? `<h3>At a glance</h3><ul class="glance">${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '';
}
