import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../errors.js';
import { parseCommandArgs, type Command, type OptionSpec } from '../command.js';
import { renderHtml, renderMarkdown, validateReport, writeFileAtomic } from '../../report/index.js';

const usage = 'sesame report <report.json> [--html file] [--md file]';

/** Reads and validates a stored report.json, with one-line errors naming the file and what to do. */
function readReport(file: string) {
  if (!existsSync(file)) throw new UsageError(`${file} does not exist; pass the report.json a \`sesame run\` wrote (e.g. reports/demo/report.json)`);
  if (statSync(file).isDirectory()) throw new UsageError(`${file} is a folder; pass the report.json inside it`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file} is not JSON (${(err as Error).message.split('\n')[0]}); pass a report.json written by \`sesame run\``);
  }
  return validateReport(json, file);
}

/** `sesame report`: regenerates report.html and report.md from a stored report.json. */
const options = {
  html: { type: 'string', value: 'file', description: 'where to write the HTML report', default: 'next to report.json' },
  md: { type: 'string', value: 'file', description: 'where to write the Markdown report', default: 'next to report.json' },
} satisfies Record<string, OptionSpec>;

export const report: Command & { options: typeof options } = {
  name: 'report',
  summary: 'Regenerate report.html and report.md from a stored report.json',
  usage,
  options,
  examples: [
    'sesame report reports/demo/report.json',
    'sesame report reports/ci/report.json --html public/sesame.html --md comment.md',
  ],
  async run(argv) {
    const { values, positionals } = parseCommandArgs(report, argv);
    if (positionals.length !== 1) throw new UsageError(`expected one report.json, got ${positionals.length}. Usage: ${usage}`);
    const input = positionals[0];
    const base = path.join(path.dirname(input), path.basename(input, path.extname(input)));
    const htmlFile = values.html ?? `${base}.html`;
    const mdFile = values.md ?? `${base}.md`;
    const parsed = readReport(input);
    // Render both before writing either, so an error leaves no half-updated pair behind.
    const html = renderHtml(parsed);
    const md = renderMarkdown(parsed, { htmlPath: path.relative(path.dirname(path.resolve(mdFile)), path.resolve(htmlFile)) || path.basename(htmlFile) });
    for (const file of [htmlFile, mdFile]) {
      const dir = path.dirname(path.resolve(file));
      if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UsageError(`cannot write ${file}: ${dir} is not a folder`);
      mkdirSync(dir, { recursive: true });
    }
    writeFileAtomic(htmlFile, html);
    writeFileAtomic(mdFile, md);
    console.log(`wrote ${htmlFile} (${(Buffer.byteLength(html) / 1e6).toFixed(2)} MB) and ${mdFile}`);
    return 0;
  },
};
