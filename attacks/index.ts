/** Every perturbation family, and the shared result types. */
export * from './perturbation.js';
export { casing, type CasingOptions, type CaseStyle } from './casing.js';
export { charNoise, type CharNoiseOptions } from './char-noise.js';
export { contractions, type ContractionOptions } from './contractions.js';
export { embeddingNeighbours, type EmbeddingNeighbourOptions } from './embedding-neighbours.js';
export { entitySwap, type EntitySwapOptions, type EntityKind } from './entity-swap.js';
export { inflections, type InflectionOptions } from './inflections.js';
export { keyboardTypos, type KeyboardTypoOptions } from './keyboard-typos.js';
export { negation, type NegationOptions } from './negation.js';
export { ocrConfusions } from './ocr-confusions.js';
export { punctuation } from './punctuation.js';
export { prepareSynonyms, synonyms, type SynonymOptions } from './synonyms.js';
export { whitespace } from './whitespace.js';
