import { Z95 } from './normal.js';

/**
 * The Wilson score interval of a proportion (95% by default): stays inside [0, 1] and behaves at 0 and n
 * failures, unlike the normal approximation. With no trials the proportion is unknown: [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] {
  if (trials === 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / (1 + z2 / trials);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
