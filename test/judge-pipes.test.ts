import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import type { Expectation } from '../src/lesson.js';
import type { DetailSnapshot, OpenFile, ProcessDetail, ProcessSnapshot, Report, Sample } from '../src/runner/outcome.js';
import { observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ state: 'S', wchan: 'anon_pipe_write', cpuTicks: 5 });

function detail(p: ProcessSnapshot, cmdline: string[], files: OpenFile[]): ProcessDetail {
  return { ...p, cmdline, files };
}

function stoppedRun(samples: Sample[], details: DetailSnapshot[] = [], reports: Report[] = []) {
  return observation(samples, { details, reports, exit: { reason: 'stopped', reaped: 2, killedAtEnd: 2 } });
}

const every10ms = (until: number, processes: (t: number) => ProcessSnapshot[]): Sample[] =>
  Array.from({ length: until / 10 + 1 }, (_, i) => ({ t: i * 10, processes: processes(i * 10) }));

const deadlock: Expectation = {
  job: 'x',
  signs: [{ kind: 'hang', wchan: 'pipe_write', windowMs: 300, processes: 2, meaning: 'a full pipe', pipes: true }],
};

describe('judge: a hang of several processes at once', () => {
  it('is not proven while only one of the two is blocked', () => {
    // 100 blocks at once; 101 keeps using CPU (its ticks grow) until 400 ms.
    const samples = every10ms(500, (t) => [proc(100), proc(101, { state: t < 400 ? 'R' : 'S', cpuTicks: t < 400 ? t : 400 })]);
    expect(judge(deadlock, stoppedRun(samples.filter((s) => s.t <= 600)), false).status).toBe('inconclusive');
    const final = judge(deadlock, stoppedRun(samples), true);
    expect(final.evidence.join('\n')).toMatch(/never 2 processes blocked at once/);
  });

  it('is proven once both have been blocked for the window, and names who holds each pipe', () => {
    const samples = every10ms(420, () => [proc(100), proc(101, { ppid: 100 })]);
    const a = detail(proc(100), ['/bin/x'], [
      { fd: 1, target: 'socket:[1]', flags: 2 },
      { fd: 4, target: 'pipe:[10]', flags: 1 },
      { fd: 5, target: 'pipe:[11]', flags: 0 },
    ]);
    const b = detail(proc(101, { ppid: 100 }), ['/bin/x'], [
      { fd: 1, target: 'socket:[1]', flags: 2 },
      { fd: 3, target: 'pipe:[10]', flags: 0 },
      { fd: 6, target: 'pipe:[11]', flags: 1 },
    ]);
    const reports: Report[] = [
      { t: 5, key: 'pipe_capacity', value: '65536' },
      { t: 6, key: 'written', value: '100:61440' },
      { t: 7, key: 'written', value: '100:65536' },
      { t: 8, key: 'written', value: '101:65536' },
    ];
    const verdict = judge(deadlock, stoppedRun(samples, [{ t: 300, reason: 'proven', processes: [a, b] }], reports), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.atMs).toBe(300);
    const text = verdict.evidence.join('\n');
    expect(text).toMatch(/pid 100 \(prog\) state S, wchan anon_pipe_write \(a full pipe\), no CPU progress for 300 ms/);
    expect(text).toMatch(/pid 101 \(prog\) state S, wchan anon_pipe_write/);
    expect(text).toMatch(/pipe:\[10\]: pid 100 \(prog\) waits to write at fd 4; its read end is held only by pid 101 \(prog\) fd 3 \(blocked too, in anon_pipe_write\), so nobody reads/);
    expect(text).toMatch(/pipe:\[11\]: pid 101 \(prog\) waits to write at fd 6; its read end is held only by pid 100 \(prog\) fd 5/);
    expect(text).toMatch(/pid 100 \(prog\) had written 65536 bytes before the write that blocked/);
    expect(text).toMatch(/reported a pipe capacity of 65536 bytes/);
  });
});

describe('judge: a reader waiting for EOF', () => {
  const eof: Expectation = { job: 'x', signs: [{ kind: 'hang', wchan: 'pipe_read', windowMs: 300, meaning: 'EOF', pipes: true }] };

  it('names the write end still open, in the reader itself', () => {
    const reader = proc(100, { wchan: 'pipe_read' });
    const samples = every10ms(320, () => [reader]);
    const snapshot: DetailSnapshot = {
      t: 300, reason: 'proven',
      processes: [detail(reader, ['/bin/r'], [{ fd: 3, target: 'pipe:[7]', flags: 0 }, { fd: 4, target: 'pipe:[7]', flags: 1 }])],
    };
    const text = judge(eof, stoppedRun(samples, [snapshot]), true).evidence.join('\n');
    expect(text).toMatch(/pipe:\[7\]: pid 100 \(prog\) waits to read at fd 3; its write end is still open in pid 100 \(prog\) fd 4 \(the blocked process itself\)/);
  });
});

describe('judge: leaked descriptors', () => {
  const leak: Expectation = { job: 'x', signs: [{ kind: 'leaked-descriptors' }] };
  const parent = detail(proc(100, { wchan: 'pipe_read' }), ['/bin/app'], [
    { fd: 0, target: '/dev/null', flags: 0 },
    { fd: 3, target: 'pipe:[7]', flags: 0 },
  ]);

  it('is shown when a child that exec\'d holds a pipe its parent holds, beyond fd 2', () => {
    const sleep = detail(proc(102, { ppid: 100, comm: 'sleep' }), ['sleep', '30'], [
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
    expect(verdict.evidence[0]).toMatch(/shared with pid 100 \(prog\), pid 101 \(prog\): inherited across exec/);
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
    const verdict = judge(leak, stoppedRun([{ t: 0, processes: [] }], [{ t: 100, reason: 'children-started', processes: [parent, worker] }]), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence.join('\n')).toMatch(/pid 103 \(node\) running "node worker.js": fds 0, 1, 2 and 3 more beyond them, none shared/);
  });

  it('is undecided until the end when no snapshot was taken', () => {
    const obs = stoppedRun([{ t: 0, processes: [] }]);
    expect(judge(leak, obs, false).status).toBe('inconclusive');
    expect(judge(leak, obs, true).evidence).toEqual(['no detailed snapshot of descriptors was taken, so none was seen leaked']);
  });
});
