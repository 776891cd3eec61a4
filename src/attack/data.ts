import { readFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { labelSourceOf } from './label-source.js';
import type { AttackExample } from './run-attack.js';
import { parseCsv } from './csv.js';

function parseLabel(value: unknown, labels: readonly string[], where: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < labels.length) return value;
  if (typeof value === 'string') {
    const byName = labels.indexOf(value);
    if (byName >= 0) return byName;
    const upper = labels.findIndex((l) => l.toLowerCase() === value.toLowerCase());
    if (upper >= 0) return upper;
    if (/^\d+$/.test(value) && Number(value) < labels.length) return Number(value);
  }
  throw new UsageError(`${where}: label ${JSON.stringify(value)} is not one of the model's labels: ${labels.join(', ')} (or an index 0–${labels.length - 1})`);
}

/**
 * Reads attack inputs: JSONL with `text` and `label` (a label name or index) on every line or on none, or plain
 * text with one sentence per line. Without labels the model's own prediction is the reference ("label source: model
 * prediction"); a file that labels some lines and not others is refused, naming the first unlabelled line. A file
 * is JSONL when it ends in .jsonl or its first non-empty line starts with `{`.
 * A .csv / .tsv file is read by its header (a `text` or `sentence` column, optional `label`), never line by line:
 * its header is not a sentence.
 */
export function readAttackData(file: string, labels: readonly string[]): AttackExample[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read data file ${file}: check the path`);
  }
  const lines = content.split(/\r?\n/).map((text, i) => ({ text, line: i + 1 })).filter((l) => l.text.trim() !== '');
  if (lines.length === 0) {
    throw new UsageError(`data file ${file} is empty: give one JSON object per line ({"text": "...", "label": "..."}) or one sentence per line`);
  }
  if (/\.[ct]sv$/i.test(file)) return readCsvExamples(content, file, labels);
  const jsonl = file.endsWith('.jsonl') || lines[0].text.trimStart().startsWith('{');
  if (!jsonl) return lines.map((l) => ({ text: l.text.trim() }));
  const records = lines.map(({ text, line }) => {
    const where = `${file} line ${line}`;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      throw new UsageError(`${where} is not valid JSON: write one object per line like {"text": "...", "label": "..."}`);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new UsageError(`${where} is not a JSON object: write {"text": "...", "label": "..."}`);
    }
    const { text: sentence, label } = record as { text?: unknown; label?: unknown };
    if (typeof sentence !== 'string' || sentence.trim() === '') throw new UsageError(`${where} has no "text" field with a sentence in it`);
    return { text: sentence, label, where };
  });
  labelSourceOf(records, (i) => `${file} line ${lines[i].line}`);
  return records.map(({ text, label, where }) => (label === undefined || label === null ? { text } : { text, label: parseLabel(label, labels, where) }));
}

const TEXT_COLUMNS = ['text', 'sentence', 'review', 'content'];

function readCsvExamples(content: string, file: string, labels: readonly string[]): AttackExample[] {
  const rows = parseCsv(content, /\.tsv$/i.test(file) ? '\t' : ',');
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  const textColumn = header.findIndex((h) => TEXT_COLUMNS.includes(h));
  if (textColumn < 0) {
    throw new UsageError(`${file}: a CSV needs a header row naming a text column (${TEXT_COLUMNS.join(', ')}) and optionally "label"; its first row is ${JSON.stringify(rows[0]?.join(',') ?? '')}. Or convert it to JSONL ({"text": "...", "label": "..."} per line)`);
  }
  const labelColumn = header.indexOf('label');
  if (rows.length < 2) throw new UsageError(`${file} has a header but no rows`);
  const records = rows.slice(1).map((row, i) => {
    const where = `${file} row ${i + 2}`;
    const text = row[textColumn]?.trim() ?? '';
    if (text === '') throw new UsageError(`${where} has an empty "${header[textColumn]}" column`);
    const label = labelColumn >= 0 ? row[labelColumn]?.trim() || undefined : undefined;
    return { text, label, where };
  });
  labelSourceOf(records, (i) => records[i].where);
  return records.map(({ text, label, where }) => (label === undefined ? { text } : { text, label: parseLabel(label, labels, where) }));
}
