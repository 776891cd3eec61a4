import type { RobustnessResult } from '../report/types.js';
import { assertPassRate, type PassRateOptions } from './pass-rate.js';
import type { AssertionOutcome } from './types.js';

/** DIR: the score must move in the stated direction on at least `minPassRate` of the inputs. */
export function assertDirectional(result: RobustnessResult, options: PassRateOptions): AssertionOutcome {
  if (result.type !== 'DIR') throw new TypeError(`assertDirectional needs a DIR result, got ${result.type}`);
  return assertPassRate(result, options);
}
