/** Sesame's reports: report.json (validated against report.schema.json), report.html and report.md. */
export { writeReports, writeFileAtomic, serializeReport, type WriteOptions } from './write.js';
export { renderHtml, type HtmlOptions } from './html/render.js';
export { renderMarkdown, mdText, mdCode, type MarkdownOptions } from './markdown.js';
export { validateReport, reportErrors, reportSchema } from './validate.js';
export { wordDiff, type DiffPart } from './word-diff.js';
export * from './types.js';
