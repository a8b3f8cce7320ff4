// Side by side in fixed-width columns with a gutter mark; stacked when the terminal is too narrow.
import { padTo, widthOf, wrap } from './text.js';

export const GUTTER = ' │ ';
/** Terminal columns each side needs: two sides go side by side from 100 columns, three from 150. */
export const COLUMNS_PER_SIDE = 50;

export function fitsSideBySide(count: number, width: number): boolean {
  return count > 1 && width >= COLUMNS_PER_SIDE * count;
}

/** Lays out blocks of lines in columns; every line is wrapped to its column. */
export function sideBySide(blocks: string[][], width: number): string[] {
  const columnWidth = Math.floor((width - GUTTER.length * (blocks.length - 1)) / blocks.length);
  const wrapped = blocks.map((lines) => lines.flatMap((line) => (widthOf(line) > columnWidth ? wrap(line, columnWidth, '  ') : [line])));
  const height = Math.max(...wrapped.map((b) => b.length));
  const rows: string[] = [];
  for (let i = 0; i < height; i++) {
    rows.push(wrapped.map((b, column) => (column === wrapped.length - 1 ? (b[i] ?? '') : padTo(b[i] ?? '', columnWidth))).join(GUTTER).trimEnd());
  }
  return rows;
}

export function stacked(blocks: string[][], width: number): string[] {
  return blocks.flatMap((lines, i) => [...(i > 0 ? [''] : []), ...lines.flatMap((line) => (widthOf(line) > width ? wrap(line, width, '  ') : [line]))]);
}

export function layout(blocks: string[][], width: number): string[] {
  return fitsSideBySide(blocks.length, width) ? sideBySide(blocks, width) : stacked(blocks, width);
}
