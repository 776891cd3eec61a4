/** Single-character edits of a word, enumerated so arbitraries can pick among them and shrink toward the first. */

export type CharOp = 'insert' | 'delete' | 'substitute' | 'transpose';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Letters adjacent on a QWERTY keyboard. */
export const KEYBOARD_NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qesa', e: 'wrds', r: 'etfd', t: 'ryfg', y: 'tugh', u: 'yihj', i: 'uojk', o: 'ipkl', p: 'ol',
  a: 'qwsz', s: 'weadzx', d: 'erfsxc', f: 'rtdgcv', g: 'tyfhvb', h: 'yugjbn', j: 'uihknm', k: 'iojlm', l: 'opk',
  z: 'asx', x: 'sdzc', c: 'dfxv', v: 'fgcb', b: 'ghvn', n: 'hjbm', m: 'jkn',
};

/** Visual confusions of OCR engines, both directions; keys and values may span several characters. */
export const OCR_CONFUSIONS: Array<[string, string]> = [
  ['m', 'rn'], ['rn', 'm'], ['l', '1'], ['1', 'l'], ['o', '0'], ['0', 'o'], ['i', 'l'], ['l', 'i'], ['e', 'c'], ['c', 'e'],
  ['s', '5'], ['5', 's'], ['g', '9'], ['b', '6'], ['cl', 'd'], ['d', 'cl'], ['vv', 'w'], ['w', 'vv'], ['u', 'v'], ['a', 'o'], ['h', 'b'], ['t', 'f'],
];

function caseLike(model: string, ch: string): string {
  return model !== model.toLowerCase() ? ch.toUpperCase() : ch;
}

export function charEdits(word: string, ops: readonly CharOp[]): string[] {
  const out = new Set<string>();
  const lower = word.toLowerCase();
  for (const op of ops) {
    if (op === 'delete' && word.length >= 2) {
      for (let p = 0; p < word.length; p++) out.add(word.slice(0, p) + word.slice(p + 1));
    } else if (op === 'transpose') {
      for (let p = 0; p + 1 < word.length; p++) {
        if (word[p] !== word[p + 1]) out.add(word.slice(0, p) + word[p + 1] + word[p] + word.slice(p + 2));
      }
    } else if (op === 'substitute') {
      for (let p = 0; p < word.length; p++) {
        for (const ch of LETTERS) if (ch !== lower[p]) out.add(word.slice(0, p) + caseLike(word[p], ch) + word.slice(p + 1));
      }
    } else if (op === 'insert') {
      for (let p = 0; p <= word.length; p++) {
        for (const ch of LETTERS) out.add(word.slice(0, p) + caseLike(word[Math.max(0, p - 1)], ch) + word.slice(p));
      }
    }
  }
  out.delete(word);
  return [...out];
}

export function keyboardSlips(word: string): string[] {
  const out = new Set<string>();
  for (let p = 0; p < word.length; p++) {
    for (const ch of KEYBOARD_NEIGHBOURS[word[p].toLowerCase()] ?? '') out.add(word.slice(0, p) + caseLike(word[p], ch) + word.slice(p + 1));
  }
  out.delete(word);
  return [...out];
}

export function ocrConfusions(word: string): string[] {
  const out = new Set<string>();
  const lower = word.toLowerCase();
  for (const [from, to] of OCR_CONFUSIONS) {
    for (let p = lower.indexOf(from); p >= 0; p = lower.indexOf(from, p + 1)) {
      out.add(word.slice(0, p) + caseLike(word[p], to) + word.slice(p + from.length));
    }
  }
  out.delete(word);
  return [...out];
}

/** Edit distance with adjacent transpositions (optimal string alignment), for constraints and tests. */
export function damerauLevenshtein(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
