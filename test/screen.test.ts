// The screen as a learner sees it: `run` in a real terminal (node-pty) at 80x24, 100x30 and 40x20,
// read back through a terminal emulator (xterm.js, headless), so a line wider than the terminal shows
// as a line the terminal had to wrap, and "the last screen" is what is left on it at the end. Also
// the live view while a side runs, the Ctrl-C lesson's keys, a pipe, and a reader that goes away.
// Every run under leak-check.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { BRIEF_ROWS } from '../dist/src/render/outcome.js';
import { bin, leakCheckBinary, root, runCli } from './helpers/cli.js';

const lessonIds = (JSON.parse((await runCli(['list', '--json'])).stdout) as Array<{ id: string }>).map((l) => l.id);

interface Screen {
  /** Every row the terminal holds, scrollback first, right-trimmed. */
  rows: () => string[];
  /** The rows on screen now. */
  visible: () => string[];
  /** Rows the terminal wrapped because a line was wider than it. */
  wrapped: () => string[];
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>;
  write: (data: string) => void;
  exited: Promise<number>;
  raw: () => string;
}

/** The CLI (or a shell line) in a terminal of `cols` x `rows`, under leak-check, drawn by xterm.js. */
function inTerminal(command: string[], cols: number, rows: number, env: Record<string, string | undefined> = {}): Screen {
  const base = { ...process.env, ...env } as Record<string, string>;
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete base[key];
  delete base.NO_COLOR;
  const term = pty.spawn(leakCheckBinary(), command, { cols, rows, cwd: root, env: base, name: 'xterm-256color' });
  const screen = new xterm.Terminal({ cols, rows, scrollback: 100_000, allowProposedApi: true });
  let raw = '';
  let pending = Promise.resolve();
  const waiters = new Set<() => void>();
  term.onData((data) => {
    raw += data;
    pending = pending.then(() => new Promise<void>((resolve) => screen.write(data, resolve))).then(() => waiters.forEach((w) => w()));
  });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => setTimeout(() => pending.then(() => resolve(exitCode)), 100)));
  const lineAt = (i: number) => screen.buffer.active.getLine(i);
  const rowsNow = () => Array.from({ length: screen.buffer.active.length }, (_, i) => lineAt(i)!.translateToString(true));
  const visible = () => rowsNow().slice(screen.buffer.active.baseY, screen.buffer.active.baseY + rows);
  return {
    rows: rowsNow,
    visible,
    wrapped: () => rowsNow().filter((_, i) => lineAt(i)!.isWrapped),
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; the screen:\n${visible().join('\n')}`)), timeoutMs);
        const check = () => {
          if (pattern.test(visible().join('\n'))) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
    write: (data) => term.write(data),
    exited,
    raw: () => raw,
  };
}

const cli = (...args: string[]) => [process.execPath, bin, ...args];

/** Each lesson's report in the rows: from its title line to the end of its summary. */
function reports(rows: string[], ids: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const id of ids) {
    const start = rows.findIndex((row) => row.startsWith(` ${id} · `));
    const end = rows.findIndex((row, i) => i > start && row.startsWith(`■ ${id}: `));
    if (start >= 0 && end >= 0) {
      // The summary runs to the blank line that ends each report.
      let last = end;
      while (last + 1 < rows.length && rows[last + 1] !== '' && !rows[last + 1].startsWith('leftovers=')) last++;
      found.set(id, rows.slice(start, last + 1));
    }
  }
  return found;
}

describe('run at 80x24, a projector', () => {
  it('every lesson --brief: one screen each, no line wider than 80, the verdict on the last screen; CI never waits', async () => {
    const screen = inTerminal(cli('run', '--all', '--brief'), 80, 24, { CI: 'true' });
    const code = await screen.exited;
    const rows = screen.rows();
    // A lesson may not behave as taught in one run of eighteen (exit 1): the screen must say so just as well.
    expect([0, 1], rows.join('\n')).toContain(code);
    expect(screen.wrapped()).toEqual([]);
    const byLesson = reports(rows, lessonIds);
    expect([...byLesson.keys()]).toEqual(lessonIds);
    for (const [id, lines] of byLesson) {
      expect(lines.length, `${id}:\n${lines.join('\n')}`).toBeLessThanOrEqual(BRIEF_ROWS);
      expect(lines.slice(1, 3).some((line) => /^(✓ As taught|✗ NOT as taught this run)/.test(line)), id).toBe(true);
    }
    // --all ends with its table: a verdict for every lesson, the last one on the last screen.
    const last = lessonIds.at(-1)!;
    expect(screen.visible().join('\n')).toMatch(new RegExp(`(✓ yes|✗ NO)\\s+${last}`));
    // With CI set, nobody is asked to press a key: pitfalls types it at once.
    expect(rows.join('\n')).not.toMatch(/Press Ctrl-C now/);
    expect(rows.join('\n')).toMatch(/leftovers=0/);
  });
});

describe('run at 100x30 and at 40x20', () => {
  it('100x30: the whole story, side by side, no line wider than 100, the summary on the last screen', async () => {
    const ids = ['fork-bomb', 'pipe-eof', 'sigchld-count', 'exit-in-handler'];
    const screen = inTerminal(cli('run', ...ids), 100, 30, { CI: 'true' });
    const code = await screen.exited;
    const rows = screen.rows();
    expect(code, rows.join('\n')).toBe(0);
    expect(screen.wrapped()).toEqual([]);
    expect(rows.join('\n')).toMatch(/What happened[\s\S]*Why[\s\S]*The rule[\s\S]*The safe way/);
    expect(rows.some((row) => /^BROKEN\s+fixtures\/fork-bomb\.c\s+│ SAFE/.test(row))).toBe(true);
    expect([...reports(rows, ids).keys()]).toEqual(ids);
    const last = screen.visible().join('\n');
    expect(last).toMatch(/■ exit-in-handler: behaved as taught/);
    expect(last).toMatch(/✓ SAFE: /);
  });

  it('40x20: one screen per lesson by default, no line wider than 40, nothing cut from the pictures', async () => {
    const ids = ['zombies', 'pipe-eof', 'signal-portability'];
    const screen = inTerminal(cli('run', ...ids), 40, 20, { CI: 'true' });
    const code = await screen.exited;
    const rows = screen.rows();
    expect(code, rows.join('\n')).toBe(0);
    expect(screen.wrapped()).toEqual([]);
    const text = rows.join('\n');
    expect(text).toMatch(/write end ▶ fd 4 of \d+/);
    expect(text).not.toMatch(/fd \d+ of \d+ [^\n]*…/);
    expect(text).toMatch(/<defunct>/);
    expect(screen.visible().join('\n')).toMatch(/■ signal-portability:\s+behaved as taught/);
    expect(text).toMatch(/--full`/);
  });
});

describe('while a side runs', () => {
  it('shows it live; the Ctrl-C lesson names each side, counts down, takes q, and a second Ctrl-C is harmless', async () => {
    const screen = inTerminal(cli('run', 'exit-in-handler'), 80, 24, { CI: undefined });
    // Side 1 of 4 is ready: the live region shows the program as /proc sees it, its signal bits, the invitation.
    await screen.waitFor(/Press Ctrl-C now[\s\S]*q: press it now/);
    const live = screen.visible().join('\n');
    expect(live, live).toMatch(/▶ side 1 of 4 · [\d.]+ s · BROKEN fixtures\/exit-in-handler\.c \(exit\(\) in/);
    expect(live).toMatch(/\/proc now: \d+ process(es)? \(.*\) · \d+ of 64 tasks/);
    expect(live).toMatch(/signals of \d+: .*SIGINT/);
    expect(live).toMatch(/▶ 1 of 4: BROKEN fixtures\/exit-in-handler\.c \(exit\(\) in the handler\) is\s+ready/);
    expect(live).toMatch(/\d+ s left, then pitfalls presses it for you · q: press it now/);
    // The runner streams the program's output once it offers to (SideHooks.onOutput): the records show above the invitation.
    if (readFileSync(`${root}dist/src/runner/launch.js`, 'utf8').includes('onOutput')) expect(live).toMatch(/record 0: ok/);
    // Ctrl-C twice, at once: the first goes into the program's terminal, the second does nothing.
    screen.write('\x03\x03');
    await screen.waitFor(/Ctrl-C was already sent: this one does nothing/);
    await screen.waitFor(/▶ 2 of 4: BROKEN fixtures\/exit-in-handler\.c \(_exit\(\) in the handler\) is/);
    screen.write('q');
    await screen.waitFor(/typed by pitfalls \(you pressed q\)/);
    await screen.waitFor(/▶ 3 of 4: /);
    screen.write('\x03');
    await screen.waitFor(/▶ 4 of 4: SAFE /);
    screen.write('\x03');
    const code = await screen.exited;
    const text = screen.rows().join('\n');
    expect(code, text).toBe(0);
    expect(text).toMatch(/1 of 4: BROKEN fixtures\/exit-in-handler\.c \(exit\(\) in the handler\):\s+Ctrl-C\s+pressed: sent into the program's terminal\./);
    expect(text).not.toMatch(/ESRCH|Error:|at .*\.js:\d+/);
    expect(screen.visible().join('\n')).toMatch(/■ exit-in-handler: behaved as taught/);
    expect(text).toMatch(/leftovers=0/);
  });
});

describe('through a pipe', () => {
  it('lays the report out at the terminal\'s width, not at a fixed one', async () => {
    const screen = inTerminal(['bash', '-c', `${process.execPath} ${bin} run fork-bomb | cat`], 60, 30, { CI: 'true' });
    const code = await screen.exited;
    const rows = screen.rows().map((row) => stripVTControlCharacters(row));
    expect(code, rows.join('\n')).toBe(0);
    expect(screen.wrapped()).toEqual([]);
    // The whole story (stdout is no terminal), and the lines use the terminal's 60 columns.
    expect(rows.join('\n')).toMatch(/What happened/);
    expect(Math.max(...rows.map((row) => row.length))).toBeGreaterThan(50);
  });

  /** A shell line under leak-check: the status of pitfalls itself, stderr, and what it left. */
  function shell(line: string): Promise<{ status: number; stderr: string; leftovers: string }> {
    return new Promise((resolve) => {
      const child = spawn(leakCheckBinary(), ['bash', '-c', `${line}; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: root, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stdout!.resume();
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('close', () => resolve({ status: Number(/status=(\d+)/.exec(stderr)?.[1]), stderr, leftovers: /leftovers=(\d+)/.exec(stderr)?.[1] ?? '?' }));
    });
  }

  it('a reader that goes away (| head) ends run, list, show and help quietly, with the documented codes', async () => {
    const node = `${process.execPath} ${bin}`;
    const ran = await shell(`${node} run fork-bomb zombies | head -n 3`);
    expect(ran.status, ran.stderr).toBe(130);
    expect(ran.leftovers).toBe('0');
    for (const command of ['list', 'show pipe-eof', '--help', 'run --help']) {
      const result = await shell(`${node} ${command} | head -n 1`);
      expect(result.status, `${command}: ${result.stderr}`).toBe(0);
      expect(result.stderr, command).not.toMatch(/EPIPE|Error|at .*:\d+:\d+/);
    }
    expect(ran.stderr).not.toMatch(/EPIPE|Error|at .*:\d+:\d+/);
  });
});

describe('lessons by number', () => {
  it('run 3 runs the third lesson of list', async () => {
    const result = await runCli(['run', '3', '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).lessons[0].id).toBe(lessonIds[2]);
    const beyond = await runCli(['run', String(lessonIds.length + 1)]);
    expect(beyond.code).toBe(2);
    expect(beyond.stderr).toMatch(new RegExp(`There is no lesson ${lessonIds.length + 1}: \`npx pitfalls list\` numbers them 1 to ${lessonIds.length}\\.`));
  });
});
