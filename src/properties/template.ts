import fc from 'fast-check';

/** A labelled input for an MFT. */
export interface LabelledCase {
  text: string;
  label: string;
}

/**
 * CheckList-style templates: `template('The {food} was {good}.', {food: [...], good: [...]}, 'POSITIVE')` draws
 * one filler per slot (shrinking toward each list's first entry). A slot used twice gets the same filler.
 */
export function template(pattern: string, fillers: Record<string, readonly string[]>, label: string): fc.Arbitrary<LabelledCase> {
  const slots = [...new Set([...pattern.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))];
  for (const slot of slots) {
    if (!fillers[slot]?.length) throw new RangeError(`template slot {${slot}} has no fillers`);
  }
  const record = Object.fromEntries(slots.map((s) => [s, fc.constantFrom(...fillers[s])]));
  return fc.record(record).map((fill) => ({ text: pattern.replace(/\{(\w+)\}/g, (_, s: string) => fill[s]), label }));
}
