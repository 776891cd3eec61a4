/** Weighted CFG sampling (Open Sesame grammar format) and annotation-preserving rewrite rules. */
export * from './types.js';
export { parseOpenSesameGrammar, readOpenSesameGrammar } from './read-opensesame.js';
export { grammarSentence, type Derived, type GrammarSentenceOptions } from './sampler.js';
export type { DerivationNode } from './derivation.js';
export { DEFAULT_LEXICON, lexiconFromGrammar, type RewriteLexicon } from './lexicon.js';
export { SentenceEditor } from './edit.js';
export * from './rewrites/index.js';
