import type { Counterexample, RobustnessResult, SesameReport, TestStatus } from '../../types.js';
import { OKABE_ITO } from '../palette.js';
import { attacksPart } from './attacks.js';
import { pct } from '../../format.js';
import { rateBar } from '../charts.js';
import { esc } from '../escape.js';
import { screenBlock } from '../screen.js';
import { code, diffBlock, predictionView, section, statusIcon, table } from '../parts.js';
import { resultTitle, testForResult } from '../../lookup.js';
import { means } from '../glossary.js';

const TYPE_TITLE: Record<RobustnessResult['type'], string> = {
  MFT: 'Minimum functionality test: labelled inputs the model must get right',
  INV: 'Invariance test: the perturbation must not change the prediction',
  DIR: 'Directional expectation: the perturbation must move the prediction the expected way',
};

function counterexampleCard(c: Counterexample, n: number, type: RobustnessResult['type']): string {
  const head = `<div class="example-head">#${n} <span class="muted">seed ${c.seed}, path ${code(c.path)}</span></div>`;
  // An MFT case has no perturbation: one input, the label it got and the label it should have got.
  if (type === 'MFT') {
    const expected = c.expected ? `<p class="flip">expected <strong>${esc(c.expected)}</strong>, got <strong>${esc(c.perturbedPrediction.label)}</strong></p>` : '';
    return `<li class="example">${head}<div class="diff"><div class="diff-line"><span class="diff-tag">input</span><span class="diff-text" dir="auto">${esc(c.perturbed)}</span></div></div>${expected}<div class="predictions">${predictionView(c.expected ? '' : 'prediction', c.perturbedPrediction)}</div></li>`;
  }
  return `<li class="example">${head}${diffBlock(c.original, c.perturbed)}<div class="predictions">${predictionView('original', c.originalPrediction)}<span class="arrow" aria-hidden="true">→</span>${predictionView('perturbed', c.perturbedPrediction)}</div>${screenBlock(c.screen, c.constraints)}</li>`;
}

/** Pass and fail bars: Okabe–Ito blue and vermillion, told apart under every common colour-vision deficiency. */
const BAR_COLOUR: Record<TestStatus, string> = { passed: OKABE_ITO.blue, failed: OKABE_ITO.vermillion, skipped: '#8a8a8a' };

function robustnessTable(report: SesameReport, indices: number[], scaleMax: number): string {
  const statuses = indices.map((i) => testForResult(report, 'robustness', i)?.status);
  const rows = indices.map((i, k) => {
    const r = report.robustness[i];
    const title = esc(resultTitle(report, 'robustness', i, r.name));
    // What matters first (so it stays in view when a narrow window scrolls the table): the rate and its limit.
    const status = statuses[k];
    const limit = r.maxFailureRate;
    const limitText = limit === undefined ? '<span class="muted">–</span>' : `<span class="limit num" data-limit="${limit}">≤ ${pct(limit, Math.abs(limit * 100 - Math.round(limit * 100)) < 1e-9 ? 0 : 1)}</span>`;
    const barTitle = `${r.name}: failure rate ${pct(r.failureRate)}, 95% CI ${pct(r.ci95[0])}–${pct(r.ci95[1])}${limit === undefined ? '' : `, allowed ≤ ${pct(limit)} (▼)`} (scale 0–${pct(scaleMax, 0)})`;
    return [
      `${status ? `${statusIcon(status)} ` : ''}${hasDetails(r) ? `<a href="#robustness-${i}" dir="auto">${title}</a>` : `<span dir="auto">${title}</span>`}`,
      `<span class="num">${pct(r.failureRate)}</span> <span class="muted"${r.interval?.method === 'clustered' ? ` title="clustered by sentence: design effect ${r.interval.designEffect.toFixed(2)}, worth ${r.interval.effectiveN.toFixed(1)} independent inputs"` : ''}>[${pct(r.ci95[0])}, ${pct(r.ci95[1])}]</span>`,
      limitText,
      rateBar(r.failureRate, r.ci95, scaleMax, barTitle, BAR_COLOUR[status ?? 'skipped'], limit),
      // Perturbations of a few sentences are fewer independent inputs than they look: show both counts.
      `${r.failures} / ${r.runs - r.skipped}${r.sentences !== undefined ? ` <span class="muted">of ${r.sentences} sentence${r.sentences === 1 ? '' : 's'}</span>` : ''}`,
      String(r.skipped),
      `<abbr title="${esc(TYPE_TITLE[r.type])}">${r.type}</abbr>`,
      esc(r.perturbation),
    ];
  });
  return table(['Test', 'Failure rate [95% CI]', 'Allowed', `0 – ${pct(scaleMax, 0)} <span class="muted">(▼ allowed)</span>`, 'Failed / judged', 'Skipped', 'Type', 'Perturbation'], rows, 'robustness', statuses);
}

/** A result gets a details block when there is something to show beyond its table row. */
function hasDetails(r: RobustnessResult): boolean {
  return r.failures > 0 || r.counterexamples.length > 0;
}

function robustnessDetails(report: SesameReport, indices: number[]): string {
  return indices
    .filter((i) => hasDetails(report.robustness[i]))
    .map((i) => {
      const r = report.robustness[i];
      const replay = testForResult(report, 'robustness', i)?.replay;
      const examples = r.counterexamples.length
        ? `<ol class="examples">${r.counterexamples.map((c, k) => counterexampleCard(c, k + 1, r.type)).join('')}</ol>`
        : '<p class="muted">No counterexamples were kept.</p>';
      const replayLine = `<p class="muted">${esc(r.type)} · ${esc(r.perturbation)} · seed ${r.seed}</p>${replay ? `<p>Replay: ${code(replay.command)}</p>` : ''}`;
      const status = testForResult(report, 'robustness', i)?.status;
      return `<details class="result" id="robustness-${i}"${status ? ` data-status="${status}"` : ''}><summary><span dir="auto">${esc(resultTitle(report, 'robustness', i, r.name))}</span> — ${r.failures} of ${r.runs - r.skipped} failed${r.counterexamples.length ? `, ${r.counterexamples.length} minimal counterexample${r.counterexamples.length === 1 ? '' : 's'}` : ''}</summary>${replayLine}${examples}</details>`;
    })
    .join('');
}

/** Results grouped by suite and model, in report order, so a run over several suites reads suite by suite. */
function groups(report: SesameReport): Array<{ suite: string; model: string; indices: number[] }> {
  const out: Array<{ suite: string; model: string; indices: number[] }> = [];
  report.robustness.forEach((r, i) => {
    const suite = testForResult(report, 'robustness', i)?.titlePath[0] ?? '';
    const last = out[out.length - 1];
    if (last && last.suite === suite && last.model === r.model) last.indices.push(i);
    else out.push({ suite, model: r.model, indices: [i] });
  });
  return out;
}

function robustnessPart(report: SesameReport): string {
  // One scale for every table, so bars compare across suites.
  const max = Math.max(0.05, ...report.robustness.map((r) => Math.max(r.ci95[1], r.maxFailureRate ?? 0)));
  const scaleMax = Math.min(1, Math.ceil(max * 20) / 20);
  return groups(report)
    .map((g) => `<h4 class="group"><span dir="auto">${esc(g.suite || 'tests')}</span> <span class="muted">on <span dir="auto">${esc(g.model)}</span></span></h4>${robustnessTable(report, g.indices, scaleMax)}${robustnessDetails(report, g.indices)}`)
    .join('');
}

export function robustnessSection(report: SesameReport): string {
  const parts: string[] = [];
  if (report.robustness.length) {
    parts.push(
      means(
        'Each row changes inputs in a way that should not matter (a typo, another name) or must matter in a known direction, and counts how often the model gets it wrong. A test passes when its failure rate stays at or under its allowed rate: the ▼ on the bar. Blue bars passed, vermillion bars failed; the whisker is the 95% interval (wide when few inputs were judged).',
      ),
    );
    parts.push('<h3>Perturbations</h3><p class="muted">Open a test (or click its name) to see its minimal counterexamples: the shrunk inputs, both predictions, and the seed and path that replay them.</p>', robustnessPart(report));
  } else {
    parts.push('<p class="muted">No robustness tests ran.</p>');
  }
  parts.push('<h3>Attacks</h3>');
  parts.push(attacksPart(report));
  return section('robustness', 'Robustness', parts.join(''));
}
