export { binomialLowerTail, binomialUpperTail, signTest, type SignTestResult } from './binomial.js';
export { clopperPearson } from './clopper-pearson.js';
export { clusteredRate, clusteredRatio, type ClusteredRate, type ClusteredRatio } from './clustered-proportion.js';
export { pairedDifference, unpairedDifference, type DifferenceTest, type PairedDifferenceTest, type UnpairedDifferenceTest } from './difference-tests.js';
export { holmAdjust } from './holm.js';
export { normalCdf, normalQuantile, Z95 } from './normal.js';
export { wilsonInterval } from './wilson.js';
export { logGamma, regularizedBeta, regularizedGammaP, regularizedGammaQ } from './special.js';
export { studentTCdf, studentTQuantile, studentTSurvival } from './student-t.js';
