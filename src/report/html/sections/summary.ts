import type { MetricDelta, ModelRef, SesameReport } from '../../types.js';
import { fixed, plural, shortHash, signed } from '../../format.js';
import { statusBar } from '../charts.js';
import { esc } from '../escape.js';
import { section, stackedTable, table } from '../parts.js';
import { glance } from './glance.js';
import { otherRole } from '../../lookup.js';
import { means } from '../glossary.js';
import { statisticText } from '../../statistic-text.js';

function modelRows(report: SesameReport): string[][] {
  const rows: Array<[string, ModelRef]> = [];
  if (report.models.pretrained) rows.push(['pretrained', report.models.pretrained]);
  if (report.models.finetuned) rows.push(['fine-tuned', report.models.finetuned]);
  for (const other of report.models.others ?? []) rows.push([otherRole(report, other.id), other]);
  return rows.map(([role, m]) => [
    esc(role),
    `<span class="model-id" dir="auto">${esc(m.id)}</span>`,
    esc(m.architecture),
    `${m.layers} × ${m.heads}`,
    esc(m.precision),
    m.labels ? m.labels.map(esc).join(', ') : '<span class="muted">none (no classifier head)</span>',
    `<code title="${esc(m.contentHash)}">${esc(shortHash(m.contentHash))}</code>`,
  ]);
}

const VERDICT_ICON: Record<MetricDelta['verdict'], string> = { regressed: '▼', improved: '▲', unchanged: '=' };

function deltaRows(deltas: MetricDelta[]): string[][] {
  return deltas.map((d) => [
    `<span class="verdict verdict-${d.verdict}"><span aria-hidden="true">${VERDICT_ICON[d.verdict]}</span> ${d.verdict}</span>`,
    `<span dir="auto">${esc(d.test)}</span>`,
    esc(d.metric),
    fixed(d.baseline, 4),
    fixed(d.current, 4),
    `<span class="num">${signed(d.delta, 4)}</span>`,
    `± ${fixed(d.tolerance, 4)}`,
    d.better === 'higher' ? 'higher' : 'lower',
    `<span class="muted">${esc(statisticText(d))}</span>`,
  ]);
}

const DELTA_HEAD = ['Verdict', 'Test', 'Metric', 'Baseline', 'Current', 'Δ', 'Tolerance', 'Better', 'Test statistic'];

/** The baseline line, warnings, tests not comparable and yesterday's attacks, as the console prints them. */
function baselineFacts(baseline: NonNullable<SesameReport['baseline']>): string {
  const items = [
    ...(baseline.line ? [`<p><strong>${esc(baseline.line)}</strong></p>`] : []),
    ...(baseline.warnings ?? []).map((w) => `<p class="muted">warning: ${esc(w)}</p>`),
    ...(baseline.notComparable ?? []).map((n) => `<p class="muted">not comparable: <span dir="auto">${esc(n.test)}</span>: ${esc(n.reason)}</p>`),
    ...(baseline.earlier ? [`<p>yesterday's attacks: still fooled by ${baseline.earlier.stillFailing} of ${plural(baseline.earlier.cases, 'earlier counterexample')} over ${plural(baseline.earlier.tests, 'test')}</p>`] : []),
  ];
  return items.join('');
}

function baselinePart(report: SesameReport): string {
  if (!report.baseline) {
    return '<p class="muted">No baseline was given, so nothing is compared with an earlier run. Pass <code>--baseline &lt;report.json&gt;</code> to track regressions.</p>';
  }
  const { deltas, file } = report.baseline;
  const regressed = deltas.filter((d) => d.verdict === 'regressed');
  const improved = deltas.filter((d) => d.verdict === 'improved');
  const head = `<p>Compared with <code>${esc(file)}</code>: <strong>${plural(regressed.length, 'metric')} regressed</strong>, ${improved.length} improved, ${deltas.length - regressed.length - improved.length} within tolerance.</p>`;
  const worst = regressed.length > 0 ? stackedTable(DELTA_HEAD, deltaRows(regressed), 'deltas') : '<p>No metric regressed beyond its tolerance.</p>';
  const all = deltas.length > 0 ? `<details><summary>All ${deltas.length} compared metrics</summary>${stackedTable(DELTA_HEAD, deltaRows([...regressed, ...improved, ...deltas.filter((d) => d.verdict === 'unchanged')]), 'deltas')}</details>` : '';
  return baselineFacts(report.baseline) + head + worst + all;
}

function failedTests(report: SesameReport): string {
  const failed = report.tests.filter((t) => t.status === 'failed');
  if (failed.length === 0) return '';
  const items = failed
    .map((t) => {
      const anchor = t.kind !== 'custom' && t.resultIndex !== undefined ? `#${t.kind}-${t.resultIndex}` : null;
      const name = `<strong dir="auto">${esc(t.id)}</strong>`;
      return `<li>${anchor ? `<a href="${anchor}">${name}</a>` : name}<br><span class="reason" dir="auto">${esc(t.reason)}</span></li>`;
    })
    .join('');
  return `<h3>Failed tests</h3><ul class="failures">${items}</ul>`;
}

export function summarySection(report: SesameReport): string {
  const { passed, failed, skipped, regressions } = report.summary;
  const total = passed + failed + skipped;
  const cards = [
    ['passed', passed, 'passed'],
    ['failed', failed, 'failed'],
    ['skipped', skipped, 'skipped'],
    ['regressions', regressions, regressions === 1 ? 'regression' : 'regressions'],
  ]
    .map(([cls, n, word]) => `<div class="card card-${cls}${Number(n) > 0 ? ' nonzero' : ''}"><div class="card-number">${n}</div><div class="card-word">${word}</div></div>`)
    .join('');
  const body = [
    means(
      `Each test is one claim about the fine-tuned model, written in a suite like a unit test; it passed or failed against its own threshold. ${regressions ? 'Regressions are metrics that got worse than the baseline run beyond their tolerance.' : 'A baseline run, when given, turns metrics that got worse into regressions.'} Tick “only failed” above to hide everything that passed.`,
    ),
    `<div class="cards">${cards}</div>`,
    total > 0 ? statusBar(passed, failed, skipped) : '<p class="muted">This run had no tests.</p>',
    glance(report),
    `<h3>Models compared</h3>`,
    table(['Role', 'Model', 'Architecture', 'Layers × heads', 'Precision', 'Labels', 'Content hash'], modelRows(report)),
    `<h3>Against the baseline</h3>`,
    baselinePart(report),
    failedTests(report),
  ].join('');
  return section('summary', 'Summary', body);
}

