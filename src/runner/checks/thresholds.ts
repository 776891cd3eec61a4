/**
 * A check's thresholds with the config's overrides for this test applied (`thresholds` in
 * sesame.config, by test id). Only the names the check knows are taken; validation is the assertion's.
 */
export function withOverrides<O extends object>(options: O, overrides: Record<string, number>, names: Array<keyof O & string>): O {
  const out = { ...options };
  for (const name of names) if (overrides[name] !== undefined) (out as Record<string, unknown>)[name] = overrides[name];
  return out;
}
