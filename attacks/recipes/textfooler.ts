import type { Recipe } from '../../src/attack/types.js';
import { maxWordsPerturbed, negation, partOfSpeech, polarity } from '../../src/screen/index.js';
import { neighbourIndex } from '../internal/embedding-index.js';
import { isDictionaryWord, tagTokens } from '../internal/pos.js';
import { lemmaForm } from '../internal/synonym-candidates.js';
import { matchCase, parseSentence, splitAffixes } from '../internal/words.js';

export interface TextFoolerOptions {
  /** Minimum cosine between a word and its substitute in the model's input embeddings. Default 0.5 (TextFooler's). */
  minCosine?: number;
  /** Nearest neighbours considered per word. Default 50 (TextFooler's). */
  maxCandidates?: number;
  /** At most this fraction of words changed. Default 0.3. */
  maxWordsFraction?: number;
  /** Word importance by deleting each word (TextFooler's) or masking it with the unknown token. Default `delete`. */
  ranking?: 'delete' | 'unk';
}

/**
 * TextFooler (Jin et al. 2020): rank words by the drop in the true class's probability when each is deleted, then
 * greedily swap in nearest neighbours from the model's own input-embedding matrix, keeping the part of speech,
 * cosine ≥ 0.5 and at most 30% of the words changed. Function words are never touched. Beyond the paper, a swap
 * may not add or remove a negation nor flip or drop a word's prior sentiment (the `negation` and `polarity` constraints).
 */
export function textfooler(options: TextFoolerOptions = {}): Recipe {
  const minCosine = options.minCosine ?? 0.5;
  const k = options.maxCandidates ?? 50;
  return {
    name: 'textfooler',
    summary: 'word swaps with embedding neighbours (cos ≥ 0.5), part of speech kept, ≤ 30% of words, deletion-ranked',
    ranking: options.ranking ?? 'delete',
    constraints: [maxWordsPerturbed({ fraction: options.maxWordsFraction ?? 0.3 }), negation(), polarity(), partOfSpeech()],
    async prepare(model, texts) {
      // The neighbour lists of every content word, in one pass over the embedding matrix (TextAttack ships a
      // precomputed neighbour matrix for the same reason).
      const words: string[] = [];
      for (const text of texts) {
        const parsed = parseSentence(text);
        const tags = tagTokens(parsed);
        parsed.tokens.forEach((t, i) => {
          const core = splitAffixes(t.text).core;
          if (lemmaForm(core, tags[i])) words.push(core);
        });
      }
      neighbourIndex(model).prefetch(words);
    },
    substitutes(context, index) {
      const core = splitAffixes(context.original.tokens[index].text).core;
      if (!lemmaForm(core, context.tags[index])) return [];
      return neighbourIndex(context.model)
        .neighbours(core, 2 * k, minCosine)
        .filter((n) => isDictionaryWord(n.word))
        .slice(0, k)
        .map((n) => ({ word: matchCase(core, n.word), similarity: n.cosine }));
    },
  };
}
