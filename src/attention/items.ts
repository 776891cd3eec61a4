import { readFileSync, statSync, existsSync } from 'node:fs';
import { SesameError } from '../errors.js';
import { generateAttentionItems } from '../probing/datasets/generated.js';
import { loadAgreementItems } from '../probing/datasets/opensesame.js';
import type { AttentionItem } from './confusion.js';

/**
 * Attention items from `--data`: an Open Sesame data_agr directory or file, a JSONL file
 * (`{"text", "source", "candidates": [[correct words], [distractor words], …], "condition"}`), or — without data —
 * Sesame's generated agreement and reflexive items.
 */
export function loadAttentionItems(data: string | undefined, options: { perCondition?: number; seed?: number } = {}): { items: AttentionItem[]; source: string } {
  if (data === undefined) return { items: generateAttentionItems(options), source: 'sesame grammar (agreement and reflexives)' };
  if (!existsSync(data)) throw new SesameError(`--data ${data} does not exist`);
  if (!statSync(data).isDirectory() && data.endsWith('.jsonl')) return { items: readJsonlItems(data), source: data };
  return { items: loadAgreementItems(data, options), source: data };
}

function readJsonlItems(file: string): AttentionItem[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).map((l, i) => [l.trim(), i + 1] as const).filter(([l]) => l);
  if (lines.length === 0) throw new SesameError(`${file} is empty; give one JSON object per line with text, source and candidates`);
  return lines.map(([line, n]) => {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(line);
    } catch {
      throw new SesameError(`${file}:${n}: not valid JSON`);
    }
    const isIndexList = (v: unknown) => Array.isArray(v) && v.every((x) => Number.isInteger(x));
    if (typeof o.text !== 'string' || !Number.isInteger(o.source) || !Array.isArray(o.candidates) || !o.candidates.every(isIndexList)) {
      throw new SesameError(`${file}:${n}: needs "text" (string), "source" (word index) and "candidates" (lists of word indices, correct first)`);
    }
    return { text: o.text, source: o.source as number, candidates: o.candidates as number[][], condition: typeof o.condition === 'string' ? o.condition : 'all' };
  });
}
