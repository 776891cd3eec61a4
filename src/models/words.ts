import type { WordSplit } from './types.js';

import { createRequire } from 'node:module';

let wordPunct: { tokenize(text: string): string[] } | undefined;

/** natural takes ~0.6 s to load, so it is loaded on the first natural split only. */
function wordPunctTokenizer() {
  if (!wordPunct) {
    process.env.DOTENV_CONFIG_QUIET ??= 'true';
    const natural = createRequire(import.meta.url)('natural');
    wordPunct = new natural.WordPunctTokenizer() as { tokenize(text: string): string[] };
  }
  return wordPunct;
}

/** A word cut out of a text, with its half-open character span. */
export interface WordSpan {
  text: string;
  charStart: number;
  charEnd: number;
}

/** Splits a text into words with character offsets: on whitespace (Open Sesame's word indices) or with natural's word/punctuation tokenizer. */
export function splitWords(text: string, split: WordSplit): WordSpan[] {
  return split === 'natural' ? naturalWords(text) : whitespaceWords(text);
}

function whitespaceWords(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  for (const match of text.matchAll(/\S+/gu)) {
    words.push({ text: match[0], charStart: match.index!, charEnd: match.index! + match[0].length });
  }
  return words;
}

/** natural's tokens located in the original text; pieces that cut a surrogate pair (emoji) are glued back together. */
function naturalWords(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  let cursor = 0;
  for (const token of wordPunctTokenizer().tokenize(text)) {
    const at = text.indexOf(token, cursor);
    if (at < 0) continue; // the tokenizer rewrote this piece; it has no span in the text
    const span = { text: token, charStart: at, charEnd: at + token.length };
    const previous = words[words.length - 1];
    if (previous && previous.charEnd === at && isHighSurrogate(text.charCodeAt(at - 1))) {
      previous.charEnd = span.charEnd;
      previous.text = text.slice(previous.charStart, previous.charEnd);
    } else {
      words.push(span);
    }
    cursor = span.charEnd;
  }
  return words;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
