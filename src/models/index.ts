export { defaultCacheDir, loadModel } from './load.js';
export { softmax } from './model.js';
export { defaultThreads, physicalCores, threadCountProblem } from './threads.js';
export type * from './types.js';
