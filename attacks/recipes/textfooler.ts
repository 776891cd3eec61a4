import type { Recipe } from '../../src/attack/types.js';
import type { SesameModel } from '../../src/models/types.js';
import { grammaticalNumber, maxWordsPerturbed, negation, partOfSpeech, polarity, polarityStrength, wordClass, wordCosine, wordSense } from '../../src/screen/index.js';
import { isDictionaryWord, tagTokens } from '../internal/pos.js';
import { baseForms } from '../internal/polarity.js';
import { LIGHT_WORDS, lemmaForm } from '../internal/synonym-candidates.js';
import { candidateVectors, type VectorChoice } from '../internal/vectors/candidate-vectors.js';
import { matchCase, parseSentence, splitAffixes } from '../internal/words.js';

export interface TextFoolerOptions {
  /**
   * Where candidates come from: `glove` (default: counter-fitted GloVe, independent of the victim), `victim` (the
   * attacked model's input embeddings, whole words only), or a GloVe/word2vec text file.
   */
  vectors?: VectorChoice;
  /** Cache root for the converted GloVe; false converts in memory. Default `.sesame-cache`. */
  cacheDir?: string | false;
  /**
   * Minimum cosine between a word and its substitute. Default 0.8 for counter-fitted GloVe (see the README: at 0.5
   * a sixth of polar words still have an opposite-polarity neighbour), 0.5 (TextFooler's) for other vectors.
   */
  minCosine?: number;
  /** Nearest neighbours considered per word. Default 50 (TextFooler's). */
  maxCandidates?: number;
  /** At most this fraction of words changed. Default 0.3. */
  maxWordsFraction?: number;
  /** Word importance by deleting each word (TextFooler's) or masking it with the unknown token. Default `delete`. */
  ranking?: 'delete' | 'unk';
}

/** Counter-fitted GloVe's default cosine floor (measured: test/attacks/candidate-vectors.test.ts, README). */
export const GLOVE_MIN_COSINE = 0.8;

/**
 * TextFooler (Jin et al. 2020): rank words by the drop in the true class's probability when each is deleted, then
 * greedily swap in nearest neighbours in counter-fitted word vectors (antonyms pushed apart), keeping the part of
 * speech, cosine ≥ the floor and at most 30% of the words changed. Function words are never touched. Beyond the
 * paper, a swap may not add or remove a negation nor flip or drop a word's prior sentiment (the `negation` and
 * `polarity` constraints), weaken its sentiment (`polarityStrength`), change a noun's number or a verb's person
 * (`grammaticalNumber`), put a word of the wrong class in its slot (`wordClass`: easy to use ↛ easy to utilization)
 * or replace it with a word WordNet does not link to it in a common sense (`wordSense`: co-hyponyms such as
 * week → month are near in vectors but say something else); each success records its word cosine (`wordCosine`).
 */
export function textfooler(options: TextFoolerOptions = {}): Recipe {
  const choice = options.vectors ?? 'glove';
  const minCosine = options.minCosine ?? (choice === 'glove' ? GLOVE_MIN_COSINE : 0.5);
  const k = options.maxCandidates ?? 50;
  const source: { vectors: VectorChoice; cacheDir?: string | false } = { vectors: choice, cacheDir: options.cacheDir };
  let victim: SesameModel | undefined;
  const space = choice === 'glove' ? 'counter-fitted GloVe' : choice === 'victim' ? "the model's input embeddings" : choice;
  return {
    name: 'textfooler',
    summary: `word swaps with ${choice === 'glove' ? 'counter-fitted GloVe' : choice === 'victim' ? "the model's own embedding" : 'word-vector'} neighbours (cos ≥ ${minCosine}), part of speech kept, ≤ 30% of words, deletion-ranked`,
    ranking: options.ranking ?? 'delete',
    constraints: [
      maxWordsPerturbed({ fraction: options.maxWordsFraction ?? 0.3 }),
      negation(),
      polarity(),
      polarityStrength(),
      partOfSpeech(),
      grammaticalNumber(),
      wordClass(),
      wordSense(),
      wordCosine({ min: minCosine, space, similarity: (a, b) => candidateVectors(source, victim).cosine(a, b) }),
    ],
    async prepare(model, texts, run) {
      victim = model;
      // The run's cache root (a suite run with --no-cache passes false) unless this recipe was given its own.
      if (options.cacheDir === undefined) source.cacheDir = run?.cacheDir;
      // The neighbour lists of every content word, in one pass over the vectors.
      const words: string[] = [];
      for (const text of texts) {
        const parsed = parseSentence(text);
        const tags = tagTokens(parsed);
        parsed.tokens.forEach((t, i) => {
          const core = splitAffixes(t.text).core;
          if (lemmaForm(core, tags[i])) words.push(core);
        });
      }
      candidateVectors(source, model).prefetch(words);
    },
    substitutes(context, index) {
      const core = splitAffixes(context.original.tokens[index].text).core;
      const form = lemmaForm(core, context.tags[index]);
      // Light verbs and discourse adverbs carry the construction, not a meaning a neighbour can take over (still → nonetheless).
      if (!form || ((form.pos === 'v' || form.pos === 'r') && LIGHT_WORDS[form.pos].has(form.lemma))) return [];
      // Another form of the same word (patient → patients) changes number or tense, not the wording.
      const own = new Set(baseForms(core.toLowerCase()));
      return candidateVectors(source, context.model)
        .neighbours(core, 2 * k, minCosine)
        .filter((n) => isDictionaryWord(n.word) && !baseForms(n.word.toLowerCase()).some((f) => own.has(f)))
        .slice(0, k)
        .map((n) => ({ word: matchCase(core, n.word.toLowerCase()), similarity: n.cosine }));
    },
  };
}
