// Width-aware text helpers: terminal columns, not string length (colours and wide glyphs count right).
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export function widthOf(text: string): number {
  return stringWidth(text);
}

/** Wraps to `width` columns, keeping a hanging indent for continuation lines. */
export function wrap(text: string, width: number, indent = ''): string[] {
  // Keep the line's own leading spaces (a bullet's indent); continuation lines get `indent` more.
  const lead = /^\s*/.exec(text)![0];
  const wrapped = wrapAnsi(text.slice(lead.length), Math.max(10, width - lead.length - indent.length), { hard: true }).split('\n');
  return wrapped.map((line, i) => (i === 0 ? lead + line : lead + indent + line));
}

/** Cuts `text` to `width` columns, marking the cut with an ellipsis. */
export function fit(text: string, width: number): string {
  if (widthOf(text) <= width) return text;
  let cut = text;
  while (cut.length > 0 && widthOf(cut) > width - 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

export function padTo(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

/** The terminal's width, or COLUMNS, or 100 when the output is not a terminal. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  return stream.columns || Number(process.env.COLUMNS) || 100;
}
