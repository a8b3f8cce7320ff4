// Help as commander prints it, fitted to the terminal: commander wraps its own columns to the width we
// give it; the text we add (exit codes, examples) is wrapped here, a command broken only where a shell
// would take it whole (` \` at the end of the line). No dependencies: help is printed before anything loads.
import { whenStdoutCloses } from './stdout.js';
import { terminalWidth } from './terminal.js';

/** Words of `text` in lines of at most `room` characters (a word longer than that gets a line of its own). */
function words(text: string, room: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return lines;
}

/** One line of help within `width`: an example command continued with ` \`, other text under its own column. */
export function fitHelpLine(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const example = /^(\s*\$ )(.*)$/.exec(line);
  if (example) {
    const [, prompt, command] = example;
    const hang = ' '.repeat(prompt.length + 2);
    const parts = words(command, Math.max(10, width - prompt.length - 2));
    return parts.map((part, i) => `${i === 0 ? prompt : hang}${part}${i < parts.length - 1 ? ' \\' : ''}`);
  }
  // "  130  interrupted ..." or "  fixed       0  the job ...": continuation lines under the description.
  const column = /^(\s*\S.*?\s{2,})(?=\S)/.exec(line)?.[1] ?? /^\s*/.exec(line)![0];
  const indent = /^\s*/.exec(line)![0].length;
  if (column.length <= width / 2) {
    const parts = words(line.slice(column.length), Math.max(10, width - column.length));
    return parts.map((part, i) => (i === 0 ? column : ' '.repeat(column.length)) + part);
  }
  // Too wide a first column to keep beside: the term on its line, what it means under it.
  const hang = ' '.repeat(indent + 4);
  const term = column.trimEnd();
  const rest = line.slice(column.length);
  return [...(term.trim() === '' ? [] : words(term.trim(), width - indent).map((w) => ' '.repeat(indent) + w)), ...(rest ? words(rest, Math.max(10, width - hang.length)).map((part) => hang + part) : [])];
}

/** commander's output settings: its help laid out for the terminal's width, every line within it. */
export function helpOutput() {
  const width = () => terminalWidth();
  const fitted = (text: string) => text.split('\n').flatMap((line) => fitHelpLine(line, width())).join('\n');
  let isWatched = false;
  return {
    getOutHelpWidth: width,
    getErrHelpWidth: width,
    writeOut: (text: string) => {
      // `pitfalls --help | head`: the reader going away ends the help quietly.
      if (!isWatched) whenStdoutCloses();
      isWatched = true;
      process.stdout.write(fitted(text));
    },
  };
}
