// Source code as `show` prints it: numbered lines, the `PITFALL:` comment marked, and a line too long
// for its column wrapped with a hanging indent under the code (never under the line numbers).
import chalk from 'chalk';
import { widthOf, wrap } from './text.js';

/** Which lines are the pitfall: a `PITFALL:` comment and the comment lines that continue it. */
export function pitfallLines(lines: string[]): boolean[] {
  let inPitfall = false;
  return lines.map((line) => {
    if (/PITFALL:/.test(line)) inPitfall = true;
    else if (inPitfall && !/^\s*(\*|\/\/)/.test(line)) inPitfall = false;
    return inPitfall;
  });
}

/** Numbered source lines within `width` columns; tabs as 4 spaces. */
export function sourceLines(source: string, width: number): string[] {
  const lines = source.replace(/\n$/, '').split('\n').map((line) => line.replace(/\t/g, '    '));
  const marked = pitfallLines(lines);
  const numberWidth = Math.max(3, String(lines.length).length);
  // "▶ 12  " or "  12  ": the mark, the number, two spaces; the code starts after it.
  const gutter = 1 + numberWidth + 2;
  const room = Math.max(10, width - gutter);
  return lines.flatMap((line, i) => {
    const number = String(i + 1).padStart(numberWidth);
    // Continuation lines go two columns in from the code's own indentation.
    const parts = widthOf(line) <= room ? [line] : wrap(line, room, '  ');
    return parts.map((part, j) => {
      const prefix = j === 0 ? `${marked[i] ? '▶' : ' '}${number}  ` : ' '.repeat(gutter);
      return marked[i] ? chalk.red.bold(prefix + part) : chalk.dim(prefix) + part;
    });
  });
}
