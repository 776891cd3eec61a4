import type { LexicalRelations } from './wordnet-relations.js';
import { WordVectors } from './word-vectors.js';

/** Counter-fitting's hyperparameters (Mrkšić et al. 2016, their defaults). */
export interface CounterFitOptions {
  /** Antonym repel weight (k1). Default 0.1. */
  repel?: number;
  /** Synonym attract weight (k2). Default 0.1. */
  attract?: number;
  /** Vector-space preservation weight (k3). Default 0.1. */
  preserve?: number;
  /** Antonyms are pushed apart until their cosine distance reaches this (δ). Default 1.0 (orthogonal). */
  antonymDistance?: number;
  /** Synonyms are pulled together until their cosine distance is at most this (γ). Default 0. */
  synonymDistance?: number;
  /** SGD epochs. Default 20. */
  epochs?: number;
}

/**
 * Counter-fitting (Mrkšić et al. 2016): starting from unit vectors, each epoch moves every constrained word by
 * the mean of its gradient terms and renormalises:
 * - antonym repel: while cos distance(u, v) < δ, u moves away from v;
 * - synonym attract: while cos distance(u, v) > γ, u moves toward v;
 * - vector-space preservation: the paper keeps a moved word at most at its original distance from each of its
 *   original neighbours (cos distance < ρ, over the whole vocabulary). Nearly all of those neighbours are words
 *   that never move, so the term is taken as the pull back toward the word's own original position (a fixed
 *   neighbour at distance 0): the same anchor without the 15k × 65k neighbour search (tens of seconds of
 *   JavaScript on every first use).
 * Deterministic: pairs are visited in sorted order, no random draws. Words outside every pair are unchanged.
 */
export function counterFit(vectors: WordVectors, relations: LexicalRelations, options: CounterFitOptions = {}): WordVectors {
  const k1 = options.repel ?? 0.1;
  const k2 = options.attract ?? 0.1;
  const k3 = options.preserve ?? 0.1;
  const delta = options.antonymDistance ?? 1.0;
  const gamma = options.synonymDistance ?? 0;
  const epochs = options.epochs ?? 20;
  const dim = vectors.dim;
  const toRow = (pairs: Array<[string, string]>) => pairs.map(([a, b]) => [vectors.row(a)!, vectors.row(b)!] as const).filter(([a, b]) => a !== undefined && b !== undefined);
  const antonyms = toRow(relations.antonyms);
  const synonyms = toRow(relations.synonyms);
  const moving = [...new Set([...antonyms, ...synonyms].flat())].sort((a, b) => a - b);

  const original = vectors.unit;
  const current = Float32Array.from(original);
  const dot = (m: Float32Array, a: number, n: Float32Array, b: number) => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += m[a * dim + d] * n[b * dim + d];
    return s;
  };
  const gradient = new Float32Array(current.length);
  const count = new Uint32Array(vectors.size);
  /** Adds weight × (u (u·v) − v) to u's update: the gradient of u·v along the unit sphere, pointing away from v. */
  const push = (u: number, v: number, vs: Float32Array, weight: number) => {
    const uv = dot(current, u, vs, v);
    for (let d = 0; d < dim; d++) gradient[u * dim + d] += weight * (current[u * dim + d] * uv - vs[v * dim + d]);
    count[u]++;
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    gradient.fill(0);
    count.fill(0);
    for (const [a, b] of antonyms) {
      if (1 - dot(current, a, current, b) < delta) {
        push(a, b, current, k1);
        push(b, a, current, k1);
      }
    }
    for (const [a, b] of synonyms) {
      if (1 - dot(current, a, current, b) > gamma) {
        push(a, b, current, -k2);
        push(b, a, current, -k2);
      }
    }
    for (const u of moving) if (1 - dot(current, u, original, u) > 0) push(u, u, original, -k3);
    for (const u of moving) {
      if (count[u] === 0) continue;
      let norm = 0;
      for (let d = 0; d < dim; d++) {
        current[u * dim + d] += gradient[u * dim + d] / count[u];
        norm += current[u * dim + d] ** 2;
      }
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dim; d++) current[u * dim + d] /= norm;
    }
  }
  return new WordVectors(vectors.words, current, dim, `${vectors.source}, counter-fitted`);
}
