// Progress: the state file (fresh, updated, set aside when damaged, shared by several writers, a
// folder that cannot be written), the commands that show and reset it, and the menu in a terminal.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from '@lydell/node-pty';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { progressFile, readProgress, resetProgress, stateDir, updateProgress } from '../dist/src/practice/progress.js';
import { bin, root, runCli, unwrapped } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-progress-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let count = 0;
/** A state home of its own for each test: nothing is read from or written to the user's. */
function freshStateHome(): NodeJS.ProcessEnv {
  const home = join(scratch, `state-${++count}`);
  mkdirSync(home);
  return { XDG_STATE_HOME: home };
}

/** Progress as a file would hold it, written directly (version 1). */
function writeState(env: NodeJS.ProcessEnv, lessons: Record<string, object>): void {
  mkdirSync(stateDir(env), { recursive: true, mode: 0o700 });
  const full = Object.fromEntries(Object.entries(lessons).map(([id, p]) => [id, { id, ran: false, checked: false, fixed: false, hintsUsed: 0, ...p }]));
  writeFileSync(progressFile(env), JSON.stringify({ version: 1, lessons: full }));
}

describe('the state file', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('lives under an absolute XDG_STATE_HOME, else ~/.local/state (a relative XDG_STATE_HOME is ignored)', () => {
    expect(progressFile({ XDG_STATE_HOME: '/somewhere/state' })).toBe('/somewhere/state/pitfalls/progress.json');
    expect(progressFile({ XDG_STATE_HOME: 'relative/state', HOME: '/home/learner' })).toBe('/home/learner/.local/state/pitfalls/progress.json');
    expect(progressFile({ HOME: '/home/learner' })).toBe('/home/learner/.local/state/pitfalls/progress.json');
  });

  it('starts empty, and reading creates nothing', () => {
    const env = freshStateHome();
    expect(readProgress(env)).toEqual({ lessons: {}, warnings: [] });
    expect(existsSync(stateDir(env))).toBe(false);
  });

  it('keeps each update, in a 0700 folder and a 0600 file, leaving no temporary or lock file behind', () => {
    const env = freshStateHome();
    expect(updateProgress('fork-bomb', (p) => ({ ...p, ran: true }), env)).toEqual({ id: 'fork-bomb', ran: true, checked: false, fixed: false, hintsUsed: 0 });
    updateProgress('fork-bomb', (p) => ({ ...p, hintsUsed: p.hintsUsed + 2 }), env);
    updateProgress('zombies', (p) => ({ ...p, checked: true }), env);
    const { lessons, warnings } = readProgress(env);
    expect(warnings).toEqual([]);
    expect(lessons['fork-bomb']).toEqual({ id: 'fork-bomb', ran: true, checked: false, fixed: false, hintsUsed: 2 });
    expect(lessons.zombies).toEqual({ id: 'zombies', ran: false, checked: true, fixed: false, hintsUsed: 0 });
    expect(statSync(stateDir(env)).mode & 0o777).toBe(0o700);
    expect(statSync(progressFile(env)).mode & 0o777).toBe(0o600);
    expect(readdirSync(stateDir(env))).toEqual(['progress.json']);
    expect(stderr).toEqual([]);
  });

  it('forgets one lesson, or all', () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { fixed: true }, zombies: { ran: true } });
    resetProgress('fork-bomb', env);
    expect(Object.keys(readProgress(env).lessons)).toEqual(['zombies']);
    resetProgress(undefined, env);
    expect(readProgress(env).lessons).toEqual({});
  });

  it('sets a file that is not JSON aside, says so, and starts afresh', () => {
    const env = freshStateHome();
    mkdirSync(stateDir(env));
    writeFileSync(progressFile(env), '{"version": 1, "lessons": {"fork-bo');
    const { lessons, warnings } = readProgress(env);
    expect(lessons).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be used: it is not JSON .*Kept it as progress\.json\.corrupt-\S+ and started afresh/);
    const aside = readdirSync(stateDir(env)).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(stateDir(env), aside[0]), 'utf8')).toBe('{"version": 1, "lessons": {"fork-bo');
    expect(existsSync(progressFile(env))).toBe(false);
    // The next update starts a good file.
    updateProgress('zombies', (p) => ({ ...p, ran: true }), env);
    expect(readProgress(env)).toEqual({ lessons: { zombies: { id: 'zombies', ran: true, checked: false, fixed: false, hintsUsed: 0 } }, warnings: [] });
  });

  it('sets an older format aside when an update finds it, with one warning line, and records the update', () => {
    const env = freshStateHome();
    mkdirSync(stateDir(env));
    writeFileSync(progressFile(env), JSON.stringify({ version: 0, done: ['fork-bomb'] }));
    const updated = updateProgress('fork-bomb', (p) => ({ ...p, hintsUsed: p.hintsUsed + 1 }), env);
    expect(updated.hintsUsed).toBe(1);
    expect(stderr.join('')).toMatch(/^pitfalls: progress file .* could not be used: it was written by an older pitfalls \(format 0; this one reads 1\)\. Kept it as progress\.json\.old-v0-\S+ and started afresh\.\n$/);
    expect(readdirSync(stateDir(env)).filter((f) => f.startsWith('progress.json.old-v0-'))).toHaveLength(1);
    expect(readProgress(env).lessons['fork-bomb'].hintsUsed).toBe(1);
  });

  it('sets aside JSON of the wrong shape', () => {
    const env = freshStateHome();
    mkdirSync(stateDir(env));
    writeFileSync(progressFile(env), '[1, 2, 3]');
    expect(readProgress(env).warnings[0]).toMatch(/it is JSON but not a progress file/);
  });

  it('leaves a newer pitfalls\' file alone and records nothing in it, with one warning', () => {
    const env = freshStateHome();
    mkdirSync(stateDir(env));
    const newer = JSON.stringify({ version: 2, lessons: { 'fork-bomb': { fixed: 'yes' } } });
    writeFileSync(progressFile(env), newer);
    expect(readProgress(env).warnings[0]).toMatch(/written by a newer pitfalls \(format 2/);
    const updated = updateProgress('fork-bomb', (p) => ({ ...p, ran: true }), env);
    expect(updated.ran).toBe(true);
    expect(readFileSync(progressFile(env), 'utf8')).toBe(newer);
    expect(stderr.join('')).toMatch(/^pitfalls: progress not saved \(progress file .* written by a newer pitfalls/);
  });

  it('fails softly when the folder cannot be made: one warning line, the value returned unsaved', () => {
    // A regular file where the state home should be: not writable even for root.
    const file = join(scratch, `not-a-folder-${++count}`);
    writeFileSync(file, '');
    const env = { XDG_STATE_HOME: file };
    expect(updateProgress('fork-bomb', (p) => ({ ...p, ran: true }), env)).toEqual({ id: 'fork-bomb', ran: true, checked: false, fixed: false, hintsUsed: 0 });
    updateProgress('fork-bomb', (p) => ({ ...p, fixed: true }), env);
    const lines = stderr.join('').split('\n').filter(Boolean);
    // Once per process, however many updates fail.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^pitfalls: progress not saved \(ENOTDIR: not a directory\)\. Set XDG_STATE_HOME to a folder you can write/);
    const read = readProgress(env);
    expect(read.lessons).toEqual({});
    expect(read.warnings).toEqual([expect.stringMatching(/cannot be read \(ENOTDIR: not a directory\): progress starts empty/)]);
  });

  it('breaks a lock left by a pitfalls that died holding it', () => {
    const env = freshStateHome();
    writeState(env, {});
    const dead = spawnSync('true').pid!;
    writeFileSync(`${progressFile(env)}.lock`, `${dead}\n`);
    expect(updateProgress('fork-bomb', (p) => ({ ...p, ran: true }), env).ran).toBe(true);
    expect(readProgress(env).lessons['fork-bomb'].ran).toBe(true);
    expect(readdirSync(stateDir(env))).toEqual(['progress.json']);
    expect(stderr).toEqual([]);
  });
});

describe('a lock far older than any holder keeps it', () => {
  it('is broken even when its pid is alive (a pid reused since)', () => {
    const env = freshStateHome();
    writeState(env, {});
    const lock = `${progressFile(env)}.lock`;
    writeFileSync(lock, `${process.pid}\n`);
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, minuteAgo, minuteAgo);
    expect(updateProgress('zombies', (p) => ({ ...p, checked: true }), env).checked).toBe(true);
    expect(readProgress(env).lessons.zombies.checked).toBe(true);
    expect(existsSync(lock)).toBe(false);
  });
});

describe('several pitfalls at once', () => {
  it('lose no update: 4 processes each add 1 to the same counter 50 times, and it reads 200', async () => {
    const env = freshStateHome();
    const moduleUrl = new URL('../dist/src/practice/progress.js', import.meta.url).href;
    const script = `
      const { updateProgress } = await import(${JSON.stringify(moduleUrl)});
      for (let i = 0; i < 50; i++) updateProgress('fork-bomb', (p) => ({ ...p, hintsUsed: p.hintsUsed + 1 }));
    `;
    const writers = Array.from({ length: 4 }, () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      }),
    );
    for (const writer of await Promise.all(writers)) expect(writer).toEqual({ code: 0, stderr: '' });
    expect(readProgress(env).lessons['fork-bomb'].hintsUsed).toBe(200);
    expect(readdirSync(stateDir(env))).toEqual(['progress.json']);
  });
});

interface ProgressJson {
  file: string;
  fixed: number;
  total: number;
  lessons: { id: string; ran: boolean; checked: boolean; fixed: boolean; hintsUsed: number; practisable: boolean }[];
}

describe('pitfalls progress, next and reset', () => {
  it('progress --json: every lesson in teaching order, with what was recorded', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { ran: true, checked: true, fixed: true, hintsUsed: 1 }, zombies: { ran: true }, 'not-a-lesson-any-more': { fixed: true } });
    const listed = await runCli(['list', '--json']);
    const { code, stdout, stderr } = await runCli(['progress', '--json'], { env });
    expect(code, stderr).toBe(0);
    const doc = JSON.parse(stdout) as ProgressJson;
    expect(doc.file).toBe(progressFile(env));
    expect(doc.lessons.map((l) => l.id)).toEqual((JSON.parse(listed.stdout) as { id: string }[]).map((l) => l.id));
    expect(doc.lessons.find((l) => l.id === 'fork-bomb')).toMatchObject({ ran: true, checked: true, fixed: true, hintsUsed: 1 });
    expect(doc.lessons.find((l) => l.id === 'zombies')).toMatchObject({ ran: true, checked: false, fixed: false, hintsUsed: 0 });
    expect(doc.lessons.filter((l) => l.id !== 'fork-bomb' && l.id !== 'zombies').every((l) => !l.ran && !l.checked && !l.fixed && l.hintsUsed === 0)).toBe(true);
    expect(doc.total).toBe(doc.lessons.filter((l) => l.practisable).length);
    expect(doc.fixed).toBe(doc.lessons.find((l) => l.id === 'fork-bomb')!.practisable ? 1 : 0);
  });

  it('progress in words: a bar, a mark per lesson, and the next step', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { ran: true, checked: true, fixed: true } });
    const { code, stdout } = await runCli(['progress'], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/█+░+ 1 of \d+ fixed/);
    expect(stdout).toMatch(/^ 1 ✓ fork-bomb\s+fixed · watched$/m);
    expect(stdout).toMatch(/^ 2 · zombies\s+not started$/m);
    expect(stdout).toMatch(/^Next: zombies \(2 of \d+\)/m);
  });

  it('next: the first lesson not yet fixed and what to type; well done when all are', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { ran: true, fixed: true } });
    const first = await runCli(['next'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Next: zombies \(2 of \d+\): [^]+?\n {2}Watch it happen first: npx pitfalls run zombies\n {2}Fix it yourself: npx pitfalls practice zombies\n$/);
    // Every lesson done: fixed where there is something to fix, watched where not.
    const { lessons } = JSON.parse((await runCli(['progress', '--json'], { env })).stdout) as ProgressJson;
    writeState(env, Object.fromEntries(lessons.map((l) => [l.id, { ran: true, checked: l.practisable, fixed: l.practisable }])));
    const done = await runCli(['next'], { env });
    expect(done.code).toBe(0);
    expect(unwrapped(done.stdout)).toMatch(/^✓ All \d+ lessons with something to fix are fixed.*Well done!/);
  });

  it('reset --yes forgets the lesson\'s progress and puts its practice file back', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { ran: true, fixed: true, hintsUsed: 2 }, zombies: { ran: true } });
    const dir = join(scratch, `practice-${++count}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'fork-bomb.c'), '/* my fix, half done */\n');
    const { code, stdout, stderr } = await runCli(['reset', 'fork-bomb', '--yes', '--dir', dir], { env });
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/Progress forgotten: fork-bomb\./);
    expect(stdout).toMatch(/Restored: .*fork-bomb\.c\./);
    expect(readFileSync(join(dir, 'fork-bomb.c'), 'utf8')).toBe(readFileSync(join(root, 'fixtures', 'fork-bomb.c'), 'utf8'));
    expect(Object.keys(readProgress(env).lessons)).toEqual(['zombies']);
  });

  it('reset refuses without a terminal and without --yes (exit 2), and changes nothing', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { fixed: true } });
    const before = readFileSync(progressFile(env), 'utf8');
    const { code, said: stderr } = await runCli(['reset', 'fork-bomb'], { env });
    expect(code).toBe(2);
    expect(stderr).toMatch(/there is no terminal to ask in\. Add --yes to go ahead: `npx pitfalls reset fork-bomb --yes`/);
    expect(readFileSync(progressFile(env), 'utf8')).toBe(before);
    const all = await runCli(['reset', '--all'], { env });
    expect(all.code).toBe(2);
  });

  it('reset asks in a terminal: y forgets the progress, the default (N) keeps the file', async () => {
    const env = freshStateHome();
    writeState(env, { zombies: { ran: true, hintsUsed: 1 } });
    const dir = join(scratch, `practice-${++count}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'zombies.c'), '/* mine */\n');
    const session = inTerminal(['reset', 'zombies', '--dir', dir], env);
    await session.waitFor(/Forget your progress on zombies \(watched, 1 hint seen\)\? \[y\/N\] $/);
    session.type('y\r');
    await session.waitFor(/back as the broken original\? Your edits in it are lost\. \[y\/N\] $/);
    session.type('\r');
    const { code, text } = await session.exit;
    expect(code, text).toBe(0);
    expect(readProgress(env).lessons).toEqual({});
    expect(readFileSync(join(dir, 'zombies.c'), 'utf8')).toBe('/* mine */\n');
  });
});

describe('run and check record what they saw', () => {
  it('check of a fix marks checked and fixed; a later failing check keeps fixed; run marks ran', async () => {
    const env = freshStateHome();
    const fixed = await runCli(['check', 'fork-bomb', 'fixtures/solutions/fork-bomb.c'], { env });
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(readProgress(env).lessons['fork-bomb']).toEqual({ id: 'fork-bomb', ran: false, checked: true, fixed: true, hintsUsed: 0 });
    const broken = await runCli(['check', 'fork-bomb', 'fixtures/fork-bomb.c'], { env });
    expect(broken.code).toBe(1);
    expect(readProgress(env).lessons['fork-bomb'].fixed).toBe(true);
    const ran = await runCli(['run', 'zombies', '--json'], { env });
    expect(ran.code, ran.stderr).toBe(0);
    expect(readProgress(env).lessons.zombies).toEqual({ id: 'zombies', ran: true, checked: false, fixed: false, hintsUsed: 0 });
    expect(ran.leftoverCount).toBe(0);
  });
});

describe('reset at a terminal, interrupted', () => {
  it('Ctrl-C at the question changes nothing and exits 130', async () => {
    const env = freshStateHome();
    writeState(env, { zombies: { ran: true } });
    const before = readFileSync(progressFile(env), 'utf8');
    const session = inTerminal(['reset', 'zombies'], env);
    await session.waitFor(/Forget your progress on zombies \(watched\)\? \[y\/N\] $/);
    session.type('\x03');
    const { code, text } = await session.exit;
    expect(code, text).toBe(130);
    expect(text).toMatch(/Interrupted: nothing more was changed\./);
    expect(readFileSync(progressFile(env), 'utf8')).toBe(before);
  });
});

describe('an unwritable state folder', () => {
  it('does not break check: it judges as ever, with one warning line', async () => {
    const file = join(scratch, `not-a-folder-${++count}`);
    writeFileSync(file, '');
    const { code, stdout, stderr, leftoverCount } = await runCli(['check', 'fork-bomb', 'fixtures/fork-bomb.c'], { env: { XDG_STATE_HOME: file } });
    expect(code).toBe(1);
    expect(stdout).toMatch(/not fixed/);
    expect(stderr.split('\n').filter((l) => l.startsWith('pitfalls: progress not saved'))).toHaveLength(1);
    expect(leftoverCount).toBe(0);
  });

  it('a progress file that cannot be read (a folder in its place) is reported, and progress still lists', async () => {
    const env = freshStateHome();
    mkdirSync(progressFile(env), { recursive: true });
    const { code, stdout, stderr } = await runCli(['progress', '--json'], { env });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^pitfalls: progress file .* cannot be read \(EISDIR/m);
    expect((JSON.parse(stdout) as ProgressJson).lessons.every((l) => !l.ran)).toBe(true);
  });
});

/** The CLI in a real pseudo-terminal, as a learner would run it. */
function inTerminal(args: string[], env: NodeJS.ProcessEnv) {
  const fullEnv = { ...process.env, ...env } as Record<string, string>;
  delete fullEnv.CI;
  delete fullEnv.NO_COLOR;
  delete fullEnv.FORCE_COLOR;
  const term = pty.spawn(process.execPath, [bin, ...args], { cols: 120, rows: 50, cwd: root, env: fullEnv, name: 'xterm-256color' });
  let raw = '';
  const text = () => stripVTControlCharacters(raw).replace(/\r/g, '');
  const waiters: { pattern: RegExp; from: number; resolve: () => void }[] = [];
  term.onData((data) => {
    raw += data;
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(text().slice(waiter.from))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  });
  const exit = new Promise<{ code: number; text: string }>((resolve) => term.onExit(({ exitCode }) => setTimeout(() => resolve({ code: exitCode, text: text() }), 50)));
  return {
    exit,
    text,
    /** Resolves when `pattern` appears in the output after what was seen so far. */
    waitFor(pattern: RegExp, from = 0): Promise<void> {
      if (pattern.test(text().slice(from))) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern} in:\n${text()}`)), 30_000);
        waiters.push({ pattern, from, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    type(keys: string): void {
      term.write(keys);
    },
  };
}

describe('the menu: `pitfalls` with no arguments in a terminal', () => {
  it('shows the lessons with their marks; Esc on a lesson goes back; Hint shows a hint and the menu comes back; Esc leaves (exit 0)', async () => {
    const env = freshStateHome();
    writeState(env, { 'fork-bomb': { ran: true, checked: true, fixed: true } });
    const menu = inTerminal([], env);
    await menu.waitFor(/Choose a lesson[\s\S]*Quit/);
    expect(menu.text()).toMatch(/✓ fork-bomb\s+fixed · watched/);
    expect(menu.text()).toMatch(/· zombies\s+not started/);
    expect(menu.text()).toMatch(/1 of \d+ fixed/);
    // The next lesson is chosen already: Enter takes it. Esc there goes back to the lessons.
    menu.type('\r');
    await menu.waitFor(/zombies: Zombies[\s\S]*Run it[\s\S]*Quit/);
    let mark = menu.text().length;
    menu.type('\x1b');
    await menu.waitFor(/Choose a lesson[\s\S]*Quit/, mark);
    mark = menu.text().length;
    menu.type('\r');
    await menu.waitFor(/zombies: Zombies[\s\S]*Run it[\s\S]*Quit/, mark);
    // Run it, Practise, Hint: two down.
    mark = menu.text().length;
    menu.type('\x1b[B');
    menu.type('\x1b[B');
    menu.type('\r');
    await menu.waitFor(/Choose a lesson/, mark);
    expect(readProgress(env).lessons.zombies?.hintsUsed).toBe(1);
    menu.type('\x1b');
    const { code, text } = await menu.exit;
    expect(code, text).toBe(0);
    expect(text).toMatch(/Your progress is kept/);
  });

  it('Ctrl-C leaves at once, exit 130, from the lessons or from a lesson\'s actions', async () => {
    const env = freshStateHome();
    const menu = inTerminal([], env);
    await menu.waitFor(/Choose a lesson[\s\S]*Quit/);
    expect(menu.text()).toMatch(/· fork-bomb\s+not started/);
    menu.type('\x03');
    const { code, text } = await menu.exit;
    expect(code, text).toBe(130);
    const again = inTerminal([], env);
    await again.waitFor(/Choose a lesson[\s\S]*Quit/);
    again.type('\r');
    await again.waitFor(/fork-bomb: Fork bomb[\s\S]*Run it[\s\S]*Quit/);
    again.type('\x03');
    expect((await again.exit).code).toBe(130);
  });

  it('without a terminal, prints the help as before', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code).toBe(0);
    expect(stdout + stderr).toMatch(/^Usage: pitfalls \[options\] \[command\]/m);
    expect(stdout + stderr).toMatch(/progress \[options\]/);
  });
});
