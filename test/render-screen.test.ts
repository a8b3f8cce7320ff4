// The screen, without running anything: reports, pictures, help, source and the live frame at 40, 80
// and 130 columns. No line is wider than the width, nothing a picture needs is cut, a command is never
// split, the verdict opens and closes every report, and --brief fits 80x24.
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { findLesson } from '../dist/src/catalog.js';
import { Glossary } from '../dist/src/render/glossary.js';
import { fitHelpLine } from '../dist/src/render/help.js';
import { liveLines, signalBits, signalsInMask, statusLine } from '../dist/src/render/live.js';
import { BRIEF_ROWS, renderOutcomeLines } from '../dist/src/render/outcome.js';
import { sourceLines } from '../dist/src/render/source.js';
import { flow, wrap } from '../dist/src/render/text.js';
import { views } from '../dist/src/render/views.js';
import type { Lesson } from '../src/lesson.js';
import type { DetailSnapshot, LessonOutcome, OpenFile, ProcessDetail, ProcessSnapshot, Sample } from '../src/runner/outcome.js';
import { brokenSide, observation } from './helpers/observations.js';

const WIDTHS = [40, 80, 130];
const plain = (lines: string[]) => lines.map((l) => stripVTControlCharacters(l));
const widest = (lines: string[]) => Math.max(...plain(lines).map((l) => stringWidth(l)));

// A real fork-bomb outcome, recorded once (samples thinned).
const forkBomb = JSON.parse(readFileSync(new URL('./data/fork-bomb-outcome.json', import.meta.url), 'utf8')) as LessonOutcome;

// pipe-eof as /proc shows it: the reader blocked on fd 3, the write end still open in the reader itself
// (fd 4) and in a long-named helper; the holder of the write end is the lesson's key fact.
const R = 0o0;
const W = 0o1;
const stdio: OpenFile[] = [{ fd: 0, target: '/dev/null', flags: R }, { fd: 1, target: 'socket:[50]', flags: 2 }, { fd: 2, target: 'socket:[51]', flags: 2 }];
function detailed(pid: number, ppid: number, comm: string, files: OpenFile[], extra: Partial<ProcessDetail> = {}): ProcessDetail {
  return { pid, ppid, pgid: 200, state: 'S', comm, wchan: 'hrtimer_nanosleep', cpuTicks: 0, threads: 1, cmdline: [`/tmp/${comm}`], files, ...extra };
}
const stuck: DetailSnapshot = {
  t: 90,
  reason: 'proven',
  processes: [
    detailed(2000001, 1999999, 'pipe-eof-9f370d', [...stdio, { fd: 3, target: 'pipe:[1364193]', flags: R }, { fd: 4, target: 'pipe:[1364193]', flags: W }], {
      wchan: 'anon_pipe_read', syscall: '0 0x3 0x7ffd0000 0x100 0x0 0x0 0x0 0x7ffc0000 0x7f000000',
    }),
    detailed(2000002, 2000001, 'writer-helper-x', [...stdio, { fd: 4, target: 'pipe:[1364193]', flags: W }]),
  ],
};

function proc(pid: number, ppid: number, comm: string, state = 'S', extra: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  return { pid, ppid, pgid: 100, state, comm, wchan: '0', cpuTicks: 0, threads: 1, ...extra };
}
const zombies: Sample[] = [
  { t: 0, processes: [proc(4000100, 99, 'zombies')] },
  { t: 50, processes: [proc(4000100, 99, 'zombies'), ...[1, 2, 3, 4, 5].map((i) => proc(4000100 + i, 4000100, `worker ${i}`, 'Z'))] },
];

describe('pictures at 40, 80 and 130 columns', () => {
  it('draws the count chart within the width, as wide as the width allows', () => {
    for (const width of WIDTHS) {
      const lines = views['count-chart'](forkBomb.broken[0], {} as Lesson, width);
      expect(widest(lines), String(width)).toBeLessThanOrEqual(width);
      // Stacked at 80 columns the chart is not the half-width one it used to be.
      expect(widest(lines), String(width)).toBeGreaterThanOrEqual(Math.min(width, 108) - 2);
      expect(plain(lines).join('\n')).toMatch(/processes over time \(cap 64\)/);
    }
  });

  it('draws who holds the write end of the pipe whole, even at 40 columns', () => {
    const side = brokenSide(observation([], { programPid: 2000001, details: [stuck] }));
    for (const width of WIDTHS) {
      for (const brief of [false, true]) {
        const lines = plain(views['pipe-ends'](side, {} as Lesson, width, { brief }));
        const text = lines.join('\n').replace(/\s+/g, ' ');
        expect(widest(lines), `${width}`).toBeLessThanOrEqual(width);
        expect(text).not.toContain('…');
        expect(text).toContain('fd 4 of 2000002 writer-helper-x');
        expect(text).toContain('fd 4 of 2000001 pipe-eof-9f370d');
        expect(text).toContain('fd 3 of 2000001 pipe-eof-9f370d ⏸');
        // Brief: the pipe and who waits on it, not the descriptor tables.
        expect(text.includes('descriptors (/proc/PID/fd')).toBe(!brief);
      }
    }
  });

  it('draws the process tree within the width, zombies named', () => {
    const side = brokenSide(observation(zombies, { programPid: 4000100 }));
    for (const width of WIDTHS) {
      const lines = plain(views['process-tree'](side, { id: 'zombies' } as Lesson, width));
      expect(widest(lines), `${width}`).toBeLessThanOrEqual(width);
      expect(lines.filter((l) => /<defunct>/.test(l))).toHaveLength(5);
    }
  });
});

describe('a report: verdict first and last, every width', () => {
  it('opens with the lesson and its verdict, and ends with the summary, at every width, full or brief', async () => {
    const lesson = await findLesson('fork-bomb');
    for (const width of WIDTHS) {
      for (const brief of [false, true]) {
        const lines = plain(renderOutcomeLines(forkBomb, lesson, width, { brief }));
        expect(widest(lines), `${width} ${brief}`).toBeLessThanOrEqual(width);
        expect(lines[0]).toMatch(/^ fork-bomb · /);
        expect(lines.slice(1, 5).join(' ').replace(/\s+/g, ' ')).toMatch(/✓ As taught: the broken C showed its pitfall, and the safe twin stayed clean\./);
        const tail = lines.slice(-6).join('\n');
        expect(tail, `${width} ${brief}`).toMatch(/■ fork-bomb: behaved as taught/);
        if (brief) expect(lines.length, `${width}`).toBeLessThanOrEqual(width >= 80 ? BRIEF_ROWS : 40);
      }
    }
  });

  it('stacks the sides below 100 columns and gives each picture the whole width', async () => {
    const lesson = await findLesson('fork-bomb');
    const lines = plain(renderOutcomeLines(forkBomb, lesson, 80));
    expect(lines.some((l) => l.includes('│ SAFE'))).toBe(false);
    const chart = lines.filter((l) => /┤/.test(l));
    expect(Math.max(...chart.map((l) => stringWidth(l)))).toBeGreaterThan(60);
  });

  it('brief: the headline, each side with its mark and evidence, the picture, the rule, the verdict', async () => {
    const lesson = await findLesson('fork-bomb');
    const text = plain(renderOutcomeLines(forkBomb, lesson, 80, { brief: true })).join('\n');
    expect(text).toMatch(/^✓ BROKEN fixtures\/fork-bomb\.c: pitfall shown, as expected/m);
    expect(text).toMatch(/^✓ SAFE lessons\/fork-bomb\/safe\.ts: clean, as expected/m);
    expect(text).toMatch(/process count 1 → 2 → 4/);
    expect(text).toMatch(/processes over time \(cap 64\)/);
    expect(text).toMatch(/^The rule: /m);
    expect(text).not.toMatch(/^(Why|The safe way)$/m);
    expect(text).toMatch(/`npx pitfalls run fork-bomb --full`/);
  });

  it('marks a side that did not do what it was expected to, unmistakably', async () => {
    const lesson = await findLesson('fork-bomb');
    const missed = structuredClone(forkBomb);
    missed.broken[0].verdict = { status: 'clean', evidence: ['at most 2 processes at once (the job needs 5)'], atMs: 900, settled: true };
    missed.asTaught = false;
    const text = plain(renderOutcomeLines(missed, lesson, 80, { brief: true })).join('\n').replace(/\n  /g, ' ');
    expect(text).toMatch(/^✗ BROKEN fixtures\/fork-bomb\.c: NOT as expected: the pitfall did not show this run/m);
    expect(text).toMatch(/■ fork-bomb: did NOT behave as taught this run \(1 of 2 sides not as expected\)/);
  });
});

describe('words', () => {
  it('wraps at word boundaries and never splits a command', () => {
    const text = 'Watch it fail: run `npx pitfalls run pipe-full` and compare, or run npx pitfalls show signal-portability then man 7 signal-safety.';
    // From 40 columns on, each command fits a line: it is never split.
    for (const width of [40, 60, 80]) {
      const lines = wrap(text, width, '  ');
      expect(widest(lines)).toBeLessThanOrEqual(width);
      const joined = lines.map((l) => l.trim()).join('\n');
      expect(joined).toContain('`npx pitfalls run pipe-full`');
      expect(joined).toContain('npx pitfalls show signal-portability');
      // Every word came through whole.
      expect(joined.split(/\s+/)).toEqual(text.split(/\s+/));
    }
  });

  it('keeps a line\'s indent behind a colour code', () => {
    const lines = wrap('\x1b[2m   1  \x1b[22m' + 'word '.repeat(20), 40, '  ');
    expect(plain(lines)[0].startsWith('   1  word')).toBe(true);
  });

  it('flows commands onto more lines, each whole', () => {
    const lines = flow('Try next: ', ['npx pitfalls show pipe-eof', 'ls -l /proc/self/fd', 'npx pitfalls run pipe-full'], 40);
    expect(lines).toEqual(['Try next: npx pitfalls show pipe-eof', '          ls -l /proc/self/fd', '          npx pitfalls run pipe-full']);
  });

  it('glosses each term the first time only, inside parentheses it meets', () => {
    const glossary = new Glossary();
    expect(glossary.explain('5 zombies (state Z) remain')).toBe('5 zombies (state Z; a process that has exited but whose parent has not yet called wait() for it) remain');
    expect(glossary.explain('zombies again, under a subreaper')).toBe('zombies again, under a subreaper (one that adopts orphaned descendants in place of init, and reaps them)');
    expect(glossary.explain('(a child subreaper)')).toBe('(a child subreaper)');
    expect(new Glossary().explain('(a child subreaper)')).toBe('(a child subreaper: one that adopts orphaned descendants in place of init, and reaps them)');
    expect(new Glossary().explain('blocked (wchan futex_do_wait) now')).toBe(
      'blocked (wchan futex_do_wait; wchan: the kernel function a sleeping process waits in; futex_do_wait: the kernel wait behind a lock: asleep until another thread wakes it) now',
    );
  });

  it('fits help within the width: examples continued with a backslash, columns kept', () => {
    expect(fitHelpLine('  $ npx pitfalls run sigchld-count printf-in-handler', 40)).toEqual(['  $ npx pitfalls run sigchld-count \\', '      printf-in-handler']);
    const codes = fitHelpLine('  130  interrupted (Ctrl-C); every process of the run was killed and reaped', 40);
    expect(codes[0].startsWith('  130  interrupted')).toBe(true);
    for (const line of codes.slice(1)) expect(line.startsWith('       ')).toBe(true);
    for (const line of codes) expect(line.length).toBeLessThanOrEqual(40);
  });
});

describe('show: source lines', () => {
  it('numbers lines aligned, and wraps a long one under the code, not under the numbers', () => {
    const source = 'int main(void) {\n    /* PITFALL: a long comment that goes on and on past the width of a narrow column */\n    return 0;\n}\n';
    const lines = plain(sourceLines(source, 40));
    expect(widest(lines)).toBeLessThanOrEqual(40);
    expect(lines[0]).toBe('   1  int main(void) {');
    expect(lines[1]).toMatch(/^▶  2      \/\* PITFALL:/);
    // The continuation starts two columns inside the code's own indentation.
    expect(lines[2]).toMatch(/^ {12}\S/);
    expect(lines.at(-1)).toBe('   4  }');
  });
});

describe('the live frame', () => {
  const status = 'Name:\tx\nSigQ:\t1/1000\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000010000\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001000\nSigCgt:\t0000000000010002\n';

  it('reads the signal bits of /proc/PID/status: one SIGCHLD pending, SIGINT and SIGCHLD caught', () => {
    expect(signalsInMask('0000000000010002')).toEqual(['SIGINT', 'SIGCHLD']);
    expect(signalBits(status)).toEqual([
      { name: 'SIGINT', pending: false, blocked: false, caught: true },
      { name: 'SIGCHLD', pending: true, blocked: false, caught: true },
    ]);
  });

  it('says what /proc shows now, against the cap', () => {
    const sample = { t: 10, processes: [proc(1, 0, 'a'), proc(2, 1, 'b', 'Z'), proc(3, 1, 'c', 'R', { threads: 3 })] };
    expect(statusLine(sample, 64)).toBe('/proc now: 3 processes (1 sleeping, 1 zombie, 1 running) · 5 of 64 tasks');
  });

  it('fits the width and the rows, the output giving way first, the invitation whole', () => {
    const sample = { t: 10, processes: [proc(1, 0, 'parent'), ...Array.from({ length: 30 }, (_, i) => proc(10 + i, 1, `child-${i}`, 'S', { wchan: 'do_wait' }))] };
    const frame = {
      index: 2, total: 4, role: 'BROKEN', label: 'fixtures/exit-in-handler.c (_exit() in the handler)', elapsedMs: 1234, cap: 64, sample, programPid: 1,
      signals: signalBits(status), output: Array.from({ length: 50 }, (_, i) => `record ${i}: ok`),
      prompt: ['▶ 2 of 4: BROKEN fixtures/exit-in-handler.c (_exit() in the handler) is ready. Press Ctrl-C now: it goes into the program\'s terminal, which signals the program.', '  12 s left, then pitfalls presses it for you · q: press it now'],
    };
    for (const [width, rows] of [[40, 18], [79, 22], [129, 20]]) {
      const lines = plain(liveLines(frame, width, rows));
      expect(lines.length, `${width}x${rows}`).toBeLessThanOrEqual(rows);
      expect(widest(lines)).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^▶ side 2 of 4 · 1\.2 s · BROKEN/);
      expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('Press Ctrl-C now: it goes into the program\'s terminal, which signals the program.');
      expect(lines.some((l) => /SIGCHLD pending ●/.test(l))).toBe(true);
      expect(lines.some((l) => /record 49: ok/.test(l))).toBe(true);
      expect(lines.some((l) => /… and \d+ more/.test(l))).toBe(true);
    }
  });
});
