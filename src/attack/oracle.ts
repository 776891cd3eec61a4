import type { Prediction } from '../models/types.js';
import type { PredictionBatcher } from './batcher.js';

/**
 * The model as one attacked example sees it: every distinct text costs one query, repeated texts are free, and
 * no more than `budget` queries are ever made. Queries beyond the budget come back as undefined.
 */
export class QueryOracle {
  private readonly memo = new Map<string, Prediction>();
  queries = 0;

  constructor(
    private readonly batcher: PredictionBatcher,
    readonly budget: number,
  ) {}

  get exhausted(): boolean {
    return this.queries >= this.budget;
  }

  async predict(texts: string[]): Promise<Array<Prediction | undefined>> {
    const fresh = [...new Set(texts.filter((t) => !this.memo.has(t)))].slice(0, Math.max(0, this.budget - this.queries));
    if (fresh.length > 0) {
      this.queries += fresh.length;
      const predictions = await this.batcher.predict(fresh);
      fresh.forEach((t, i) => this.memo.set(t, predictions[i]));
    }
    return texts.map((t) => this.memo.get(t));
  }
}
