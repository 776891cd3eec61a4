export { loadModel } from './load.js';
export type * from './types.js';
