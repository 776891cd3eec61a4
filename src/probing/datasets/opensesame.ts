import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SesameError } from '../../errors.js';
import type { AttentionItem } from '../../attention/confusion.js';
import { createRandom, deriveSeed, shuffleInPlace } from '../random.js';
import type { SelectionExample, TaskData } from '../task-types.js';

/**
 * Open Sesame's data files, read as they are (../shared/opensesame/data_*):
 * - `sentence<TAB>index` (data_aux, data_sbjn, data_sbjn-join): index = 0-based position in the sentence cut the way
 *   BERT's basic tokenizer cuts it (whitespace, then each punctuation mark on its own: `fish's` → `fish ' s`).
 *   The loader re-spaces punctuation the same way; WordPiece splits punctuation anyway, so the model's sub-tokens are
 *   unchanged and the index stays exact.
 * - one pre-tokenized WordPiece sentence per line (data_nth): `##` pieces are glued back to their word; the target is
 *   the n-th word.
 * - `sentence<TAB>verb<TAB>subject span<TAB>distractor span` (data_agr): spans are lists of word positions.
 * A split's files are `<prefix>.train`, `<prefix>.test`, `<prefix>.gen` / `<prefix>.gen_<name>`; `.pos` twins are ignored.
 */

/** The repository's sibling folder with the paper's data, or null when absent (a fresh clone). */
export function openSesameRoot(repoRoot: string): string | null {
  const dir = path.resolve(repoRoot, '..', 'shared', 'opensesame');
  return existsSync(dir) ? dir : null;
}

/** One punctuation mark or symbol, or a run of characters that are neither that nor whitespace. */
const BASIC_TOKEN = /[\p{P}\p{S}]|[^\s\p{P}\p{S}]+/gu;

/**
 * Whitespace words with every punctuation mark split off, like BERT's BasicTokenizer. One global match per sentence:
 * splitting each word with a capturing Unicode regex, then flattening and filtering, was ~6x slower on Open Sesame files.
 */
export function basicTokens(sentence: string): string[] {
  return sentence.match(BASIC_TOKEN) ?? [];
}

/** Joins WordPiece continuation pieces (`vin ##ken` → `vinken`) back into words. */
export function joinWordPieces(line: string): string[] {
  const words: string[] = [];
  for (const piece of line.trim().split(/\s+/)) {
    if (piece.startsWith('##') && words.length) words[words.length - 1] += piece.slice(2);
    else if (piece) words.push(piece);
  }
  return words;
}

function readLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SesameError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (lines.length === 0) throw new SesameError(`${file} is empty; give a file with one example per line`);
  return lines;
}

function parseIndex(text: string | undefined, file: string, line: number, what: string): number {
  const n = Number(text?.trim());
  if (text === undefined || text.trim() === '' || !Number.isInteger(n)) {
    throw new SesameError(`${file}:${line}: ${what} "${text ?? ''}" is not an integer word index`);
  }
  return n;
}

/** Reads one Open Sesame selection file (`sentence<TAB>index`, or pre-tokenized lines for nth with `n`). */
export function readSelectionFile(file: string, options: { n?: number } = {}): { examples: SelectionExample[]; skipped: Record<string, number> } {
  const examples: SelectionExample[] = [];
  const skipped: Record<string, number> = {};
  readLines(file).forEach((line, i) => {
    const columns = line.split('\t');
    if (columns.length === 1) {
      const n = options.n;
      if (n === undefined) throw new SesameError(`${file}:${i + 1}: no index column; for the n-th token task pass --n`);
      const words = joinWordPieces(columns[0]);
      if (words.length < n) {
        skipped['shorter than n'] = (skipped['shorter than n'] ?? 0) + 1;
        return;
      }
      examples.push({ words, target: n - 1 });
      return;
    }
    const words = basicTokens(columns[0]);
    const target = parseIndex(columns[1], file, i + 1, 'index');
    if (target < 0 || target >= words.length) {
      throw new SesameError(`${file}:${i + 1}: index ${target} is outside the sentence's ${words.length} words`);
    }
    examples.push({ words, target });
  });
  return { examples, skipped };
}

interface SplitFiles {
  train: string;
  test: string;
  gen: Record<string, string>;
}

/** Finds `<prefix>.train`, `.test` and `.gen*` in a directory. */
export function findSplitFiles(dir: string): SplitFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new SesameError(`${dir} is not a directory of Open Sesame files`);
  const files = readdirSync(dir).filter((f) => !f.endsWith('.pos'));
  const find = (suffix: string) => files.find((f) => f.endsWith(suffix));
  const train = find('.train'), test = find('.test');
  if (!train || !test) throw new SesameError(`${dir} needs a <name>.train and a <name>.test file (found: ${files.join(', ') || 'nothing'})`);
  const gen: Record<string, string> = {};
  for (const f of files) {
    const m = /\.gen(?:_(.+))?$/.exec(f);
    if (m) gen[m[1] ?? 'gen'] = path.join(dir, f);
  }
  return { train: path.join(dir, train), test: path.join(dir, test), gen };
}

function sample<T>(items: T[], size: number | undefined, seed: number, label: string): T[] {
  if (size === undefined || size >= items.length) return items;
  const copy = items.slice();
  shuffleInPlace(copy, createRandom(deriveSeed(seed, label)));
  return copy.slice(0, size);
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Loads an Open Sesame task directory, optionally sampling (seeded) at most `train` / `test` / `gen` sentences. */
export function loadOpenSesameTask(dir: string, name: string, options: { train?: number; test?: number; gen?: number; seed?: number; n?: number } = {}): TaskData<SelectionExample> {
  const files = findSplitFiles(dir);
  const seed = options.seed ?? 0;
  const skipped: Record<string, number> = {};
  const read = (file: string, size: number | undefined, label: string) => {
    const r = readSelectionFile(file, { n: options.n });
    addCounts(skipped, r.skipped);
    return sample(r.examples, size, seed, label);
  };
  const gen: Record<string, SelectionExample[]> = {};
  for (const [g, file] of Object.entries(files.gen)) gen[g] = read(file, options.gen ?? options.test, `gen/${g}`);
  return {
    name,
    shape: 'selection',
    train: read(files.train, options.train, 'train'),
    test: read(files.test, options.test, 'test'),
    gen,
    skipped,
  };
}

function parseSpan(text: string | undefined, file: string, line: number, what: string): number[] {
  if (!text || !text.trim()) return [];
  return text.trim().split(/\s+/).map((t) => parseIndex(t, file, line, what));
}

/** Reads data_agr files (`sentence<TAB>verb<TAB>subject span<TAB>distractor span`); the condition is the file name. */
export function readAgreementFile(file: string): AttentionItem[] {
  const condition = path.basename(file);
  return readLines(file).map((line, i) => {
    const [sentence, verb, subject, distractor] = line.split('\t');
    const words = basicTokens(sentence);
    const source = parseIndex(verb, file, i + 1, 'verb index');
    const subj = parseSpan(subject, file, i + 1, 'subject span');
    const dist = parseSpan(distractor, file, i + 1, 'distractor span');
    for (const idx of [source, ...subj, ...dist]) {
      if (idx < 0 || idx >= words.length) throw new SesameError(`${file}:${i + 1}: word index ${idx} is outside the sentence's ${words.length} words`);
    }
    if (subj.length === 0) throw new SesameError(`${file}:${i + 1}: the subject span is empty`);
    return { text: words.join(' '), source, candidates: dist.length ? [subj, dist] : [subj], condition };
  });
}

/** A data_agr directory (every `agr.N` file, in numeric order) or a single file. */
export function loadAgreementItems(fileOrDir: string, options: { perCondition?: number; seed?: number } = {}): AttentionItem[] {
  if (!existsSync(fileOrDir)) throw new SesameError(`${fileOrDir} does not exist`);
  const files = statSync(fileOrDir).isDirectory()
    ? readdirSync(fileOrDir).filter((f) => !f.endsWith('.pos')).sort((a, b) => conditionNumber(a) - conditionNumber(b) || a.localeCompare(b)).map((f) => path.join(fileOrDir, f))
    : [fileOrDir];
  if (files.length === 0) throw new SesameError(`${fileOrDir} holds no data files`);
  return files.flatMap((f) => sample(readAgreementFile(f), options.perCondition, options.seed ?? 0, path.basename(f)));
}

function conditionNumber(file: string): number {
  const m = /(\d+)$/.exec(file);
  return m ? Number(m[1]) : Number.MAX_SAFE_INTEGER;
}
