/** The attack part of the robustness section: TextAttack's columns per recipe, and the successful adversarial examples. */
import type { AttackResult, SesameReport } from '../../types.js';
import { fixed, pct } from '../../format.js';
import { dumbbell } from '../charts.js';
import { esc } from '../escape.js';
import { code, diffBlock, table } from '../parts.js';
import { testForResult } from '../../lookup.js';
import { screenBlock } from '../screen.js';

/** Over data without gold labels the model's own predictions are the reference: the row says so and shows no accuracy. */
function keptCells(a: AttackResult): [string, string] {
  if (a.labelSource === 'model prediction') {
    return [
      `label source: model prediction<br><span class="muted">predictions kept under attack ${pct(a.accuracyUnderAttack)}</span>`,
      dumbbell(1, a.accuracyUnderAttack, `${a.recipe}: label source model prediction; ${pct(a.accuracyUnderAttack)} of the model's predictions kept under attack`),
    ];
  }
  return [
    `${pct(a.originalAccuracy)} → ${pct(a.accuracyUnderAttack)}`,
    dumbbell(a.originalAccuracy, a.accuracyUnderAttack, `${a.recipe}: accuracy ${pct(a.originalAccuracy)} before, ${pct(a.accuracyUnderAttack)} under attack`),
  ];
}

function attackTable(attacks: AttackResult[]): string {
  const rows = attacks.map((a, i) => [
    `<a href="#attack-${i}">${esc(a.recipe)}</a>`,
    ...keptCells(a),
    a.screenedSuccessRate === undefined ? pct(a.successRate) : `${pct(a.successRate)} <span class="muted">(screened ${pct(a.screenedSuccessRate)})</span>`,
    `${fixed(a.avgPerturbedWordsPct, 1)}%`,
    `${fixed(a.avgQueries, 1)} / ${a.budget}`,
    String(a.examples),
    `<span dir="auto">${esc(a.model)}</span>`,
  ]);
  const allByModel = attacks.every((a) => a.labelSource === 'model prediction');
  return table(['Recipe', allByModel ? 'Predictions kept under attack' : 'Accuracy → under attack', '● before ■ after (0–100%)', 'Attack success', 'Words changed', 'Queries / budget', 'Examples', 'Model'], rows, 'attacks');
}

function attackDetails(report: SesameReport): string {
  return report.attacks
    .map((a, i) => {
      const replay = testForResult(report, 'attack', i)?.replay;
      const items = a.successes
        .map(
          (s, k) =>
            `<li class="example"><div class="example-head">#${k + 1} <span class="muted">${s.queries} queries</span></div>${diffBlock(s.original, s.perturbed)}<p class="flip"><strong>${esc(s.originalLabel)}</strong> ${fixed(s.originalScore, 3)} <span aria-hidden="true">→</span><span class="sr-only">became</span> <strong>${esc(s.newLabel)}</strong> <span class="muted">(${esc(s.originalLabel)} now ${fixed(s.newScore, 3)})</span></p>${screenBlock(s.screen, s.constraints)}</li>`,
        )
        .join('');
      const body = a.successes.length ? `<ol class="examples">${items}</ol>` : '<p class="muted">No successful attacks were kept.</p>';
      const replayLine = replay ? `<p>Replay: ${code(replay.command)}</p>` : `<p class="muted">Seed ${a.seed}, budget ${a.budget} queries per example.</p>`;
      return `<details class="result" id="attack-${i}"><summary>${esc(a.recipe)} — ${a.successes.length} successful adversarial example${a.successes.length === 1 ? '' : 's'}</summary>${replayLine}${body}</details>`;
    })
    .join('');
}

export function attacksPart(report: SesameReport): string {
  return report.attacks.length ? attackTable(report.attacks) + attackDetails(report) : '<p class="muted">No attack recipes ran.</p>';
}
