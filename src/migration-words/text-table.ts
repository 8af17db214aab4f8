/** Characters a terminal draws two columns wide: CJK ideographs, kana, Hangul, full-width forms. */
const WIDE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6]/u;
/** Half-width katakana and Hangul forms: one column, although of wide scripts. */
const HALF_WIDTH = /[\uff61-\uffdc]/u;
/** Combining marks: drawn on the character before them, no column of their own. */
const COMBINING = /\p{M}/u;

/** How many terminal columns a text takes: a name in Japanese takes two per character. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) {
    width += COMBINING.test(character) ? 0 : WIDE.test(character) && !HALF_WIDTH.test(character) ? 2 : 1;
  }
  return width;
}

/** A plain, aligned text table for terminals and CI logs, aligned by display width. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(displayWidth(title), ...rows.map((row) => displayWidth(row[column] ?? ''))),
  );
  const pad = (cell: string, width: number) => cell + ' '.repeat(width - displayWidth(cell));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => pad(cell, widths[column]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
