import { createRandom, deriveSeed } from './random.js';
import type { Example, LabellingExample, SelectionExample, TaskData } from './task-types.js';
import { isSelection } from './task-types.js';

/** A number in [0, 1) fixed by word type and seed. */
function typeKey(word: string, seed: number): number {
  return createRandom(deriveSeed(seed, word.toLowerCase())).next();
}

/**
 * Hewitt & Liang's (2019) control task for a probing task: the output depends on word identity only, with no
 * structure, so a probe that does well on it is memorising types rather than reading structure.
 * - labelling: each word type gets a fixed random label drawn from the task's training label distribution;
 * - selection: each word type gets a fixed random key and the target is the word whose type has the largest key.
 * Selectivity = task accuracy − control accuracy.
 */
export function controlTask(task: TaskData, seed: number): TaskData {
  const map = <E extends Example>(f: (e: Example) => E) => ({
    train: task.train.map(f),
    test: task.test.map(f),
    gen: Object.fromEntries(Object.entries(task.gen).map(([k, v]) => [k, v.map(f)])),
  });
  const first = task.train[0];
  if (first === undefined || isSelection(first)) {
    const select = (e: Example): SelectionExample => {
      let best = 0, bestKey = -1;
      e.words.forEach((w, i) => {
        const k = typeKey(w, seed);
        if (k > bestKey) { best = i; bestKey = k; }
      });
      return { words: e.words, target: best };
    };
    return { ...task, name: `${task.name}:control`, ...map(select) };
  }
  const labels: string[] = [];
  for (const e of task.train as LabellingExample[]) for (const l of e.labels) if (l !== null) labels.push(l);
  labels.sort();
  const cache = new Map<string, string>();
  const labelOf = (word: string) => {
    const type = word.toLowerCase();
    if (!cache.has(type)) cache.set(type, labels[Math.floor(typeKey(type, seed) * labels.length)]);
    return cache.get(type)!;
  };
  const relabel = (e: Example): LabellingExample => ({ words: e.words, labels: (e as LabellingExample).labels.map((l, i) => (l === null ? null : labelOf(e.words[i]))) });
  return { ...task, name: `${task.name}:control`, ...map(relabel) };
}
