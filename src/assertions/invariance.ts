import type { RobustnessResult } from '../report/types.js';
import { assertPassRate, type PassRateOptions } from './pass-rate.js';
import type { AssertionOutcome } from './types.js';

/** INV: the prediction must not change under the perturbation on at least `minPassRate` of the inputs. */
export function assertInvariance(result: RobustnessResult, options: PassRateOptions): AssertionOutcome {
  if (result.type !== 'INV') throw new TypeError(`assertInvariance needs an INV result, got ${result.type}`);
  return assertPassRate(result, options);
}
