import type { SesameReport } from '../../types.js';
import { means } from '../glossary.js';
import { duration, fixed } from '../../format.js';
import { barCell } from '../charts.js';
import { esc } from '../escape.js';
import { code, section, statusBadge, table } from '../parts.js';

function replaySteps(report: SesameReport): string {
  const failed = report.tests.filter((t) => t.status === 'failed');
  if (failed.length === 0) return '<p>Nothing failed, so there is nothing to replay.</p>';
  const items = failed.map((t) => {
    const how = t.replay
      ? `<pre><code>${esc(t.replay.command)}</code></pre><p class="muted">seed ${t.replay.seed}${t.replay.path ? `, path ${code(t.replay.path)}` : ''} — the same seed and path regenerate the same shrunk counterexample.</p>`
      : `<p class="muted">No random search is involved: re-running ${code(t.file)} with seed ${report.run.seed} (as ${code(report.run.command)} did) gives the same numbers.</p>`;
    return `<li><strong dir="auto">${esc(t.id)}</strong>${how}</li>`;
  });
  return `<ol class="replays">${items.join('')}</ol>`;
}

export function detailsSection(report: SesameReport): string {
  const r = report.run;
  const facts: Array<[string, string]> = [
    ['Command', code(r.command)],
    ['Seed', String(r.seed)],
    ['Files', r.files.map(code).join(' ') || '–'],
    ...(r.grep !== undefined ? [['Grep', code(r.grep)] as [string, string]] : []),
    ...(r.shard ? [['Shard', `${r.shard.index} of ${r.shard.count}`] as [string, string]] : []),
    ['Duration', duration(r.durationMs)],
    ['Created', esc(report.createdAt)],
    ['Report schema', `version ${report.schemaVersion}, Sesame ${esc(report.sesameVersion)}`],
  ];
  const factList = `<dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
  const versions = table(['Component', 'Version'], Object.entries(r.versions).map(([k, v]) => [esc(k), code(v)]));
  const longest = Math.max(0, ...r.timings.map((t) => t.ms));
  const timingRow = (t: { step: string; ms: number }) => [`<span dir="auto">${esc(t.step)}</span>`, duration(t.ms), barCell(t.ms, longest, `${t.step}: ${duration(t.ms)}`)];
  // Slowest first; a long run's tail is folded away.
  const slowest = [...r.timings].sort((a, b) => b.ms - a.ms);
  const shownTimings = 12;
  const timings = r.timings.length
    ? table(['Step', 'Time', ''], slowest.slice(0, shownTimings).map(timingRow), 'timings') +
      (slowest.length > shownTimings ? `<details><summary>${slowest.length - shownTimings} faster steps</summary>${table(['Step', 'Time', ''], slowest.slice(shownTimings).map(timingRow), 'timings')}</details>` : '')
    : '<p class="muted">No timings recorded.</p>';
  const tests = table(
    ['Status', 'Test', 'Kind', 'Score', 'Time', 'Reason'],
    report.tests.map((t) => [statusBadge(t.status), `<span dir="auto">${esc(t.id)}</span>`, esc(t.kind), t.score !== undefined ? fixed(t.score, 3) : '–', duration(t.durationMs), `<span dir="auto">${esc(t.reason)}</span>`]),
    'tests',
    report.tests.map((t) => t.status),
  );
  const body = `${means('How this run was made and how to make it again: the command, seed, files and versions, every test with its reason, and where the time went.')}${factList}<h3>How to replay each failure</h3>${replaySteps(report)}<h3>All tests</h3>${tests}<h3>Timings</h3>${timings}<h3>Versions</h3>${versions}`;
  return section('details', 'Run details', body);
}
