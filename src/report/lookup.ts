import type { ModelPairIds, SesameReport, TestResult } from './types.js';

/** The test that produced the `index`-th result of a kind (robustness, attack, probe, attention), if recorded. */
export function testForResult(report: SesameReport, kind: TestResult['kind'], index: number): TestResult | undefined {
  return report.tests.find((t) => t.kind === kind && t.resultIndex === index);
}

/** A result's heading: its test's own title when there is one (what the user wrote), else the result's name. */
export function resultTitle(report: SesameReport, kind: TestResult['kind'], index: number, fallback: string): string {
  const test = testForResult(report, kind, index);
  return test?.titlePath.at(-1) ?? fallback;
}

/** The suite and describe titles above a result's test, e.g. "internals of the sentiment fine-tune › probing". */
export function resultContext(report: SesameReport, kind: TestResult['kind'], index: number): string | undefined {
  const path = testForResult(report, kind, index)?.titlePath;
  return path && path.length > 1 ? path.slice(0, -1).join(' › ') : undefined;
}

/**
 * The model ids a probe or attention result compares: its own `models` when recorded, else the
 * report's pair — but only when the run had a single pair, so a result is never labelled with the wrong model.
 */
export function resultModels(report: SesameReport, own: ModelPairIds | undefined): Partial<ModelPairIds> {
  if (own) return own;
  if (report.models.others?.length) return {};
  return { pretrained: report.models.pretrained?.id, finetuned: report.models.finetuned?.id };
}

/** A run over several fine-tunes of one base lists them all as fine-tuned; "other" only when no result says. */
export function otherRole(report: SesameReport, id: string): string {
  const pairs = [...report.probes, ...report.attention].map((r) => r.models).filter((m) => m !== undefined);
  if (pairs.some((m) => m.finetuned === id) || report.robustness.some((r) => r.model === id) || report.attacks.some((a) => a.model === id)) return 'fine-tuned';
  if (pairs.some((m) => m.pretrained === id)) return 'pretrained';
  return 'other';
}
