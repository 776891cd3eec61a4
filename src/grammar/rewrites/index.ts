export * from './rewrite.js';
export { compoundSubject } from './compound-subject.js';
export { numberFlip, type NumberFlipOptions } from './number-flip.js';
export { objectRelativeClause } from './object-relative-clause.js';
export { possessiveSubject } from './possessive-subject.js';
export { attractor, prepositionalPhrase, type PrepositionalPhraseOptions } from './prepositional-phrase.js';
export { subjectRelativeClause } from './subject-relative-clause.js';
export { rewriteAsPerturbation, rewrittenCases, toPerturbationResult } from './as-perturbation.js';
