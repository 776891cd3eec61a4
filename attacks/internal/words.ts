import type { WordEdit } from '../../src/report/types.js';

/** A whitespace token of the input with its character span. */
export interface Token {
  text: string;
  start: number;
  end: number;
}

/** A sentence cut on whitespace (Open Sesame's word indices), keeping the exact gaps so edits leave the rest untouched. */
export interface ParsedSentence {
  text: string;
  tokens: Token[];
}

export function parseSentence(text: string): ParsedSentence {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    tokens.push({ text: match[0], start: match.index!, end: match.index! + match[0].length });
  }
  return { text, tokens };
}

export function words(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

/** A token split into leading punctuation, the word core, and trailing punctuation: `"(great!)"` → `(`, `great`, `!)`. */
export interface Affixed {
  prefix: string;
  core: string;
  suffix: string;
}

export function splitAffixes(token: string): Affixed {
  const match = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u.exec(token)!;
  return { prefix: match[1], core: match[2], suffix: match[3] };
}

/** Gives `word` the casing pattern of `model`: ALL CAPS, Capitalised or as is. */
export function matchCase(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase() && model !== model.toLowerCase()) return word.toUpperCase();
  if (model[0] && model[0] !== model[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** Replaces the core of a token, keeping its punctuation and casing: `"Good,"` + `fine` → `"Fine,"`. */
export function replaceCore(token: string, replacement: string): string {
  const { prefix, core, suffix } = splitAffixes(token);
  return prefix + matchCase(core, replacement) + suffix;
}

/**
 * Applies word edits to a parsed sentence. Conventions of `WordEdit` (shared by every family and rewrite):
 * - replacement: `{index, from: token, to: newText}`; `to` may hold several words (`is` → `is not`);
 * - deletion: `to === ''`;
 * - insertion: `from === ''`, placed before original token `index` (`index === tokens.length` appends);
 *   several insertions at one index keep their order.
 * Untouched tokens keep their exact text and the whitespace around them.
 */
export function applyEdits(sentence: ParsedSentence, edits: readonly WordEdit[]): string {
  const { tokens, text } = sentence;
  const replaced = new Map<number, string>();
  const inserted = new Map<number, string[]>();
  for (const edit of edits) {
    if (edit.index < 0 || edit.index > tokens.length) throw new RangeError(`edit index ${edit.index} is outside 0..${tokens.length}`);
    if (edit.from === '') {
      inserted.set(edit.index, [...(inserted.get(edit.index) ?? []), edit.to]);
    } else {
      if (tokens[edit.index]?.text !== edit.from) {
        throw new Error(`edit at ${edit.index} expects "${edit.from}" but the sentence has "${tokens[edit.index]?.text}"`);
      }
      if (replaced.has(edit.index)) throw new Error(`two edits replace word ${edit.index}`);
      replaced.set(edit.index, edit.to);
    }
  }
  const lead = tokens.length > 0 ? text.slice(0, tokens[0].start) : text;
  const trail = tokens.length > 0 ? text.slice(tokens[tokens.length - 1].end) : '';
  let out = lead;
  let emitted = false;
  for (let i = 0; i <= tokens.length; i++) {
    const parts = [...(inserted.get(i) ?? [])];
    if (i < tokens.length) {
      const word = replaced.has(i) ? replaced.get(i)! : tokens[i].text;
      if (word !== '') parts.push(word);
    }
    if (parts.length === 0) continue;
    if (emitted) out += i < tokens.length && i > 0 ? gapBefore(sentence, i) : ' ';
    out += parts.join(' ');
    emitted = true;
  }
  return out + trail;
}

function gapBefore(sentence: ParsedSentence, i: number): string {
  const gap = sentence.text.slice(sentence.tokens[i - 1].end, sentence.tokens[i].start);
  return gap.length > 0 ? gap : ' ';
}

/** Indices of original tokens an edit list touches (insertions count at their index). */
export function editedIndices(edits: readonly WordEdit[]): number[] {
  return [...new Set(edits.map((e) => e.index))].sort((a, b) => a - b);
}
