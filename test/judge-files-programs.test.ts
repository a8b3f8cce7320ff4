// The signs read from what a run left in its working directory (misplaced-data, unmeant-files, the
// `file` job part) and from the programs its processes ran (unmeant-program), on hand-built observations.
import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation, JobPart, Sign } from '../src/lesson.js';
import type { DetailSnapshot, LeftFile, ProcessEvent, Sample } from '../src/runner/outcome.js';
import { detail, observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ state: 'S' });
const program = proc(100, { ppid: 1, comm: 'prog' });
const every10ms = (from: number, to: number) => Array.from({ length: (to - from) / 10 + 1 }, (_, i) => from + i * 10);
const programAlone = (until = 100): Sample[] => every10ms(0, until).map((t) => ({ t, processes: [program] }));
const expecting = (signs: Sign[], done: JobPart[] = []): Expectation => ({ job: 'x', signs, done });
const file = (name: string, text: string): LeftFile => ({ name, size: Buffer.byteLength(text), text });

describe('judge: misplaced-data', () => {
  const sign: Sign = {
    kind: 'misplaced-data',
    files: [
      { name: 'session.log', holds: '^log: ', meaning: 'a log line' },
      { name: 'results.csv', holds: '^\\d+,\\d+$', meaning: 'a result row' },
    ],
  };
  const done: JobPart[] = [{ kind: 'file', name: 'session.log', pattern: '^log: ', atLeast: 2, meaning: 'the log' }];
  /** fd 3 held the log at one snapshot and the results at the next: the number passed on. */
  const details: DetailSnapshot[] = [
    { t: 20, reason: 'log-open', processes: [detail(program, ['prog'], [{ fd: 3, target: '/tmp/run/session.log', flags: 0o2000001 }])] },
    { t: 70, reason: 'results-open', processes: [detail(program, ['prog'], [{ fd: 3, target: '/tmp/run/results.csv', flags: 0o2000001 }])] },
  ];

  it('is proven by a line meant for one file found in another, with the descriptor that changed files', () => {
    const files = [file('results.csv', '1,1\n2,4\n3,9\nlog: 3 results written\n'), file('session.log', 'log: session started\n')];
    const verdict = judge(expecting([sign], done), observation(programAlone(), { files, details }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.shownSigns).toEqual(['misplaced-data']);
    expect(verdict.evidence).toEqual([
      '"results.csv" (35 bytes) holds "log: 3 results written": a log line, meant for "session.log"',
      'in /proc/100/fd: fd 3 was "session.log" at 20 ms (log-open), then "results.csv" at 70 ms (results-open)',
    ]);
  });

  it('is excluded when each file holds only its own lines, and the job part counts the lines', () => {
    const files = [file('results.csv', '1,1\n2,4\n3,9\n'), file('session.log', 'log: session started\nlog: 3 results written\n')];
    const verdict = judge(expecting([sign], done), observation(programAlone(), { files }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual([
      'job done: the log: "session.log" (44 bytes) has 2 lines like "log: session started" (the job needs 2)',
      'each of the job\'s files holds only its own lines: "session.log", "results.csv"',
    ]);
  });

  it('leaves the job undone when a file lacks its lines, and is unknown when the files were not observed', () => {
    const short = judge(expecting([sign], done), observation(programAlone(), { files: [file('session.log', 'log: session started\n')] }), true);
    expect(short).toMatchObject({ status: 'inconclusive', reason: 'job-not-done' });
    expect(short.evidence[0]).toBe('the job was not done: the log: "session.log" (21 bytes) has 1 line like "log: session started" (the job needs 2)');
    const missing = judge(expecting([sign], done), observation(programAlone(), { files: [] }), true);
    expect(missing.evidence[0]).toBe('the job was not done: the log: the run left no file named "session.log"');
    const unseen = judge(expecting([sign]), observation(programAlone()), true);
    expect(unseen).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
    expect(unseen.evidence[0]).toMatch(/what the program left in its working directory was not observed/);
  });

  it('waits for the end of the run: what a file holds is known once it has been copied out', () => {
    const files = [file('results.csv', 'log: early\n')];
    expect(judge(expecting([sign]), observation(programAlone(), { files }), false)).toMatchObject({ status: 'inconclusive', settled: false });
  });
});

describe('judge: unmeant-files', () => {
  const sign: Sign = { kind: 'unmeant-files', meant: ['notes; touch pwned'] };

  it('is proven by a file the job never makes, and excluded when only the job\'s files are left', () => {
    const injected = judge(expecting([sign]), observation(programAlone(), { files: [file('notes', 'note 1\n'), file('pwned', '')] }), true);
    expect(injected.status).toBe('manifested');
    expect(injected.evidence).toEqual(['the run left "notes" (7 bytes), "pwned" (0 bytes) in its working directory: files the job never makes (it makes "notes; touch pwned")']);
    const whole = judge(expecting([sign]), observation(programAlone(), { files: [file('notes; touch pwned', 'note 1\n')] }), true);
    expect(whole.status).toBe('clean');
    expect(whole.evidence).toEqual(['the run left no file the job does not make (1 file left)']);
  });

  it('names a folder as a folder', () => {
    const verdict = judge(expecting([sign]), observation(programAlone(), { files: [{ name: 'out', size: 'dir', text: '' }] }), true);
    expect(verdict.evidence[0]).toMatch(/^the run left the folder "out" in its working directory: a file the job never makes/);
  });
});

describe('judge: unmeant-program', () => {
  const sign: Sign = { kind: 'unmeant-program', programs: ['tee'] };
  const done: JobPart[] = [{ kind: 'programs', count: 1, meaning: 'tee started' }];
  const exec = (t: number, pid: number): ProcessEvent => ({ t, kind: 'exec', pid });
  const fork = (t: number, parent: number, pid: number): ProcessEvent => ({ t, kind: 'fork', parent, pid });

  it('is proven by a shell between the program and its program, with the command line it was handed, and settles at once', () => {
    const samples = every10ms(0, 100).map((t) => ({
      t,
      processes: [program, ...(t >= 20 ? [proc(101, { comm: 'sh' }), proc(102, { ppid: 101, comm: t >= 30 ? 'tee' : 'sh' })] : [])],
    }));
    const details: DetailSnapshot[] = [{ t: 30, reason: 'suspected', processes: [detail(program, ['prog'], []), detail(proc(101, { comm: 'sh' }), ['sh', '-c', 'tee notes; touch pwned'], [])] }];
    const events = [fork(15, 100, 101), exec(16, 101), fork(18, 101, 102), exec(25, 102), fork(90, 101, 103), exec(91, 103)];
    const during = judge(expecting([sign], done), observation(samples, { details, events, eventsComplete: true }), false);
    expect(during).toMatchObject({ status: 'manifested', settled: true, atMs: 20 });
    // The fork of sh seen before it exec'd tee is sh's doing, not a program of its own; pid 103 (touch) was too quick to be seen.
    const verdict = judge(expecting([sign], done), observation(samples, { details, events, eventsComplete: true }), true);
    expect(verdict.evidence).toEqual([
      'pid 101 (sh), child of the program (pid 100), ran argv ["sh","-c","tee notes; touch pwned"]: a program the job never meant to run (it runs tee)',
      'pid 103 (forked by pid 101 (sh)) exec\'d a program too, one that ended before it could be seen (the kernel announced the exec)',
    ]);
  });

  it('is excluded when the only program started is the job\'s, its argv shown', () => {
    const samples = every10ms(0, 100).map((t) => ({ t, processes: [program, ...(t >= 20 ? [proc(101, { comm: t >= 30 ? 'tee' : 'prog' })] : [])] }));
    const details: DetailSnapshot[] = [{ t: 40, reason: 'suspected', processes: [detail(proc(101, { comm: 'tee' }), ['tee', '--', 'notes; touch pwned'], [])] }];
    const events = [fork(15, 100, 101), exec(25, 101)];
    const verdict = judge(expecting([sign], done), observation(samples, { details, events, eventsComplete: true }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence.at(-1)).toBe('the run\'s other processes ran only tee: pid 101 (tee) ran argv ["tee","--","notes; touch pwned"] (every exec heard from the kernel)');
  });

  it('counts a sample begun just before the exec that already shows the new program (a sample\'s time is when it began)', () => {
    // The exec at 32 ms by the kernel's clock; the sample that began at 30 ms read /proc after it and saw tee.
    const samples = every10ms(0, 100).map((t) => ({ t, processes: [program, ...(t >= 20 ? [proc(101, { comm: t >= 30 ? 'tee' : 'prog' })] : [])] }));
    const verdict = judge(expecting([sign], done), observation(samples, { events: [fork(15, 100, 101), exec(32, 101)], eventsComplete: true }), true);
    expect(verdict.status).toBe('clean');
    // A sighting more than one sampling interval before the exec is of something else: the exec's program is unknown.
    const late = judge(expecting([sign], done), observation(samples.filter((s) => s.t <= 40), { events: [fork(15, 100, 101), exec(55, 101)], eventsComplete: true }), true);
    expect(late).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
  });

  it('is unknown when a process exec\'d a program that was never seen, and says so when only sampling saw the run', () => {
    const samples = programAlone();
    const quick = judge(expecting([sign]), observation(samples, { events: [fork(15, 100, 101), exec(16, 101)], eventsComplete: true }), true);
    expect(quick).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
    expect(quick.evidence[0]).toMatch(/1 process of the run exec'd a program that ended before it could be seen \(pid 101\): what it ran is unknown/);
    const sampledOnly = judge(expecting([sign]), observation(samples), true);
    expect(sampledOnly.status).toBe('clean');
    expect(sampledOnly.evidence[0]).toBe('no process of the run ran another program than the program itself (seen by sampling every 10 ms: a program that ran for less could be missed)');
  });

  it('matches a long program name against the 15 characters the kernel keeps', () => {
    const long: Sign = { kind: 'unmeant-program', programs: ['systemd-tmpfiles-setup'] };
    const samples = every10ms(0, 50).map((t) => ({ t, processes: [program, proc(101, { comm: 'systemd-tmpfile' })] }));
    expect(judge(expecting([long]), observation(samples), true).status).toBe('clean');
  });
});
