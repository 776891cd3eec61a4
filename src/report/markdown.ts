/**
 * report.md: a GitHub-flavoured Markdown summary sized for a pull-request comment — the verdict,
 * metric deltas against the baseline, failed tests with their replay commands, the worst
 * counterexamples, and where the full HTML report is. Every piece of text from the run is escaped
 * so that markup, pipes, backticks and @mentions in generated inputs show as typed.
 */
import type { AdversarialExample, Counterexample, MetricDelta, ModelRef, SesameReport } from './types.js';
import { duration, fixed, partialNotice, plural, shortHash, signed } from './format.js';
import { wordDiff } from './word-diff.js';
import { otherRole, resultTitle, testForResult } from './lookup.js';
import { statisticText } from './statistic-text.js';
import { accuracyCell, differenceCell, fitLine, probeTakeaway } from './probe-text.js';

export interface MarkdownOptions {
  /** Where the HTML report is, as the reader should see it (a path or URL). */
  htmlPath?: string;
  /** Rows of metric deltas shown before the rest is folded away. Default 15. */
  maxDeltas?: number;
  /** Counterexamples shown. Default 5. */
  maxExamples?: number;
  /** Failed tests listed before the rest is folded away. Default 8. */
  maxFailures?: number;
}

/** Escapes text for Markdown prose and table cells: no formatting, links, HTML, mentions, or cell breaks. */
export function mdText(value: unknown): string {
  return String(value)
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    // Only what can start formatting inside running text (never at a line start here): emphasis,
    // code, links, strikethrough, math, table cells.
    .replace(/[\\`*_[\]|~$]/g, (c) => `\\${c}`);
}

/**
 * A code span that survives backticks in its content (fence longer than any run inside), on one line.
 * In a table cell, pipes end the cell even inside code spans on GitHub, so they are escaped there.
 */
export function mdCode(value: string, inTable = false): string {
  const text = value.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

function modelLine(role: string, m: ModelRef | undefined): string {
  return m ? `**${mdText(m.id)}** (${role}, ${m.precision}, ${mdCode(shortHash(m.contentHash))})` : '';
}

function diffText(original: string, perturbed: string): string {
  return wordDiff(original, perturbed)
    .map((p) => (p.op === 'same' ? mdText(p.text) : p.op === 'removed' ? `~~${mdText(p.text)}~~` : `**${mdText(p.text)}**`))
    .join(' ');
}

const VERDICT: Record<MetricDelta['verdict'], string> = { regressed: '🔻 regressed', improved: '🟢 improved', unchanged: '➖ unchanged' };

function deltaTable(deltas: MetricDelta[]): string {
  const rows = deltas.map((d) => `| ${VERDICT[d.verdict]} | ${mdText(d.test)} | ${mdText(d.metric)} | ${fixed(d.baseline, 4)} | ${fixed(d.current, 4)} | ${signed(d.delta, 4)} | ${d.better} is better, ± ${fixed(d.tolerance, 4)} | ${mdText(statisticText(d))} |`);
  return ['| Verdict | Test | Metric | Baseline | Current | Δ | Rule | Test statistic |', '|---|---|---|---:|---:|---:|---|---|', ...rows].join('\n');
}

function baselineSection(report: SesameReport, max: number): string {
  if (!report.baseline) return '_No baseline given: run with `--baseline <report.json>` to track regressions._';
  const { deltas, file } = report.baseline;
  const changed = [...deltas.filter((d) => d.verdict === 'regressed'), ...deltas.filter((d) => d.verdict === 'improved')];
  const unchanged = deltas.length - changed.length;
  const b = report.baseline;
  const facts = [
    ...(b.line ? [`**${mdText(b.line)}**`] : []),
    ...(b.warnings ?? []).map((w) => `- warning: ${mdText(w)}`),
    ...(b.notComparable ?? []).map((n) => `- not comparable: ${mdText(n.test)}: ${mdText(n.reason)}`),
    ...(b.earlier ? [`- yesterday's attacks: still fooled by ${b.earlier.stillFailing} of ${plural(b.earlier.cases, 'earlier counterexample')} over ${plural(b.earlier.tests, 'test')}`] : []),
  ];
  const head = `### Metric deltas against the baseline ${mdCode(file)}\n\n${facts.length ? `${facts.join('\n')}\n\n` : ''}${plural(deltas.filter((d) => d.verdict === 'regressed').length, 'metric')} regressed, ${deltas.filter((d) => d.verdict === 'improved').length} improved, ${unchanged} within tolerance.`;
  const same = deltas.filter((d) => d.verdict === 'unchanged');
  const folded = same.length ? `\n\n<details><summary>${plural(same.length, 'unchanged metric')}</summary>\n\n${deltaTable(same)}\n\n</details>` : '';
  if (changed.length === 0) return `${head}${folded}`;
  const shown = deltaTable(changed.slice(0, max));
  const rest = changed.length > max ? `\n\n<details><summary>${changed.length - max} more changed metrics</summary>\n\n${deltaTable(changed.slice(max))}\n\n</details>` : '';
  return `${head}\n\n${shown}${rest}${folded}`;
}

function failedSection(report: SesameReport, max: number): string {
  const failed = report.tests.filter((t) => t.status === 'failed');
  if (failed.length === 0) return '';
  const items = failed.map((t) => {
    const replay = t.replay ? `<br>replay: ${mdCode(t.replay.command)}` : '';
    return `- **${mdText(t.id)}**: ${mdText(t.reason)}${replay}`;
  });
  // A PR comment stays short: the first few failures in full, the rest folded.
  const shown = items.slice(0, max).join('\n');
  const rest = items.length > max ? `\n\n<details><summary>${items.length - max} more failed tests</summary>\n\n${items.slice(max).join('\n')}\n\n</details>` : '';
  return `### Failed tests\n\n${shown}${rest}`;
}

/**
 * Each probe: its takeaway, then (folded) accuracy per layer with 95% intervals over sentences, seed spread, the
 * paired fine-tuned − pretrained difference and the control task, as in the HTML report's table.
 */
function probesSection(report: SesameReport): string {
  if (report.probes.length === 0) return '';
  const cards = report.probes.map((p, i) => {
    const hasGen = p.layers.some((l) => l.pretrained.gen !== undefined || l.finetuned.gen !== undefined);
    const hasControl = p.layers.some((l) => l.control);
    const head = ['Layer', 'Pretrained test', 'Fine-tuned test', 'Δ test', ...(hasGen ? ['Pretrained gen', 'Fine-tuned gen', 'Δ gen'] : []), ...(hasControl ? ['Control (pre / fine)'] : [])];
    const rows = p.layers.map((l) => [
      l.layer === 0 ? 'emb' : String(l.layer),
      accuracyCell(l.pretrained, 'test'),
      accuracyCell(l.finetuned, 'test'),
      differenceCell(l.delta?.test, l.delta?.testInterval) || '–',
      ...(hasGen ? [accuracyCell(l.pretrained, 'gen') || '–', accuracyCell(l.finetuned, 'gen') || '–', differenceCell(l.delta?.gen, l.delta?.genInterval) || '–'] : []),
      ...(hasControl ? [l.control ? `${fixed(100 * l.control.pretrained, 1)} / ${fixed(100 * l.control.finetuned, 1)}` : '–'] : []),
    ]);
    const table = [`| ${head.join(' | ')} |`, `|${head.map((_, k) => (k === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const seeds = p.seeds ?? [p.seed];
    const fits = fitLine(p);
    const note = `Accuracy in %: mean of ${plural(seeds.length, 'seed')} [95% interval over sentences] ±half the range over seeds; Δ = fine-tuned − pretrained on the same sentences (paired).${fits ? ` ${mdText(fits.replace(/^fits/, 'Fits'))}.` : ''}`;
    return `**${mdText(resultTitle(report, 'probe', i, p.task))}** (${p.probe} probe): ${mdText(probeTakeaway(p))}\n\n<details><summary>Accuracy per layer</summary>\n\n${note}\n\n${table}\n\n</details>`;
  });
  return `### Probes\n\n${cards.join('\n\n')}`;
}

/**
 * How bad a counterexample is: for a perturbation, how far the original label's probability fell;
 * for an MFT case, how sure the model was of the wrong label.
 */
function severity(c: Counterexample): number {
  if (c.expected !== undefined) return c.perturbedPrediction.scores[c.perturbedPrediction.label] ?? 0;
  const label = c.originalPrediction.label;
  const before = c.originalPrediction.scores[label] ?? 1;
  const after = c.perturbedPrediction.scores[label] ?? (c.perturbedPrediction.label === label ? before : 0);
  return before - after;
}

function prediction(label: string, score: number | undefined): string {
  return `${mdText(label)}${score !== undefined ? ` ${fixed(score, 2)}` : ''}`;
}

function examplesSection(report: SesameReport, max: number): string {
  // Counterexamples of failing tests only (a passing test's are within what it allows), the highest failure
  // rate first; within a test the most severe first, and one per test before any test's second.
  const failing = report.robustness
    .map((r, i) => ({ r, i }))
    .filter(({ i }) => testForResult(report, 'robustness', i)?.status === 'failed')
    .sort((a, b) => b.r.failureRate - a.r.failureRate || a.i - b.i);
  const perTest = failing.map(({ r, i }) =>
    [...r.counterexamples]
      .sort((a, b) => severity(b) - severity(a))
      .map((c) => ({ source: `${resultTitle(report, 'robustness', i, r.name)} (${fixed(r.failureRate * 100, 0)}% failed)`, index: i, type: r.type, c })),
  );
  const rounds = Math.max(0, ...perTest.map((t) => t.length));
  const robust = Array.from({ length: rounds }, (_, k) => perTest.flatMap((t) => (t[k] ? [t[k]] : []))).flat().slice(0, max);
  const attacks: Array<{ source: string; a: AdversarialExample }> = report.attacks
    .flatMap((r) => r.successes.map((a) => ({ source: r.recipe, a })))
    // Examples the validity screen accepts first; then by newScore, the original label's probability after the
    // attack: the lower, the clearer the flip.
    .sort((x, y) => Number(x.a.screen?.valid === false) - Number(y.a.screen?.valid === false) || x.a.newScore - y.a.newScore)
    .slice(0, Math.max(1, Math.floor(max / 2)));
  const parts: string[] = [];
  if (robust.length) {
    const rows = robust.map(({ source, type, c }) => {
      const o = c.originalPrediction;
      const p = c.perturbedPrediction;
      // An MFT case is one unperturbed input judged against the label it should have got.
      const outcome = type === 'MFT' ? `${prediction(p.label, p.scores[p.label])}${c.expected ? `, expected ${mdText(c.expected)}` : ''}` : `${prediction(o.label, o.scores[o.label])} → ${prediction(p.label, p.scores[p.label])}`;
      const input = type === 'MFT' ? mdText(c.perturbed) : diffText(c.original, c.perturbed);
      return `| ${mdText(source)} | ${input} | ${outcome} | ${mdCode(`seed ${c.seed} path ${c.path}`, true)} |`;
    });
    parts.push(`### Worst counterexamples\n\n~~struck~~ words were removed, **bold** ones added.\n\n| Test | Perturbed input | Prediction | Replay |\n|---|---|---|---|\n${rows.join('\n')}`);
  }
  if (attacks.length) {
    const screened = attacks.some(({ a }) => a.screen);
    const verdict = (a: AdversarialExample) => (a.screen ? (a.screen.valid ? 'valid' : `rejected: ${mdText(a.screen.reasons.join('; '))}`) : '—');
    const rows = attacks.map(({ source, a }) => `| ${mdText(source)} | ${diffText(a.original, a.perturbed)} | ${prediction(a.originalLabel, a.originalScore)} → ${mdText(a.newLabel)} (${mdText(a.originalLabel)} now ${fixed(a.newScore, 2)}) | ${a.queries} |${screened ? ` ${verdict(a)} |` : ''}`);
    parts.push(`### Adversarial examples\n\n| Recipe | Perturbed input | Prediction | Queries |${screened ? ' Screen |' : ''}\n|---|---|---|---:|${screened ? '---|' : ''}\n${rows.join('\n')}`);
  }
  return parts.join('\n\n');
}

/** The Markdown report for a pull-request comment. */
export function renderMarkdown(report: SesameReport, options: MarkdownOptions = {}): string {
  const { passed, failed, skipped, regressions } = report.summary;
  const ok = failed === 0 && regressions === 0;
  const headline = ok
    ? `## ✅ Sesame: ${plural(passed, 'test')} passed${skipped ? `, ${skipped} skipped` : ''}${report.baseline ? ', no regressions' : ''}`
    : `## ❌ Sesame: ${failed} of ${passed + failed} tests failed${regressions ? `, ${plural(regressions, 'regression')} against the baseline` : ''}`;
  // Every model with its role: a run over two fine-tunes of one base names both as fine-tuned.
  const others = (report.models.others ?? []).map((m) => modelLine(otherRole(report, m.id), m));
  const models = [modelLine('fine-tuned', report.models.finetuned), ...others, modelLine('pretrained', report.models.pretrained)].filter(Boolean).join(', ');
  const facts = `${models ? `${models} · ` : ''}seed ${report.run.seed} · ${duration(report.run.durationMs)}`;
  const counts = `| Passed | Failed | Skipped | Regressions |\n|---:|---:|---:|---:|\n| ${passed} | ${failed} | ${skipped} | ${regressions} |`;
  const where = options.htmlPath
    ? `📊 Full report with charts, probing curves and the attention head view: ${mdCode(options.htmlPath)} (one self-contained file; open it in a browser, it works offline).`
    : '📊 Regenerate the full HTML report with `npx sesame report report.json`.';
  const partial = report.interrupted ? `> ⚠️ **${mdText(partialNotice(report.interrupted))}**` : '';
  const sections = [headline, partial, facts, counts, baselineSection(report, options.maxDeltas ?? 15), failedSection(report, options.maxFailures ?? 8), probesSection(report), examplesSection(report, options.maxExamples ?? 5), where];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}
