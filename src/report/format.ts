/** Number and text formatting shared by the HTML and Markdown renderers. */

/** 0.1234 → "12.3%". */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '–';
}

/** A fixed-point number without a trailing "-0". */
export function fixed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = x.toFixed(digits);
  return /^-0\.?0*$/.test(s) ? s.slice(1) : s;
}

/** A signed delta: "+0.012", "−0.034", "±0". Uses a real minus sign so columns line up. */
export function signed(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return '±0';
  return `${x > 0 ? '+' : '−'}${s}`;
}

/** 1234 → "1.2 s", 184250 → "3 min 4 s", 87 → "87 ms". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "sha256:5f1c0a9e7d3b…" → "5f1c0a9e7d3b". */
export function shortHash(hash: string): string {
  return hash.replace(/^[a-z0-9]+:/i, '').slice(0, 12);
}

/** How many tests: "1 test", "3 tests". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A model id short enough for a chart legend: "fixtures/models/tiny-bert-base" → "tiny-bert-base" (the full id stays in the card's header). */
export function shortModelName(id: string): string {
  return id.split(/[\\/]+/).filter(Boolean).at(-1) ?? id;
}

/** The banner of a report whose run was interrupted: what stopped it and how much did not run. */
export function partialNotice(interrupted: { signal: string; notRun: string[] }): string {
  return `Partial report: the run was interrupted (${interrupted.signal}) and ${plural(interrupted.notRun.length, 'selected test')} did not run; the counts below cover only the tests that ran.`;
}

/**
 * A sub-word token as a reader should see it: byte-level BPE's `Ġ` (GPT-2, RoBERTa) and SentencePiece's `▁`
 * mark the start of a word; both become a visible `␣`, and byte-level `Ċ` (a newline) becomes `↵`.
 * WordPiece tokens (`##ing`) are already readable.
 */
export function readableToken(token: string): string {
  return token.replace(/^[Ġ▁]/, '␣').replace(/Ċ/g, '↵');
}
