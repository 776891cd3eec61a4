import type { RobustnessResult } from '../report/types.js';
import { pct, requireFraction } from './thresholds.js';
import type { AssertionOutcome } from './types.js';

export interface PassRateOptions {
  /** Required share of judged inputs that keep the property, in [0, 1]. */
  minPassRate: number;
}

const WHAT: Record<RobustnessResult['type'], { kept: string; broke: string }> = {
  INV: { kept: 'kept its prediction', broke: 'changed its prediction' },
  MFT: { kept: 'gave the expected label', broke: 'gave a wrong label' },
  DIR: { kept: 'moved in the expected direction', broke: 'moved the wrong way' },
};

/** How the interval treated cases of one sentence, when it did. */
function clusteringNote(result: RobustnessResult): string {
  const { interval, sentences } = result;
  if (interval?.method !== 'clustered' || sentences === undefined) return '';
  if (result.failures === 0 || result.failures === result.runs - result.skipped) return `, counted over the ${sentences} sentences`;
  return `, clustered by sentence: design effect ${interval.designEffect.toFixed(2)}`;
}

/** Below this many judged inputs a rate says little: verdicts say so, with the interval. */
export const FEW_INPUTS = 50;

/** "; only 12 inputs: the failure rate could be anywhere in 0%–24%" when a result rests on fewer than FEW_INPUTS. */
export function fewInputsNote(judged: number, ci: [number, number], what = 'inputs', measure = 'the failure rate'): string {
  return judged < FEW_INPUTS ? `; only ${judged} ${judged === 1 ? what.replace(/s$/, '') : what}: ${measure} could be anywhere in ${pct(ci[0], 0)}–${pct(ci[1], 0)}` : '';
}

/**
 * Shared by the INV, MFT and DIR assertions: pass when the share of judged inputs that keep the
 * property reaches `minPassRate`. Inputs the perturbation could not touch are skipped, never passes;
 * a result where every input was skipped fails.
 */
export function assertPassRate(result: RobustnessResult, options: PassRateOptions): AssertionOutcome {
  const min = requireFraction('minPassRate', options.minPassRate);
  const judged = result.runs - result.skipped;
  const what = WHAT[result.type];
  const subject = result.type === 'MFT' ? `on ${result.perturbation}` : `under ${result.perturbation}`;
  const skippedNote = result.skipped ? `; ${result.skipped} input${result.skipped === 1 ? '' : 's'} could not be perturbed (skipped)` : '';
  const specs = { passRate: { better: 'higher' as const, tolerance: 0.02 } };
  if (judged <= 0) {
    return {
      pass: false,
      score: 0,
      reason: `no input could be judged ${subject}: all ${result.runs} were skipped, so nothing shows the property holds`,
      metrics: {},
      metricSpecs: {},
    };
  }
  const passRate = 1 - result.failures / judged;
  const ci = `failure rate 95% CI ${pct(result.ci95[0])}–${pct(result.ci95[1])}${clusteringNote(result)}`;
  // Perturbations of a few sentences are not as many independent inputs: say how many sentences they come from.
  const inputs = result.sentences !== undefined ? `${judged} perturbations of ${result.sentences} sentence${result.sentences === 1 ? '' : 's'}` : `${judged} inputs`;
  const pass = passRate >= min;
  // Perturbations of few sentences are few inputs however many cases were drawn: count sentences when known.
  const few = result.sentences !== undefined ? fewInputsNote(result.sentences, result.ci95, 'sentences') : fewInputsNote(judged, result.ci95);
  const reason = pass
    ? `${result.model} ${what.kept} on ${pct(passRate)} of ${inputs} ${subject} (≥ ${pct(min, 0)} required; ${ci})${skippedNote}${few}`
    : `${result.model} ${what.broke} on ${result.failures} of ${inputs} ${subject}: pass rate ${pct(passRate)} is below the required ${pct(min, 0)} (${ci})${skippedNote}${few}`;
  return { pass, score: passRate, reason, metrics: { passRate }, metricSpecs: specs };
}
