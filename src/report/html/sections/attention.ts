import type { AttentionResult, ModelPairIds, SesameReport } from '../../types.js';
import { fixed, plural, signed } from '../../format.js';
import { heatmap, lineChart, type LineSeries } from '../charts.js';
import { esc } from '../escape.js';
import type { EncodedAttention } from '../attention-data.js';
import { diverging, MODEL_COLOURS, SERIES_COLOURS } from '../palette.js';
import { means, term } from '../glossary.js';
import { leftOut, roleNames, section, whereFrom } from '../parts.js';
import { resultModels } from '../../lookup.js';

const layerLabels = (n: number) => Array.from({ length: n }, (_, i) => `layer ${i + 1}`);
const headLabels = (n: number) => Array.from({ length: n }, (_, i) => `head ${i + 1}`);

function maxOf(m: number[][]): number {
  return Math.max(0, ...m.flat().filter(Number.isFinite));
}

function confusionChart(a: AttentionResult, models: Partial<ModelPairIds>): string {
  if (!a.confusion) return '';
  const x = a.confusion.pretrained.map((_, i) => String(i + 1));
  const names = roleNames(models);
  const series: LineSeries[] = [
    { label: names.pretrained, colour: MODEL_COLOURS.pretrained, marker: 'circle', values: a.confusion.pretrained },
    { label: names.finetuned, colour: MODEL_COLOURS.finetuned, marker: 'square', values: a.confusion.finetuned },
  ];
  return `<div><h4>Confusion per layer</h4><p class="muted">−log₂ p(correct phrase) from attention, over all items; lower means attention picks the right phrase.</p>${unscoredNote(a)}${lineChart({ title: `${a.name}: attention confusion per layer`, xLabel: 'Layer', yLabel: 'Confusion (bits)', x, series, format: (v) => v.toFixed(2) })}</div>`;
}

/**
 * Layers that could not score every item (a candidate phrase got exactly zero attention: outside a sliding window, or
 * right of the source under causal attention) say so above the chart; a layer that scored none has no point in it.
 */
function unscoredNote(a: AttentionResult): string {
  const lines: string[] = [];
  for (const model of ['pretrained', 'finetuned'] as const) {
    (a.confusion?.unscored?.[model] ?? []).forEach((reasons, l) => {
      const parts = Object.entries(reasons).map(([reason, n]) => `${plural(n, 'item')} not scored, ${esc(reason)}`);
      const none = a.confusion![model][l] === null ? ' (no point in the chart)' : '';
      if (parts.length) lines.push(`layer ${l + 1} (${model === 'pretrained' ? 'pretrained' : 'fine-tuned'}): ${parts.join('; ')}${none}`);
    });
  }
  if (lines.length === 0) return '';
  return `<p class="unscored" role="note">Not every layer could score every item; such layers are excluded, never counted as 0 or ∞: ${lines.join(' · ')}</p>`;
}

/** Per condition, how much fine-tuning changed the confusion at each layer: one row per condition, diverging colours. */
function conditionsHeatmap(a: AttentionResult, index: number): string {
  const conditions = Object.entries(a.confusion?.conditions ?? {});
  if (conditions.length === 0) return '';
  const layers = Math.max(...conditions.map(([, c]) => c.pretrained.length));
  const deltas = conditions.map(([, c]) => Array.from({ length: layers }, (_, l) => (c.finetuned[l] ?? NaN) - (c.pretrained[l] ?? NaN)));
  const extent = Math.max(1e-6, ...deltas.flat().filter(Number.isFinite).map(Math.abs));
  const map = heatmap({
    id: `conditions-${index}`,
    title: `${a.name}: change in confusion per condition and layer (fine-tuned − pretrained)`,
    rowLabels: conditions.map(([name]) => name),
    colLabels: Array.from({ length: layers }, (_, l) => String(l + 1)),
    rowTitle: 'Condition',
    colTitle: 'Layer',
    values: deltas,
    domain: [-extent, extent],
    colour: (t) => diverging(t * 2 - 1),
    textColour: (t) => (t < 0.2 ? '#ffffff' : '#000000'),
    format: (v) => signed(v, 2),
    cellTitle: (r, c) => {
      const cond = conditions[r][1];
      return `${conditions[r][0]}, layer ${c + 1}: pretrained ${fixed(cond.pretrained[c] ?? NaN, 3)} bits, fine-tuned ${fixed(cond.finetuned[c] ?? NaN, 3)} bits`;
    },
  });
  return `<div><h4>Confusion change per condition</h4><p class="muted">Fine-tuned minus pretrained, in bits: orange = fine-tuning made attention more confused, blue = less.</p>${map}</div>`;
}

function ckaChart(a: AttentionResult): string {
  if (!a.cka.length) return '';
  const x = a.cka.map((_, i) => (i === 0 ? 'emb' : String(i)));
  return `<div><h4>Representation similarity</h4><p class="muted">Linear CKA between the two models' word vectors; 1 means the layer did not change.</p>${lineChart({ title: `${a.name}: linear CKA per layer`, xLabel: 'Layer', yLabel: 'CKA', x, series: [{ label: 'CKA pretrained ↔ fine-tuned', colour: SERIES_COLOURS[2], marker: 'circle', values: a.cka }], yDomain: [0, 1], format: (v) => v.toFixed(2) })}</div>`;
}

/** Cuts long text at a code point (never inside an emoji's surrogate pair) and marks the cut. */
function shorten(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}

function headView(encoded: EncodedAttention, index: number, models: Partial<ModelPairIds>): string {
  if (encoded.samples.length === 0) {
    return `<p class="muted">No sentence's attention was stored for the head view.${encoded.omitted.length ? ` Left out: ${esc(encoded.omitted.join('; '))}.` : ''}</p>`;
  }
  const sentences = encoded.samples.map((s, i) => `<option value="${i}">${i + 1}. ${esc(shorten(s.text, 90))}</option>`).join('');
  const layers = Array.from({ length: encoded.layers }, (_, i) => `<option value="${i}"${i === encoded.layers - 1 ? ' selected' : ''}>${i + 1}</option>`).join('');
  const heads = `<option value="-1">mean of all</option>${Array.from({ length: encoded.heads }, (_, i) => `<option value="${i}"${i === 0 ? ' selected' : ''}>${i + 1}</option>`).join('')}`;
  const panel = (model: 'pretrained' | 'finetuned', label: string) =>
    `<figure class="hv-panel" data-model="${model}"><figcaption${models[model] ? ` title="${esc(models[model])}"` : ''}><span class="key key-${model}" aria-hidden="true"></span>${label}${models[model] ? `: <span dir="auto">${esc(models[model])}</span>` : ''}</figcaption><svg class="chart-svg hv-svg" role="img" aria-label="${label} attention lines between tokens" viewBox="0 0 360 40" height="40"></svg></figure>`;
  const omitted = encoded.omitted.length ? `<p class="muted">Not viewable: ${esc(encoded.omitted.join('; '))}.</p>` : '';
  return `<div class="head-view" data-result="${index}">
<div class="hv-controls"><label>Sentence <select class="hv-sentence">${sentences}</select></label><label>Layer <select class="hv-layer">${layers}</select></label><label>Head <select class="hv-head">${heads}</select></label></div>
<p class="hv-status" aria-live="polite">The head view needs JavaScript.</p>
<div class="hv-panels">${panel('pretrained', 'Pretrained')}${panel('finetuned', 'Fine-tuned')}</div>${omitted}</div>`;
}

function attentionBlock(a: AttentionResult, index: number, encoded: EncodedAttention, report: SesameReport): string {
  const models = resultModels(report, a.models);
  const L = a.jsd.length;
  const H = a.jsd[0]?.length ?? 0;
  const jsd = heatmap({
    id: `jsd-${index}`,
    title: `${a.name}: Jensen–Shannon divergence between the models' attention, per layer and head`,
    rowLabels: layerLabels(L),
    colLabels: headLabels(H).map((h) => h.replace('head ', '')),
    rowTitle: 'Layer',
    colTitle: 'Head',
    values: a.jsd,
    domain: [0, Math.max(maxOf(a.jsd), 1e-6)],
    format: (v) => fixed(v, 3),
    cellTitle: (r, c, v) => `layer ${r + 1}, head ${c + 1}: JSD ${fixed(v, 4)}`,
  });
  const entropyMax = Math.max(maxOf(a.entropy.pretrained), maxOf(a.entropy.finetuned), 1e-6);
  const entropy = (model: 'pretrained' | 'finetuned', label: string) =>
    heatmap({
      id: `entropy-${model}-${index}`,
      title: `${a.name}: attention entropy of the ${label} model, per layer and head`,
      rowLabels: layerLabels(L),
      colLabels: headLabels(H).map((h) => h.replace('head ', '')),
      rowTitle: 'Layer',
      colTitle: 'Head',
      values: a.entropy[model],
      domain: [0, entropyMax],
      format: (v) => fixed(v, 2),
      cellTitle: (r, c, v) => `${label}, layer ${r + 1}, head ${c + 1}: entropy ${fixed(v, 3)} bits`,
    });
  // The heads that moved most, in words, so the heatmap does not have to be decoded to get the point.
  const ranked = a.jsd
    .flatMap((row, l) => row.map((v, h) => ({ l, h, v })))
    .sort((x, y) => y.v - x.v)
    .slice(0, 3)
    .map((x) => `layer ${x.l + 1} head ${x.h + 1} (${fixed(x.v, 3)})`);
  return `<article class="attention-result" id="attention-${index}"><h3 dir="auto">${esc(a.name)}</h3>${whereFrom(report, 'attention', index, a.models)}<p class="muted">${plural(a.sentences, 'sentence')} compared${leftOut(a.skipped)}.${ranked.length ? ` Heads that changed most: ${ranked.join(', ')}.` : ''}</p>
<div class="grid"><div><h4>Attention shift</h4><p class="muted">Jensen–Shannon divergence between the two models' attention, per head (0 = identical).</p>${jsd}</div>
<div><h4>Attention entropy</h4><p class="muted">Bits; high = broad attention, low = focused. Same scale for both models.</p><div class="pair"><div><h5>pretrained</h5>${entropy('pretrained', 'pretrained')}</div><div><h5>fine-tuned</h5>${entropy('finetuned', 'fine-tuned')}</div></div></div>
${confusionChart(a, models)}${conditionsHeatmap(a, index)}${ckaChart(a)}</div>
<h4>Head view</h4><p class="muted">Lines join each token on the left to the tokens it attends to on the right; darker means more attention. Both models, same sentence, layer and head.</p>${headView(encoded, index, models)}</article>`;
}

export function attentionSection(report: SesameReport, encoded: EncodedAttention[]): string {
  const intro = means(
    `How fine-tuning changed where attention looks. ${term('jsd')} per head: 0 = the head attends as before. ${term('entropy')}: broad or focused attention. Confusion: how strongly a verb's (or reflexive's) attention picks the wrong noun phrase, per Open Sesame condition (${term('conditions')}). ${term('cka')}: how much each layer's word vectors changed overall. Layers and heads are numbered from 1 everywhere (CLI, JSON summaries and this page).`,
  );
  const body = report.attention.length ? intro + report.attention.map((a, i) => attentionBlock(a, i, encoded[i], report)).join('') : '<p class="muted">No attention comparisons ran.</p>';
  return section('attention', 'Attention', body);
}
