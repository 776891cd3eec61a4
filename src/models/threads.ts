/**
 * How many CPU threads one forward pass uses (onnxruntime's intra-op threads) when the user does not say.
 * Why one per physical core, set explicitly rather than left to onnxruntime: see LoadOptions.threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The largest thread count accepted: far past any machine's cores, so only a typo is refused. */
export const MAX_THREADS = 1024;

/**
 * Physical cores this process may use. On Linux, the distinct (package, core) pairs of the online CPUs in
 * `/sys/devices/system/cpu` (hyper-threads of one core count once, as onnxruntime counts them); never more than
 * `os.availableParallelism()`, which honours the process's CPU affinity. Elsewhere, or when sysfs cannot be read,
 * `os.availableParallelism()`.
 */
export function physicalCores(sysfs = '/sys/devices/system/cpu', logical = os.availableParallelism()): number {
  try {
    const cores = new Set<string>();
    for (const cpu of onlineCpus(fs.readFileSync(path.join(sysfs, 'online'), 'utf8'))) {
      const topology = path.join(sysfs, `cpu${cpu}`, 'topology');
      const read = (file: string) => fs.readFileSync(path.join(topology, file), 'utf8').trim();
      cores.add(`${read('physical_package_id')}:${read('core_id')}`);
    }
    if (cores.size > 0) return Math.max(1, Math.min(cores.size, logical));
  } catch {
    // not Linux, or a sysfs without topology (some containers): fall back to the logical count
  }
  return Math.max(1, logical);
}

/** CPU numbers of a sysfs list such as `0-3,6,8-9`. */
function onlineCpus(list: string): number[] {
  return list
    .trim()
    .split(',')
    .filter(Boolean)
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
}

/**
 * The intra-op threads of a model loaded without `threads`: one per physical core, shared out among the `sessions`
 * that run at the same time (`sesame run --workers n` runs n), at least 1 each, so n workers never ask for more
 * threads than there are cores.
 */
export function defaultThreads(sessions = 1, cores = physicalCores()): number {
  return Math.max(1, Math.floor(cores / Math.max(1, sessions)));
}

/**
 * Why `value` is not a thread count (a whole number from 0 to MAX_THREADS; 0 = onnxruntime's own default), as the
 * end of a sentence naming the input, or undefined when it is one. `shown` is the value as the user wrote it.
 */
export function threadCountProblem(value: unknown, shown = typeof value === 'string' ? `"${value}"` : String(value)): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_THREADS) return undefined;
  return `must be a whole number of threads from 1 to ${MAX_THREADS}, or 0 for onnxruntime's own default; got ${shown}`;
}

