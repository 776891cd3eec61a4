export { defaultCacheDir, loadModel } from './load.js';
export { softmax } from './model.js';
export type * from './types.js';
