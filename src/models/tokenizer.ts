import fs from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { SesameError } from '../errors.js';
import type { AlignedWord, Encoding, WordSplit } from './types.js';
import { splitWords, type WordSpan } from './words.js';

/** What `encode` reports when a text is longer than the model's positions. */
export type TruncationWarning = (message: string) => void;

/**
 * The model's own tokenizer (tokenizer.json, run by @huggingface/tokenizers: the engine inside transformers.js,
 * without the 1.5 s / 170 MB of loading all of transformers.js) plus what Sesame adds: truncation to the
 * model's positions, and word ↔ sub-token alignment for whitespace and natural word splits.
 */
export class ModelTokenizer {
  private readonly leading: number[];
  private readonly trailing: number[];
  private readonly vocab: string[];
  private readonly ids: Map<string, number>;

  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxPositions: number,
    readonly padId: number,
  ) {
    this.ids = tokenizer.get_vocab(true);
    this.vocab = [];
    for (const [token, id] of this.ids) this.vocab[id] = token;
    [this.leading, this.trailing] = this.specialTokenFrame();
  }

  /** Loads tokenizer.json (+ tokenizer_config.json when present) from a model directory. */
  static fromDirectory(dir: string, maxPositions: number, configPadId: number | undefined): ModelTokenizer {
    const tokenizerFile = path.join(dir, 'tokenizer.json');
    const json = readJson(tokenizerFile);
    const configFile = path.join(dir, 'tokenizer_config.json');
    const config = fs.existsSync(configFile) ? readJson(configFile) : {};
    let tokenizer: Tokenizer;
    try {
      tokenizer = new Tokenizer(json, config);
    } catch (err) {
      throw new SesameError(`${tokenizerFile} cannot be loaded (${(err as Error).message.split('\n')[0]}); use the tokenizer.json that came with the model`);
    }
    const configured = Number(config.model_max_length);
    const limit = Number.isFinite(configured) && configured > 0 && configured < maxPositions ? configured : maxPositions;
    const padToken = config.pad_token as string | { content?: string } | undefined;
    const padId = tokenizer.token_to_id(typeof padToken === 'string' ? padToken : padToken?.content ?? '') ?? configPadId ?? 0;
    return new ModelTokenizer(tokenizer, limit, padId);
  }

  /** The special tokens a single sentence is wrapped in ([CLS] … [SEP], <s> … </s>), found by encoding a probe text both ways. */
  private specialTokenFrame(): [number[], number[]] {
    const probe = 'hello world';
    const inner: number[] = this.tokenizer.encode(probe, { add_special_tokens: false }).ids;
    const outer: number[] = this.tokenizer.encode(probe, { add_special_tokens: true }).ids;
    for (let k = 0; k + inner.length <= outer.length; k++) {
      if (inner.every((id, i) => outer[k + i] === id)) return [outer.slice(0, k), outer.slice(k + inner.length)];
    }
    return [[], []];
  }

  idToToken(id: number): string {
    return this.vocab[id] ?? `[${id}]`;
  }

  tokenToId(token: string): number | undefined {
    return this.ids.get(token);
  }

  /**
   * Tokenizes one text, truncating it to the model's positions (`warn` names the limit) and attaching its words,
   * computed on first access (predictions never pay for the alignment).
   */
  encode(text: string, split: WordSplit = 'whitespace', warn?: TruncationWarning): Encoding {
    if (typeof text !== 'string' || text.trim() === '') {
      throw new SesameError(`text ${JSON.stringify(text)} is empty; pass a sentence with at least one word`);
    }
    const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const room = Math.max(0, this.maxPositions - this.leading.length - this.trailing.length);
    const truncated = content.length > room;
    if (truncated && warn) {
      warn(
        `text "${preview(text)}" has ${content.length + this.leading.length + this.trailing.length} tokens, more than the model's ` +
          `maximum of ${this.maxPositions} positions; it was truncated to ${this.maxPositions} tokens`,
      );
    }
    const kept = truncated ? content.slice(0, room) : content;
    const ids = [...this.leading, ...kept, ...this.trailing];
    const tokens = ids.map((id) => this.idToToken(id));
    let words: AlignedWord[] | undefined;
    const encoding = { text, tokens, ids, truncated } as Encoding;
    Object.defineProperty(encoding, 'words', {
      enumerable: true,
      get: () => (words ??= this.align(text, split, content, kept.length)),
    });
    return encoding;
  }

  /** Word spans in sub-token indices (special tokens included in the index space). */
  private align(text: string, split: WordSplit, content: number[], keptCount: number): AlignedWord[] {
    const spans = splitWords(text, split);
    const bounds = this.segmentBounds(text, spans, content.length) ?? this.prefixBounds(text, spans);
    const offset = this.leading.length;
    return spans.map((span, i) => {
      const start = Math.min(bounds[i][0], keptCount);
      const end = Math.min(bounds[i][1], keptCount);
      return { ...span, tokenStart: offset + start, tokenEnd: offset + Math.max(start, end) };
    });
  }

  private count(text: string): number {
    return text === '' ? 0 : this.tokenizer.encode(text, { add_special_tokens: false }).ids.length;
  }

  /**
   * Fast path: tokenize the text piece by piece (each piece = the gap before a word, then the word). Pre-tokenizers
   * split at whitespace and punctuation, so the pieces' tokens concatenate to the text's tokens; when they do not
   * add up, the caller falls back to prefix counting.
   */
  private segmentBounds(text: string, spans: WordSpan[], total: number): Array<[number, number]> | null {
    const bounds: Array<[number, number]> = [];
    let cursor = 0;
    let tokens = 0;
    for (const span of spans) {
      const gap = text.slice(cursor, span.charStart);
      const gapHasText = gap.trim() !== '';
      // leading whitespace belongs to the word (BPE marks it on the word's first token)
      if (gapHasText) tokens += this.count(gap);
      const start = tokens;
      tokens += this.count(gapHasText ? text.slice(span.charStart, span.charEnd) : text.slice(cursor, span.charEnd));
      bounds.push([start, tokens]);
      cursor = span.charEnd;
    }
    tokens += this.count(text.slice(cursor));
    return tokens === total ? bounds : null;
  }

  /** Exact but slower: a word's span is [tokens of the text before it, tokens of the text through it). */
  private prefixBounds(text: string, spans: WordSpan[]): Array<[number, number]> {
    return spans.map((span) => [this.count(text.slice(0, span.charStart).trimEnd()), this.count(text.slice(0, span.charEnd))]);
  }
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SesameError(`${file} is not valid JSON (${(err as Error).message.split('\n')[0]}); re-download the model files`);
  }
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
