/** A word-level diff of an original and a perturbed sentence, for showing counterexamples. */

export interface DiffPart {
  op: 'same' | 'removed' | 'added';
  text: string;
}

/**
 * Longest-common-subsequence diff over whitespace-separated words, so insertions, deletions and
 * replacements all show (a replaced word is a `removed` followed by an `added`). Adjacent parts of
 * the same kind are merged. Sentences are short, so the O(n·m) table is cheap.
 */
export function wordDiff(original: string, perturbed: string): DiffPart[] {
  const a = original.split(/\s+/).filter(Boolean);
  const b = perturbed.split(/\s+/).filter(Boolean);
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const parts: DiffPart[] = [];
  const push = (op: DiffPart['op'], text: string) => {
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += ` ${text}`;
    else parts.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      push('same', a[i]);
      i++;
      j++;
    } else if (j === b.length || (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removals first, so a replacement reads "old → new".
      push('removed', a[i++]);
    } else {
      push('added', b[j++]);
    }
  }
  return parts;
}
