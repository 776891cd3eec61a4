import { Tokenizer } from '@huggingface/tokenizers';
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { textfooler } from '../../attacks/recipes/textfooler.js';
import { candidateVectors } from '../../attacks/internal/vectors/candidate-vectors.js';
import { readAttackData } from '../../src/attack/data.js';
import { runAttack } from '../../src/attack/run-attack.js';
import { loadModel, type SesameModel } from '../../src/models/index.js';
import { subwordConvention } from '../../attacks/internal/vectors/subword-convention.js';
import { wholeWordVectors } from '../../attacks/internal/vectors/victim-vectors.js';
import { SesameError } from '../../src/errors.js';

/**
 * Small but real tokenizer.json files (run by @huggingface/tokenizers, as Sesame runs models' tokenizers): a
 * byte-level BPE vocabulary (GPT-2/RoBERTa style, `Ġ` marks a word start) and a SentencePiece-style one (Metaspace,
 * `▁`), each holding whole words and word-internal pieces that would be tempting neighbours (ion, ether, morrow).
 */
const WORDS = ['kind', 'nice', 'good', 'film', 'raft', 'tomorrow', 'together'];
const PIECES = ['ion', 'ether', 'morrow', 'raft'];

/** Merges that build each marked word and each unmarked piece left to right, with the vocabulary they create. */
function bpe(marker: string): { vocab: Record<string, number>; merges: string[] } {
  const vocab: Record<string, number> = {};
  const merges: string[] = [];
  const add = (t: string) => (vocab[t] ??= Object.keys(vocab).length);
  for (const ch of `${marker}abcdefghijklmnopqrstuvwxyz`) add(ch);
  const build = (symbols: string[]) => {
    let left = symbols[0];
    for (const next of symbols.slice(1)) {
      if (!(`${left}${next}` in vocab)) merges.push(`${left} ${next}`);
      left += next;
      add(left);
    }
  };
  for (const w of WORDS) build([marker, ...w]);
  for (const p of PIECES) build([...p]);
  return { vocab, merges };
}

function byteLevelJson() {
  const { vocab, merges } = bpe('Ġ');
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: byteLevel, post_processor: null, decoder: byteLevel,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

function metaspaceJson() {
  const { vocab, merges } = bpe('▁');
  const metaspace = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
  return {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: metaspace, post_processor: null, decoder: metaspace,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

/**
 * An embedding matrix where every word-internal piece sits exactly on `kind` and every whole word is near it: a
 * reader of the vocabulary that took pieces for words would offer them first.
 */
function embeddings(vocabulary: Record<string, number>) {
  const size = Object.keys(vocabulary).length;
  const data = new Float32Array(size * 2);
  for (const [token, id] of Object.entries(vocabulary)) {
    const piece = PIECES.includes(token);
    data.set(piece ? [1, 0] : [1, 0.2 + 0.01 * id], id * 2);
  }
  return { data, shape: [size, 2] };
}

for (const [name, json, kind] of [
  ['byte-level BPE (Ġ)', byteLevelJson(), 'byte-level'],
  ['SentencePiece-style Metaspace (▁)', metaspaceJson(), 'metaspace'],
] as const) {
  describe(`tokenizer conventions: ${name}`, () => {
    const tokenizer = new Tokenizer(json, {});
    const idToToken = new Map<number, string>([...(tokenizer.get_vocab(true) as Map<string, number>)].map(([t, id]) => [id, t]));
    const convention = subwordConvention(json, 'test tokenizer.json');
    const vectors = wholeWordVectors((id) => idToToken.get(id), embeddings(json.model.vocab), convention, 'test');

    it(`is read from tokenizer.json as ${kind}`, () => {
      expect(convention.kind).to.equal(kind);
    });

    it('each word the tokenizer encodes as one word-initial token is a candidate word, spelled without its marker', () => {
      for (const word of WORDS) {
        const tokens = tokenizer.tokenize(`a ${word}`);
        expect(tokens.at(-1), word).to.satisfy((t: string) => convention.wordOf(t) === word);
      }
      expect(vectors.words).to.include.members(WORDS);
      // and every candidate is a whole word to the tokenizer: one token after a space (kin, go: word-initial merges)
      for (const word of vectors.words) expect(convention.wordOf(tokenizer.tokenize(`a ${word}`).at(-1)!), word).to.equal(word);
    });

    it('never offers a word-internal piece, though they are the nearest vectors', () => {
      const offered = vectors.neighbours('kind', 10, -1).map((n) => n.word);
      expect(offered).to.include.members(['nice', 'good']);
      for (const piece of ['ion', 'ether', 'morrow']) expect(offered).to.not.include(piece);
      // raft is both a word (marked) and a piece (unmarked): only the word's row is a candidate.
      expect(vectors.words.filter((w) => w === 'raft')).to.have.length(1);
      expect(vectors.cosine('kind', 'raft')).to.be.below(1 - 1e-6);
    });
  });
}

describe('tokenizer conventions: WordPiece and unknown schemes', () => {
  it('WordPiece: ## pieces are word-internal, with the prefix tokenizer.json declares', () => {
    const c = subwordConvention({ model: { type: 'WordPiece', continuing_subword_prefix: '##' } }, 'x');
    expect(c.kind).to.equal('wordpiece');
    expect([c.wordOf('kind'), c.wordOf('##ion')]).to.deep.equal(['kind', null]);
  });

  it('a scheme without a known word marker is refused with a way out', () => {
    expect(() => subwordConvention({ model: { type: 'BPE' }, pre_tokenizer: { type: 'Whitespace' } }, 'my/tokenizer.json'))
      .to.throw(SesameError, /my\/tokenizer\.json.*--vectors glove/);
  });

  it('a byte-level pre-tokenizer inside a Sequence is found', () => {
    const c = subwordConvention({ model: { type: 'BPE' }, pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'Split' }, { type: 'ByteLevel' }] } }, 'x');
    expect(c.kind).to.equal('byte-level');
  });
});

describe('byte-level BPE model (GPT-2 fixture)', function () {
  this.timeout(120_000);
  const repoRoot = path.resolve(import.meta.dirname, '..', '..');
  const GPT2 = path.join(repoRoot, 'fixtures', 'models', 'tiny-gpt2-sentiment');
  const DATA = path.join(repoRoot, 'fixtures', 'data', 'sentiment-attack.jsonl');
  let model: SesameModel;
  before(async function () {
    if (!fs.existsSync(path.join(GPT2, 'tokenizer.json'))) this.skip();
    model = await loadModel(GPT2, { cacheDir: false });
  });
  after(async () => model?.dispose());

  it("the victim's vectors hold only Ġ-marked whole words, never a word-internal piece", () => {
    const vectors = candidateVectors({ vectors: 'victim' }, model);
    expect(vectors.source).to.contain('byte-level');
    expect(vectors.size).to.be.greaterThan(1000);
    const wordStarts = new Set<string>();
    for (let id = 0; id < model.info.vocabSize; id++) {
      const token = model.idToToken(id);
      if (token?.startsWith('Ġ')) wordStarts.add(token.slice(1));
    }
    for (const word of vectors.words) expect(wordStarts.has(word), word).to.equal(true);
    expect(vectors.neighbours('good', 10, -1).length).to.equal(10);
  });

  it('textfooler (counter-fitted GloVe) finds adversarial examples on it', async () => {
    const examples = readAttackData(DATA, model.info.labels!).filter((_, i) => i % 2 === 0);
    const run = await runAttack(model, textfooler(), examples, { budget: 300, seed: 1 });
    console.log(`      textfooler on ${model.info.id}: ${run.result.successes.length} adversarial examples, success rate ${(100 * run.result.successRate).toFixed(1)}%`);
    expect(run.result.successes.length).to.be.greaterThan(0);
    for (const ex of run.result.successes) {
      const [p] = await model.predict([ex.perturbed]);
      expect(p.label).to.equal(ex.newLabel);
      for (const e of ex.edits) expect(e.to).to.match(/^\W*\p{L}{2,}\W*$/u);
    }
  });
});
