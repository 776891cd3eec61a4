import fs from 'node:fs';
import path from 'node:path';
import { SesameError } from '../../../src/errors.js';

/**
 * How a tokenizer marks word boundaries in its vocabulary, read from tokenizer.json:
 * - `wordpiece`: word-internal pieces carry a prefix (`##ing`); every other entry starts a word (BERT, DeBERTa here);
 * - `byte-level`: byte-level BPE marks a word-initial piece with `Ġ` (the space byte); unmarked pieces are
 *   word-internal (GPT-2, RoBERTa);
 * - `metaspace`: SentencePiece marks a word-initial piece with `▁` (ALBERT, T5, XLM-R, Llama).
 */
export interface SubwordConvention {
  kind: 'wordpiece' | 'byte-level' | 'metaspace';
  /** The word a vocabulary entry spells when it starts a word (marker removed), or null for a word-internal piece. */
  wordOf(token: string): string | null;
}

type Json = Record<string, unknown>;

/** Every pre-tokenizer of a (possibly nested) `Sequence`. */
function preTokenizers(node: unknown): Json[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as Json;
  if (n.type === 'Sequence' && Array.isArray(n.pretokenizers)) return n.pretokenizers.flatMap(preTokenizers);
  return [n];
}

export function subwordConvention(tokenizerJson: Json, where: string): SubwordConvention {
  const model = (tokenizerJson.model ?? {}) as Json;
  const pre = [...preTokenizers(tokenizerJson.pre_tokenizer), ...preTokenizers(tokenizerJson.normalizer)];
  const metaspace = pre.find((p) => p.type === 'Metaspace' || p.type === 'Replace');
  if (model.type === 'WordPiece') {
    const prefix = typeof model.continuing_subword_prefix === 'string' && model.continuing_subword_prefix !== '' ? model.continuing_subword_prefix : '##';
    return { kind: 'wordpiece', wordOf: (t) => (t.startsWith(prefix) ? null : t) };
  }
  if (pre.some((p) => p.type === 'ByteLevel')) return marked('byte-level', 'Ġ');
  if (metaspace) {
    const replacement = typeof metaspace.replacement === 'string' ? metaspace.replacement : typeof (metaspace.content) === 'string' ? String(metaspace.content) : '▁';
    return marked('metaspace', replacement || '▁');
  }
  if (model.type === 'Unigram') return marked('metaspace', '▁');
  throw new SesameError(
    `${where}: a ${String(model.type)} tokenizer without a word-boundary marker Sesame knows (WordPiece ##, byte-level BPE Ġ, SentencePiece ▁), so its whole words cannot be told from word-internal pieces; use --vectors glove`,
  );
}

function marked(kind: SubwordConvention['kind'], marker: string): SubwordConvention {
  return { kind, wordOf: (t) => (t.startsWith(marker) && t.length > marker.length ? t.slice(marker.length) : null) };
}

export function readSubwordConvention(modelDir: string): SubwordConvention {
  const file = path.join(modelDir, 'tokenizer.json');
  let json: Json;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
  } catch (err) {
    throw new SesameError(`${file} cannot be read (${(err as Error).message.split('\n')[0]}); the victim's vectors need its tokenizer.json`);
  }
  return subwordConvention(json, file);
}
