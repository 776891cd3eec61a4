import { createRandom } from '../probing/random.js';

/**
 * A seeded uniform generator in [0, 1): recipes draw from it so the same seed gives the same attack. It is the
 * project's one mulberry32 implementation (src/probing/random.ts, which probes and attention also use), so
 * a seed means the same stream everywhere.
 */
export function seededRandom(seed: number): () => number {
  return createRandom(seed).next;
}

/** A per-example seed, so examples do not share a random stream (and reordering them changes nothing). */
export function exampleSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
}
