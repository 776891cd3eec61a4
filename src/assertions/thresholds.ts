import { UsageError } from '../errors.js';

/** A threshold that is a fraction: a finite number in [0, 1], or a usage error naming it. */
export function requireFraction(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`${name} must be a number between 0 and 1, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A threshold that is a non-negative finite number (bits, counts …). */
export function requireNonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`${name} must be a non-negative number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** An inclusive layer range `[from, to]`, checked against the model's layer count (layer 0 = embeddings). */
export function requireLayerRange(name: string, value: unknown, maxLayer?: number): [number, number] {
  const ok = Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v) && v >= 0) && value[0] <= value[1];
  if (!ok) throw new UsageError(`${name} must be [from, to] with 0 ≤ from ≤ to, got ${JSON.stringify(value)}`);
  const range = value as [number, number];
  if (maxLayer !== undefined && range[1] > maxLayer) {
    throw new UsageError(`${name} [${range[0]}, ${range[1]}] goes past the model's last layer ${maxLayer}`);
  }
  return range;
}

export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
export const num = (x: number, digits = 3) => x.toFixed(digits);
