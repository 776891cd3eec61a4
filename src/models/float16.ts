/**
 * IEEE 754 half precision for the disk cache (Node 20 has no Float16Array). Rounding is to nearest, ties to even,
 * so a value x comes back as x̂ with |x̂ − x| ≤ max(2⁻¹¹·|x|, 2⁻²⁵): a relative error of at most 4.9e-4 for
 * |x| ≥ 6.1e-5 and an absolute one of at most 3e-8 below that.
 */

/** The largest error `roundTripFloat16` may add to `x` (the bound above). */
export function float16ErrorBound(x: number): number {
  return Math.max(Math.abs(x) * 2 ** -11, 2 ** -25);
}

/**
 * Half-precision bits of each value, or null when a finite value is too large for float16 (|x| > 65504 would
 * become infinite): such a tensor must be stored in full precision.
 */
export function toFloat16(values: Float32Array): Uint16Array | null {
  const out = new Uint16Array(values.length);
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < words.length; i++) {
    const bits = words[i];
    const sign = (bits >>> 16) & 0x8000;
    const magnitude = bits & 0x7fffffff;
    if (magnitude >= 0x38800000 && magnitude < 0x47800000) {
      // normal in float16 (2⁻¹⁴ ≤ |x| < 2¹⁶): rebias the exponent and round the mantissa to nearest, ties to even
      const half = (magnitude - 0x38000000 + 0xfff + ((magnitude >>> 13) & 1)) >>> 13;
      if (half >= 0x7c00) return null; // rounds past 65504
      out[i] = sign | half;
    } else if (magnitude < 0x38800000) {
      out[i] = sign | subnormalBits(magnitude);
    } else if (magnitude > 0x7f800000) {
      out[i] = sign | 0x7e00; // NaN stays NaN
    } else if (magnitude === 0x7f800000) {
      out[i] = sign | 0x7c00; // infinity stays infinity
    } else {
      return null; // finite but beyond float16's range
    }
  }
  return out;
}

/** Float16 bits of a magnitude below 2⁻¹⁴ (float32 bits): a subnormal m·2⁻²⁴, rounded to nearest, ties to even. */
function subnormalBits(magnitude: number): number {
  const exponent = magnitude >>> 23;
  if (exponent < 102) return 0; // below 2⁻²⁵: rounds to zero
  const mantissa = (magnitude & 0x7fffff) | 0x800000;
  const shift = 126 - exponent; // value = mantissa·2^(exponent − 150) = (mantissa >> shift)·2⁻²⁴
  let half = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const middle = 1 << (shift - 1);
  if (rest > middle || (rest === middle && half & 1)) half++;
  return half;
}

let subnormals: Float32Array | undefined;

/** Decodes half-precision bits by moving sign, exponent and mantissa into float32 position (no rounding needed). */
export function fromFloat16(bits: Uint16Array): Float32Array {
  return fromFloat16Into(bits, new Float32Array(bits.length), 0);
}

/** Decodes `bits` into `out` from index `at` on; returns `out`. */
export function fromFloat16Into(bits: Uint16Array, out: Float32Array, at: number): Float32Array {
  const words = new Uint32Array(out.buffer, out.byteOffset + 4 * at, bits.length);
  const values = out.subarray(at, at + bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const exponent = h & 0x7c00;
    if (exponent !== 0 && exponent !== 0x7c00) {
      words[i] = ((h & 0x8000) << 16) | (((h & 0x7fff) + 0x1c000) << 13); // rebias 15 → 127: + 112 << 10
    } else if (exponent === 0) {
      values[i] = (subnormals ??= subnormalValues())[h & 0x3ff] * (h & 0x8000 ? -1 : 1);
    } else {
      words[i] = ((h & 0x8000) << 16) | 0x7f800000 | ((h & 0x3ff) << 13); // infinity or NaN
    }
  }
  return out;
}

/** Zero and the float16 subnormals m·2⁻²⁴, by mantissa m. */
function subnormalValues(): Float32Array {
  return Float32Array.from({ length: 1024 }, (_, m) => m * 2 ** -24);
}
