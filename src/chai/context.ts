import { UsageError } from '../errors.js';
import { defaultCacheDir } from '../models/index.js';
import type { SesameModel } from '../models/types.js';
import type { TestContext } from '../runner/types.js';

export interface StandaloneOptions {
  /** fast-check and probe seed. Default 42. */
  seed?: number;
  /** Generated cases per property. Default 100. */
  numRuns?: number;
  /** Where trained probe results are cached; false turns it off. Default `.sesame-cache/` in the working directory, as for models. */
  cacheDir?: string | false;
}

/**
 * A test context outside `sesame run`: the models come from the assertion itself (the fine-tuned one
 * under test, the pretrained one as an argument), and shared work is remembered per context.
 */
export function standaloneContext(finetuned: SesameModel, pretrained: SesameModel | undefined, options: StandaloneOptions): TestContext {
  const memo = new Map<string, Promise<unknown>>();
  const seed = options.seed ?? 42;
  return {
    finetuned: async () => finetuned,
    pretrained: async () => {
      if (!pretrained) throw new UsageError('this assertion compares two models: pass the pretrained model as its first argument');
      return pretrained;
    },
    model: async () => {
      throw new UsageError('inside chai assertions, load other models with loadModel() yourself');
    },
    seed,
    runSeed: seed,
    memo: <T>(key: string, make: () => Promise<T>) => {
      if (!memo.has(key)) memo.set(key, make());
      return memo.get(key) as Promise<T>;
    },
    numRuns: options.numRuns ?? 100,
    thresholds: {},
    cwd: process.cwd(),
    cacheDir: options.cacheDir ?? defaultCacheDir(),
    progress: () => undefined,
    skip: (reason) => {
      throw new UsageError(`skipped: ${reason}`);
    },
  };
}
