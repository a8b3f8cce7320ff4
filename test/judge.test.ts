import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import type { Sample } from '../src/runner/outcome.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots();

const runaway: Expectation = { job: 'x', signs: [{ kind: 'runaway-processes', needed: 5 }] };
const hang: Expectation = { job: 'x', signs: [{ kind: 'hang', wchan: 'futex', windowMs: 300, meaning: 'a lock' }] };
const count: Expectation = { job: 'x', signs: [{ kind: 'count-below-children', report: 'sigchld', counts: 'SIGCHLDs' }] };

/** The fork bomb as sampled: each count held for a while (two samples), one caught mid-fork (6). */
function doubling(): Sample[] {
  const counts = [1, 1, 2, 2, 4, 4, 6, 8, 8, 16, 16, 32, 32, 64, 64];
  return counts.map((n, i) => ({ t: i * 50, processes: Array.from({ length: n }, (_, k) => proc(100 + k)) }));
}

describe('judge: runaway processes', () => {
  it('proves a doubling past what the job needs, and settles once fork() fails', () => {
    const obs = observation(doubling(), { reports: [{ t: 700, key: 'fork_failed', value: 'EAGAIN' }] });
    const verdict = judge(runaway, obs, false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.settled).toBe(true);
    expect(verdict.evidence[0]).toContain('1 → 2 → 4 → 8 → 16 → 32 → 64');
    expect(verdict.evidence[1]).toContain('EAGAIN');
  });

  it('keeps watching while the count still grows and nothing failed', () => {
    const verdict = judge(runaway, observation(doubling()), false);
    expect(verdict.settled).toBe(false);
  });

  it('is clean for a pool within what the job needs, and undecided before the end', () => {
    const samples = [1, 5, 5, 3, 1].map((n, i) => ({ t: i * 10, processes: Array.from({ length: n }, (_, k) => proc(100 + k)) }));
    expect(judge(runaway, observation(samples), false).settled).toBe(false);
    const verdict = judge(runaway, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toContain('at most 5 processes');
  });
});

describe('judge: hang', () => {
  const blocked = (t: number, ticks = 7, wchan = 'futex_do_wait'): Sample => ({ t, processes: [proc(100, { state: 'S', wchan, cpuTicks: ticks })] });

  it('proves a hang from a wait channel and no CPU progress over the window', () => {
    const samples = [0, 100, 200, 300, 350].map((t) => blocked(t));
    const verdict = judge(hang, observation(samples, { exit: { reason: 'stopped', reaped: 1, killedAtEnd: 1 } }), false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.atMs).toBe(300);
    expect(verdict.evidence[0]).toMatch(/pid 100 \(prog\) state S, wchan futex_do_wait \(a lock\), no CPU progress for 300 ms/);
  });

  it('does not call a process that keeps using CPU hung', () => {
    const samples = [0, 100, 200, 300, 400].map((t, i) => blocked(t, i));
    expect(judge(hang, observation(samples), true).status).toBe('clean');
  });

  it('matches the wait channel by pattern: another channel is not this hang', () => {
    const samples = [0, 200, 400].map((t) => blocked(t, 7, 'anon_pipe_read'));
    expect(judge(hang, observation(samples), true).status).toBe('clean');
  });

  it('is inconclusive when the run hit its time limit without proof', () => {
    const samples = [0, 100].map((t) => ({ t, processes: [proc(100)] }));
    const verdict = judge(hang, observation(samples, { exit: { reason: 'timeout', reaped: 1, killedAtEnd: 1 } }), true);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.evidence.join(' ')).toMatch(/did not finish/);
  });
});

describe('judge: a count against the children seen', () => {
  const tenZombies: Sample[] = [
    { t: 0, processes: [proc(100, { ppid: 1 })] },
    { t: 50, processes: [proc(100, { ppid: 1 }), ...Array.from({ length: 10 }, (_, k) => proc(200 + k, { state: 'Z' }))] },
  ];

  it('manifests when the program counted fewer than the children that exited', () => {
    const verdict = judge(count, observation(tenZombies, { reports: [{ t: 60, key: 'sigchld', value: '1' }] }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence.join('\n')).toMatch(/10 children of pid 100 seen in \/proc/);
    expect(verdict.evidence.join('\n')).toMatch(/the program's own count of SIGCHLDs: 1/);
  });

  it('is clean when every child was counted', () => {
    expect(judge(count, observation(tenZombies, { reports: [{ t: 60, key: 'sigchld', value: '10' }] }), true).status).toBe('clean');
  });

  it('is inconclusive when the program never reported its count', () => {
    expect(judge(count, observation(tenZombies), true).status).toBe('inconclusive');
  });
});

describe('judge: zombies and signals', () => {
  it('sees zombies under a living parent', () => {
    // Zombies that last (250 ms by default): a parent that does not wait, not one about to.
    const samples: Sample[] = [10, 140, 270].map((t) => ({ t, processes: [proc(100, { ppid: 1, state: 'S' }), proc(201, { state: 'Z' }), proc(202, { state: 'Z' })] }));
    const verdict = judge({ job: 'x', signs: [{ kind: 'zombies', atLeast: 2 }] }, observation(samples), true);
    expect(verdict.status).toBe('manifested');
  });

  it('sees a program killed by a signal, from the exit status', () => {
    const exit = { reason: 'exited' as const, signal: 'SIGSEGV', reaped: 1, killedAtEnd: 0 };
    const verdict = judge({ job: 'x', signs: [{ kind: 'killed-by-signal', signals: ['SIGSEGV'] }] }, observation([], { exit }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toContain('killed by SIGSEGV');
  });
});
