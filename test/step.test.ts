// `run --step` and `--predict` as a learner drives them: in a real terminal (node-pty, 80x24), read back
// through a terminal emulator (xterm.js), keys pressed at each pause. A prediction is judged right or wrong
// by this run's own evidence (the JSON recorded beside it), never a stored answer; q mid-run leaves nothing.
// Every run under leak-check.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { afterAll, describe, expect, it } from 'vitest';
import { bin, leakCheckBinary, root, runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'pitfalls-step-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Session {
  /** Every row the terminal holds, scrollback first. */
  rows: () => string[];
  /** Rows the terminal had to wrap: a line wider than 80 columns. */
  wrapped: () => string[];
  /** Waits until the screen (the rows on it now) matches. */
  waitFor: (pattern: RegExp) => Promise<string>;
  press: (key: string) => void;
  exited: Promise<number>;
}

/** `pitfalls ARGS` in an 80x24 terminal, not in CI (a person is there to press keys) unless `extra` says so, under leak-check. */
function session(args: string[], extra: Record<string, string> = {}): Session {
  const env = { ...process.env } as Record<string, string>;
  delete env.CI;
  delete env.NO_COLOR;
  Object.assign(env, extra);
  const term = pty.spawn(leakCheckBinary(), [process.execPath, bin, ...args], { cols: 80, rows: 24, cwd: root, env, name: 'xterm-256color' });
  const screen = new xterm.Terminal({ cols: 80, rows: 24, scrollback: 10_000, allowProposedApi: true });
  let pending = Promise.resolve();
  const waiters = new Set<() => void>();
  term.onData((data) => {
    pending = pending.then(() => new Promise<void>((resolve) => screen.write(data, resolve))).then(() => waiters.forEach((w) => w()));
  });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => setTimeout(() => pending.then(() => resolve(exitCode)), 100)));
  const buffer = () => screen.buffer.active;
  const rows = () => Array.from({ length: buffer().length }, (_, i) => buffer().getLine(i)!.translateToString(true));
  const visible = () => rows().slice(buffer().baseY, buffer().baseY + 24).join('\n');
  return {
    rows,
    wrapped: () => rows().filter((_, i) => buffer().getLine(i)!.isWrapped),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; the screen:\n${visible()}`)), 60_000);
        const check = () => {
          if (!pattern.test(visible())) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(visible());
        };
        waiters.add(check);
        check();
      }),
    press: (key) => term.write(key),
    exited,
  };
}

/** Goes on at every pause until the run ends; answers the question with `answer`. Returns the reveal's screen. */
async function predictThrough(s: Session, answer: string): Promise<string> {
  await s.waitFor(/1 of 8 · The program[\s\S]*▶ Enter/);
  s.press('\r');
  await s.waitFor(/2 of 8 · Predict[\s\S]*▶ 1-3: answer/);
  s.press(answer);
  await s.waitFor(/3 of 8 · The broken side, live[\s\S]*▶ Enter\/Space: run the next side/);
  s.press('\r');
  await s.waitFor(/4 of 8 · The safe twin, live[\s\S]*▶ Enter\/Space: the verdict/);
  s.press(' ');
  await s.waitFor(/5 of 8 · The verdict[\s\S]*▶ Enter/);
  s.press('\r');
  const revealed = await s.waitFor(/6 of 8 · Your prediction[\s\S]*▶ Enter/);
  // b goes back to the verdict's text, Enter forward again to the reveal.
  s.press('b');
  await s.waitFor(/5 of 8 · The verdict/);
  s.press('\r');
  await s.waitFor(/6 of 8 · Your prediction/);
  for (const phase of ['7 of 8 · Why', '8 of 8 · The rule']) {
    s.press('\r');
    await s.waitFor(new RegExp(phase));
  }
  s.press('\r');
  return revealed;
}

/** The count the broken side reported and the children that ended, from the run's own evidence in its JSON. */
function countFromJson(path: string): { counted: number; children: number } {
  const document = JSON.parse(readFileSync(path, 'utf8')) as { lessons: Array<{ broken: Array<{ evidence: string[] }> }> };
  const evidence = document.lessons[0].broken[0].evidence.join('\n');
  return { counted: Number(/own count of child exits: (\d+)/.exec(evidence)![1]), children: Number(/(\d+) children of pid \d+ ended/.exec(evidence)![1]) };
}

describe('run --predict, in a terminal at 80x24', () => {
  it('a right and a wrong prediction, each judged by what that run observed; recorded, with the outcome beside it', async () => {
    for (const answer of ['1', '2']) {
      const cast = join(dir, `sigchld-${answer}.cast`);
      const s = session(['run', 'sigchld-count', '--predict', '--record', cast]);
      const revealed = await predictThrough(s, answer);
      expect(await s.exited).toBe(0);
      const all = s.rows().join('\n');
      expect(all).toMatch(/leftovers=0/);
      // Every phase fits 80 columns.
      expect(s.wrapped()).toEqual([]);
      // The right choice from this run's evidence: 1 when every exit was counted, 2 when fewer, 3 when more.
      const { counted, children } = countFromJson(cast.replace(/\.cast$/, '.json'));
      const right = counted === children ? '1' : counted < children ? '2' : '3';
      expect(revealed).toContain(`This run: the program's count of child exits: ${counted} (children ended ${children})`);
      expect(revealed).toMatch(/• the program's own count of child exits: \d+/);
      if (answer === right) expect(revealed).toMatch(/✓ Right: this run observed what \d says/);
      else expect(revealed).toContain(`✗ Not this run: it observed what ${right} says`);
      // The recording: asciicast v2, times in order, a marker at each phase; the reveal is in it as it was shown.
      const [header, ...events] = readFileSync(cast, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
      expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
      const times = events.map((e: [number, string, string]) => e[0]);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const markers = events.filter((e: unknown[]) => e[1] === 'm').map((e: unknown[]) => e[2]);
      expect(markers).toEqual(['1. The program', '2. Predict', '3. The broken side, live', '4. The safe twin, live', '5. The verdict', '6. Your prediction', '7. Why', '8. The rule']);
      expect(events.filter((e: unknown[]) => e[1] === 'o').map((e: unknown[]) => e[2]).join('')).toContain('Your prediction');
    }
  });
});

describe('run --step, q', () => {
  it('q while a side runs stops the run: exit 130, every process killed and reaped, nothing left', async () => {
    const s = session(['run', 'zombies', '--step']);
    await s.waitFor(/1 of 6 · The program[\s\S]*▶ Enter/);
    s.press('\r');
    await s.waitFor(/2 of 6 · The broken side, live[\s\S]*▶ Enter\/Space: run the next side/);
    s.press('\r');
    // The twin runs for a second: q as soon as its live view is up.
    await s.waitFor(/side 2 of 2/);
    s.press('q');
    expect(await s.exited).toBe(130);
    const all = s.rows().join('\n');
    expect(all).toMatch(/Interrupted: every process of the run was killed and reaped/);
    expect(all).not.toMatch(/4 of 6 · The verdict/);
    expect(all).toMatch(/leftovers=0/);
  });
});

describe('run --step without a terminal', () => {
  it('refuses with a usage error naming the next step: through a pipe, and in a terminal with CI set', async () => {
    const piped = await runCli(['run', 'sigchld-count', '--step']);
    expect(piped.code).toBe(2);
    expect(piped.said).toMatch(/no terminal to read your keys from.*`npx pitfalls run sigchld-count`/s);
    expect(piped.leftoverCount).toBe(0);
    const ci = session(['run', 'sigchld-count', '--predict'], { CI: 'true' });
    expect(await ci.exited).toBe(2);
    expect(ci.rows().join(' ').replace(/\s+/g, ' ')).toMatch(/CI is set/);
  });
});
