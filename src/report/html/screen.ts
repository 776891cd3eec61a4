/** The validity screen of one adversarial example or INV counterexample: verdict, reasons, each constraint's score. */
import type { ConstraintScore, ScreenVerdict } from '../../screen/types.js';
import { esc } from './escape.js';

const scoreText = (s: ConstraintScore) => (s.score === null ? '—' : Number.isInteger(s.score) ? String(s.score) : s.score.toFixed(3));

/** Verdict as icon + word (never colour alone), the reasons, and a compact line of constraint scores. */
export function screenBlock(screen: ScreenVerdict | undefined, constraints: Record<string, ConstraintScore> | undefined): string {
  if (!screen) return '';
  const verdict = screen.valid
    ? '<strong class="screen-verdict"><span aria-hidden="true">✓</span> screen: valid</strong>'
    : '<strong class="screen-verdict"><span aria-hidden="true">✗</span> screen: invalid</strong>';
  const reasons = screen.reasons.map((r) => `<li>${esc(r)}</li>`).join('');
  const scores = Object.entries(constraints ?? {})
    .map(([name, s]) => `<span class="constraint-score ${s.pass ? 'pass' : 'fail'}" title="${esc(s.reason)}">${esc(name)} ${esc(scoreText(s))} <span aria-hidden="true">${s.pass ? '✓' : '✗'}</span><span class="sr-only">${s.pass ? 'passed' : 'failed'}</span></span>`)
    .join(' ');
  return `<div class="screen ${screen.valid ? 'screen-valid' : 'screen-invalid'}">${verdict}<ul class="screen-reasons">${reasons}</ul>${scores ? `<p class="constraint-scores">${scores}</p>` : ''}</div>`;
}
