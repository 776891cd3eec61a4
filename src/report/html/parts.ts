/** Small HTML pieces shared by the report's sections. */
import type { ModelPairIds, PredictionView, SesameReport, TestResult, TestStatus } from '../types.js';
import { resultContext, resultModels } from '../lookup.js';
import { wordDiff } from '../word-diff.js';
import { fixed, shortModelName } from '../format.js';
import { esc } from './escape.js';

const STATUS_ICON: Record<TestStatus, string> = { passed: '✓', failed: '✗', skipped: '–' };

/** A status as icon + word (never colour alone). */
export function statusBadge(status: TestStatus): string {
  return `<span class="badge badge-${status}"><span aria-hidden="true">${STATUS_ICON[status]}</span> ${status}</span>`;
}

/** Just the status icon, with the word for screen readers and as a tooltip. */
export function statusIcon(status: TestStatus): string {
  return `<span class="badge badge-${status}" title="${status}" aria-label="${status}">${STATUS_ICON[status]}</span>`;
}

/** A table that scrolls sideways inside narrow windows instead of squeezing its columns. */
export function table(head: string[], rows: string[][], className = '', rowStatus?: Array<TestStatus | undefined>): string {
  return tableHtml(head, rows, className, rowStatus, () => '<td>');
}

/**
 * A table too wide to read by scrolling (many numbers side by side): at phone width each row becomes a block of
 * "column: value" lines, the column name coming from the cell's data-label.
 */
export function stackedTable(head: string[], rows: string[][], className: string): string {
  const labels = head.map((h) => h.replace(/<[^>]*>/g, '').replace(/"/g, '&quot;'));
  return tableHtml(head, rows, `${className} stacked`, undefined, (c) => `<td data-label="${labels[c]}">`);
}

function tableHtml(head: string[], rows: string[][], className: string, rowStatus: Array<TestStatus | undefined> | undefined, td: (column: number) => string): string {
  const thead = `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  // data-status lets the "only failed" switch hide passing and skipped rows (CSS only, no script).
  const tr = (i: number) => (rowStatus?.[i] ? `<tr data-status="${rowStatus[i]}">` : '<tr>');
  const tbody = `<tbody>${rows.map((r, i) => `${tr(i)}${r.map((c, column) => `${td(column)}${c}</td>`).join('')}</tr>`).join('')}</tbody>`;
  return `<div class="table-wrap"><table class="${className}">${thead}${tbody}</table></div>`;
}

/** Original and perturbed sentence one above the other, changed words marked (struck / underlined and tinted). */
export function diffBlock(original: string, perturbed: string): string {
  const parts = wordDiff(original, perturbed);
  const line = (side: 'removed' | 'added') =>
    parts
      .filter((p) => p.op === 'same' || p.op === side)
      .map((p) => (p.op === 'same' ? esc(p.text) : side === 'removed' ? `<del>${esc(p.text)}</del>` : `<ins>${esc(p.text)}</ins>`))
      .join(' ');
  return `<div class="diff"><div class="diff-line"><span class="diff-tag">original</span><span class="diff-text" dir="auto">${line('removed')}</span></div><div class="diff-line"><span class="diff-tag">perturbed</span><span class="diff-text" dir="auto">${line('added')}</span></div></div>`;
}

/** A prediction: its label (under `title`; none when empty) and every label's probability as a small bar. */
export function predictionView(title: string, prediction: PredictionView): string {
  const scores = Object.entries(prediction.scores)
    .sort((a, b) => b[1] - a[1])
    .map(([label, p]) => `<li><span class="score-label">${esc(label)}</span><span class="score-bar" aria-hidden="true"><span style="width:${Math.round(Math.min(1, Math.max(0, p)) * 100)}%"></span></span><span class="score-value">${fixed(p, 3)}</span></li>`)
    .join('');
  const heading = title ? `<div class="prediction-title">${esc(title)}: <strong>${esc(prediction.label)}</strong></div>` : '';
  return `<div class="prediction">${heading}<ul class="scores">${scores}</ul></div>`;
}

/** Inline code. */
export function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** A section with its heading and anchor. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-title"><h2 id="${id}-title">${esc(title)}</h2>${body}</section>`;
}

/** Where a probe or attention result comes from: its test's suite path and the two models, as far as known. */
export function whereFrom(report: SesameReport, kind: TestResult['kind'], index: number, own: ModelPairIds | undefined): string {
  const context = resultContext(report, kind, index);
  const models = resultModels(report, own);
  const pair = models.pretrained && models.finetuned ? `<span dir="auto">${esc(models.pretrained)}</span> → <span dir="auto">${esc(models.finetuned)}</span>` : '';
  const parts = [context ? `<span dir="auto">${esc(context)}</span>` : '', pair].filter(Boolean);
  return parts.length ? `<p class="context">${parts.join(' · ')}</p>` : '';
}

/** " · left out: 40 no-distractor, 2 truncated" for items a result could not use (never silently dropped). */
export function leftOut(skipped: Record<string, number> | undefined): string {
  const parts = Object.entries(skipped ?? {}).filter(([, n]) => n > 0);
  return parts.length ? ` · left out: ${parts.map(([why, n]) => `${n} ${esc(why)}`).join(', ')}` : '';
}

export type RoleNames = Record<keyof ModelPairIds, string>;

/** Legend names for the two sides of a comparison: "pretrained (tiny-bert-base)" when the model is known, else just the role. */
export function roleNames(models: Partial<ModelPairIds>): RoleNames {
  const name = (role: keyof ModelPairIds, label: string) => (models[role] ? `${label} (${shortModelName(models[role])})` : label);
  return { pretrained: name('pretrained', 'pretrained'), finetuned: name('finetuned', 'fine-tuned') };
}
