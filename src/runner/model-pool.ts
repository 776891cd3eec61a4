import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LoadOptions, SesameModel } from '../models/types.js';
import type { ModelRef } from '../report/types.js';

/** A local model's path relative to the working directory when it lies inside it: reports and reasons stay short. */
function shownPath(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** Loads each model at most once per run, whichever tests ask for it, and remembers what was loaded. */
export class ModelPool {
  private readonly loading = new Map<string, Promise<SesameModel>>();
  private readonly loaded = new Map<string, SesameModel>();
  /** Time spent loading, per model, for the report's timings. */
  readonly timings: Array<{ step: string; ms: number }> = [];

  constructor(
    private readonly cwd: string,
    private readonly options: LoadOptions,
    private readonly onLoad: (id: string, ms: number, model: SesameModel) => void = () => undefined,
  ) {}

  /** A local path resolves against the run's directory; anything else is passed on as a hub id. */
  key(idOrPath: string): string {
    const local = path.resolve(this.cwd, idOrPath);
    return existsSync(local) ? local : idOrPath;
  }

  get(idOrPath: string): Promise<SesameModel> {
    const key = this.key(idOrPath);
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const started = performance.now();
        const { loadModel } = await import('../models/index.js');
        const model = await loadModel(existsSync(key) ? shownPath(key) : idOrPath, this.options);
        const ms = performance.now() - started;
        this.timings.push({ step: `load ${idOrPath}`, ms });
        this.onLoad(idOrPath, ms, model);
        this.loaded.set(key, model);
        return model;
      })();
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** The content hash of a model already loaded, by the id tests used. */
  hashOf(idOrPath: string): string | undefined {
    return this.loaded.get(this.key(idOrPath))?.info.contentHash;
  }

  ref(idOrPath: string): ModelRef | undefined {
    const model = this.loaded.get(this.key(idOrPath));
    if (!model) return undefined;
    const { info } = model;
    return {
      id: idOrPath,
      contentHash: info.contentHash,
      precision: info.precision,
      architecture: info.architecture,
      layers: info.numLayers,
      heads: info.numHeads,
      labels: info.labels,
    };
  }

  /** One line per loaded model on how its output cache served this run: hit rate and bytes on disk. */
  cacheLines(): string[] {
    return [...this.loaded.values()].map((model) => {
      const { lookups, hits, hitRate, diskBytes } = model.cacheStats();
      const disk = diskBytes ? `, ${(diskBytes / 2 ** 20).toFixed(1)} MiB on disk` : '';
      return `cache ${model.info.id}: ${hits} of ${lookups} lookups hit (${(100 * hitRate).toFixed(1)}%)${disk}`;
    });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.loaded.values()].map((m) => m.dispose()));
    this.loaded.clear();
    this.loading.clear();
  }
}
