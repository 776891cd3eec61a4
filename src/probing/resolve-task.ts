import { existsSync, readFileSync, statSync } from 'node:fs';
import { SesameError } from '../errors.js';
import { generateSelectionTask } from './datasets/generated.js';
import { loadJsonlTask } from './datasets/jsonl.js';
import { basicTokens, findSplitFiles, joinWordPieces, loadOpenSesameTask } from './datasets/opensesame.js';
import { tagSentences } from './datasets/pos.js';
import { controlTask } from './control.js';
import { createRandom, deriveSeed, shuffleInPlace } from './random.js';
import type { TaskData } from './task-types.js';

export const PROBE_TASKS = ['aux', 'subject', 'nth', 'pos', 'control', 'file'] as const;
export type ProbeTaskName = (typeof PROBE_TASKS)[number];

/** `sesame probe`'s sentence counts (the CLI asks for the dev split on top of the training sentences). */
export const PROBE_SIZE_DEFAULTS = { train: 1600, dev: 200, test: 400, gen: 400 } as const;

export interface ResolveTaskOptions {
  /** Open Sesame task directory, a text file (pos), or a JSONL file (file). Without it the built-in grammar is used. */
  data?: string;
  /** Training sentences (sampled from the data). Default 1600. */
  train?: number;
  /** Further training-side sentences for the dev split, drawn with the training ones. Default 0 (the runner then carves 10%). */
  dev?: number;
  /** Test sentences. Default 400. */
  test?: number;
  /** Sentences per generalization set, independent of `test`. Default 400. */
  gen?: number;
  seed?: number;
  n?: number;
  /** For nth: count sub-tokens (Open Sesame's n-th token, default) or whitespace words. */
  nthUnit?: 'token' | 'word';
}

/** What `sesame probe --task` asks for, turned into data. `runControl` is false for the control task itself. */
export function resolveProbeTask(name: string, options: ResolveTaskOptions = {}): { task: TaskData; runControl: boolean; source: string } {
  if (!(PROBE_TASKS as readonly string[]).includes(name)) {
    throw new SesameError(`unknown task "${name}"; choose one of ${PROBE_TASKS.join(', ')}`);
  }
  const seed = options.seed ?? 0;
  const sizes = { train: (options.train ?? PROBE_SIZE_DEFAULTS.train) + (options.dev ?? 0), test: options.test ?? PROBE_SIZE_DEFAULTS.test, gen: options.gen ?? PROBE_SIZE_DEFAULTS.gen, seed };
  const data = options.data;
  if (data !== undefined && !existsSync(data)) throw new SesameError(`--data ${data} does not exist`);
  switch (name as ProbeTaskName) {
    case 'aux':
    case 'subject':
    case 'nth': {
      const n = name === 'nth' ? options.n ?? 3 : undefined;
      let task: TaskData;
      if (!data) {
        task = generateSelectionTask(name as 'aux', { ...sizes, n });
      } else {
        if (!statSync(data).isDirectory()) throw new SesameError(`--data for ${name} must be an Open Sesame task directory (with <name>.train and <name>.test), got the file ${data}`);
        task = loadOpenSesameTask(data, name, { ...sizes, n });
      }
      if (name === 'nth' && (options.nthUnit ?? 'token') === 'token') task = { ...task, name: 'nth', nthToken: n };
      return { task, runControl: true, source: data ?? 'sesame grammar' };
    }
    case 'pos':
    case 'control': {
      const pos = posTask(data, sizes);
      return name === 'pos'
        ? { task: pos, runControl: true, source: data ?? 'sesame grammar' }
        : { task: controlTask(pos, deriveSeed(seed, 'control')), runControl: false, source: data ?? 'sesame grammar' };
    }
    case 'file': {
      if (!data) throw new SesameError('--task file needs --data <file.jsonl>');
      return { task: loadJsonlTask(data, { seed, name: 'file' }), runControl: true, source: data };
    }
  }
}

/**
 * Part-of-speech task: sentences from a text file (one per line), from an Open Sesame directory's train/test files,
 * or from Sesame's grammar; every word labelled by natural's Brill tagger.
 */
function posTask(data: string | undefined, sizes: { train: number; test: number; seed: number }): TaskData {
  let sentences: string[][];
  if (!data) {
    const g = generateSelectionTask('subject', { train: sizes.train, test: sizes.test, gen: 0, seed: sizes.seed });
    sentences = [...g.train, ...g.test].map((e) => e.words);
  } else if (statSync(data).isDirectory()) {
    const files = findSplitFiles(data);
    sentences = [files.train, files.test].flatMap((f) => readFileSync(f, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map(sentenceWords));
  } else {
    if (/\.[ct]sv$/i.test(data)) throw new SesameError(`${data}: the pos task reads plain text, one sentence per line, not a CSV (its header and columns would be tagged as words); export the sentence column to a .txt file`);
    sentences = readFileSync(data, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map(sentenceWords);
    if (sentences.length === 0) throw new SesameError(`${data} is empty; give one sentence per line`);
  }
  shuffleInPlace(sentences, createRandom(deriveSeed(sizes.seed, 'pos')));
  const test = Math.min(sizes.test, Math.floor(sentences.length / 5));
  const chosen = sentences.slice(0, Math.min(sentences.length, sizes.train + test));
  if (chosen.length < 3) throw new SesameError(`${data}: ${chosen.length} sentence(s) are too few for train, dev and test splits`);
  const tagged = tagSentences(chosen);
  return { name: 'pos', shape: 'labelling', train: tagged.slice(test), test: tagged.slice(0, test), gen: {}, skipped: {} };
}

/** Words of one line: the sentence column of a tab-separated line; WordPiece `##` pieces glued; punctuation split. */
function sentenceWords(line: string): string[] {
  const sentence = line.split('\t')[0];
  return sentence.includes(' ##') ? joinWordPieces(sentence) : basicTokens(sentence);
}
