import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ModelTokenizer } from '../../src/models/tokenizer.js';

/** GPT-2/RoBERTa's byte → printable character table (bytes_to_unicode). */
function byteAlphabet(): string[] {
  const bytes: number[] = [];
  for (const [from, to] of [[33, 126], [161, 172], [174, 255]]) for (let b = from; b <= to; b++) bytes.push(b);
  const chars = [...bytes];
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + extra++);
    }
  }
  const table: string[] = [];
  bytes.forEach((b, i) => (table[b] = String.fromCharCode(chars[i])));
  return table;
}

/** A small RoBERTa-style tokenizer (byte-level BPE, <s> … </s>) written from scratch into a model directory. */
function robertaStyleTokenizer(): string {
  const vocab: Record<string, number> = { '<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3 };
  for (const c of byteAlphabet()) vocab[c] ??= Object.keys(vocab).length;
  const merges = ['Ġ t', 'Ġt h', 'Ġth e', 'i n', 'in g', 'i l', 'Ġ f', 'Ġf il', 'Ġfil m'];
  for (const m of merges) vocab[m.replace(' ', '')] ??= Object.keys(vocab).length;
  const special = (content: string, id: number) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['<s>', '<pad>', '</s>', '<unk>'].map(special),
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sesame-bpe-'));
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify({ pad_token: '<pad>', model_max_length: 512 }));
  return dir;
}

describe('word alignment with a byte-level BPE tokenizer (RoBERTa style: spaces live on the next token)', () => {
  const tokenizer = ModelTokenizer.fromDirectory(robertaStyleTokenizer(), 514, undefined);

  it('wraps a sentence in <s> … </s> and pads with <pad>', () => {
    const encoding = tokenizer.encode('the film');
    assert.deepEqual(encoding.tokens, ['<s>', 't', 'h', 'e', 'Ġfilm', '</s>']);
    assert.equal(tokenizer.padId, 1);
    assert.equal(tokenizer.maxPositions, 512);
  });

  it('maps each whitespace word to its tokens, the space marker included', () => {
    const encoding = tokenizer.encode('the film was amazing 😀 ok');
    const spans = encoding.words.map((w) => [w.text, encoding.tokens.slice(w.tokenStart, w.tokenEnd).join(' ')]);
    assert.deepEqual(spans, [
      ['the', 't h e'],
      ['film', 'Ġfilm'],
      ['was', 'Ġ w a s'],
      ['amazing', 'Ġ a m a z ing'],
      ['😀', 'Ġ ð Ł ĺ Ģ'], // the emoji's four UTF-8 bytes
      ['ok', 'Ġ o k'],
    ]);
    const last = encoding.words.at(-1)!;
    assert.equal(last.tokenEnd, encoding.tokens.length - 1, 'the last word ends right before </s>');
  });

  it('splits punctuation off with the natural word split', () => {
    const encoding = tokenizer.encode('the film, filming.', 'natural');
    const spans = encoding.words.map((w) => [w.text, encoding.tokens.slice(w.tokenStart, w.tokenEnd).join(' ')]);
    assert.deepEqual(spans, [
      ['the', 't h e'],
      ['film', 'Ġfilm'],
      [',', ','],
      ['filming', 'Ġfilm ing'],
      ['.', '.'],
    ]);
  });
});
