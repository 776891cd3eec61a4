import type { RobustnessResult } from '../report/types.js';
import { assertPassRate, type PassRateOptions } from './pass-rate.js';
import type { AssertionOutcome } from './types.js';

/** MFT: template-generated inputs must get their expected label on at least `minPassRate` of the cases. */
export function assertMft(result: RobustnessResult, options: PassRateOptions): AssertionOutcome {
  if (result.type !== 'MFT') throw new TypeError(`assertMft needs an MFT result, got ${result.type}`);
  return assertPassRate(result, options);
}
