/**
 * Charts as plain SVG strings, rendered in Node when the report is written.
 *
 * Why plain SVG and no chart library: the report must open offline and stay small. An inlined
 * library (Chart.js ≈ 200 KB, Vega-Lite + Vega ≈ 800 KB, Plotly ≈ 3.5 MB) would cost more than all
 * the charts together, would need JavaScript to show anything, and canvas-based ones print blurry
 * and are invisible to screen readers. Pre-rendered SVG shows with scripts disabled, prints
 * crisply, and carries its numbers in <title> tooltips. Charts have fixed pixel sizes (text 11–12 px however
 * wide the card), and a chart wider than a narrow window scrolls inside its figure, not the page.
 * Only the interactive head view draws in the browser (see head-view.client.js).
 */
import { fixed } from '../format.js';
import { esc } from './escape.js';
import { OKABE_ITO, viridis, viridisText } from './palette.js';

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';

export interface LineSeries {
  label: string;
  colour: string;
  marker: Marker;
  dashed?: boolean;
  /** One value per x position; null leaves a gap. */
  values: Array<number | null>;
  /** An interval per x position (e.g. 95%), drawn as a translucent band in the series colour. */
  band?: Array<[number, number] | null>;
}

/** A horizontal reference level (e.g. chance), drawn dotted across the plot and listed in the legend. */
export interface ReferenceLine {
  label: string;
  value: number;
  colour: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  x: Array<number | string>;
  series: LineSeries[];
  /** Fixed y range; by default [0, max rounded up]. */
  yDomain?: [number, number];
  format?: (v: number) => string;
  references?: ReferenceLine[];
}

const r1 = (x: number) => Math.round(x * 10) / 10;

function markerPath(marker: Marker, x: number, y: number, colour: string, title: string): string {
  const t = `<title>${esc(title)}</title>`;
  switch (marker) {
    case 'square':
      return `<rect x="${r1(x - 3.5)}" y="${r1(y - 3.5)}" width="7" height="7" fill="${colour}">${t}</rect>`;
    case 'triangle':
      return `<path d="M${r1(x)},${r1(y - 4.5)}L${r1(x + 4.5)},${r1(y + 3.5)}L${r1(x - 4.5)},${r1(y + 3.5)}Z" fill="${colour}">${t}</path>`;
    case 'diamond':
      return `<path d="M${r1(x)},${r1(y - 5)}L${r1(x + 4.5)},${r1(y)}L${r1(x)},${r1(y + 5)}L${r1(x - 4.5)},${r1(y)}Z" fill="${colour}">${t}</path>`;
    default:
      return `<circle cx="${r1(x)}" cy="${r1(y)}" r="4" fill="${colour}">${t}</circle>`;
  }
}

/** A range covering [lo, hi] in 3–6 round steps (1, 2, 2.5 or 5 × 10^k), so ticks read 0.02, 0.04 … not 0.0175. */
function niceDomain(lo: number, hi: number): [number, number, number] {
  if (!(hi > lo)) return [lo, lo + 1, 4];
  const raw = (hi - lo) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((st) => st >= raw)!;
  const y0 = Math.floor(lo / step + 1e-9) * step;
  const y1 = Math.ceil(hi / step - 1e-9) * step;
  return [y0, y1, Math.round((y1 - y0) / step)];
}

/** The legend as an HTML list (it wraps in narrow windows), each entry with its line and marker. */
export function legend(series: Array<Pick<LineSeries, 'label' | 'colour' | 'marker' | 'dashed'>>): string {
  const items = series.map(
    (s) =>
      `<li><svg class="swatch" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true"><line x1="1" y1="6" x2="29" y2="6" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>${markerPath(s.marker, 15, 6, s.colour, s.label)}</svg>${esc(s.label)}</li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

function referenceLegend(references: ReferenceLine[]): string {
  return references
    .map((r) => `<li><svg class="swatch" width="30" height="12" viewBox="0 0 30 12" aria-hidden="true"><line x1="1" y1="6" x2="29" y2="6" stroke="${r.colour}" stroke-width="2" stroke-dasharray="1.5 3" stroke-linecap="round"/></svg>${esc(r.label)}</li>`)
    .join('');
}

/** A line chart over layers (or any ordered x), one line per series. */
export function lineChart(o: LineChartOptions): string {
  // Fixed CSS pixels (width/height attributes, never stretched): ticks stay 11 px and labels 12 px in any card.
  const W = 320;
  const H = 220;
  const m = { l: 46, r: 12, t: 12, b: 40 };
  const format = o.format ?? ((v: number) => fixed(v, 3));
  const all = [...o.series.flatMap((s) => [...s.values, ...(s.band ?? []).flatMap((b) => b ?? [])]), ...(o.references ?? []).map((r) => r.value)].filter((v): v is number => v !== null && Number.isFinite(v));
  const [y0, y1, steps] = o.yDomain ? [...o.yDomain, 4] : niceDomain(Math.min(0, ...all), Math.max(0, ...all));
  const xs = (i: number) => m.l + (o.x.length === 1 ? (W - m.l - m.r) / 2 : (i * (W - m.l - m.r)) / (o.x.length - 1));
  const ys = (v: number) => m.t + (1 - (v - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const parts: string[] = [];
  for (let k = 0; k <= steps; k++) {
    const v = y0 + ((y1 - y0) * k) / steps;
    const y = r1(ys(v));
    parts.push(`<line class="grid" x1="${m.l}" y1="${y}" x2="${W - m.r}" y2="${y}"/><text class="tick" x="${m.l - 6}" y="${y + 4}" text-anchor="end">${esc(format(v))}</text>`);
  }
  o.x.forEach((x, i) => parts.push(`<text class="tick" x="${r1(xs(i))}" y="${H - m.b + 16}" text-anchor="middle">${esc(x)}</text>`));
  parts.push(`<text class="axis-label" x="${(m.l + W - m.r) / 2}" y="${H - 6}" text-anchor="middle">${esc(o.xLabel)}</text>`);
  parts.push(`<text class="axis-label" transform="translate(12 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle">${esc(o.yLabel)}</text>`);
  for (const s of o.series) {
    // Bands first so every line sits on top of every band; one polygon per unbroken run of intervals.
    if (!s.band) continue;
    let run: number[] = [];
    const flush = () => {
      if (run.length > 0) {
        const upper = run.map((i) => `${r1(xs(i))},${r1(ys(s.band![i]![1]))}`);
        const lower = run.slice().reverse().map((i) => `${r1(xs(i))},${r1(ys(s.band![i]![0]))}`);
        const at = run.length === 1 ? run[0] : -1;
        const shape = at >= 0
          ? `<rect class="band" x="${r1(xs(at) - 5)}" y="${r1(ys(s.band![at]![1]))}" width="10" height="${r1(Math.max(1, ys(s.band![at]![0]) - ys(s.band![at]![1])))}" fill="${s.colour}" fill-opacity="0.18"`
          : `<path class="band" d="M${upper.join('L')}L${lower.join('L')}Z" fill="${s.colour}" fill-opacity="0.18" stroke="none"`;
        const title = run.map((i) => `${o.x[i]}: ${format(s.band![i]![0])}–${format(s.band![i]![1])}`).join(', ');
        parts.push(`${shape}><title>${esc(`${s.label}, interval by ${o.xLabel.toLowerCase()}: ${title}`)}</title>${at >= 0 ? '</rect>' : '</path>'}`);
      }
      run = [];
    };
    s.band.forEach((b, i) => (b && Number.isFinite(b[0]) && Number.isFinite(b[1]) ? run.push(i) : flush()));
    flush();
  }
  for (const r of o.references ?? []) {
    const y = r1(ys(r.value));
    parts.push(`<line class="reference" x1="${m.l}" y1="${y}" x2="${W - m.r}" y2="${y}" stroke="${r.colour}" stroke-width="2" stroke-dasharray="1.5 3" stroke-linecap="round"><title>${esc(`${r.label}: ${format(r.value)}`)}</title></line>`);
  }
  for (const s of o.series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${r1(xs(i))},${r1(ys(v))}`;
      pen = true;
    });
    parts.push(`<path class="series" d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    s.values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) parts.push(markerPath(s.marker, xs(i), ys(v), s.colour, `${s.label}, ${o.xLabel.toLowerCase()} ${o.x[i]}: ${format(v)}`));
    });
  }
  return `<figure class="chart"><svg class="chart-svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><title>${esc(o.title)}</title>${parts.join('')}</svg><figcaption>${o.references?.length ? legend(o.series).replace('</ul>', `${referenceLegend(o.references)}</ul>`) : legend(o.series)}</figcaption></figure>`;
}

export interface HeatmapOptions {
  /** Unique among the page's charts: names the colour-legend gradient. */
  id: string;
  title: string;
  rowLabels: string[];
  colLabels: string[];
  rowTitle: string;
  colTitle: string;
  values: number[][];
  domain: [number, number];
  /** Colour for a value mapped into [0, 1] of the domain (viridis by default). */
  colour?: (t: number) => string;
  textColour?: (t: number) => string;
  format?: (v: number) => string;
  cellTitle?: (row: number, col: number, value: number) => string;
}

/** A grid of coloured cells with the value printed in each, plus a colour legend. */
export function heatmap(o: HeatmapOptions): string {
  const colour = o.colour ?? viridis;
  const textColour = o.textColour ?? viridisText;
  const format = o.format ?? ((v: number) => v.toFixed(2));
  const cw = 50;
  const ch = 30;
  // Room on the left for the longest row label (≈ 6.5 px per character at 11 px) and the axis title.
  const longest = Math.max(0, ...o.rowLabels.map((l) => l.length));
  const m = { l: Math.max(62, Math.ceil(longest * 6.5) + 30), t: 34, r: 10, b: 50 };
  const cols = o.colLabels.length;
  const W = m.l + cols * cw + m.r;
  const H = m.t + o.rowLabels.length * ch + m.b;
  const [lo, hi] = o.domain;
  const norm = (v: number) => (hi === lo ? 0.5 : (v - lo) / (hi - lo));
  const parts: string[] = [];
  parts.push(`<text class="axis-label" x="${m.l + (cols * cw) / 2}" y="12" text-anchor="middle">${esc(o.colTitle)}</text>`);
  o.colLabels.forEach((c, j) => parts.push(`<text class="tick" x="${m.l + j * cw + cw / 2}" y="${m.t - 6}" text-anchor="middle">${esc(c)}</text>`));
  o.rowLabels.forEach((rLabel, i) => {
    const y = m.t + i * ch;
    parts.push(`<text class="tick" x="${m.l - 6}" y="${y + ch / 2 + 4}" text-anchor="end">${esc(rLabel)}</text>`);
    o.values[i]?.forEach((v, j) => {
      if (!Number.isFinite(v)) {
        // not measured (e.g. a layer that could score no item): a grey cell with a dash, never a colour for a number
        const title = o.cellTitle ? o.cellTitle(i, j, v) : `${o.rowTitle} ${rLabel}, ${o.colTitle.toLowerCase()} ${o.colLabels[j]}: not measured`;
        parts.push(
          `<g class="cell"><rect x="${m.l + j * cw}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="#eeeeee"><title>${esc(title)}</title></rect><text x="${m.l + j * cw + (cw - 2) / 2}" y="${y + ch / 2 + 3}" text-anchor="middle" fill="#5b5b5b">–</text></g>`,
        );
        return;
      }
      const t = norm(v);
      const title = o.cellTitle ? o.cellTitle(i, j, v) : `${o.rowTitle} ${rLabel}, ${o.colTitle.toLowerCase()} ${o.colLabels[j]}: ${format(v)}`;
      parts.push(
        `<g class="cell"><rect x="${m.l + j * cw}" y="${y}" width="${cw - 2}" height="${ch - 2}" fill="${colour(t)}"><title>${esc(title)}</title></rect><text x="${m.l + j * cw + (cw - 2) / 2}" y="${y + ch / 2 + 3}" text-anchor="middle" fill="${textColour(t)}">${esc(format(v))}</text></g>`,
      );
    });
  });
  parts.push(`<text class="axis-label" transform="translate(12 ${m.t + (o.rowLabels.length * ch) / 2}) rotate(-90)" text-anchor="middle">${esc(o.rowTitle)}</text>`);
  // Colour legend: a gradient bar from the domain's low to high end.
  const gy = H - m.b + 14;
  const stops = Array.from({ length: 9 }, (_, k) => `<stop offset="${k / 8}" stop-color="${colour(k / 8)}"/>`).join('');
  parts.push(`<defs><linearGradient id="${esc(o.id)}-scale">${stops}</linearGradient></defs>`);
  parts.push(`<rect x="${m.l}" y="${gy}" width="${cols * cw - 2}" height="10" fill="url(#${esc(o.id)}-scale)"/>`);
  parts.push(`<text class="tick" x="${m.l}" y="${gy + 24}">${esc(format(lo))}</text><text class="tick" x="${m.l + cols * cw - 2}" y="${gy + 24}" text-anchor="end">${esc(format(hi))}</text>`);
  return `<figure class="chart heatmap"><svg class="chart-svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><title>${esc(o.title)}</title>${parts.join('')}</svg></figure>`;
}

/**
 * An in-table bar for a rate in [0, max] with its confidence interval as a whisker and, when given, the
 * allowed maximum as a ▼ marker with a line through the bar, so "18% passes, 13% fails" reads at a glance.
 */
export function rateBar(rate: number, ci: [number, number] | null, max: number, title: string, colour: string = OKABE_ITO.vermillion, limit?: number): string {
  const W = 140;
  const x = (v: number) => r1(2 + (Math.min(max, Math.max(0, v)) / (max || 1)) * (W - 4));
  const top = limit === undefined ? 0 : 6;
  const whisker = ci
    ? `<line x1="${x(ci[0])}" y1="${9 + top}" x2="${x(ci[1])}" y2="${9 + top}" stroke="#000" stroke-width="1.5"/><line x1="${x(ci[0])}" y1="${5 + top}" x2="${x(ci[0])}" y2="${13 + top}" stroke="#000" stroke-width="1.5"/><line x1="${x(ci[1])}" y1="${5 + top}" x2="${x(ci[1])}" y2="${13 + top}" stroke="#000" stroke-width="1.5"/>`
    : '';
  const marker =
    limit === undefined
      ? ''
      : `<g class="limit-marker" data-limit="${limit}"><path d="M${r1(x(limit) - 4)},0L${r1(x(limit) + 4)},0L${x(limit)},6Z" fill="#000"/><line x1="${x(limit)}" y1="6" x2="${x(limit)}" y2="${18 + top}" stroke="#000" stroke-width="1.5" stroke-dasharray="2 1.5"/></g>`;
  const H = 18 + top;
  return `<svg class="chart-svg inline-chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><title>${esc(title)}</title><rect class="track" x="2" y="${3 + top}" width="${W - 4}" height="12"/><rect class="rate-fill" x="2" y="${3 + top}" width="${r1(x(rate) - 2)}" height="12" fill="${colour}"/>${whisker}${marker}</svg>`;
}

/** An in-table "dumbbell" from one value to another on a 0–1 scale (e.g. accuracy before → under attack). */
export function dumbbell(from: number, to: number, title: string, fromColour: string = OKABE_ITO.blue, toColour: string = OKABE_ITO.vermillion): string {
  const W = 140;
  const x = (v: number) => r1(6 + Math.min(1, Math.max(0, v)) * (W - 12));
  return `<svg class="chart-svg inline-chart" width="${W}" height="18" viewBox="0 0 ${W} 18" role="img"><title>${esc(title)}</title><rect class="track" x="6" y="8" width="${W - 12}" height="2"/><line x1="${x(from)}" y1="9" x2="${x(to)}" y2="9" stroke="#555" stroke-width="2"/><circle cx="${x(from)}" cy="9" r="5" fill="${fromColour}"/><rect x="${x(to) - 4.5}" y="4.5" width="9" height="9" fill="${toColour}"/></svg>`;
}

/** A proportional horizontal bar, e.g. a timing relative to the longest step. */
export function barCell(value: number, max: number, title: string, colour: string = OKABE_ITO.skyBlue): string {
  const W = 160;
  const w = r1(((max > 0 ? Math.max(0, value) / max : 0) * (W - 2)));
  return `<svg class="chart-svg inline-chart" width="${W}" height="14" viewBox="0 0 ${W} 14" role="img"><title>${esc(title)}</title><rect x="1" y="2" width="${w}" height="10" fill="${colour}"/></svg>`;
}

/** Passed / failed / skipped as one stacked bar. */
export function statusBar(passed: number, failed: number, skipped: number): string {
  const total = passed + failed + skipped || 1;
  const W = 600;
  let x = 0;
  const seg = (n: number, colour: string, label: string, pattern = '') => {
    if (n === 0) return '';
    const w = (n / total) * W;
    const s = `<rect x="${r1(x)}" y="0" width="${r1(w)}" height="16" fill="${colour}"${pattern}><title>${n} ${label}</title></rect>`;
    x += w;
    return s;
  };
  return `<svg class="chart-svg status-bar" viewBox="0 0 ${W} 16" preserveAspectRatio="none" role="img"><title>${passed} passed, ${failed} failed, ${skipped} skipped</title>${seg(passed, OKABE_ITO.bluishGreen, 'passed')}${seg(failed, OKABE_ITO.vermillion, 'failed')}${seg(skipped, '#bbbbbb', 'skipped')}</svg>`;
}

export interface ScatterOptions {
  title: string;
  points: Array<[number, number]>;
  labels: string[];
  /** Colour and marker per label, in this order. */
  classes: Array<{ label: string; colour: string; marker: Marker }>;
}

/** A 2-D scatter (e.g. a PCA projection of word vectors), one colour and marker per class; axes carry no units. */
export function scatter(o: ScatterOptions): string {
  const W = 300;
  const H = 240;
  const pad = 10;
  const xs = o.points.map((p) => p[0]);
  const ys = o.points.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (v: number) => pad + ((v - x0) / (x1 - x0 || 1)) * (W - 2 * pad);
  const sy = (v: number) => H - pad - ((v - y0) / (y1 - y0 || 1)) * (H - 2 * pad);
  const byLabel = new Map(o.classes.map((c) => [c.label, c]));
  const marks = o.points.map(([x, y], i) => {
    const c = byLabel.get(o.labels[i]) ?? { label: o.labels[i], colour: '#777777', marker: 'circle' as Marker };
    return smallMarker(c.marker, sx(x), sy(y), c.colour);
  });
  return `<svg class="chart-svg scatter" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img"><title>${esc(o.title)}</title><rect class="frame" x="0.5" y="0.5" width="${W - 1}" height="${H - 1}"/>${marks.join('')}</svg>`;
}

/** Markers for dense plots: smaller, semi-transparent, no tooltip each (hundreds of them). */
function smallMarker(marker: Marker, x: number, y: number, colour: string): string {
  const a = ' fill-opacity="0.7"';
  if (marker === 'square') return `<rect x="${r1(x - 2.5)}" y="${r1(y - 2.5)}" width="5" height="5" fill="${colour}"${a}/>`;
  if (marker === 'triangle') return `<path d="M${r1(x)},${r1(y - 3.2)}L${r1(x + 3)},${r1(y + 2.5)}L${r1(x - 3)},${r1(y + 2.5)}Z" fill="${colour}"${a}/>`;
  if (marker === 'diamond') return `<path d="M${r1(x)},${r1(y - 3.5)}L${r1(x + 3)},${r1(y)}L${r1(x)},${r1(y + 3.5)}L${r1(x - 3)},${r1(y)}Z" fill="${colour}"${a}/>`;
  return `<circle cx="${r1(x)}" cy="${r1(y)}" r="2.6" fill="${colour}"${a}/>`;
}
