/**
 * What suite files import: the authoring API (`suite`, `describe`, `it`) and the capability checks.
 */
export { suite, describe, it } from './api.js';
export type { Check, Outcome, TestContext, TestBody, SuiteOptions, BlockOptions, TestOptions, MetricSpec, ModelPair } from './types.js';
