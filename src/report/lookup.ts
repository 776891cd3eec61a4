import type { SesameReport, TestResult } from './types.js';

/** The test that produced the `index`-th result of a kind (robustness, attack, probe, attention), if recorded. */
export function testForResult(report: SesameReport, kind: TestResult['kind'], index: number): TestResult | undefined {
  return report.tests.find((t) => t.kind === kind && t.resultIndex === index);
}

/** A result's heading: its test's own title when there is one (what the user wrote), else the result's name. */
export function resultTitle(report: SesameReport, kind: TestResult['kind'], index: number, fallback: string): string {
  const test = testForResult(report, kind, index);
  return test?.titlePath.at(-1) ?? fallback;
}
