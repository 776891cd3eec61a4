export { binomialLowerTail, binomialUpperTail, signTest, type SignTestResult } from './binomial.js';
export { clopperPearson } from './clopper-pearson.js';
export { clusteredRate, type ClusteredRate } from './clustered-proportion.js';
export { pairedDifference, unpairedDifference, type DifferenceTest, type PairedDifferenceTest, type UnpairedDifferenceTest } from './difference-tests.js';
export { holmAdjust } from './holm.js';
export { normalCdf, normalQuantile } from './normal.js';
export { logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special.js';
export { studentTCdf, studentTQuantile, studentTSurvival } from './student-t.js';
