import type { Constraint, ConstraintScore, ScreenPair, ScreenResult } from './types.js';

/**
 * Scores every pair with every constraint (each constraint sees the whole batch once) and gives each pair a verdict:
 * valid when all constraints pass. The reasons of a valid pair are every constraint's reason (why it is believed
 * valid); of an invalid pair, only the failing constraints' reasons.
 */
export async function screenPairs(pairs: readonly ScreenPair[], constraints: readonly Constraint[]): Promise<ScreenResult[]> {
  assertUniqueNames(constraints);
  const scores: ConstraintScore[][] = [];
  for (const constraint of constraints) {
    const result = pairs.length > 0 ? await constraint.check(pairs) : [];
    if (result.length !== pairs.length) throw new Error(`constraint ${constraint.name} scored ${result.length} of ${pairs.length} pairs`);
    scores.push(result);
  }
  return pairs.map((_, i) => {
    const byName: Record<string, ConstraintScore> = {};
    constraints.forEach((c, k) => (byName[c.name] = scores[k][i]));
    const failing = Object.values(byName).filter((s) => !s.pass);
    return {
      constraints: byName,
      screen: { valid: failing.length === 0, reasons: (failing.length > 0 ? failing : Object.values(byName)).map((s) => s.reason) },
    };
  });
}

/**
 * Which pairs pass every constraint, checking constraints in order on the survivors only (put cheap ones first):
 * the filter an attack search applies to its candidates.
 */
export async function passingPairs(pairs: readonly ScreenPair[], constraints: readonly Constraint[]): Promise<boolean[]> {
  const passing = pairs.map(() => true);
  for (const constraint of constraints) {
    const alive = pairs.flatMap((p, i) => (passing[i] ? [i] : []));
    if (alive.length === 0) break;
    const scores = await constraint.check(alive.map((i) => pairs[i]));
    alive.forEach((i, k) => (passing[i] = scores[k].pass));
  }
  return passing;
}

function assertUniqueNames(constraints: readonly Constraint[]): void {
  const seen = new Set<string>();
  for (const c of constraints) {
    if (seen.has(c.name)) throw new Error(`two constraints are named "${c.name}": names key the scores, so they must be unique`);
    seen.add(c.name);
  }
}
