/**
 * Colours that survive the common colour-vision deficiencies: the Okabe–Ito palette for categories
 * and viridis for sequential scales. Categories are never told apart by colour alone: lines also
 * differ by marker shape and dash, statuses by an icon and a word.
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/** The two models compared everywhere in the report. */
export const MODEL_COLOURS = { pretrained: OKABE_ITO.blue, finetuned: OKABE_ITO.vermillion } as const;

/** Extra series (conditions, controls) after the two model colours. */
export const SERIES_COLOURS = [OKABE_ITO.skyBlue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.reddishPurple, OKABE_ITO.black];

// Viridis sampled at 9 stops (matplotlib's colormap), interpolated linearly between them.
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];

function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Viridis colour for t in [0, 1] (clamped), as `#rrggbb`. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hexToRgb(VIRIDIS[i]);
  const b = hexToRgb(VIRIDIS[i + 1]);
  return `#${a.map((c, k) => Math.round(c + (b[k] - c) * f).toString(16).padStart(2, '0')).join('')}`;
}

/** Text colour readable on top of `viridis(t)`. */
export function viridisText(t: number): string {
  return t > 0.55 ? '#000000' : '#ffffff';
}

/** A diverging blue–white–orange (Okabe–Ito ends) colour for t in [−1, 1]. */
export function diverging(t: number): string {
  const x = Math.min(1, Math.max(-1, Number.isFinite(t) ? t : 0));
  const end = hexToRgb(x < 0 ? OKABE_ITO.blue : OKABE_ITO.orange);
  const f = Math.abs(x);
  return `#${end.map((c) => Math.round(255 + (c - 255) * f).toString(16).padStart(2, '0')).join('')}`;
}
