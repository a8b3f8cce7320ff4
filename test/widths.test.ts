// Every line within the width: each command that does not run a lesson (the help of each command, list,
// show, hint, solution, doctor, progress, next, and the errors a mistyped command line gets), through a
// pipe at COLUMNS=40, 80 and 100, and a few in a real terminal (node-pty) at 40x20, read back through a
// terminal emulator, so a line too wide shows as a row the terminal had to wrap. `run` is covered by
// test/screen.test.ts. Colour is stripped and columns are measured as a terminal counts them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { bin, root, runCli } from './helpers/cli.js';

const lessonIds = (JSON.parse((await runCli(['list', '--json'])).stdout) as Array<{ id: string }>).map((l) => l.id);

const commandsWithHelp = ['list', 'run', 'check', 'practice', 'hint', 'solution', 'show', 'doctor', 'progress', 'next', 'reset', 'dev', 'dev new', 'dev check'];

/** Each command line that does not run a lesson (`solution` through a pipe is the plain source: tested apart). */
const commands: string[][] = [
  // The top-level help: no arguments through a pipe, and --help.
  [],
  ['--help'],
  ...commandsWithHelp.map((command) => [...command.split(' '), '--help']),
  ['list'],
  ['doctor'],
  ['progress'],
  ['next'],
  ...lessonIds.flatMap((id) => [['show', id], ['hint', id]]),
  // Mistakes, each answered in one message with the next step.
  ['run', 'fork-bom'],
  ['show', 'nosuch'],
  ['hint', 'nosuch'],
  ['solution', 'nosuch'],
  ['run', 'fork-bomb', '--bogus'],
  ['list', '--jsn'],
  ['rn'],
  ['run'],
  ['show'],
  ['check', 'fork-bomb'],
  ['run', '99'],
  ['run', 'fork-bomb', '--timeout', 'abc'],
];

/** The lines of `text` wider than `width`, with their widths, colour removed. */
function tooWide(text: string, width: number): string[] {
  return stripVTControlCharacters(text)
    .split(/\r?\n/)
    .filter((line) => stringWidth(line) > width)
    .map((line) => `${stringWidth(line)}: ${line}`);
}

describe.each([40, 80, 100])('through a pipe at COLUMNS=%i', (width) => {
  it.concurrent.each(commands.map((args) => [args.join(' ') || '(no arguments)', args] as const))('%s: no line wider than the width', async (_, args) => {
    const result = await runCli(args, { env: { COLUMNS: String(width) } });
    const output = result.stdout + result.stderr;
    // It said something (help, a listing, or an error with its next step), and all of it fits.
    expect(output.trim().length, args.join(' ')).toBeGreaterThan(0);
    expect(tooWide(output, width), output).toEqual([]);
  });

  it('solution: in a pipe, the plain source exactly (for `> fixed.c`), never rewrapped; its error fits', async () => {
    // The plain source is a file's content, meant to be redirected: wrapping it would break the C.
    const plain = await runCli(['solution', 'fork-bomb'], { env: { COLUMNS: String(width) } });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^#include|^\/\*/m);
    expect(plain.stdout).toBe(readFileSync(join(root, 'fixtures/solutions/fork-bomb.c'), 'utf8'));
  });
});

/** The CLI in a terminal of `cols` x `rows`, drawn by xterm.js; answers y to a [y/N] question. Resolves to the rows it wrapped and all rows. */
function inTerminal(args: string[], cols: number, rows: number): Promise<{ code: number; wrapped: string[]; text: string }> {
  const env = { ...process.env } as Record<string, string>;
  delete env.COLUMNS;
  delete env.NO_COLOR;
  const term = pty.spawn(process.execPath, [bin, ...args], { cols, rows, cwd: root, env, name: 'xterm-256color' });
  const screen = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  let pending = Promise.resolve();
  let raw = '';
  let answered = false;
  term.onData((data) => {
    raw += data;
    if (!answered && /\[y\/N\]/.test(raw)) {
      answered = true;
      term.write('y\r');
    }
    pending = pending.then(() => new Promise<void>((resolve) => screen.write(data, resolve)));
  });
  return new Promise((resolve) =>
    term.onExit(({ exitCode }) =>
      setTimeout(
        () =>
          void pending.then(() => {
            const buffer = screen.buffer.active;
            const line = (i: number) => buffer.getLine(i)!;
            const all = Array.from({ length: buffer.length }, (_, i) => line(i).translateToString(true));
            resolve({ code: exitCode, wrapped: all.filter((_, i) => line(i).isWrapped), text: all.join('\n') });
          }),
        100,
      ),
    ),
  );
}

describe('in a terminal at 40x20', () => {
  const inPty: string[][] = [['progress'], ['next'], ['list'], ['doctor'], ['show', 'pipe-eof'], ['hint', 'sigchld-count'], ['solution', 'fork-bomb'], ['check', '--help'], ['run', 'fork-bom'], ['list', '--jsn']];
  it.each(inPty.map((args) => [args.join(' '), args] as const))('%s: no row the terminal had to wrap', async (_, args) => {
    const { wrapped, text } = await inTerminal(args, 40, 20);
    expect(text.trim().length).toBeGreaterThan(0);
    expect(wrapped, text).toEqual([]);
  });

  it('solution in a terminal: the question answered, the changes shown, code continued under itself', async () => {
    const { wrapped, text } = await inTerminal(['solution', 'pipe-eof'], 40, 20);
    expect(wrapped, text).toEqual([]);
    expect(text).toMatch(/the reference fix for pipe-eof/);
    // The command that saves the plain file is never cut mid-word: too wide for 40 columns, it goes on as a shell takes it.
    expect(text).toMatch(/^  \$ npx pitfalls solution pipe-eof (> )?\\\n +(> )?pipe-eof\.c$/m);
  });
});
