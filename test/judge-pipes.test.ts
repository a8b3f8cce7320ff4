import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import type { DetailSnapshot, ProcessDetail, ProcessSnapshot, Report, Sample } from '../src/runner/outcome.js';
import { detail, observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ state: 'S', wchan: 'anon_pipe_write', cpuTicks: 5 });

/** /proc/PID/syscall of a process blocked in read(fd) or write(fd), as the kernel prints it. */
const reading = (fd: number) => `0 0x${fd.toString(16)} 0x7ffd0000 0x10000 0x0 0x0 0x0 0x7ffcfff8 0x7f0012345678`;
const writing = (fd: number) => `1 0x${fd.toString(16)} 0x7ffd0000 0x10000 0x0 0x0 0x0 0x7ffcfff8 0x7f0012345678`;

function stoppedRun(samples: Sample[], details: DetailSnapshot[] = [], reports: Report[] = []) {
  return observation(samples, { details, reports, exit: { reason: 'stopped', reaped: 2, killedAtEnd: 2 } });
}

const every10ms = (until: number, processes: (t: number) => ProcessSnapshot[]): Sample[] =>
  Array.from({ length: until / 10 + 1 }, (_, i) => ({ t: i * 10, processes: processes(i * 10) }));

/** The same processes recorded at each of these times: a proof needs two snapshots with no CPU progress between. */
const at = (times: number[], processes: ProcessDetail[]): DetailSnapshot[] => times.map((t) => ({ t, reason: 'proven', processes }));

const deadlock: Expectation = { job: 'x', done: [], signs: [{ kind: 'pipe-deadlock', processes: 2 }] };

describe('judge: a pipe deadlock of several processes at once', () => {
  // 100 writes pipe 10 (read by 101) and reads pipe 11; 101 the other way round.
  const a = (extra: Partial<ProcessSnapshot> = {}) => detail(proc(100, extra), ['/bin/x'], [
    { fd: 1, target: 'socket:[1]', flags: 2 },
    { fd: 4, target: 'pipe:[10]', flags: 1 },
    { fd: 5, target: 'pipe:[11]', flags: 0 },
  ], writing(4));
  const b = (extra: Partial<ProcessSnapshot> = {}) => detail(proc(101, { ppid: 100, ...extra }), ['/bin/x'], [
    { fd: 1, target: 'socket:[1]', flags: 2 },
    { fd: 3, target: 'pipe:[10]', flags: 0 },
    { fd: 6, target: 'pipe:[11]', flags: 1 },
  ], writing(6));

  it('is not proven while only one of the two is blocked', () => {
    // 100 blocks at once; 101 keeps running (state R, its ticks grow), so 100's reader is alive.
    const samples = every10ms(500, (t) => [proc(100), proc(101, { ppid: 100, state: 'R', cpuTicks: t })]);
    const details = [...at([100], [a(), b({ state: 'R', wchan: '0', cpuTicks: 10 })]), ...at([200], [a(), b({ state: 'R', wchan: '0', cpuTicks: 20 })])];
    expect(judge(deadlock, stoppedRun(samples, details), false).status).toBe('inconclusive');
    const final = judge(deadlock, stoppedRun(samples, details), true);
    expect(final.status).toBe('inconclusive');
    expect(final.reason).toBe('stopped');
    expect(final.evidence.join('\n')).toMatch(/never 2 processes stuck at once on pipes whose other ends nobody could use/);
  });

  it('is proven once both are stuck in two snapshots, and names who holds each pipe', () => {
    const samples = every10ms(420, () => [proc(100), proc(101, { ppid: 100 })]);
    const reports: Report[] = [
      { t: 5, key: 'pipe_capacity', value: '65536' },
      { t: 6, key: 'written', value: '100:61440' },
      { t: 7, key: 'written', value: '100:65536' },
      { t: 8, key: 'written', value: '101:65536' },
    ];
    const verdict = judge(deadlock, stoppedRun(samples, at([240, 300], [a(), b()]), reports), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.atMs).toBe(300);
    const text = verdict.evidence.join('\n');
    expect(text).toMatch(/pid 100 \(prog\) state S, wchan anon_pipe_write: blocked writing pipe:\[10\], and every holder of its read end is stuck too or never uses it; no CPU progress for 60 ms/);
    expect(text).toMatch(/pid 101 \(prog\) state S, wchan anon_pipe_write: blocked writing pipe:\[11\]/);
    expect(text).toMatch(/pipe:\[10\]: pid 100 \(prog\) waits to write at fd 4; its read end is held only by pid 101 \(prog\) fd 3 \(blocked too, in anon_pipe_write\), so nobody reads/);
    expect(text).toMatch(/pipe:\[11\]: pid 101 \(prog\) waits to write at fd 6; its read end is held only by pid 100 \(prog\) fd 5/);
    expect(text).toMatch(/pid 100 \(prog\) had written 65536 bytes before the write that blocked/);
    expect(text).toMatch(/reported a pipe capacity of 65536 bytes/);
  });
});

describe('judge: a reader waiting for EOF', () => {
  const eof: Expectation = { job: 'x', done: [], signs: [{ kind: 'pipe-deadlock' }] };

  it('names the write end still open, in the reader itself', () => {
    const reader = proc(100, { wchan: 'anon_pipe_read' });
    const samples = every10ms(320, () => [reader]);
    const files = [{ fd: 3, target: 'pipe:[7]', flags: 0 }, { fd: 4, target: 'pipe:[7]', flags: 1 }];
    const verdict = judge(eof, stoppedRun(samples, at([240, 300], [detail(reader, ['/bin/r'], files, reading(3))])), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence.join('\n')).toMatch(
      /pipe:\[7\]: pid 100 \(prog\) waits to read at fd 3; its write end is still open in pid 100 \(prog\) fd 4 \(the blocked process itself\), so read\(\) cannot return EOF/,
    );
  });
});

describe('judge: leaked descriptors', () => {
  const leak: Expectation = { job: 'x', done: [], signs: [{ kind: 'leaked-descriptors' }] };
  const parent = detail(proc(100, { ppid: 1, wchan: 'anon_pipe_read' }), ['/bin/app'], [
    { fd: 0, target: '/dev/null', flags: 0 },
    { fd: 3, target: 'pipe:[7]', flags: 0 },
  ], reading(3));

  it('is shown when a child that exec\'d holds a pipe its parent holds, beyond fd 2', () => {
    const sleep = detail(proc(102, { ppid: 100, comm: 'sleep', wchan: 'hrtimer_nanosleep' }), ['sleep', '30'], [
      { fd: 0, target: '/dev/null', flags: 0 },
      { fd: 3, target: 'pipe:[7]', flags: 0 },
      { fd: 4, target: 'pipe:[7]', flags: 1 },
    ]);
    // A forked child that did not exec shares the pipe too, by design: not a leak.
    const forked = detail(proc(101, { ppid: 100 }), ['/bin/app'], [{ fd: 4, target: 'pipe:[7]', flags: 1 }]);
    const verdict = judge(leak, stoppedRun([{ t: 0, processes: [] }], [{ t: 330, reason: 'proven', processes: [parent, forked, sleep] }]), false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence).toHaveLength(1);
    expect(verdict.evidence[0]).toMatch(
      /pid 102 \(sleep\), started by pid 100 \(prog\) and running "sleep 30", holds fd 3 \(pipe:\[7\], read end\), fd 4 \(pipe:\[7\], write end\) beyond its stdio/,
    );
    expect(verdict.evidence[0]).toMatch(/shared with pid 100 \(prog\), pid 101 \(prog\): inherited across exec \(not close-on-exec\), seen at 330 ms/);
  });

  it('is clean when the children that exec\'d hold only their stdio and their own descriptors', () => {
    const worker = detail(proc(103, { ppid: 100, comm: 'node' }), ['node', 'worker.js'], [
      { fd: 0, target: '/dev/null', flags: 0o2000000 },
      { fd: 1, target: 'socket:[9]', flags: 2 },
      { fd: 2, target: 'socket:[8]', flags: 2 },
      { fd: 3, target: 'anon_inode:[eventpoll]', flags: 0o2000002 },
      { fd: 4, target: 'pipe:[20]', flags: 0o2000000 },
      { fd: 5, target: 'pipe:[20]', flags: 0o2000001 },
    ]);
    const obs = observation([{ t: 0, processes: [proc(100, { ppid: 1 })] }], { details: [{ t: 100, reason: 'children-started', processes: [parent, worker] }] });
    const verdict = judge(leak, obs, true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence.join('\n')).toMatch(/pid 103 \(node\) running "node worker.js": fds 0, 1, 2 and 3 more beyond them, none shared/);
  });

  it('is undecided until the end, and unknown at it, when no process was seen running another program', () => {
    const obs = stoppedRun([{ t: 0, processes: [] }]);
    expect(judge(leak, obs, false)).toMatchObject({ status: 'inconclusive', settled: false });
    const final = judge(leak, obs, true);
    expect(final.status).toBe('inconclusive');
    expect(final.evidence).toContain('no process of the run was seen running another program, so no leak across exec could be looked for');
    // A run that ended by itself, with no exec seen: still unknown, never clean.
    const ended = judge(leak, observation([{ t: 0, processes: [proc(100, { ppid: 1 })] }]), true);
    expect(ended).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
  });
});
