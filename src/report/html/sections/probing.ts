import type { ProbeResult, SesameReport } from '../../types.js';
import { fixed, pct } from '../../format.js';
import { resultModels } from '../../lookup.js';
import { legend, lineChart, scatter, type LineSeries, type Marker } from '../charts.js';
import { esc } from '../escape.js';
import { MODEL_COLOURS, OKABE_ITO } from '../palette.js';
import { means, term } from '../glossary.js';
import { FEW_INPUTS } from '../../../assertions/pass-rate.js';
import { wilsonInterval } from '../../../stats/wilson.js';
import { leftOut, roleNames, section, table, whereFrom, type RoleNames } from '../parts.js';
import { accuracyCell, differenceCell, fitLine, probeTakeaway } from '../../probe-text.js';

// Classes avoid the two model colours (blue, vermillion) so a class is never mistaken for a model.
const CLASS_STYLES: Array<{ colour: string; marker: Marker }> = [
  { colour: OKABE_ITO.orange, marker: 'circle' },
  { colour: OKABE_ITO.bluishGreen, marker: 'square' },
  { colour: OKABE_ITO.reddishPurple, marker: 'triangle' },
  { colour: OKABE_ITO.skyBlue, marker: 'diamond' },
  { colour: OKABE_ITO.black, marker: 'circle' },
  { colour: OKABE_ITO.yellow, marker: 'square' },
];

/**
 * The clustering view: silhouette per layer for both models, and the 2-D projections of the layer
 * where the two models differ most, side by side (only that layer, to keep the page light).
 */
function clusters(p: ProbeResult, x: string[], names: RoleNames): string {
  const projections = p.projections ?? [];
  if (projections.length === 0) return '';
  const at = (model: 'pretrained' | 'finetuned', layer: number) => projections.find((q) => q.model === model && q.layer === layer);
  const layers = p.layers.map((l) => l.layer);
  const sil = (model: 'pretrained' | 'finetuned') => layers.map((l) => at(model, l)?.silhouette ?? null);
  const chart = lineChart({
    title: `${p.task}: silhouette of the word vectors per layer`,
    xLabel: 'Layer',
    yLabel: 'Silhouette',
    x,
    series: [
      { label: names.pretrained, colour: MODEL_COLOURS.pretrained, marker: 'circle', values: sil('pretrained') },
      { label: names.finetuned, colour: MODEL_COLOURS.finetuned, marker: 'square', values: sil('finetuned') },
    ],
    format: (v) => fixed(v, 2),
  });
  let pick = layers[layers.length - 1];
  let gap = -1;
  for (const l of layers) {
    const a = at('pretrained', l);
    const b = at('finetuned', l);
    if (a && b && Math.abs(a.silhouette - b.silhouette) > gap) [pick, gap] = [l, Math.abs(a.silhouette - b.silhouette)];
  }
  const pair = (['pretrained', 'finetuned'] as const).map((m) => at(m, pick)).filter((q) => q !== undefined);
  const labels = [...new Set(pair.flatMap((q) => q.labels))].sort();
  const classes = labels.map((label, i) => ({ label, ...CLASS_STYLES[i % CLASS_STYLES.length] }));
  const layerName = pick === 0 ? 'the embeddings' : `layer ${pick}`;
  const plots = pair
    .map((q) => `<figure class="chart"><figcaption>${esc(names[q.model])} · silhouette ${fixed(q.silhouette, 2)}</figcaption>${scatter({ title: `${p.task}: ${q.model} word vectors at ${layerName}, 2-D projection`, points: q.points, labels: q.labels, classes })}</figure>`)
    .join('');
  return `<details class="clusters"><summary>Word-vector clusters</summary><p class="muted">How well the probe's classes separate (silhouette, −1 to 1), and the 2-D projection at ${layerName}, where the two models differ most.</p>${chart}<div class="pair">${plots}</div>${legend(classes)}</details>`;
}

/**
 * "Only 30 test sentences: the fine-tuned 100% (layer 3) could be anywhere in 89%–100%" above the chart of a probe
 * whose split is too small to mean much (the same threshold as the verdicts').
 */
function fewSentencesWarning(p: ProbeResult): string {
  const lines = (['test', 'gen'] as const).flatMap((split) => {
    const n = split === 'test' ? p.sizes.test : p.sizes.gen;
    if (n === undefined || n >= FEW_INPUTS) return [];
    const rows = p.layers.filter((l) => l.finetuned[split] !== undefined);
    if (rows.length === 0) return [];
    const best = rows.reduce((a, b) => (b.finetuned[split]! > a.finetuned[split]! ? b : a));
    const value = best.finetuned[split]!;
    const interval = (split === 'test' ? best.finetuned.testInterval : best.finetuned.genInterval) ?? wilsonInterval(Math.round(value * n), n);
    const name = split === 'test' ? 'test' : 'generalization';
    return [`⚠ Only ${n} ${name} sentence${n === 1 ? '' : 's'}: the fine-tuned ${pct(value)} (${best.layer === 0 ? 'embeddings' : `layer ${best.layer}`}) could be anywhere in ${pct(interval[0])}–${pct(interval[1])} (95% interval).`];
  });
  return lines.map((l) => `<p class="warn">${esc(l)}</p>`).join('');
}

const CHANCE_COLOUR = '#6b6b6b';

/**
 * Test and generalization panels: each model's seed-mean accuracy with its 95% interval as a band, chance as a dotted
 * level, and (test panel) the control task dashed in the model's colour, so selectivity is the gap to the solid line.
 */
function accuracyCharts(p: ProbeResult, x: string[], names: RoleNames, pair: string): string {
  const hasGen = p.layers.some((l) => l.pretrained.gen !== undefined || l.finetuned.gen !== undefined);
  const hasControl = p.layers.some((l) => l.control);
  const side = (model: 'pretrained' | 'finetuned', split: 'test' | 'gen'): LineSeries => ({
    label: `${names[model]}${split === 'gen' ? ' · generalization' : ' · test'}`,
    colour: MODEL_COLOURS[model],
    marker: model === 'pretrained' ? 'circle' : 'square',
    values: p.layers.map((l) => l[model][split] ?? null),
    band: p.layers.map((l) => (split === 'test' ? l[model].testInterval : l[model].genInterval) ?? null),
  });
  const control = (model: 'pretrained' | 'finetuned'): LineSeries => ({
    label: `${names[model]} · control task`,
    colour: MODEL_COLOURS[model],
    marker: model === 'pretrained' ? 'triangle' : 'diamond',
    dashed: true,
    values: p.layers.map((l) => l.control?.[model] ?? null),
  });
  const chance = (value: number | undefined) => (value === undefined ? [] : [{ label: `chance (${pct(value)})`, value, colour: CHANCE_COLOUR }]);
  const test = lineChart({
    title: `${p.task}: test accuracy per layer${pair}`,
    xLabel: 'Layer',
    yLabel: 'Test accuracy',
    x,
    series: [side('pretrained', 'test'), side('finetuned', 'test'), ...(hasControl ? [control('pretrained'), control('finetuned')] : [])],
    references: chance(p.chance?.test),
    yDomain: [0, 1],
    format: (v) => v.toFixed(2),
  });
  const gen = hasGen
    ? lineChart({
        title: `${p.task}: generalization accuracy per layer${pair}`,
        xLabel: 'Layer',
        yLabel: 'Generalization accuracy',
        x,
        series: [side('pretrained', 'gen'), side('finetuned', 'gen')],
        references: chance(p.chance?.gen),
        yDomain: [0, 1],
        format: (v) => v.toFixed(2),
      })
    : '';
  return `<div class="pair">${test}${gen}</div>`;
}

function probeCard(p: ProbeResult, index: number, report: SesameReport): string {
  const x = p.layers.map((l) => (l.layer === 0 ? 'emb' : String(l.layer)));
  const hasGen = p.layers.some((l) => l.pretrained.gen !== undefined || l.finetuned.gen !== undefined);
  const models = resultModels(report, p.models);
  const names = roleNames(models);
  const pair = models.pretrained && models.finetuned ? ` (${models.pretrained} vs ${models.finetuned})` : '';
  const seeds = p.seeds ?? [p.seed];
  const caption = `<p class="muted">Lines: mean of ${seeds.length} seed${seeds.length === 1 ? '' : 's'}; bands: 95% intervals over sentences${p.layers.some((l) => l.control) ? '; dashed: control task (Hewitt &amp; Liang), its gap to the solid line is the selectivity' : ''}; dotted: chance.</p>`;
  const hasControl = p.layers.some((l) => l.control);
  // Named generalization sets (e.g. compound vs possessive subjects), one column pair each.
  const genSets = [...new Set(p.layers.flatMap((l) => [...Object.keys(l.pretrained.genSets ?? {}), ...Object.keys(l.finetuned.genSets ?? {})]))];
  const head = [
    'Layer',
    'Pretrained test',
    'Fine-tuned test',
    'Δ test (paired)',
    ...(hasGen ? ['Pretrained gen', 'Fine-tuned gen', 'Δ gen (paired)'] : []),
    ...genSets.map((g) => `gen: ${esc(g)} (pre / fine)`),
    ...(hasControl ? ['Control (pre / fine)'] : []),
    ...(p.selectivity ? ['Selectivity (pre / fine)'] : []),
  ];
  const setPct = (v: number | undefined) => (v === undefined ? '–' : pct(v));
  const rows = p.layers.map((l, i) => [
    x[i],
    accuracyCell(l.pretrained, 'test'),
    accuracyCell(l.finetuned, 'test'),
    differenceCell(l.delta?.test, l.delta?.testInterval),
    ...(hasGen ? [accuracyCell(l.pretrained, 'gen') || '–', accuracyCell(l.finetuned, 'gen') || '–', differenceCell(l.delta?.gen, l.delta?.genInterval) || '–'] : []),
    ...genSets.map((g) => `${setPct(l.pretrained.genSets?.[g])} / ${setPct(l.finetuned.genSets?.[g])}`),
    ...(hasControl ? [l.control ? `${pct(l.control.pretrained)} / ${pct(l.control.finetuned)}` : '–'] : []),
    ...(p.selectivity ? [`${fixed(p.selectivity.pretrained[i] ?? NaN, 3)} / ${fixed(p.selectivity.finetuned[i] ?? NaN, 3)}`] : []),
  ]);
  const sizes = Object.entries(p.sizes)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  const fits = fitLine(p);
  const legendNote = `<p class="muted">Accuracy in %: seed mean [95% interval over sentences] ±half the range over seeds; Δ = fine-tuned − pretrained on the same sentences.${fits ? ` ${esc(fits.replace(/^fits/, 'Fits'))}.` : ''}</p>`;
  return `<article class="probe card-box" id="probe-${index}"><h3 dir="auto">${esc(p.task)}</h3>${whereFrom(report, 'probe', index, p.models)}<p class="muted">${esc(p.probe)} probe · ${esc(sizes)} · ${seeds.length === 1 ? `seed ${p.seed}` : `seeds ${seeds.join(', ')}`}${p.pooling ? ` · ${esc(p.pooling)}-sub-token pooling` : ''}${leftOut(p.skipped)}</p><p>${esc(probeTakeaway(p))}</p>${fewSentencesWarning(p)}${accuracyCharts(p, x, names, pair)}${caption}<details><summary>Values per layer</summary>${legendNote}${table(head, rows)}</details>${clusters(p, x, names)}</article>`;
}

export function probingSection(report: SesameReport): string {
  const body = report.probes.length
    ? `${means(`A probe is a small classifier trained on one layer's frozen word vectors to read off a property of the sentence (is this word the subject? an auxiliary?). Where the fine-tuned line falls below the pretrained one, fine-tuning erased that information from those layers. The ${term('control-task')} and ${term('selectivity')} show how much a probe learns by itself; the ${term('generalization')} asks about sentences unlike the training ones.`)}<p>Accuracy per layer (layer 0 is the embedding output). Left: the test split; right: the generalization split. Bands: 95% intervals; dashed: the control task; dotted: chance.</p><div class="grid">${report.probes.map((p, i) => probeCard(p, i, report)).join('')}</div>`
    : '<p class="muted">No probing tasks ran.</p>';
  return section('probing', 'Probing', body);
}
