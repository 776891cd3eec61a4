import type { ProbeResult, SesameReport } from '../../types.js';
import { fixed, pct } from '../../format.js';
import { lineChart, type LineSeries } from '../charts.js';
import { esc } from '../escape.js';
import { MODEL_COLOURS } from '../palette.js';
import { section, table, whereFrom } from '../parts.js';

function best(values: number[]): { layer: number; value: number } {
  let layer = 0;
  values.forEach((v, i) => {
    if (v > values[layer]) layer = i;
  });
  return { layer, value: values[layer] };
}

function takeaway(p: ProbeResult): string {
  const pt = best(p.layers.map((l) => l.pretrained.test));
  const ft = best(p.layers.map((l) => l.finetuned.test));
  const layerName = (l: number) => (p.layers[l].layer === 0 ? 'the embeddings' : `layer ${p.layers[l].layer}`);
  let text = `Best test accuracy: pretrained ${pct(pt.value)} at ${layerName(pt.layer)}, fine-tuned ${pct(ft.value)} at ${layerName(ft.layer)}.`;
  const ptGen = p.layers[pt.layer].pretrained.gen;
  const ftGen = p.layers[ft.layer].finetuned.gen;
  if (ptGen !== undefined && ftGen !== undefined) text += ` Generalization there: ${pct(ptGen)} and ${pct(ftGen)}.`;
  return text;
}

function probeCard(p: ProbeResult, index: number, report: SesameReport): string {
  const x = p.layers.map((l) => (l.layer === 0 ? 'emb' : String(l.layer)));
  const hasGen = p.layers.some((l) => l.pretrained.gen !== undefined || l.finetuned.gen !== undefined);
  const series: LineSeries[] = [
    { label: 'pretrained · test', colour: MODEL_COLOURS.pretrained, marker: 'circle', values: p.layers.map((l) => l.pretrained.test) },
    { label: 'fine-tuned · test', colour: MODEL_COLOURS.finetuned, marker: 'square', values: p.layers.map((l) => l.finetuned.test) },
  ];
  if (hasGen) {
    series.push(
      { label: 'pretrained · generalization', colour: MODEL_COLOURS.pretrained, marker: 'triangle', dashed: true, values: p.layers.map((l) => l.pretrained.gen ?? null) },
      { label: 'fine-tuned · generalization', colour: MODEL_COLOURS.finetuned, marker: 'diamond', dashed: true, values: p.layers.map((l) => l.finetuned.gen ?? null) },
    );
  }
  const chart = lineChart({ title: `${p.task}: probe accuracy per layer`, xLabel: 'Layer', yLabel: 'Accuracy', x, series, yDomain: [0, 1], format: (v) => v.toFixed(2) });
  const hasControl = p.layers.some((l) => l.control);
  const head = ['Layer', 'Pretrained test', 'Fine-tuned test', ...(hasGen ? ['Pretrained gen', 'Fine-tuned gen'] : []), ...(hasControl ? ['Control (pre / fine)'] : []), ...(p.selectivity ? ['Selectivity (pre / fine)'] : [])];
  const rows = p.layers.map((l, i) => [
    x[i],
    pct(l.pretrained.test),
    pct(l.finetuned.test),
    ...(hasGen ? [l.pretrained.gen !== undefined ? pct(l.pretrained.gen) : '–', l.finetuned.gen !== undefined ? pct(l.finetuned.gen) : '–'] : []),
    ...(hasControl ? [l.control ? `${pct(l.control.pretrained)} / ${pct(l.control.finetuned)}` : '–'] : []),
    ...(p.selectivity ? [`${fixed(p.selectivity.pretrained[i] ?? NaN, 3)} / ${fixed(p.selectivity.finetuned[i] ?? NaN, 3)}`] : []),
  ]);
  const sizes = Object.entries(p.sizes)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
  return `<article class="probe card-box"><h3 dir="auto">${esc(p.task)}</h3>${whereFrom(report, 'probe', index, p.models)}<p class="muted">${esc(p.probe)} probe · ${esc(sizes)} · seed ${p.seed}</p><p>${esc(takeaway(p))}</p>${chart}<details><summary>Values per layer</summary>${table(head, rows)}</details></article>`;
}

export function probingSection(report: SesameReport): string {
  const body = report.probes.length
    ? `<p>Accuracy of a probe trained on each layer's frozen token vectors (layer 0 is the embedding output). Solid lines: the test split; dashed: the generalization split, built to differ from training.</p><div class="grid">${report.probes.map((p, i) => probeCard(p, i, report)).join('')}</div>`
    : '<p class="muted">No probing tasks ran.</p>';
  return section('probing', 'Probing', body);
}
