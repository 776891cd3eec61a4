/** The attack engine: word importance, greedy substitution under constraints, query budgets, batched queries. */
export { PredictionBatcher } from './batcher.js';
export { greedySearch } from './greedy-search.js';
export { QueryOracle } from './oracle.js';
export { runAttack, type AttackExample, type AttackOptions, type AttackRun, type ExampleOutcome } from './run-attack.js';
export type { AttackContext, Recipe, Substitute } from './types.js';
export { rankWords, unknownToken } from './word-importance.js';
