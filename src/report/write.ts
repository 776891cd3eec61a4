import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SesameError } from '../errors.js';
import type { SesameReport } from './types.js';
import { renderHtml, type HtmlOptions } from './html/render.js';
import { renderMarkdown } from './markdown.js';
import { validateReport } from './validate.js';

export interface WriteOptions extends HtmlOptions {
  /** Check the report against report.schema.json first (default true); an invalid report writes nothing. */
  validate?: boolean;
  /** How report.md names the HTML report, e.g. a CI artifact URL. Default: its path relative to the working directory. */
  htmlLink?: string;
}

/** Writes `content` so readers see the old file or the new one, never half of it: temp file in the same folder, then rename. */
export function writeFileAtomic(file: string, content: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (err) {
    rmSync(temp, { force: true });
    throw new SesameError(`could not write ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Decimals kept for head-view attention weights in report.json (the metrics are computed before this). */
export const ATTENTION_SAMPLE_DECIMALS = 4;

function roundTensor(t: number[][][][]): number[][][][] {
  const f = 10 ** ATTENTION_SAMPLE_DECIMALS;
  return t.map((layer) => layer.map((head) => head.map((row) => row.map((w) => Math.round(w * f) / f))));
}

function isFlat(value: unknown[]): boolean {
  return value.every((v) => v === null || typeof v !== 'object');
}

/** Indented JSON whose arrays of numbers or strings stay on one line each, so matrices read row by row. */
function stringify(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0 || isFlat(value)) return JSON.stringify(value);
    const inner = `${indent}  `;
    return `[\n${value.map((v) => inner + stringify(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${stringify(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * report.json's text: indented for diffs, number rows on one line, and the head-view attention
 * samples (the bulk of the file: 2 models × heads × n² per sentence) rounded to 4 decimals, which
 * keeps a 200-sentence report a fraction of the size of full float precision.
 */
export function serializeReport(report: SesameReport): string {
  const compact: SesameReport = {
    ...report,
    attention: report.attention.map((a) => ({ ...a, samples: a.samples.map((s) => ({ ...s, pretrained: roundTensor(s.pretrained), finetuned: roundTensor(s.finetuned) })) })),
  };
  return `${stringify(compact)}\n`;
}

/**
 * Writes report.json, report.html and report.md into `dir` and returns their paths. Everything is
 * rendered before anything is written, and each file is replaced atomically, so a bad report or a
 * rendering error leaves the folder as it was.
 */
export function writeReports(report: SesameReport, dir: string, options: WriteOptions = {}): string[] {
  if (options.validate !== false) validateReport(report, `the report for ${dir}`);
  const json = serializeReport(report);
  const html = renderHtml(report, options);
  const htmlFile = path.resolve(dir, 'report.html');
  const relative = path.relative(process.cwd(), htmlFile);
  const md = renderMarkdown(report, { htmlPath: options.htmlLink ?? (relative.startsWith('..') ? htmlFile : relative) });
  mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [path.join(dir, 'report.json'), json],
    [path.join(dir, 'report.html'), html],
    [path.join(dir, 'report.md'), md],
  ];
  for (const [file, content] of files) writeFileAtomic(file, content);
  return files.map(([file]) => file);
}
