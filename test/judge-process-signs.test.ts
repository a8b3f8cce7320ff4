// The signs read from the process tree: zombies that last, processes beyond the job, work done elsewhere.
import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ state: 'S' });

const every10ms = (from: number, to: number) => Array.from({ length: (to - from) / 10 + 1 }, (_, i) => from + i * 10);
const parent = proc(100, { ppid: 99, comm: 'zombies' });

describe('judge: zombies', () => {
  const zombies: Expectation = { job: 'x', done: [], signs: [{ kind: 'zombies', atLeast: 1, forMs: 250 }] };

  it('proves zombies that last under a living parent, and counts the reaper\'s work at the end', () => {
    const samples = every10ms(0, 300).map((t) => ({ t, processes: [parent, proc(101, { state: 'Z' }), proc(102, { state: 'Z' })] }));
    expect(judge(zombies, observation(samples), false)).toMatchObject({ status: 'manifested', settled: true, atMs: 250 });
    const exit = { reason: 'stopped' as const, signal: 'SIGKILL', reaped: 3, killedAtEnd: 3 };
    const verdict = judge(zombies, observation(samples, { exit }), true);
    expect(verdict.evidence[0]).toMatch(/^2 zombies \(state Z, <defunct>\) in \/proc at 250 ms: pids 101, 102, children of pid 100 \(zombies\), alive and not reaping/);
    expect(verdict.evidence[1]).toMatch(/the runner ended pid 100 with 2 zombie children still unreaped; they passed to the supervisor \(a child subreaper\), which reaped 3 processes/);
  });

  it('never judges a parent that reaps at once: a zombie for a sample or two is a child about to be waited for', () => {
    // A child seen Z for 20 ms, gone, then another: the way a correct parent's children look at 10 ms sampling.
    const samples = every10ms(0, 600).map((t) => ({
      t,
      processes: [parent, ...(t >= 100 && t <= 120 ? [proc(101, { state: 'Z' })] : []), ...(t === 300 ? [proc(102, { state: 'Z' })] : [])],
    }));
    const verdict = judge(zombies, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe("no zombie lasted 250 ms: at most 1 at once, the longest seen for 20 ms (a child between its exit and its parent's wait)");
  });

  it('does not count zombies whose parent is itself gone: those are the reaper\'s, not a parent\'s neglect', () => {
    // The program is seen running first (a run the observer saw), then it and 101 are zombies of pid 99.
    const samples = [{ t: 0, processes: [parent] }, ...every10ms(10, 400).map((t) => ({ t, processes: [proc(100, { ppid: 99, state: 'Z' }), proc(101, { ppid: 99, state: 'Z' })] }))];
    const verdict = judge(zombies, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['no zombie with a living parent at any sample']);
  });
});

describe('judge: extra processes', () => {
  const extra: Expectation = { job: 'x', done: [], signs: [{ kind: 'extra-processes', needed: 3 }] };
  const family = [parent, proc(101, { comm: 'do_stuff1' }), proc(102, { comm: 'do_stuff2' }), proc(103, { ppid: 101, comm: 'do_stuff1' })];

  it('proves four processes where three were meant, grouped by parent, once the count has held for a moment', () => {
    const early = observation([{ t: 10, processes: family }]);
    expect(judge(extra, early, false).settled).toBe(false);
    const verdict = judge(extra, observation(every10ms(10, 120).map((t) => ({ t, processes: family }))), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 10 });
    expect(verdict.evidence[0]).toBe(
      '4 processes in the run where the job needs 3: pid 100 (zombies) → 101 (do_stuff1), 102 (do_stuff2); 101 → 103 (do_stuff1) (seen by sampling every 10 ms)',
    );
  });

  it('counts processes over the whole run, not at once, and is clean within the need', () => {
    const samples = [{ t: 10, processes: family.slice(0, 2) }, { t: 20, processes: [parent, family[2]] }];
    const verdict = judge(extra, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['3 processes in the run, the program included (the job needs 3; seen by sampling every 10 ms)']);
  });

  it('counts from the kernel\'s fork events when all were heard: a child too short-lived to be sampled still counts', () => {
    const events = [101, 102, 103].map((pid, i) => ({ t: 5 + i, kind: 'fork' as const, parent: 100, pid }));
    const obs = observation(every10ms(10, 120).map((t) => ({ t, processes: [parent] })), { events, eventsComplete: true });
    const verdict = judge(extra, obs, true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toBe('4 processes in the run where the job needs 3: pid 100 (zombies) → 101, 102, 103 (every fork heard from the kernel)');
  });
});

describe('judge: work done elsewhere', () => {
  // The program prints its own getpid() with the work: a child that runs the same code prints its own pid.
  const elsewhere: Expectation = {
    job: 'x', done: [], signs: [{ kind: 'work-done-elsewhere', pattern: '^save_results: pid (\\d+)$', times: 1, meaning: 'parent-only code' }],
  };
  const samples = [{ t: 10, processes: [parent, proc(101, { comm: 'say_hello' })] }];

  it('waits for the whole output, then names every process that did the work, the program marked', () => {
    const obs = observation(samples, { output: 'hello\nsave_results: pid 101\nsave_results: pid 100\n' });
    expect(judge(elsewhere, obs, false)).toMatchObject({ status: 'inconclusive', settled: false });
    const verdict = judge(elsewhere, obs, true);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 10 });
    expect(verdict.evidence[0]).toBe(
      'parent-only code was done twice where the job does it once, by pid 101, pid 100 (the program): 1 process other than the program did it',
    );
  });

  it('is shown when only a child did the work, even once', () => {
    const verdict = judge(elsewhere, observation(samples, { output: 'save_results: pid 101\n' }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toBe('parent-only code was done once where the job does it once, by pid 101: 1 process other than the program did it');
  });

  it('is clean when the program did it, and inconclusive when the output never shows it', () => {
    const verdict = judge(elsewhere, observation(samples, { output: 'hello\nsave_results: pid 100\n' }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe('parent-only code was done once, by pid 100 (the program), as the job wants');
    const silent = judge(elsewhere, observation(samples, { output: 'hello\n' }), true);
    expect(silent).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
    expect(silent.evidence).toContain('the output never shows parent-only code being done, so who did it is unknown');
  });

  it('counts every line and every process when several did the work, the program among them', () => {
    const twice: Expectation = { ...elsewhere, signs: [{ kind: 'work-done-elsewhere', pattern: '^worker: pid (\\d+)$', times: 2, meaning: 'the work' }] };
    const obs = observation(samples, { output: 'worker: pid 100\nworker: pid 101\nworker: pid 102\n' });
    const verdict = judge(twice, obs, true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toBe('the work was done 3 times where the job does it twice, by pid 100 (the program), pid 101, pid 102: 2 processes other than the program did it');
  });
});
