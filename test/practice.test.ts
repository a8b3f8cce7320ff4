// `pitfalls practice`, as a learner meets it: the watch loop in a real terminal (node-pty), saves of
// every kind (a wrong fix, a dodge, a file that does not compile, a worse fork bomb, a fix saved by
// rename, a burst of writes), keys, Ctrl-C, plain pipes; and `hint` and `solution`. Every run under
// leak-check, with its own state folder and its own temporary folder, both checked and removed.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as pty from '@lydell/node-pty';
import { afterAll, describe, expect, it } from 'vitest';
import type { LessonData } from '../src/lesson.js';
import { bin, leakCheckBinary, root, runCli } from './helpers/cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'pitfalls-practice-test-'));
// Runs as root use another uid for the program, which must reach its run folder under this TMPDIR.
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const fixture = readFileSync(join(root, 'fixtures', 'fork-bomb.c'), 'utf8');
const solution = readFileSync(join(root, 'fixtures', 'solutions', 'fork-bomb.c'), 'utf8');
// The lesson's own practice data (hints and task are the lesson's to word): read, not copied here.
const { default: forkBomb } = (await import(join(root, 'dist', 'lessons', 'fork-bomb', 'lesson.js'))) as { default: LessonData };
const hints = forkBomb.practice!.hints;
const total = hints.length;
/** A hint's number and its first words, as a pattern: "hint 2 of 4 (...): Reaching the end". */
function hintPattern(index: number, matched: boolean): RegExp {
  const words = hints[index].text.split(/\s+/).slice(0, 5).join(' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`hint ${index + 1} of ${total}${matched ? ' \\(for what this run showed\\)' : ''}: ${words}`);
}
const forChildrenForking = hints.findIndex((h) => h.when && 'sign' in h.when && h.when.sign === 'runaway-processes');
const forChildrenMissing = hints.findIndex((h) => h.when && 'jobPart' in h.when && h.when.jobPart === 'children');

/** Reaps the children but leaves the child falling through into the loop: still a fork bomb. */
const wrongFix = fixture.replace('return 0; /* and nobody', 'while (wait(NULL) > 0) continue;\n    return 0; /* and nobody').replace('#include <unistd.h>', '#include <sys/wait.h>\n#include <unistd.h>');
/** Never forks: no fork bomb, and no job either. */
const dodge = '#include <unistd.h>\nint main(void) {\n    for (int request = 0; request < 8; request++) usleep(100 * 1000);\n    return 0;\n}\n';
const doesNotCompile = 'int main(void) {\n    return undeclared_request_count;\n}\n';
/** Worse than the fixture: every process forks as fast as it can, for ever. */
const worseBomb = '#include <unistd.h>\nint main(void) {\n    for (;;) fork();\n}\n';

let sessions = 0;
/** A fresh learner: a working folder, a state folder and a private TMPDIR. */
function learner() {
  const home = join(scratch, `learner-${++sessions}`);
  const tmp = join(home, 'tmp');
  mkdirSync(tmp, { recursive: true });
  chmodSync(home, 0o755);
  chmodSync(tmp, 0o1777);
  const env: Record<string, string> = { ...(process.env as Record<string, string>), XDG_STATE_HOME: join(home, 'state'), TMPDIR: tmp };
  delete env.CI;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const file = join(home, 'pitfalls-practice', 'fork-bomb.c');
  const progress = () => JSON.parse(readFileSync(join(home, 'state', 'pitfalls', 'progress.json'), 'utf8')).lessons['fork-bomb'];
  return { home, tmp, env, file, progress };
}

/** The practice loop in a real terminal, under leak-check, with helpers to wait for what it prints. */
function inTerminal(args: string[], who: ReturnType<typeof learner>) {
  const term = pty.spawn(leakCheckBinary(), [process.execPath, bin, ...args], { cols: 120, rows: 50, cwd: who.home, env: who.env, name: 'xterm-256color' });
  let raw = '';
  const waiters: Array<() => void> = [];
  term.onData((d) => {
    raw += d;
    waiters.forEach((w) => w());
  });
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  const text = () => stripVTControlCharacters(raw).replace(/\r/g, '');
  /** Resolves once `pattern` matched the text printed after `from` (an offset into the text). */
  const waitFor = (pattern: RegExp, from = 0, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got:\n${text().slice(from)}`)), timeoutMs);
      const check = () => {
        const match = pattern.exec(text().slice(from));
        if (match) {
          clearTimeout(timer);
          waiters.splice(waiters.indexOf(check), 1);
          resolve(text().slice(from));
        }
      };
      waiters.push(check);
      check();
    });
  return { term, text, waitFor, exited, write: (data: string) => term.write(data) };
}

/** Check `n`, printed whole: its heading, its verdict, and the line that ends every check (keys, or waiting). */
function verdictOf(n: number) {
  return new RegExp(`── check ${n} ·[\\s\\S]*?(✓ fixed|✗ not fixed|\\? not judged|✗ did not compile)[\\s\\S]*?(keys: h hint|waiting for the next save)`);
}

/** Only the text of check `n`, from its heading to the next one (or the end), its wrapped lines joined again. */
function checkText(all: string, n: number): string {
  const start = all.indexOf(`── check ${n} ·`);
  const end = all.indexOf(`── check ${n + 1} ·`);
  return all.slice(start, end === -1 ? undefined : end).replace(/\s+/g, ' ');
}

describe('practice fork-bomb in a terminal: every kind of save', () => {
  it('checks each save once, beside the original, judges it, and leaves nothing behind', async () => {
    const who = learner();
    const session = inTerminal(['practice', 'fork-bomb'], who);
    // The task, then the broken copy checked at once: the pitfall shows, beside the original.
    let all = await session.waitFor(verdictOf(1));
    expect(all).toMatch(/The job it must still do: serve 8 requests/);
    expect(all).toMatch(/What must no longer happen:\s+• no fork bomb: no children forking in their turn to push the live processes past 5/);
    for (const line of forkBomb.practice!.task) expect(all.replace(/\s+/g, ' ')).toContain(line.replace(/\s+/g, ' '));
    expect(all).toMatch(/keys: h hint · s solution · r reset the file · n next lesson · q quit/);
    expect(readFileSync(who.file, 'utf8')).toBe(fixture);
    expect(checkText(all, 1)).toMatch(/YOUR FILE\s+│ THE ORIGINAL/);
    expect(checkText(all, 1)).toMatch(/✗ not fixed: ✗ the pitfall still shows/);
    expect(checkText(all, 1)).toMatch(/processes over time \(cap \d+\)/); // the lesson's picture
    // The first failed check brings the hint for what it showed: children forking.
    expect(checkText(all, 1)).toMatch(hintPattern(forChildrenForking, true));

    // A wrong fix (reaping, but the child still falls through): still shows.
    writeFileSync(who.file, wrongFix);
    all = await session.waitFor(verdictOf(2));
    expect(checkText(all, 2)).toMatch(/✗ not fixed: ✗ the pitfall still shows/);
    expect(checkText(all, 2)).toMatch(/children fork in their turn/);

    // A dodge: no fork at all. No pitfall, but the job is not done, and the hint says what is missing.
    writeFileSync(who.file, dodge);
    all = await session.waitFor(verdictOf(3));
    expect(checkText(all, 3)).toMatch(/\? not judged:.*✗ the job is not done: 8 child processes/s);
    expect(checkText(all, 3)).toMatch(hintPattern(forChildrenMissing, true));

    // A file that does not compile: the compiler's own words.
    writeFileSync(who.file, doesNotCompile);
    all = await session.waitFor(verdictOf(4));
    expect(checkText(all, 4)).toMatch(/did not compile/);
    expect(checkText(all, 4)).toMatch(/undeclared_request_count/);
    expect(checkText(all, 4)).toMatch(/error:/);

    // A worse fork bomb: contained and judged.
    writeFileSync(who.file, worseBomb);
    all = await session.waitFor(verdictOf(5));
    expect(checkText(all, 5)).toMatch(/✗ not fixed: ✗ the pitfall still shows/);

    // A burst of writes (an editor writing in pieces, then again): one check.
    for (const piece of [dodge, doesNotCompile, wrongFix]) {
      const fd = openSync(who.file, 'w');
      for (let at = 0; at < piece.length; at += 64) writeSync(fd, piece.slice(at, at + 64));
      closeSync(fd);
    }
    all = await session.waitFor(verdictOf(6));
    expect(checkText(all, 6)).toMatch(/✗ not fixed: ✗ the pitfall still shows/); // the last content, wrongFix

    // The fix, saved as vim does: written beside, then renamed over the file.
    const beside = join(who.home, 'pitfalls-practice', '.fork-bomb.c.swp');
    writeFileSync(beside, solution);
    renameSync(beside, who.file);
    all = await session.waitFor(verdictOf(7));
    expect(checkText(all, 7)).toMatch(/✓ fixed: ✓ the pitfall is gone · ✓ the job is done/);
    expect(checkText(all, 7)).toMatch(/You fixed fork-bomb/);
    expect(checkText(all, 7)).toMatch(/Next: press n for zombies/);
    expect(who.progress()).toMatchObject({ checked: true, fixed: true });
    // Exactly one check per save: no eighth.
    expect(all).not.toMatch(/── check 8 ·/);

    // Keys: a hint; the solution (answered no); then q.
    let mark = session.text().length;
    session.write('h');
    // The key gives the first hint not seen yet, in order (after a fixed check, no evidence to match).
    const shownBefore = new Set([...session.text().slice(0, mark).matchAll(/hint (\d+) of \d+/g)].map((m) => Number(m[1]) - 1));
    const firstUnseen = [...hints.keys()].find((i) => !shownBefore.has(i))!;
    const keyed = await session.waitFor(/hint \d+ of \d+: [^\n]+/, mark);
    expect(keyed.replace(/\s+/g, ' ')).toMatch(hintPattern(firstUnseen, false));
    mark = session.text().length;
    session.write('s');
    // Fixed already: the solution is shown without a question, as a diff against the fixture.
    await session.waitFor(/the reference fix for fork-bomb[\s\S]*\n\+ .*FIX:/, mark);
    session.write('q');
    expect(await session.exited).toBe(0);
    const final = session.text();
    expect(final).toMatch(/leftovers=0/);
    expect(readdirSync(who.tmp)).toEqual([]);
    // Seen in order from the first, or out of order and then closed over: the count `hint` goes on from.
    const seen = new Set([...final.matchAll(/hint (\d+) of \d+/g)].map((m) => Number(m[1]) - 1));
    let expected = 0;
    while (seen.has(expected)) expected++;
    expect(who.progress().hintsUsed).toBe(expected);
  });

  it('a file deleted and made again is still watched; a save during a check replaces it; r puts the fixture back after asking', async () => {
    const who = learner();
    const session = inTerminal(['practice', 'fork-bomb'], who);
    await session.waitFor(verdictOf(1));
    rmSync(who.file);
    let mark = session.text().length;
    await session.waitFor(/is gone: waiting for it to be saved again/, mark);
    // Made again (the dodge, whose run takes 8 × 100 ms), and saved again while that check runs.
    mark = session.text().length;
    writeFileSync(who.file, dodge);
    await session.waitFor(/checking pitfalls-practice\/fork-bomb\.c…/, mark);
    writeFileSync(who.file, solution);
    let all = await session.waitFor(verdictOf(2));
    expect(all.slice(mark)).toMatch(/a newer save came in: this check was stopped/);
    // The latest content was checked, once: the dodge's check never gave a verdict.
    expect(checkText(all, 2)).toMatch(/✓ fixed/);
    expect(all.slice(mark)).not.toMatch(/the job is not done/);
    // r asks first; n(o) keeps the file.
    mark = session.text().length;
    session.write('r');
    await session.waitFor(/Put the broken fixture back in pitfalls-practice\/fork-bomb\.c\? .*\[y\/N\]/, mark);
    session.write('n');
    await session.waitFor(/Not now\./, mark);
    expect(readFileSync(who.file, 'utf8')).toBe(solution);
    mark = session.text().length;
    session.write('r');
    await session.waitFor(/\[y\/N\]/, mark);
    session.write('y');
    all = await session.waitFor(verdictOf(3));
    expect(readFileSync(who.file, 'utf8')).toBe(fixture);
    expect(checkText(all, 3)).toMatch(/✗ not fixed/);
    session.write('q');
    expect(await session.exited).toBe(0);
    expect(session.text()).toMatch(/leftovers=0/);
  });

  it('resumes a file that is already there, and Ctrl-C during a check stops it cleanly (exit 130)', async () => {
    const who = learner();
    mkdirSync(join(who.home, 'pitfalls-practice'));
    // The dodge: its run takes 8 × 100 ms, so Ctrl-C lands while it runs.
    writeFileSync(who.file, dodge);
    const session = inTerminal(['practice', 'fork-bomb'], who);
    await session.waitFor(/kept from last time and checked as it is/);
    await session.waitFor(/checking pitfalls-practice\/fork-bomb\.c…/);
    session.write('\x03');
    expect(await session.exited).toBe(130);
    const text = session.text();
    expect(text).toMatch(/The running check was stopped: every process of it was killed and reaped/);
    expect(text).not.toMatch(/── check 1 ·/); // stopped before its verdict
    expect(text).toMatch(/leftovers=0/);
    expect(readFileSync(who.file, 'utf8')).toBe(dodge); // never overwritten
    expect(readdirSync(who.tmp)).toEqual([]);
  });
});

describe('practice without a terminal', () => {
  it('prints plain lines, checks each save, and ends when stdin closes', async () => {
    const who = learner();
    const child = spawn(leakCheckBinary(), [process.execPath, bin, 'practice', 'fork-bomb'], { cwd: who.home, env: who.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const until = (pattern: RegExp) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}:\n${out}\n${err}`)), 30_000);
        const poll = setInterval(() => {
          if (pattern.test(out)) {
            clearTimeout(timer);
            clearInterval(poll);
            resolve();
          }
        }, 20);
      });
    await until(verdictOf(1));
    writeFileSync(who.file, solution);
    await until(verdictOf(2));
    child.stdin.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, err).toBe(0);
    expect(out).not.toMatch(/\x1b\[/); // no colour, no cursor moves
    expect(out).not.toMatch(/keys: h hint/);
    expect(checkText(out, 1)).toMatch(hintPattern(forChildrenForking, true));
    expect(checkText(out, 2)).toMatch(/✓ fixed/);
    expect(out).toMatch(/Next: `npx pitfalls practice zombies`/);
    expect(err).toMatch(/leftovers=0/);
    expect(readdirSync(who.tmp)).toEqual([]);
  });

  it('--once checks once and exits with check\'s code; the file is made once and then kept', async () => {
    const who = learner();
    const first = await runCli(['practice', 'fork-bomb', '--once'], { env: who.env, packageRoot: undefined, wrapper: ['env', '-C', who.home] });
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/a copy of the broken program/);
    expect(first.stdout).toMatch(/✗ not fixed/);
    writeFileSync(who.file, solution);
    const second = await runCli(['practice', 'fork-bomb', '--once'], { env: who.env, wrapper: ['env', '-C', who.home] });
    expect(second.code, second.stdout).toBe(0);
    expect(second.stdout).toMatch(/kept from last time/);
    expect(second.stdout).toMatch(/✓ fixed/);
    expect(readFileSync(who.file, 'utf8')).toBe(solution);
    expect(second.leftovers).toEqual([]);
    expect(who.progress()).toMatchObject({ checked: true, fixed: true });
  });

  it('--dir chooses the folder; an unknown lesson is a usage error', async () => {
    const who = learner();
    const dir = join(who.home, 'my-fixes');
    const result = await runCli(['practice', 'fork-bomb', '--once', '--dir', dir], { env: who.env });
    expect(result.code).toBe(1);
    expect(existsSync(join(dir, 'fork-bomb.c'))).toBe(true);
    const unknown = await runCli(['practice', 'fork-bom'], { env: who.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Did you mean "fork-bomb"/);
  });
});

describe('pitfalls hint and pitfalls solution', () => {
  it('hint goes through the hints in order, numbered, then points to solution', async () => {
    const who = learner();
    const seen: string[] = [];
    for (let i = 1; i <= total; i++) {
      const result = await runCli(['hint', 'fork-bomb'], { env: who.env });
      expect(result.code).toBe(0);
      seen.push(result.stdout);
      expect(result.stdout.replace(/\s+/g, ' ')).toMatch(hintPattern(i - 1, false));
      expect(result.stdout).toMatch(/^hint /);
    }
    expect(who.progress().hintsUsed).toBe(total);
    const after = await runCli(['hint', 'fork-bomb'], { env: who.env });
    expect(after.code).toBe(0);
    expect(after.stdout.replace(/\s+/g, ' ')).toMatch(new RegExp(`No more hints for fork-bomb: all ${total} have been shown\\. .*\`npx pitfalls solution fork-bomb\``));
  });

  it('solution through a pipe is the plain source, so `> fixed.c` works', async () => {
    const who = learner();
    const result = await runCli(['solution', 'fork-bomb'], { env: who.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(solution);
  });

  it('solution in a terminal asks "try first" before any check, then shows the changes', async () => {
    const who = learner();
    const declined = inTerminal(['solution', 'fork-bomb'], who);
    await declined.waitFor(/Show the reference fix anyway\? \[y\/N\]/);
    declined.write('\r');
    expect(await declined.exited).toBe(0);
    expect(declined.text()).toMatch(/Not now\. Start with `npx pitfalls practice fork-bomb`/);
    expect(declined.text()).not.toMatch(/the reference fix for/);
    const accepted = inTerminal(['solution', 'fork-bomb'], who);
    await accepted.waitFor(/\[y\/N\]/);
    accepted.write('y\r');
    expect(await accepted.exited).toBe(0);
    expect(accepted.text()).toMatch(/the reference fix for fork-bomb/);
    // The fix's FIX: lines added, the fixture's PITFALL: line taken away.
    const fixLine = solution.split('\n').find((l) => l.includes('FIX:'))!.trim();
    const pitfallLine = fixture.split('\n').find((l) => l.includes('PITFALL:'))!.trim();
    expect(accepted.text().split('\n').some((l) => l.startsWith('+') && l.includes(fixLine))).toBe(true);
    expect(accepted.text().split('\n').some((l) => l.startsWith('-') && l.includes(pitfallLine))).toBe(true);
  });

  it('a lesson without practice data: a clear error naming the next step', async () => {
    const who = learner();
    // A lesson folder of our own, with no practice: copied from fork-bomb's built lesson, practice removed.
    const lessons = join(who.home, 'lessons');
    const dir = join(lessons, 'no-practice');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(lessons, 'package.json'), '{ "type": "module" }\n');
    const { default: data } = await import(join(root, 'dist', 'lessons', 'fork-bomb', 'lesson.js'));
    const { practice: _practice, ...withoutPractice } = data;
    writeFileSync(join(dir, 'lesson.js'), `export default ${JSON.stringify(withoutPractice)};\n`);
    for (const name of readdirSync(join(root, 'dist', 'lessons', 'fork-bomb'))) {
      if (name.endsWith('.js') && name !== 'lesson.js') writeFileSync(join(dir, name), readFileSync(join(root, 'dist', 'lessons', 'fork-bomb', name)));
    }
    writeFileSync(join(dir, 'no-practice.c'), fixture);
    const env = { ...who.env, PITFALLS_LESSONS: lessons };
    for (const command of ['hint', 'solution', 'practice']) {
      const result = await runCli([command, 'no-practice'], { env });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/Lesson no-practice has no (practice|hints|reference fix) yet.*npx pitfalls run no-practice/s);
    }
  });
});

describe('practice rendering (pure)', () => {
  it('the diff of fixture and fix: unchanged lines kept, removed before added', async () => {
    const { lineDiff } = await import('../dist/src/render/practice.js');
    expect(lineDiff(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual([
      { kind: 'same', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'same', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('every sign of every lesson reads as one line of what must no longer happen', async () => {
    const { signLine } = await import('../dist/src/render/practice.js');
    const { loadCatalog } = await import('../dist/src/catalog.js');
    for (const lesson of await loadCatalog()) {
      for (const sign of lesson.expectation.signs) {
        const line = signLine(sign);
        expect(line, `${lesson.id}: ${sign.kind}`).toMatch(/^no |^the /);
        expect(line).not.toMatch(/undefined|\[object/);
      }
    }
  });

  it('the job is done only when every build judged it done', async () => {
    const { answerParts } = await import('../dist/src/render/practice.js');
    const side = (verdict: object) => ({ verdict: { evidence: [], atMs: 0, settled: true, ...verdict } });
    const done = { part: 'p', kind: 'output', done: true, evidence: '' };
    const twoBuilds = { run: 1, answer: 'not-fixed', sides: [side({ status: 'clean', job: [done] }), side({ status: 'manifested', shownSigns: ['killed-by-signal'] })] };
    expect(answerParts(twoBuilds as never)).toMatchObject({ pitfall: 'shows', job: 'unknown' });
    const missing = { ...done, done: false, part: '8 children' };
    const dodge = { run: 1, answer: 'not-judged', sides: [side({ status: 'inconclusive', reason: 'job-not-done', job: [missing] })] };
    expect(answerParts(dodge as never)).toEqual({ pitfall: 'unproven', job: 'not-done', missing: ['8 children'] });
    const fixed = { run: 1, answer: 'fixed', sides: [side({ status: 'clean', job: [done] })] };
    expect(answerParts(fixed as never)).toMatchObject({ pitfall: 'gone', job: 'done' });
  });
});
