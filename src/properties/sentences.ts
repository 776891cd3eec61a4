import fc from 'fast-check';

/** Sentences as a list (drawn uniformly, shrinking toward the first) or as any arbitrary of strings. */
export type SentenceSource = readonly string[] | fc.Arbitrary<string>;

export function sentenceArbitrary(source: SentenceSource): fc.Arbitrary<string> {
  if (source instanceof fc.Arbitrary) return source;
  if (source.length === 0) throw new RangeError('a property needs at least one sentence');
  return fc.constantFrom(...source);
}
