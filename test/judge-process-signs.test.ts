// The signs read from the process tree: zombies that last, processes beyond the job, work done twice.
import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ state: 'S' });

const every10ms = (from: number, to: number) => Array.from({ length: (to - from) / 10 + 1 }, (_, i) => from + i * 10);
const parent = proc(100, { ppid: 99, comm: 'zombies' });

describe('judge: zombies', () => {
  const zombies: Expectation = { job: 'x', signs: [{ kind: 'zombies', atLeast: 1, forMs: 250 }] };

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
    const samples = every10ms(0, 400).map((t) => ({ t, processes: [proc(100, { ppid: 99, state: 'Z' }), proc(101, { ppid: 99, state: 'Z' })] }));
    expect(judge(zombies, observation(samples), true).status).toBe('clean');
  });
});

describe('judge: extra processes', () => {
  const extra: Expectation = { job: 'x', signs: [{ kind: 'extra-processes', needed: 3 }] };
  const family = [parent, proc(101, { comm: 'do_stuff1' }), proc(102, { comm: 'do_stuff2' }), proc(103, { ppid: 101, comm: 'do_stuff1' })];

  it('proves four processes where three were meant, grouped by parent, once the count has held for a moment', () => {
    const early = observation([{ t: 10, processes: family }]);
    expect(judge(extra, early, false).settled).toBe(false);
    const verdict = judge(extra, observation(every10ms(10, 120).map((t) => ({ t, processes: family }))), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 10 });
    expect(verdict.evidence[0]).toBe('4 processes in the run where the job needs 3: pid 100 (zombies) → 101 (do_stuff1), 102 (do_stuff2); 101 → 103 (do_stuff1)');
  });

  it('counts processes over the whole run, not at once, and is clean within the need', () => {
    const samples = [{ t: 10, processes: family.slice(0, 2) }, { t: 20, processes: [parent, family[2]] }];
    expect(judge(extra, observation(samples), true).status).toBe('clean');
  });
});

describe('judge: work that ran too often', () => {
  const twice: Expectation = { job: 'x', signs: [{ kind: 'ran-too-often', comm: 'save_results', times: 1, meaning: 'parent-only code' }] };

  it('names every process that carried the name, in the order they took it', () => {
    const samples = [
      { t: 10, processes: [parent, proc(101, { comm: 'say_hello' })] },
      { t: 20, processes: [parent, proc(101, { comm: 'save_results' })] },
      { t: 40, processes: [proc(100, { ppid: 99, comm: 'save_results' })] },
    ];
    const verdict = judge(twice, observation(samples), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 40 });
    expect(verdict.evidence[0]).toBe('save_results (parent-only code) ran twice where the job runs it once: pid 101, child of the program (pid 100); pid 100, the program');
  });

  it('is clean when one process did it, and inconclusive when no process ever carried the name', () => {
    const once = [{ t: 10, processes: [proc(100, { ppid: 99, comm: 'save_results' }), proc(101, { comm: 'say_hello' })] }];
    const verdict = judge(twice, observation(once), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe('save_results (parent-only code) ran once, as the job wants: pid 100, the program');
    const unnamed = judge(twice, observation([{ t: 10, processes: [parent] }]), true);
    expect(unnamed.status).toBe('inconclusive');
    expect(unnamed.evidence[0]).toMatch(/no process named save_results was seen/);
  });
});
