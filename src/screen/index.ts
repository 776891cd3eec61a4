/** Constraints as objects and the validity screen built from them (issue 9). */
export type { Constraint, ConstraintScore, ScreenPair, ScreenResult, ScreenVerdict } from './types.js';
export { passingPairs, screenPairs } from './screen.js';
export { defaultScreen, type DefaultScreenOptions } from './default-screen.js';
export { editDistance, type EditDistanceOptions } from './constraints/edit-distance.js';
export { maxWordsPerturbed, type MaxWordsPerturbedOptions } from './constraints/max-words-perturbed.js';
export { negation } from './constraints/negation.js';
export { partOfSpeech } from './constraints/part-of-speech.js';
export { polarity } from './constraints/polarity.js';
export { wordCosine, type WordCosineOptions, type WordSimilarity } from './constraints/word-cosine.js';
export { bertScore, type BertScoreConstraintOptions } from './constraints/bert-score.js';
export { bertScores, bertScoreBaseline, defaultBertScoreLayer, rescale, type BertScore, type BertScoreOptions } from './bertscore.js';
export { grammaticalNumber } from './constraints/grammatical-number.js';
export { wordClass } from './constraints/word-class.js';
export { wordSense, type WordSenseOptions } from './constraints/word-sense.js';
export { polarityStrength, type PolarityStrengthOptions } from './constraints/polarity-strength.js';
