/**
 * What suite files import: the authoring API (`suite`, `describe`, `it`) and the capability checks.
 */
export { suite, describe, it } from './api.js';
export { invariantUnder, directionalUnder, expectLabels, type InvariantUnderOptions, type DirectionalCheckOptions, type MftCheckOptions } from './checks/properties.js';
export { attackSuccessBelow, type AttackCeilingCheckOptions } from './checks/attack.js';
export { probeRetention, type ProbeRetentionCheckOptions } from './checks/probe.js';
export { attentionShift, attentionConfusion, type AttentionData } from './checks/attention.js';
export type { Check, Outcome, TestContext, TestBody, SuiteOptions, BlockOptions, TestOptions, MetricSpec, ModelPair } from './types.js';
export { buildCaseRecords, type JudgedCase } from './case-records.js';
export { decideBaselineDeltas } from './deltas.js';
