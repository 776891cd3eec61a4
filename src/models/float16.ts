/**
 * IEEE 754 half precision for the disk cache (Node 20 has no Float16Array). Rounding is to nearest, ties to even,
 * so a value x comes back as x̂ with |x̂ − x| ≤ max(2⁻¹¹·|x|, 2⁻²⁵): a relative error of at most 4.9e-4 for
 * |x| ≥ 6.1e-5 and an absolute one of at most 3e-8 below that.
 */

/** The largest error `roundTripFloat16` may add to `x` (the bound above). */
export function float16ErrorBound(x: number): number {
  return Math.max(Math.abs(x) * 2 ** -11, 2 ** -25);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * Half-precision bits of each value, or null when a finite value is too large for float16 (|x| > 65504 would
 * become infinite): such a tensor must be stored in full precision.
 */
export function toFloat16(values: Float32Array): Uint16Array | null {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    scratch[0] = values[i];
    const bits = scratchBits[0];
    const sign = (bits >>> 16) & 0x8000;
    const exponent = (bits >>> 23) & 0xff;
    let mantissa = bits & 0x7fffff;
    if (exponent === 0xff) {
      out[i] = sign | 0x7c00 | (mantissa ? 0x200 : 0); // infinity stays infinity, NaN stays NaN
      continue;
    }
    const e = exponent - 112; // rebias 127 → 15
    let half: number;
    if (e >= 0x1f) return null;
    if (e <= 0) {
      if (e < -10) {
        out[i] = sign; // below half the smallest subnormal: rounds to zero
        continue;
      }
      mantissa |= 0x800000;
      const shift = 14 - e;
      half = mantissa >>> shift;
      const rest = mantissa & ((1 << shift) - 1);
      const middle = 1 << (shift - 1);
      if (rest > middle || (rest === middle && half & 1)) half++;
    } else {
      half = (e << 10) | (mantissa >>> 13);
      const rest = mantissa & 0x1fff;
      // a carry out of the mantissa correctly bumps the exponent
      if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half++;
      if (half >= 0x7c00) return null;
    }
    out[i] = sign | half;
  }
  return out;
}

let table: Float32Array | undefined;

/** The float32 value of every half-precision bit pattern. */
function decodeTable(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const e = (h >>> 10) & 0x1f;
    const m = h & 0x3ff;
    table[h] = e === 0 ? sign * m * 2 ** -24 : e === 31 ? (m ? NaN : sign * Infinity) : sign * (1 + m / 1024) * 2 ** (e - 15);
  }
  return table;
}

export function fromFloat16(bits: Uint16Array): Float32Array {
  const lookup = decodeTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = lookup[bits[i]];
  return out;
}
