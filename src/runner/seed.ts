/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A test's own seed from the run seed and its id: the same test gets the same inputs whether it
 * runs alone (--grep), in a shard or in the whole run.
 */
export function testSeed(runSeed: number, testId: string): number {
  return fnv1a(`${runSeed}\u0000${testId}`) & 0x7fffffff;
}
