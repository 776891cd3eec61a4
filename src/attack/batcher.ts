import type { Prediction, SesameModel } from '../models/types.js';

interface Pending {
  texts: string[];
  resolve: (p: Prediction[]) => void;
  reject: (e: unknown) => void;
}

/**
 * Merges the prediction requests of concurrently attacked examples into one `model.predict` call per tick, so
 * the model sees full batches even when one example asks for a handful of candidates.
 */
export class PredictionBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Sentences forwarded to the model through this batcher. */
  forwarded = 0;

  constructor(private readonly model: SesameModel) {}

  predict(texts: string[]): Promise<Prediction[]> {
    if (texts.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ texts, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const all = batch.flatMap((p) => p.texts);
    this.forwarded += all.length;
    try {
      const predictions = await this.model.predict(all);
      let offset = 0;
      for (const p of batch) {
        p.resolve(predictions.slice(offset, offset + p.texts.length));
        offset += p.texts.length;
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
