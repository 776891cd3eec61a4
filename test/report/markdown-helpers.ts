/** Reading GFM the way GitHub does, for assertions about report.md. */

/** Cells of a GFM table row, splitting on pipes that are not backslash-escaped. */
export function cells(row: string): string[] {
  return row.replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
}

/** The text with backslash-escaped backticks and every code span removed (code spans show their content literally). */
export function outsideCodeSpans(markdown: string): string {
  const text = markdown.replace(/\\`/g, '');
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      out += text[i++];
      continue;
    }
    let j = i;
    while (text[j] === '`') j++;
    const width = j - i;
    // A span closes at the next run of exactly as many backticks.
    let k = j;
    let end = -1;
    while (k < text.length && end < 0) {
      if (text[k] !== '`') {
        k++;
        continue;
      }
      let e = k;
      while (text[e] === '`') e++;
      if (e - k === width) end = e;
      k = e;
    }
    if (end < 0) {
      out += text.slice(i, j);
      i = j;
    } else {
      i = end;
    }
  }
  return out;
}
