import type { RobustnessResult } from '../report/types.js';
import { assertPassRate, type PassRateOptions } from './pass-rate.js';
import type { AssertionOutcome } from './types.js';

/**
 * INV: the prediction must not change under the perturbation on at least `minPassRate` of the inputs. Every failure
 * counts (the screen sees only the few shrunk counterexamples, not every failing case); when the screen judged some of
 * those invalid, the reason says how many, so a reader knows part of the failures may be changes of meaning.
 */
export function assertInvariance(result: RobustnessResult, options: PassRateOptions): AssertionOutcome {
  if (result.type !== 'INV') throw new TypeError(`assertInvariance needs an INV result, got ${result.type}`);
  const outcome = assertPassRate(result, options);
  const screened = result.counterexamples.filter((c) => c.screen);
  const invalid = screened.filter((c) => !c.screen!.valid).length;
  if (invalid === 0) return outcome;
  const note = `; the validity screen judges ${invalid} of the ${screened.length} listed counterexample${screened.length === 1 ? '' : 's'} invalid (the perturbation changed the meaning), but every failure counts`;
  return { ...outcome, reason: `${outcome.reason}${note}` };
}
