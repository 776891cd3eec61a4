import { readFileSync } from 'node:fs';
import { SesameError } from '../../errors.js';
import { createRandom, deriveSeed, shuffleInPlace } from '../random.js';
import type { Example, TaskData } from '../task-types.js';
import { isSelection } from '../task-types.js';

/**
 * A user task as JSONL, one sentence per line:
 *   {"text": "the dog can run", "target": 2}                       token selection (word index, whitespace words)
 *   {"words": ["the", "dog"], "labels": ["DT", "NN"]}              token labelling (null = not scored)
 * with an optional `"split": "train" | "test" | "gen" | "gen:<name>"`. Lines without a split are divided 80/20
 * into train and test (seeded). All lines must have the same shape.
 */
export function loadJsonlTask(file: string, options: { seed?: number; name?: string } = {}): TaskData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SesameError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).map((l, i) => [l.trim(), i + 1] as const).filter(([l]) => l.length > 0);
  if (lines.length === 0) throw new SesameError(`${file} is empty; give one JSON object per line with "text" and "target" or "labels"`);
  const task: TaskData = { name: options.name ?? 'file', shape: 'selection', train: [], test: [], gen: {}, skipped: {} };
  const unsplit: Example[] = [];
  let shape: 'selection' | 'labelling' | undefined;
  for (const [line, n] of lines) {
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line);
    } catch {
      throw new SesameError(`${file}:${n}: not valid JSON`);
    }
    const words = Array.isArray(obj.words) ? obj.words.map(String) : typeof obj.text === 'string' ? obj.text.trim().split(/\s+/) : null;
    if (!words || words.length === 0 || words[0] === '') throw new SesameError(`${file}:${n}: needs "text" (a string) or "words" (an array)`);
    let example: Example;
    if (obj.target !== undefined) {
      const target = obj.target;
      if (typeof target !== 'number' || !Number.isInteger(target) || target < 0 || target >= words.length) {
        throw new SesameError(`${file}:${n}: target ${JSON.stringify(target)} is not a word index of its ${words.length} words`);
      }
      example = { words, target };
    } else if (Array.isArray(obj.labels)) {
      if (obj.labels.length !== words.length) throw new SesameError(`${file}:${n}: ${obj.labels.length} labels for ${words.length} words`);
      example = { words, labels: obj.labels.map((l) => (l === null ? null : String(l))) };
    } else {
      throw new SesameError(`${file}:${n}: needs "target" (a word index) or "labels" (one per word)`);
    }
    const thisShape = isSelection(example) ? 'selection' : 'labelling';
    if (shape && shape !== thisShape) throw new SesameError(`${file}:${n}: mixes "target" and "labels" lines; use one task shape per file`);
    shape = thisShape;
    const split = obj.split;
    if (split === undefined) unsplit.push(example);
    else if (split === 'train') task.train.push(example);
    else if (split === 'test') task.test.push(example);
    else if (typeof split === 'string' && /^gen(:.+)?$/.test(split)) (task.gen[split.slice(4) || 'gen'] ??= []).push(example);
    else throw new SesameError(`${file}:${n}: split ${JSON.stringify(split)} must be "train", "test", "gen" or "gen:<name>"`);
  }
  task.shape = shape!;
  shuffleInPlace(unsplit, createRandom(deriveSeed(options.seed ?? 0, 'jsonl-split')));
  const cut = Math.round(unsplit.length * 0.8);
  task.train.push(...unsplit.slice(0, cut));
  task.test.push(...unsplit.slice(cut));
  if (task.train.length < 2) throw new SesameError(`${file}: only ${task.train.length} training sentence(s); a probe needs a training and a development split`);
  if (task.test.length === 0) throw new SesameError(`${file}: no test sentences; add lines with "split": "test" or more unsplit lines`);
  return task;
}
