import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import type { Sample } from '../src/runner/outcome.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots();

const runaway: Expectation = { job: 'x', done: [], signs: [{ kind: 'runaway-processes', needed: 5 }] };
const lock: Expectation = { job: 'x', done: [], signs: [{ kind: 'lock-without-owner', windowMs: 300 }] };
const count: Expectation = { job: 'x', done: [], signs: [{ kind: 'count-below-children', report: 'sigchld', counts: 'SIGCHLDs' }] };

/** The futex system call's number here: the judge reads /proc/PID/syscall for this machine. */
const FUTEX_NR = process.arch === 'arm64' ? 98 : 202;
/** futex(addr, FUTEX_WAIT|FUTEX_PRIVATE_FLAG, 2, NULL): a private wait with no timeout, as /proc/PID/syscall shows it. */
const PRIVATE_WAIT = `${FUTEX_NR} 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00`;

/**
 * The fork bomb as sampled: each count held for a while (two samples), one caught mid-fork (6).
 * Every process forks at each round, so process k's parent is k minus the largest power of two not above it:
 * pid 101 and 102 are the program's, 103 is 101's (a child forking in its turn), and so on.
 */
function doubling(): Sample[] {
  const counts = [1, 1, 2, 2, 4, 4, 6, 8, 8, 16, 16, 32, 32, 64, 64];
  const parentOf = (k: number) => (k === 0 ? 1 : 100 + k - 2 ** Math.floor(Math.log2(k)));
  return counts.map((n, i) => ({ t: i * 50, processes: Array.from({ length: n }, (_, k) => proc(100 + k, { ppid: parentOf(k) })) }));
}

describe('judge: runaway processes', () => {
  it('proves a doubling past what the job needs, by children that fork in their turn, and settles once fork() fails', () => {
    const obs = observation(doubling(), { reports: [{ t: 700, key: 'fork_failed', value: 'EAGAIN' }] });
    const verdict = judge(runaway, obs, false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.settled).toBe(true);
    expect(verdict.evidence[0]).toContain('live process count 1 → 2 → 4 → 8 → 16 → 32 → 64 in 650 ms (the job needs 5, the cap is 64)');
    expect(verdict.evidence[1]).toBe('children fork in their turn: pid 103 was forked by pid 101, itself a child, at 200 ms');
    expect(verdict.evidence[2]).toContain('EAGAIN');
  });

  it('keeps watching while the count still grows and nothing failed', () => {
    const verdict = judge(runaway, observation(doubling()), false);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.settled).toBe(false);
  });

  it('is clean for a pool within what the job needs, and undecided before the end', () => {
    const samples = [1, 5, 5, 3, 1].map((n, i) => ({ t: i * 10, processes: Array.from({ length: n }, (_, k) => proc(100 + k, { ppid: k === 0 ? 1 : 100 })) }));
    expect(judge(runaway, observation(samples), false).settled).toBe(false);
    const verdict = judge(runaway, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe('at most 5 live processes at once (the job needs 5), and no child of the program forked (seen by sampling every 10 ms)');
  });
});

describe('judge: lock without owner', () => {
  const blocked = (t: number, ticks = 7, syscall = PRIVATE_WAIT): Sample => ({
    t, processes: [proc(100, { ppid: 1, state: 'S', wchan: 'futex_wait_queue', cpuTicks: ticks, syscall })],
  });

  it('proves a lock nobody can release from a private futex wait, one thread, and no CPU progress over the window', () => {
    const samples = [0, 100, 200, 300, 350].map((t) => blocked(t));
    const verdict = judge(lock, observation(samples, { exit: { reason: 'stopped', reaped: 1, killedAtEnd: 1 } }), false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.atMs).toBe(300);
    expect(verdict.evidence[0]).toBe(
      'pid 100 (prog) state S, wchan futex_wait_queue: waiting for a lock (a private futex, no timeout), with no other thread in its process to release it; no CPU progress for 300 ms',
    );
    expect(verdict.evidence[1]).toBe('pid 100 (prog) has 1 thread');
  });

  it('does not call a process that keeps using CPU locked', () => {
    const samples = [0, 100, 200, 300, 400].map((t, i) => blocked(t, i));
    const verdict = judge(lock, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['no single-threaded process waited on a lock that nothing could release']);
  });

  it('reads the system call, not the wait channel: a process blocked reading a pipe is not waiting on a lock', () => {
    const samples = [0, 200, 400].map((t) => blocked(t, 7, '0 0x3 0x7ffc 0x1000 0x0 0x0 0x0 0x7ffc 0x7f00'));
    expect(judge(lock, observation(samples), true).status).toBe('clean');
  });

  it('is inconclusive when the run hit its time limit without proof', () => {
    const samples = [0, 100].map((t) => ({ t, processes: [proc(100)] }));
    const verdict = judge(lock, observation(samples, { exit: { reason: 'timeout', reaped: 1, killedAtEnd: 1 } }), true);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reason).toBe('timeout');
    expect(verdict.evidence.join(' ')).toMatch(/did not finish within the 5000 ms allowed/);
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
    expect(verdict.evidence).toEqual([
      '9 of 10 exits went uncounted',
      "the program's own count of SIGCHLDs: 1",
      '10 children of pid 100 ended (seen by sampling)',
    ]);
  });

  it('counts the exits the kernel announced when every event was heard, not the zombies sampled', () => {
    const events = [
      ...[201, 202, 203].map((pid, i) => ({ t: i, kind: 'fork' as const, parent: 100, pid })),
      ...[201, 202, 203].map((pid, i) => ({ t: 10 + i, kind: 'exit' as const, pid, code: 0 })),
    ];
    const obs = observation([{ t: 0, processes: [proc(100, { ppid: 1 })] }], { events, eventsComplete: true, reports: [{ t: 60, key: 'sigchld', value: '2' }] });
    const verdict = judge(count, obs, true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence).toEqual(['1 of 3 exits went uncounted', "the program's own count of SIGCHLDs: 2", '3 children of pid 100 ended (every exit heard from the kernel)']);
  });

  it('is clean when every child was counted', () => {
    expect(judge(count, observation(tenZombies, { reports: [{ t: 60, key: 'sigchld', value: '10' }] }), true).status).toBe('clean');
  });

  it('is inconclusive when the program never reported its count', () => {
    const verdict = judge(count, observation(tenZombies), true);
    expect(verdict.status).toBe('inconclusive');
    expect(verdict.reason).toBe('sign-unknown');
    expect(verdict.evidence[0]).toMatch(/neither proven nor ruled out: .*the program never reported sigchld=N/);
  });
});

describe('judge: zombies and signals', () => {
  it('sees zombies under a living parent', () => {
    // Zombies that last (250 ms by default): a parent that does not wait, not one about to.
    const samples: Sample[] = [10, 140, 270].map((t) => ({ t, processes: [proc(100, { ppid: 1, state: 'S' }), proc(201, { state: 'Z' }), proc(202, { state: 'Z' })] }));
    const verdict = judge({ job: 'x', done: [], signs: [{ kind: 'zombies', atLeast: 2 }] }, observation(samples), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toMatch(/^2 zombies \(state Z, <defunct>\) in \/proc at 270 ms: pids 201, 202/);
  });

  it('sees a program killed by a signal, from the exit status', () => {
    const exit = { reason: 'exited' as const, signal: 'SIGSEGV', reaped: 1, killedAtEnd: 0 };
    const verdict = judge({ job: 'x', done: [], signs: [{ kind: 'killed-by-signal', signals: ['SIGSEGV'] }] }, observation([], { exit }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toContain('killed by SIGSEGV');
  });
});
