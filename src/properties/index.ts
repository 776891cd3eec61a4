/** CheckList's three test types over fast-check: MFT, INV, DIR. */
export { directional, type DirectionalOptions } from './directional.js';
export { predictionView, replay, type CaseSource, type JudgedInput, type PropertyOptions } from './engine.js';
export { invariance, type InvarianceOptions } from './invariance.js';
export { minimumFunctionality, type MinimumFunctionalityOptions } from './minimum-functionality.js';
export { perturbedCases } from './perturbation-cases.js';
export type { SentenceSource } from './sentences.js';
export { template, type LabelledCase } from './template.js';
export { wilsonInterval } from '../stats/wilson.js';
