// Width-aware text helpers: terminal columns, not string length (colours and wide glyphs count right).
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

export { terminalWidth } from './terminal.js';

/** Glues the words of a command together while wrapping, so a line never breaks inside one. */
const GLUE = '\u00a0';

export function widthOf(text: string): number {
  return stringWidth(text);
}

/** "npx pitfalls run fork-bomb" written out in a sentence: the command and the lesson it names. */
const PITFALLS_COMMAND = /(?<!`)\bnpx pitfalls (?:(?:list|doctor|progress|next)\b|(?:run|show|practice|hint|solution|reset|check) [\w-]+)/g;

/**
 * The commands in a text, `backticked` or `npx pitfalls ...` written out: their spaces become glue (when
 * the command fits on a line at all), so wrapping moves a command whole to the next line, never breaks it.
 */
function glueCommands(text: string, room: number): string {
  const glue = (span: string) => (widthOf(span) <= room ? span.replace(/ /g, GLUE) : span);
  return text.replace(/`[^`\n]+`/g, glue).replace(PITFALLS_COMMAND, glue);
}

/** Wraps to `width` columns at word boundaries, keeping a hanging indent for continuation lines; commands stay whole. */
export function wrap(text: string, width: number, indent = ''): string[] {
  // Keep the line's own leading spaces (a bullet's indent), also behind a colour code; continuation lines get `indent` more.
  const [, colour, lead] = /^((?:\x1b\[[0-9;]*m)*)( *)/.exec(text)!;
  const body = colour + text.slice(colour.length + lead.length);
  // The first line has the whole width after the lead; the lines after it, `indent` less.
  const firstRoom = Math.max(10, width - lead.length);
  const room = Math.max(10, firstRoom - indent.length);
  const [first, ...rest] = wrapAnsi(glueCommands(body, firstRoom), firstRoom, { hard: true }).split('\n');
  const more = rest.length === 0 ? [] : wrapAnsi(glueCommands(rest.join(' '), room), room, { hard: true }).split('\n');
  const lines = [lead + first, ...more.map((line) => lead + indent + line)];
  return lines.map((line) => line.replaceAll(GLUE, ' '));
}

/** Wraps only lines wider than `width`; others are kept as they are (their own spacing, their own glue). */
export function fitLines(lines: string[], width: number, indent = '  '): string[] {
  return lines.flatMap((line) => (widthOf(line) > width ? wrap(line, width, indent) : [line]));
}

/**
 * Items (commands, each kept whole) after a lead, three spaces apart, flowing onto more lines when
 * the width runs out: "Try next: a   b" / "          c".
 */
export function flow(lead: string, items: string[], width: number, separator = '   '): string[] {
  const lines: string[] = [];
  const hang = ' '.repeat(Math.min(widthOf(lead), Math.floor(width / 3)));
  let line = lead;
  let empty = true;
  for (const item of items) {
    const candidate = empty ? line + item : line + separator + item;
    if (!empty && widthOf(candidate) > width) {
      lines.push(line);
      line = hang + item;
    } else line = candidate;
    empty = false;
  }
  lines.push(line);
  return lines.flatMap((l) => (widthOf(l) > width ? wrap(l, width, '  ') : [l]));
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

/**
 * A line of code behind a gutter of `gutter` columns (a diff's "- ", a line number), within `width`: a
 * line too wide is wrapped, its continuation lines under the code, two columns in from the code's own
 * indentation, the gutter left blank. The line's colour (a code at its start) carries over.
 */
export function fitCodeLine(line: string, width: number, gutter: number): string[] {
  if (widthOf(line) <= width) return [line];
  const [, colour] = /^((?:\x1b\[[0-9;]*m)*)/.exec(line)!;
  const rest = line.slice(colour.length);
  // The gutter is plain characters (no escape codes inside it), so it is cut off by length.
  const parts = wrap(colour + rest.slice(gutter), Math.max(10, width - gutter), '  ');
  return parts.map((part, i) => (i === 0 ? colour + rest.slice(0, gutter) + part : ' '.repeat(gutter) + part));
}
