import type { SesameModel } from '../../../src/models/types.js';
import { isDictionaryWord } from '../pos.js';
import { readSubwordConvention, type SubwordConvention } from './subword-convention.js';
import { WordVectors } from './word-vectors.js';

/**
 * Rows of an input-embedding matrix as word vectors: only vocabulary entries that start a word by the tokenizer's
 * convention (never a word-internal piece such as `##ing`, GPT-2's unmarked `ion`, SentencePiece's unmarked
 * pieces), spelling a word of two or more letters the English lexicon knows (so word-initial fragments such as `pleas` and
 * single letters are left out).
 * Case variants (`Ġgood`, `ĠGood`) stay separate rows; neighbour lists count a word once.
 */
export function wholeWordVectors(
  tokenOf: (id: number) => string | undefined,
  embeddings: { data: ArrayLike<number>; shape: number[] },
  convention: SubwordConvention,
  source: string,
): WordVectors {
  const [vocab, dim] = embeddings.shape;
  const words: string[] = [];
  const rows: number[] = [];
  for (let id = 0; id < vocab; id++) {
    const word = convention.wordOf(tokenOf(id) ?? '');
    if (word !== null && word.length > 1 && /^\p{L}+$/u.test(word) && isDictionaryWord(word)) {
      words.push(word);
      rows.push(id);
    }
  }
  const values = new Float32Array(rows.length * dim);
  rows.forEach((id, row) => {
    for (let d = 0; d < dim; d++) values[row * dim + d] = Number(embeddings.data[id * dim + d]);
  });
  return new WordVectors(words, WordVectors.normalise(values, dim), dim, `${source} (${convention.kind} vocabulary)`);
}

/** The victim's own input embeddings, whole words only (its tokenizer.json says how to tell them). */
export function victimVectors(model: SesameModel): WordVectors {
  return wholeWordVectors((id) => model.idToToken(id), model.inputEmbeddings(), readSubwordConvention(model.info.path), `${model.info.id} input embeddings`);
}
