// The signs added for the signal and isolation lessons: wait-without-children, output-matches, and
// the thread count killed-by-signal reports.
import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import type { ProcessSnapshot, Sample } from '../src/runner/outcome.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ ppid: 1 });

describe('judge: wait-without-children', () => {
  const expectation: Expectation = {
    job: 'x',
    done: [],
    signs: [{ kind: 'wait-without-children', wchan: 'pause|sigsuspend', windowMs: 300, meaning: 'waiting for a signal' }],
  };
  const paused = (t: number, children: ProcessSnapshot[] = []): Sample => ({
    t,
    processes: [proc(100, { state: 'S', wchan: '__do_sys_pause', cpuTicks: 3 }), ...children],
  });
  const child = (pid: number, state = 'S') => proc(pid, { ppid: 100, state, wchan: 'hrtimer_nanosleep' });

  it('proves a pause() that no child is left to end, naming the children it had', () => {
    const samples = [paused(0, [child(101), child(102)]), paused(50), paused(150), paused(250), paused(360)];
    const verdict = judge(expectation, observation(samples), false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.settled).toBe(true);
    expect(verdict.evidence[0]).toBe(
      'pid 100 (prog) state S, wchan __do_sys_pause (waiting for a signal), no CPU progress for 310 ms, none of its 2 children left to signal it (the last one was seen alive at 0 ms)',
    );
  });

  it('is clean for a process that sleeps in sigsuspend while a child it waits for is still alive', () => {
    const samples = [0, 100, 200, 300, 400].map((t) => paused(t, [child(101)]));
    samples.push({ t: 450, processes: [proc(100)] });
    expect(judge(expectation, observation(samples), false).settled).toBe(false);
    expect(judge(expectation, observation(samples), true).status).toBe('clean');
  });

  it('counts a zombie child as gone: its SIGCHLD was sent already', () => {
    const samples = [0, 100, 200, 310].map((t) => paused(t, [child(101, 'Z')]));
    expect(judge(expectation, observation(samples), false).status).toBe('manifested');
  });
});

describe('judge: output-matches', () => {
  const expectation: Expectation = {
    job: 'x',
    done: [],
    signs: [{ kind: 'output-matches', pattern: 'record \\d+: (?!(\\^C)?ok$)', meaning: 'a record cut in two' }],
  };

  it('waits for the end of the run, then shows the line', () => {
    const obs = observation([{ t: 0, processes: [proc(100)] }], { output: 'record 0: ok\n^Crecord 1: [atexit] journal saved\n' });
    expect(judge(expectation, obs, false).settled).toBe(false);
    const verdict = judge(expectation, obs, true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence).toEqual(['the output has "^Crecord 1: [atexit] journal saved": a record cut in two']);
  });

  it('is clean when every record is whole, the terminal\'s ^C echo included', () => {
    const obs = observation([{ t: 0, processes: [proc(100)] }], { output: 'record 0: ok\nrecord 1: ^Cok\n[exit] journal saved\n' });
    const verdict = judge(expectation, obs, true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toContain('no line of the output (3 lines)');
  });
});

describe('judge: killed-by-signal', () => {
  const expectation: Expectation = { job: 'x', done: [], signs: [{ kind: 'killed-by-signal', signals: ['SIGSEGV'] }] };

  it('says how many threads died with the program', () => {
    const samples = [{ t: 0, processes: [proc(100, { threads: 5 })] }, { t: 10, processes: [proc(100, { state: 'Z', threads: 1 })] }];
    const obs = observation(samples, { exit: { reason: 'exited', signal: 'SIGSEGV', reaped: 1, killedAtEnd: 0 } });
    const verdict = judge(expectation, obs, true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toBe('pid 100 was killed by SIGSEGV; it ran 5 threads (the most seen at once), and all of them ended with it');
  });

  it('judges only the program: a child of it killed by SIGSEGV, the program exiting 0, is clean', () => {
    const samples = [{ t: 0, processes: [proc(100), proc(101, { ppid: 100 })] }, { t: 10, processes: [proc(100)] }];
    const events = [
      { t: 0, kind: 'fork' as const, parent: 100, pid: 101 },
      { t: 5, kind: 'exit' as const, pid: 101, signal: 'SIGSEGV' },
      { t: 12, kind: 'exit' as const, pid: 100, code: 0 },
    ];
    const verdict = judge(expectation, observation(samples, { events, eventsComplete: true }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['pid 100 was not killed by a signal']);
  });

  it('is not the pitfall when another signal killed the program: a crash, not a clean run', () => {
    const obs = observation([{ t: 0, processes: [proc(100)] }], { exit: { reason: 'exited', signal: 'SIGABRT', reaped: 1, killedAtEnd: 0 } });
    const verdict = judge(expectation, obs, true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'crashed' });
    expect(verdict.evidence).toEqual(['the program was killed by SIGABRT before it finished its job', 'pid 100 was killed by SIGABRT']);
  });
});
