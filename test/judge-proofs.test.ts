// Each proof of the judge on recorded (hand-built) observations: what it takes to prove a sign, what
// excludes it, the parts of the job, and the verdict's reasons. Pure: no process runs.
import { describe, expect, it } from 'vitest';
import { judge } from '../dist/src/runner/judge.js';
import { judgeJob } from '../dist/src/runner/signs/job.js';
import { isPrivateWaitForever, stuckOnPipes } from '../dist/src/runner/signs/waits.js';
import type { Expectation, JobPart, Sign } from '../src/lesson.js';
import type { DetailSnapshot, ExitInfo, Observation, OpenFile, ProcessDetail, ProcessEvent, ProcessSnapshot, Sample } from '../src/runner/outcome.js';
import { detail, observation, snapshots } from './helpers/observations.js';

const proc = snapshots({ ppid: 100 });
/** The program: pid 100, started by the supervisor (pid 1 here). */
const program = (extra: Partial<ProcessSnapshot> = {}) => proc(100, { ppid: 1, ...extra });

function expecting(signs: Sign[], done: JobPart[] = [], ends?: Expectation['ends']): Expectation {
  return { job: 'x', signs, done, ...(ends ? { ends } : {}) };
}

const fork = (t: number, parent: number, pid: number): ProcessEvent => ({ t, kind: 'fork', parent, pid });
const exited = (t: number, pid: number, code = 0): ProcessEvent => ({ t, kind: 'exit', pid, code });
const killed = (t: number, pid: number, signal: string): ProcessEvent => ({ t, kind: 'exit', pid, signal });
const reaped = (t: number, pid: number, code = 0): ProcessEvent => ({ t, kind: 'reaped', pid, code });

const every = (step: number, from: number, to: number) => Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
const sampled = (times: number[], processes: (t: number) => ProcessSnapshot[]): Sample[] => times.map((t) => ({ t, processes: processes(t) }));
/** The program alone, running, every 10 ms up to `until`: a run the observer saw. */
const programAlone = (until = 100) => sampled(every(10, 0, until), () => [program()]);

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

describe('proof: generations (runaway-processes)', () => {
  const bomb = expecting([{ kind: 'runaway-processes', needed: 9 }]);
  /** The program and twelve children of its own, all running, from 20 ms on. */
  const wide = sampled(every(10, 0, 100), (t) => [program(), ...(t >= 20 ? range(101, 12).map((pid) => proc(pid)) : [])]);

  it('is manifested when a child forks in its turn, known from the kernel\'s fork events, and the live count passes the need', () => {
    // pid 113 lived less than a sampling interval: only its fork event shows the new generation.
    const events = [...range(101, 12).map((pid, i) => fork(10 + i, 100, pid)), fork(35, 101, 113), exited(38, 113)];
    const verdict = judge(bomb, observation(wide, { events, eventsComplete: true }), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence[0]).toBe('live process count 1 → 13 in 20 ms (the job needs 9, the cap is 64)');
    expect(verdict.evidence[1]).toBe('children fork in their turn: pid 113 was forked by pid 101, itself a child, at 35 ms');
  });

  it('is not a fork bomb for as many children of the program alone: a wide pool is no new generation', () => {
    const sampledOnly = judge(bomb, observation(wide), true);
    expect(sampledOnly.status).toBe('clean');
    expect(sampledOnly.evidence[0]).toBe('at most 13 live processes at once (the job needs 9), and no child of the program forked (seen by sampling every 10 ms)');
    const heard = judge(bomb, observation(wide, { events: range(101, 12).map((pid, i) => fork(10 + i, 100, pid)), eventsComplete: true }), true);
    expect(heard.status).toBe('clean');
    expect(heard.evidence[0]).toMatch(/no child of the program forked \(every fork heard from the kernel\)$/);
  });

  it('is manifested from the samples alone when their parent pids chain: children of children', () => {
    // 101 and 102 are the program's; 103 is 101's, 104 is 102's, 105-110 are theirs.
    const parents: Record<number, number> = { 101: 100, 102: 100, 103: 101, 104: 102, 105: 103, 106: 104, 107: 101, 108: 102, 109: 103, 110: 104 };
    const alive = (n: number) => [program(), ...range(101, n - 1).map((pid) => proc(pid, { ppid: parents[pid] }))];
    const counts = [1, 1, 3, 3, 5, 5, 11, 11];
    const samples = counts.map((n, i) => ({ t: i * 20, processes: alive(n) }));
    const reports = [{ t: 150, key: 'fork_failed', value: 'EAGAIN' }, { t: 151, key: 'fork_failed', value: 'EAGAIN' }];
    const verdict = judge(bomb, observation(samples, { reports }), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 140 });
    expect(verdict.evidence[0]).toBe('live process count 1 → 3 → 5 → 11 in 120 ms (the job needs 9, the cap is 64)');
    expect(verdict.evidence[1]).toBe('children fork in their turn: pid 103 was forked by pid 101, itself a child, at 80 ms');
    expect(verdict.evidence[2]).toBe('fork() failed with EAGAIN, reported by 2 processes: the cap stopped the growth');
  });

  it('settles once the count has stopped growing for 400 ms, without a failed fork', () => {
    const tree = [program(), proc(101), proc(102), ...range(103, 8).map((pid) => proc(pid, { ppid: 101 }))];
    const growing = sampled(every(50, 0, 300), () => tree);
    expect(judge(bomb, observation(growing), false)).toMatchObject({ status: 'inconclusive', settled: false });
    const held = sampled(every(50, 0, 450), () => tree);
    expect(judge(bomb, observation(held), false)).toMatchObject({ status: 'manifested', settled: true, atMs: 450 });
  });

  it('does not count zombies: as many processes, all in state Z with no grandchild, are not runaway', () => {
    const samples = sampled(every(10, 0, 200), (t) => [program({ state: 'S' }), ...(t >= 50 ? range(101, 16).map((pid) => proc(pid, { state: 'Z' })) : [])]);
    expect(judge(bomb, observation(samples), false).status).toBe('inconclusive');
    const verdict = judge(bomb, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe('at most 1 live process at once (the job needs 9), and no child of the program forked (seen by sampling every 10 ms)');
  });

  it('does not count zombies even when they are children of children: the live count never passed the need', () => {
    const zombies = [...range(101, 8).map((pid) => proc(pid, { state: 'Z' })), ...range(109, 8).map((pid) => proc(pid, { ppid: pid - 8, state: 'Z' }))];
    const samples = sampled(every(10, 0, 100), () => [program({ state: 'S' }), ...zombies]);
    const verdict = judge(bomb, observation(samples), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence[0]).toBe('at most 1 live process at once (the job needs 9)');
  });

  it('is clean with its job done: 8 children of the program, each exiting 0, every event heard, the program exiting 0', () => {
    const children = range(101, 8);
    const samples = [
      { t: 0, processes: [program()] },
      { t: 10, processes: [program({ state: 'S', wchan: 'do_wait' }), ...children.map((pid) => proc(pid))] },
      { t: 20, processes: [program()] },
    ];
    const events = [...children.map((pid, i) => fork(5 + i, 100, pid)), ...children.map((pid, i) => exited(15 + i, pid, 0)), exited(25, 100, 0)];
    const expectation = expecting([{ kind: 'runaway-processes', needed: 9 }], [{ kind: 'children', count: 8, exitCode: 0 }]);
    const verdict = judge(expectation, observation(samples, { events, eventsComplete: true }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.reason).toBeUndefined();
    expect(verdict.job).toMatchObject([{
      part: '8 child processes of the program, each exiting 0',
      done: true,
      evidence: '8 children: 101 (exit 0), 102 (exit 0), 103 (exit 0), 104 (exit 0), 105 (exit 0), 106 (exit 0), 107 (exit 0), 108 (exit 0) (every fork and exit heard from the kernel)',
    }]);
    expect(verdict.evidence[0]).toMatch(/^job done: 8 child processes of the program, each exiting 0: 8 children: 101 \(exit 0\)/);
    expect(verdict.evidence[1]).toBe('at most 9 live processes at once (the job needs 9), and no child of the program forked (every fork heard from the kernel)');
  });
});

/** The futex system call's number on this machine: the judge reads /proc/PID/syscall for the arch it runs on. */
const FUTEX_NR = ({ x64: 202, arm64: 98, riscv64: 98, loong64: 98 } as Partial<Record<string, number>>)[process.arch];
/** futex(addr, op, val, timeout) as /proc/PID/syscall prints it: "NR ADDR OP VAL TIMEOUT ... SP PC". */
const futex = (op: string, timeout = '0x0', nr = FUTEX_NR) => `${nr} 0x7f00 ${op} 0x2 ${timeout} 0x0 0x0 0x7ffc 0x7f00`;

describe('proof: lock-without-owner', () => {
  it('isPrivateWaitForever reads x86_64 futex calls: FUTEX_WAIT|FUTEX_PRIVATE_FLAG with no timeout, and nothing else', () => {
    expect(isPrivateWaitForever('202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(true);
    // FUTEX_WAIT_BITSET|FUTEX_PRIVATE_FLAG: a plain wait too.
    expect(isPrivateWaitForever('202 0x7f00 0x89 0x2 0x0 0x0 0xffffffff 0x7ffc 0x7f00', 'x64')).toBe(true);
    // A shared futex (another process may wake it), a timed wait, a PI lock (it names its owner), another call.
    expect(isPrivateWaitForever('202 0x7f00 0x0 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(false);
    expect(isPrivateWaitForever('202 0x7f00 0x80 0x2 0x7ffc1000 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(false);
    expect(isPrivateWaitForever('202 0x7f00 0x86 0x0 0x0 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(false);
    expect(isPrivateWaitForever('0 0x3 0x7ffc 0x1000 0x0 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(false);
    // Nothing to read: running, a short line, not readable.
    expect(isPrivateWaitForever('running', 'x64')).toBe(false);
    expect(isPrivateWaitForever('202 0x7f00 0x80', 'x64')).toBe(false);
    expect(isPrivateWaitForever(undefined, 'x64')).toBe(false);
  });

  it('isPrivateWaitForever takes the arch: futex is 98 on arm64, and 202 there is another call', () => {
    expect(isPrivateWaitForever('98 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'arm64')).toBe(true);
    expect(isPrivateWaitForever('98 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'x64')).toBe(false);
    expect(isPrivateWaitForever('202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'arm64')).toBe(false);
    expect(isPrivateWaitForever('98 0x7f00 0x80 0x2 0x7ffc1000 0x0 0x0 0x7ffc 0x7f00', 'arm64')).toBe(false);
    // An arch the judge does not know: never a proof.
    expect(isPrivateWaitForever('202 0x7f00 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00', 'ia32')).toBe(false);
  });

  // Through the judge, the futex number is this machine's.
  describe.skipIf(FUTEX_NR === undefined)('through the judge, on this machine\'s futex number', () => {
    const lock = expecting([{ kind: 'lock-without-owner' }]);
    /** A child forked by a program of 4 threads, waiting in a futex; the program waits for it. */
    const run = (times: number[], child: (t: number, i: number) => Partial<ProcessSnapshot>, parent: Partial<ProcessSnapshot> = { threads: 4 }) =>
      times.map((t, i) => ({
        t,
        processes: [
          program({ state: 'S', wchan: 'do_wait', ...parent }),
          proc(101, { state: 'S', wchan: 'futex_wait_queue', cpuTicks: 3, threads: 1, syscall: futex('0x80'), ...child(t, i) }),
        ],
      }));

    it('is manifested for one thread in a private futex wait with no timeout, unchanged for 100 ms with no CPU', () => {
      const verdict = judge(lock, observation(run([0, 50, 100], () => ({}))), false);
      expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 100 });
      expect(verdict.evidence).toEqual([
        'pid 101 (prog) state S, wchan futex_wait_queue: waiting for a lock (a private futex, no timeout), with no other thread in its process to release it; no CPU progress for 100 ms',
        'pid 101 (prog) has 1 thread; its parent pid 100 (prog) had 4 threads when it was first seen',
      ]);
    });

    it('is not proven before the window is over', () => {
      expect(judge(lock, observation(run([0, 50, 90], () => ({}))), false)).toMatchObject({ status: 'inconclusive', settled: false });
    });

    const notALock: Array<[string, Sample[]]> = [
      // A pthread_join in the program: another thread of its own will end the wait.
      ['a process of two threads (a pthread_join in a parent)', run([0, 50, 100, 150], () => ({ threads: 2 }))],
      ['a wait with a timeout (field 5 non-zero)', run([0, 50, 100, 150], () => ({ syscall: futex('0x80', '0x7ffc1000') }))],
      ['a shared futex (op 0x0): another process may wake it', run([0, 50, 100, 150], () => ({ syscall: futex('0x0') }))],
      ['a process whose CPU ticks change', run([0, 50, 100, 150], (_t, i) => ({ cpuTicks: 3 + i }))],
      ['a process waiting on a new lock word each time', run([0, 50, 100, 150], (_t, i) => ({ syscall: `${FUTEX_NR} 0x7f0${i} 0x80 0x2 0x0 0x0 0x0 0x7ffc 0x7f00` }))],
      ['a process that is running, not waiting', run([0, 50, 100, 150], () => ({ state: 'R' }))],
    ];
    for (const [what, samples] of notALock) {
      it(`is not proven for ${what}, and excluded when the run ended by itself`, () => {
        expect(judge(lock, observation(samples), false)).toMatchObject({ status: 'inconclusive', settled: false });
        const verdict = judge(lock, observation(samples), true);
        expect(verdict.status).toBe('clean');
        expect(verdict.evidence).toEqual(['no single-threaded process waited on a lock that nothing could release']);
      });
    }

    it('is unknown, not excluded, when the run was ended before the window', () => {
      const verdict = judge(lock, observation(run([0, 50], () => ({})), { exit: { reason: 'timeout', reaped: 2, killedAtEnd: 2 } }), true);
      expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'timeout' });
    });
  });
});

// Open flags as fdinfo prints them (octal): O_RDONLY 0, O_WRONLY 01, O_CLOEXEC 02000000.
const O_RDONLY = 0;
const O_WRONLY = 0o1;
const O_CLOEXEC = 0o2000000;
const readEnd = (fd: number, pipe: number, flags = O_RDONLY): OpenFile => ({ fd, target: `pipe:[${pipe}]`, flags });
const writeEnd = (fd: number, pipe: number, flags = O_WRONLY): OpenFile => ({ fd, target: `pipe:[${pipe}]`, flags });
const stdio: OpenFile[] = [{ fd: 0, target: '/dev/null', flags: 0 }, { fd: 1, target: 'socket:[5]', flags: 2 }, { fd: 2, target: 'socket:[5]', flags: 2 }];

/** /proc/PID/syscall of a process blocked in read(fd) (NR 0) or write(fd) (NR 1). */
const readingFd = (fd: number) => `0 0x${fd.toString(16)} 0x7ffd0000 0x10000 0x0 0x0 0x0 0x7ffcfff8 0x7f0012345678`;
const writingFd = (fd: number) => `1 0x${fd.toString(16)} 0x7ffd0000 0x10000 0x0 0x0 0x0 0x7ffcfff8 0x7f0012345678`;

/** A process blocked reading (or writing) its descriptor `fd`, with these files. */
function blockedOn(pid: number, how: 'read' | 'write', fd: number, files: OpenFile[], extra: Partial<ProcessSnapshot> = {}, cmdline = ['/bin/app']): ProcessDetail {
  const p = proc(pid, { state: 'S', wchan: how === 'read' ? 'anon_pipe_read' : 'anon_pipe_write', cpuTicks: 4, ...extra });
  return detail(p, cmdline, [...stdio, ...files], how === 'read' ? readingFd(fd) : writingFd(fd));
}
function sleeping(pid: number, files: OpenFile[], extra: Partial<ProcessSnapshot> = {}, cmdline = ['/bin/app']): ProcessDetail {
  return detail(proc(pid, { state: 'S', wchan: 'hrtimer_nanosleep', cpuTicks: 1, ...extra }), cmdline, [...stdio, ...files], '35 0x7ffd0000 0x0 0x0 0x0 0x0 0x0 0x7ffcfff8 0x7f0012345678');
}
const snap = (t: number, processes: ProcessDetail[]): DetailSnapshot => ({ t, reason: 'suspected', processes });

/** A run that ended by itself (exit 0), seen running, with these detailed snapshots. */
const ended = (details: DetailSnapshot[], extra: Partial<Observation> = {}) => observation(programAlone(200), { details, ...extra });
/** A run still going (the judge is asked before the end). */
const going = ended;

describe('proof: pipe-deadlock', () => {
  const deadlock = expecting([{ kind: 'pipe-deadlock' }]);
  // (a) The reader holds its own write end: read() can never return EOF.
  const selfReader = (ticks = 4) => blockedOn(100, 'read', 3, [readEnd(3, 7), writeEnd(4, 7)], { ppid: 1, cpuTicks: ticks });

  it('(a) is manifested for a reader that holds its own write end, in two snapshots 60 ms apart with no CPU progress', () => {
    const verdict = judge(deadlock, going([snap(100, [selfReader()]), snap(160, [selfReader()])]), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 160 });
    expect(verdict.evidence[0]).toBe(
      'pid 100 (prog) state S, wchan anon_pipe_read: blocked reading pipe:[7], and every holder of its write end is stuck too or never uses it; no CPU progress for 60 ms',
    );
    expect(verdict.evidence[1]).toBe('pipe:[7]: pid 100 (prog) waits to read at fd 3; its write end is still open in pid 100 (prog) fd 4 (the blocked process itself), so read() cannot return EOF');
  });

  it('(a) needs two snapshots at least 50 ms apart, with the same CPU ticks', () => {
    expect(judge(deadlock, going([snap(100, [selfReader()])]), false).status).toBe('inconclusive');
    expect(judge(deadlock, going([snap(100, [selfReader()]), snap(140, [selfReader()])]), false).status).toBe('inconclusive');
    expect(judge(deadlock, going([snap(100, [selfReader(4)]), snap(160, [selfReader(5)])]), false).status).toBe('inconclusive');
    // The first snapshot stays the reference while the process stays stuck: 100 and 160 prove it.
    expect(judge(deadlock, going([snap(100, [selfReader()]), snap(140, [selfReader()]), snap(160, [selfReader()])]), false).atMs).toBe(160);
  });

  it('(b) is manifested with processes: 2 for a cycle of two writers, each pipe full and read only by the other', () => {
    const a = blockedOn(100, 'write', 4, [writeEnd(4, 10), readEnd(5, 11)], { ppid: 1 });
    const b = blockedOn(101, 'write', 6, [readEnd(3, 10), writeEnd(6, 11)]);
    const two = expecting([{ kind: 'pipe-deadlock', processes: 2 }]);
    const verdict = judge(two, going([snap(100, [a, b]), snap(160, [a, b])]), false);
    expect(verdict).toMatchObject({ status: 'manifested', atMs: 160 });
    expect(verdict.evidence.slice(0, 2)).toEqual([
      'pid 100 (prog) state S, wchan anon_pipe_write: blocked writing pipe:[10], and every holder of its read end is stuck too or never uses it; no CPU progress for 60 ms',
      'pid 101 (prog) state S, wchan anon_pipe_write: blocked writing pipe:[11], and every holder of its read end is stuck too or never uses it; no CPU progress for 60 ms',
    ]);
    expect(verdict.evidence).toContain('pipe:[10]: pid 100 (prog) waits to write at fd 4; its read end is held only by pid 101 (prog) fd 3 (blocked too, in anon_pipe_write), so nobody reads and the pipe stays full');
    // One of the two still reading: the other's writes will drain, nothing is stuck.
    const bReads = detail(proc(101, { state: 'R', wchan: '0', cpuTicks: 9 }), ['/bin/app'], [...stdio, readEnd(3, 10), writeEnd(6, 11)]);
    expect(judge(two, ended([snap(100, [a, bReads]), snap(160, [a, bReads])]), true).status).toBe('clean');
  });

  it('(c) is not manifested for a reader whose writer is another process asleep (a slow producer), and excluded at the end', () => {
    const reader = blockedOn(100, 'read', 3, [readEnd(3, 7)], { ppid: 1 });
    const producer = sleeping(101, [writeEnd(4, 7)]);
    const details = [snap(100, [reader, producer]), snap(160, [reader, producer]), snap(220, [reader, producer])];
    expect(judge(deadlock, going(details), false)).toMatchObject({ status: 'inconclusive', settled: false });
    const verdict = judge(deadlock, ended(details, { exit: { reason: 'exited', code: 0, reaped: 2, killedAtEnd: 0 } }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['no process was stuck on a pipe whose other end nobody could use (a slow writer or reader is not stuck)']);
  });

  it('(c) is not manifested either for a producer that exec\'d with the write end as its stdout: it was given it', () => {
    const reader = blockedOn(100, 'read', 3, [readEnd(3, 7)], { ppid: 1 });
    const producer = detail(proc(101, { state: 'S', wchan: 'hrtimer_nanosleep', comm: 'producer' }), ['producer'], [{ fd: 0, target: '/dev/null', flags: 0 }, writeEnd(1, 7)]);
    const both = expecting([{ kind: 'pipe-deadlock' }, { kind: 'leaked-descriptors' }]);
    const verdict = judge(both, ended([snap(100, [reader, producer]), snap(160, [reader, producer])]), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toContain('pid 101 (producer) running "producer": fds 0, 1 only');
  });

  // (d) The program closed its write end; a child that exec'd `sleep 30` still holds it, at fd 4.
  const reader = blockedOn(100, 'read', 3, [readEnd(3, 7)], { ppid: 1, comm: 'app' });
  const sleeper = sleeping(102, [writeEnd(4, 7)], { comm: 'sleep' }, ['sleep', '30']);
  const leakRun = [snap(100, [reader, sleeper]), snap(160, [reader, sleeper])];

  it('(d) is manifested when the only write end is held by a program that inherited it across exec, and the leak is shown too', () => {
    const both = expecting([{ kind: 'pipe-deadlock' }, { kind: 'leaked-descriptors' }]);
    const verdict = judge(both, going(leakRun), false);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence).toContain(
      'pid 100 (app) state S, wchan anon_pipe_read: blocked reading pipe:[7], and every holder of its write end is stuck too or never uses it; no CPU progress for 60 ms',
    );
    expect(verdict.evidence).toContain('pipe:[7]: pid 100 (app) waits to read at fd 3; its write end is still open in pid 102 (sleep) fd 4 (running "sleep 30"), so read() cannot return EOF');
    expect(verdict.evidence).toContain(
      'pid 102 (sleep), started by pid 100 (app) and running "sleep 30", holds fd 4 (pipe:[7], write end) beyond its stdio (fd 0-2), shared with pid 100 (app): inherited across exec (not close-on-exec), seen at 100 ms',
    );
    // Each sign alone proves it too.
    expect(judge(deadlock, going(leakRun), false).status).toBe('manifested');
    expect(judge(expecting([{ kind: 'leaked-descriptors' }]), going(leakRun), false)).toMatchObject({ status: 'manifested', atMs: 100 });
  });

  it('(d) knows who exec\'d from the kernel\'s events when all were heard, not from the command lines', () => {
    const events = [fork(10, 100, 102), { t: 11, kind: 'exec' as const, pid: 102 }];
    expect(judge(deadlock, going(leakRun, { events, eventsComplete: true }), false).status).toBe('manifested');
    // Every event heard and no exec: 102 is a forked copy that renamed itself, and a writer that is alive.
    const noExec = judge(deadlock, ended(leakRun, { events: [fork(10, 100, 102)], eventsComplete: true }), true);
    expect(noExec.status).toBe('clean');
  });

  // (e) The runner's report pipe: the program holds its write end (the runner reads it, outside the run),
  // and a child that exec'd inherited it. It is the runner's, never the program's descriptor.
  const reportPipe = 'pipe:[999]';
  const report = { fd: 9, target: reportPipe, flags: O_WRONLY };
  const reportApp = blockedOn(100, 'write', 9, [report], { ppid: 1, comm: 'app' });
  const reportChild = sleeping(102, [report], { comm: 'sleep' }, ['sleep', '30']);
  const reportRun = [snap(100, [reportApp, reportChild]), snap(160, [reportApp, reportChild])];
  const both = expecting([{ kind: 'pipe-deadlock' }, { kind: 'leaked-descriptors' }]);

  it('(e) ignores the report pipe in what a process held as it exec\'d', () => {
    const execFiles = [{ t: 30, pid: 102, files: [report] }, { t: 40, pid: 103, files: [] }];
    const events = [fork(20, 100, 102), { t: 30, kind: 'exec' as const, pid: 102 }, fork(35, 100, 103), { t: 40, kind: 'exec' as const, pid: 103 }];
    const verdict = judge(expecting([{ kind: 'leaked-descriptors' }]), ended([], { reportPipe, execFiles, events, eventsComplete: true }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(["2 programs started by the run held nothing but their stdio when they exec'd"]);
  });

  // The runner's report pipe is never the program's descriptor: the judge drops it from `details` too,
  // not only launch.ts when it records them (which it can do only once the supervisor has named it).
  it('(e) ignores the report pipe held by everyone in the detailed snapshots: no leak from it', () => {
    const verdict = judge(expecting([{ kind: 'leaked-descriptors' }]), ended(reportRun, { reportPipe }), true);
    expect(verdict.status).toBe('clean');
  });

  // Nor is a program blocked writing its report line stuck: the pipe's reader (the runner) is outside the run.
  it('(e) ignores the report pipe held by everyone in the detailed snapshots: no deadlock from it', () => {
    const verdict = judge(expecting([{ kind: 'pipe-deadlock' }]), ended(reportRun, { reportPipe }), true);
    expect(verdict.status).toBe('clean');
  });

  it('(e) would count the same descriptor, were it not the runner\'s: a leak', () => {
    const verdict = judge(both, ended(reportRun), true);
    expect(verdict.status).toBe('manifested');
    expect(verdict.evidence).toContain(
      'pid 102 (sleep), started by pid 100 (app) and running "sleep 30", holds fd 9 (pipe:[999], write end) beyond its stdio (fd 0-2), shared with pid 100 (app): inherited across exec (not close-on-exec), seen at 100 ms',
    );
  });

  // A pipe end with no holder in the snapshot is held outside the run (the runner reads the program's
  // stdout and stderr through pipes): a writer blocked there is waiting for a live reader, not stuck.
  it('does not prove a deadlock on a pipe whose other end no process of the run holds (the runner\'s stdout pipe)', () => {
    const writer = detail(proc(100, { ppid: 1, state: 'S', wchan: 'anon_pipe_write', cpuTicks: 4 }), ['/bin/app'], [
      { fd: 0, target: '/dev/null', flags: 0 }, writeEnd(1, 500), writeEnd(2, 501),
    ], writingFd(1));
    const verdict = judge(deadlock, going([snap(100, [writer]), snap(160, [writer])]), false);
    expect(verdict.status).not.toBe('manifested');
  });

  // Each snapshot is compared with the latest one at least 50 ms older: a process stuck for a moment
  // that then gets free (a leaked end closed by its holder's exit) does not hide a later deadlock.
  it('proves a deadlock that forms after another process was briefly stuck', () => {
    // At 100 ms the program is busy; its child 101 waits on pipe 7, whose only write end a short `sleep` inherited.
    const busy = detail(program({ cpuTicks: 2 }), ['/bin/app'], [...stdio, readEnd(3, 8), writeEnd(4, 8)]);
    const child = blockedOn(101, 'read', 3, [readEnd(3, 7)]);
    const shortSleep = sleeping(102, [writeEnd(4, 7)], { comm: 'sleep' }, ['sleep', '0.03']);
    // From 160 ms the sleep and the child are gone, and the program reads pipe 8, holding its write end.
    const stuck = blockedOn(100, 'read', 3, [readEnd(3, 8), writeEnd(4, 8)], { ppid: 1 });
    const details = [snap(100, [busy, child, shortSleep]), snap(160, [stuck]), snap(220, [stuck])];
    expect(stuckOnPipes(details[0]).map((s) => s.process.pid)).toEqual([101]);
    // The last two snapshots alone prove it.
    expect(judge(deadlock, going(details.slice(1)), false)).toMatchObject({ status: 'manifested', atMs: 220 });
    expect(judge(deadlock, going(details), false)).toMatchObject({ status: 'manifested', atMs: 220 });
  });
});

describe('proof: leaked-descriptors, from what each process held as it exec\'d', () => {
  const leaked = expecting([{ kind: 'leaked-descriptors' }]);
  const events = [fork(20, 100, 102), { t: 30, kind: 'exec' as const, pid: 102 }, fork(35, 100, 103), { t: 40, kind: 'exec' as const, pid: 103 }];
  const samples = sampled(every(10, 0, 100), (t) => [program({ comm: 'app' }), ...(t >= 40 ? [proc(102, { comm: 'sleep' })] : [])]);

  it('is manifested, settled, when a program held a pipe of its parent beyond fd 2 as it exec\'d', () => {
    const execFiles = [{ t: 30, pid: 102, files: [writeEnd(4, 7)] }, { t: 40, pid: 103, files: [] }];
    const verdict = judge(leaked, observation(samples, { events, eventsComplete: true, execFiles }), false);
    expect(verdict).toMatchObject({ status: 'manifested', settled: true, atMs: 30 });
    expect(verdict.evidence).toEqual([
      "pid 102 (sleep), started by pid 100, held fd 4 (pipe:[7], write end) beyond its stdio (fd 0-2) when it exec'd at 30 ms: inherited across exec (not close-on-exec)",
    ]);
  });

  it('is excluded when every exec was heard and none held more than its stdio, naming those gone too soon', () => {
    const execFiles = [{ t: 30, pid: 102, files: [] }, { t: 40, pid: 103 }];
    const verdict = judge(leaked, observation(samples, { events, eventsComplete: true, execFiles }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(["1 program started by the run held nothing but their stdio when they exec'd (1 other ended before their descriptors could be read)"]);
  });

  it('is not excluded from the exec records when some events were lost: it falls back to the snapshots', () => {
    const execFiles = [{ t: 30, pid: 102, files: [] }];
    const verdict = judge(leaked, observation(samples, { events, eventsComplete: false, execFiles }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
  });
});

describe('stuckOnPipes', () => {
  const pids = (stuck: Array<{ process: ProcessDetail }>) => stuck.map((s) => s.process.pid);

  it('finds the reader that holds its own write end, with its pipe and end', () => {
    const stuck = stuckOnPipes(snap(0, [blockedOn(100, 'read', 3, [readEnd(3, 7), writeEnd(4, 7)])]));
    expect(stuck.map((s) => [s.process.pid, s.pipe, s.end])).toEqual([[100, 'pipe:[7]', 'read']]);
  });

  it('finds a cycle of writers, and a cycle of three', () => {
    const a = blockedOn(100, 'write', 4, [writeEnd(4, 10), readEnd(5, 11)]);
    const b = blockedOn(101, 'write', 6, [readEnd(3, 10), writeEnd(6, 11)]);
    expect(pids(stuckOnPipes(snap(0, [a, b])))).toEqual([100, 101]);
    // 100 reads 1 written by 101; 101 reads 2 written by 102; 102 reads 3 written by 100.
    const ring = [
      blockedOn(100, 'read', 3, [readEnd(3, 1), writeEnd(4, 3)]),
      blockedOn(101, 'read', 3, [readEnd(3, 2), writeEnd(4, 1)]),
      blockedOn(102, 'read', 3, [readEnd(3, 3), writeEnd(4, 2)]),
    ];
    expect(pids(stuckOnPipes(snap(0, ring)))).toEqual([100, 101, 102]);
  });

  it('drops a whole chain that ends at a live process: each waiter\'s other end is held by someone who can act', () => {
    // 100 reads 1, written by 101; 101 is blocked writing 2, read by 102, which is running.
    const chain = [
      blockedOn(100, 'read', 3, [readEnd(3, 1)]),
      blockedOn(101, 'write', 5, [writeEnd(4, 1), writeEnd(5, 2)]),
      detail(proc(102, { state: 'R', wchan: '0' }), ['/bin/app'], [...stdio, readEnd(3, 2)]),
    ];
    expect(stuckOnPipes(snap(0, chain))).toEqual([]);
  });

  it('needs to know the descriptor waited on, and a sleeping state', () => {
    const files = [readEnd(3, 7), writeEnd(4, 7)];
    const noSyscall = detail(proc(100, { state: 'S', wchan: 'anon_pipe_read' }), ['/bin/app'], files);
    expect(stuckOnPipes(snap(0, [noSyscall]))).toEqual([]);
    expect(stuckOnPipes(snap(0, [blockedOn(100, 'read', 3, files, { state: 'R' })]))).toEqual([]);
    // Blocked in a pipe wait channel on a descriptor that is not a pipe (a socket).
    expect(stuckOnPipes(snap(0, [blockedOn(100, 'read', 3, [{ fd: 3, target: 'socket:[4]', flags: 2 }])]))).toEqual([]);
  });

  it('counts an end held past exec beyond stdio as never used, and one closed on exec as not there', () => {
    const reader = blockedOn(100, 'read', 3, [readEnd(3, 7)], { ppid: 1 });
    const sleeper = sleeping(102, [writeEnd(4, 7)], { comm: 'sleep' }, ['sleep', '30']);
    expect(pids(stuckOnPipes(snap(0, [reader, sleeper])))).toEqual([100]);
    // The kernel's events say who exec'd: none did, so 102 is a live writer.
    expect(stuckOnPipes(snap(0, [reader, sleeper]), new Map())).toEqual([]);
    expect(pids(stuckOnPipes(snap(10, [reader, sleeper]), new Map([[102, 5]])))).toEqual([100]);
    // An exec the kernel announced after the snapshot was taken: 102 was still the program's copy then.
    expect(stuckOnPipes(snap(10, [reader, sleeper]), new Map([[102, 20]]))).toEqual([]);
    // A forked writer that did not exec (same command line) may still write: not stuck.
    expect(stuckOnPipes(snap(0, [reader, sleeping(101, [writeEnd(4, 7, O_WRONLY | O_CLOEXEC)])]))).toEqual([]);
  });
});

describe('the job\'s parts', () => {
  const children = (count: number, exitCode?: number): JobPart => ({ kind: 'children', count, ...(exitCode === undefined ? {} : { exitCode }) });
  const seen = (pids: number[]) => sampled([0, 10, 20], (t) => [program(), ...(t === 10 ? pids.map((pid) => proc(pid)) : [])]);

  describe('children', () => {
    it('counts from the kernel\'s events when all were heard: too few is not done', () => {
      const [result] = judgeJob([children(4)], observation(seen([]), { events: [fork(1, 100, 101), fork(2, 100, 102), fork(3, 100, 103)], eventsComplete: true }));
      expect(result).toMatchObject({ part: '4 child processes of the program', done: false, evidence: 'the program started 3 where the job needs 4 (every fork and exit heard from the kernel)' });
    });

    it('is unknown, not "not done", when sampling saw too few: a short-lived child slips between samples', () => {
      const [result] = judgeJob([children(4)], observation(seen([101, 102, 103])));
      expect(result).toMatchObject({ part: '4 child processes of the program', done: undefined, evidence: 'the program started 3 where the job needs 4 (seen by sampling every 10 ms)' });
    });

    it('is not done when sampling saw too many', () => {
      const [result] = judgeJob([children(2)], observation(seen([101, 102, 103])));
      expect(result.done).toBe(false);
      expect(result.evidence).toBe('the program started 3 where the job needs 2 (seen by sampling every 10 ms)');
    });

    it('counts the program\'s own children only: a grandchild is not one', () => {
      const events = [fork(1, 100, 101), fork(2, 101, 102), exited(3, 102), exited(4, 101)];
      const [result] = judgeJob([children(1, 0)], observation(seen([]), { events, eventsComplete: true }));
      expect(result).toMatchObject({ done: true, evidence: '1 child: 101 (exit 0) (every fork and exit heard from the kernel)' });
    });

    it('checks each child\'s exit code: a wrong code or a signal is not done', () => {
      const events = [fork(1, 100, 101), fork(2, 100, 102), fork(3, 100, 103), exited(5, 101, 0), exited(6, 102, 1), killed(7, 103, 'SIGKILL')];
      const [result] = judgeJob([children(3, 0)], observation(seen([]), { events, eventsComplete: true }));
      expect(result).toMatchObject({
        part: '3 child processes of the program, each exiting 0',
        done: false,
        evidence: 'child pid 102: exit 1, child pid 103: killed by SIGKILL (the job needs exit 0)',
      });
    });

    it('is not done when every event was heard and a child never ended', () => {
      const [result] = judgeJob([children(2, 0)], observation(seen([]), { events: [fork(1, 100, 101), fork(2, 100, 102), exited(5, 101)], eventsComplete: true }));
      expect(result).toMatchObject({ done: false, evidence: '1 child never ended' });
    });

    it('is done by sampling when the count is right, saying the endings could not be seen', () => {
      const [result] = judgeJob([children(2, 0)], observation(seen([101, 102])));
      expect(result).toMatchObject({ done: true, evidence: "2 children, seen by sampling every 10 ms; how each ended is not visible without the kernel's process events" });
    });

    it('reads an ending from the supervisor\'s reaping when the connector was off', () => {
      const [result] = judgeJob([children(2, 0)], observation(seen([101, 102]), { events: [reaped(30, 102, 3)] }));
      expect(result).toMatchObject({ done: false, evidence: 'child pid 102: exit 3 (the job needs exit 0)' });
    });
  });

  describe('reaped', () => {
    it('is done when the supervisor collected nothing but the program', () => {
      const [result] = judgeJob([{ kind: 'reaped' }], observation(programAlone(), { events: [reaped(110, 100)] }));
      expect(result).toMatchObject({ part: 'every child reaped by the program', done: true, evidence: 'the supervisor (a child subreaper) had nothing to collect but the program itself' });
      // Each result names its kind of part: a hint keyed to a part not done finds it by this.
      expect(result.kind).toBe('reaped');
    });

    it('is not done when the supervisor reaped another process: the program left it behind', () => {
      const exit: ExitInfo = { reason: 'exited', code: 0, reaped: 2, killedAtEnd: 0 };
      const [result] = judgeJob([{ kind: 'reaped' }], observation(programAlone(), { exit, events: [reaped(105, 101), reaped(110, 100)] }));
      expect(result).toMatchObject({
        part: 'every child reaped by the program',
        done: false,
        evidence: 'the supervisor (a child subreaper) had to reap 1 process the program left behind (zombies or orphans): pid 101',
      });
    });

    it('names the run\'s init as the reaper in a PID namespace of the run\'s own', () => {
      const exit: ExitInfo = { reason: 'exited', code: 0, reaped: 2, killedAtEnd: 0, reapedBy: 'init' };
      const [result] = judgeJob([{ kind: 'reaped' }], observation(programAlone(), { exit, events: [reaped(105, 101), reaped(110, 100)] }));
      expect(result).toMatchObject({ done: false, evidence: "the run's init (PID 1 of its own PID namespace) had to reap 1 process the program left behind (zombies or orphans): pid 101" });
    });

    it('is not done from the supervisor\'s count alone when no event named them', () => {
      const [result] = judgeJob([{ kind: 'reaped' }], observation(programAlone(), { exit: { reason: 'exited', code: 0, reaped: 3, killedAtEnd: 0 } }));
      expect(result).toMatchObject({ done: false, evidence: 'the supervisor (a child subreaper) had to reap 2 processes the program left behind (zombies or orphans)' });
    });
  });

  describe('programs', () => {
    const part: JobPart = { kind: 'programs', count: 2, meaning: 'two programs run' };

    it('counts the processes the kernel said exec\'d, the program aside', () => {
      const events = [{ t: 0, kind: 'exec' as const, pid: 100 }, fork(5, 100, 101), { t: 6, kind: 'exec' as const, pid: 101 }, fork(7, 100, 102), { t: 8, kind: 'exec' as const, pid: 102 }];
      expect(judgeJob([part], observation(programAlone(), { events, eventsComplete: true }))[0]).toMatchObject({
        part: 'two programs run', done: true, evidence: "2 processes of the run exec'd another program: pid 101, 102",
      });
    });

    it('is not done when every event was heard and too few exec\'d', () => {
      const events = [{ t: 0, kind: 'exec' as const, pid: 100 }, fork(5, 100, 101), { t: 6, kind: 'exec' as const, pid: 101 }, fork(7, 100, 102), killed(8, 102, 'SIGKILL')];
      const [result] = judgeJob([part], observation(programAlone(), { events, eventsComplete: true }));
      expect(result).toMatchObject({ done: false });
      expect(result.evidence).toMatch(/^1 process of the run exec'd another program \(the job needs 2\)/);
    });

    it('without the kernel\'s events, counts processes sampled under another name than their parent\'s, else unknown', () => {
      const two = sampled([0, 10], () => [program({ comm: 'app' }), proc(101, { comm: 'sort' }), proc(102, { comm: 'uniq' }), proc(103, { comm: 'app' })]);
      expect(judgeJob([part], observation(two))[0]).toMatchObject({ done: true, evidence: '2 processes seen running another program than its parent (by sampling): pid 101, 102' });
      const none = sampled([0, 10], () => [program({ comm: 'app' }), proc(103, { comm: 'app' })]);
      expect(judgeJob([part], observation(none))[0]).toMatchObject({ done: undefined });
    });
  });

  describe('ran-for', () => {
    const part: JobPart = { kind: 'ran-for', ms: 250, meaning: 'the work takes a while' };

    it('is done when the program was seen alive for long enough', () => {
      const [result] = judgeJob([part], observation(programAlone(300)));
      expect(result).toMatchObject({ part: 'the work takes a while', done: true, evidence: 'the program was seen running for 300 ms (the job takes at least 250 ms)' });
    });

    it('is not done for a program that ended early, its time as a zombie not counted', () => {
      const samples = sampled(every(10, 0, 300), (t) => [program(t > 100 ? { state: 'Z' } : {})]);
      const [result] = judgeJob([part], observation(samples));
      expect(result).toMatchObject({ done: false, evidence: 'the program was seen running for 100 ms (the job takes at least 250 ms)' });
    });
  });

  describe('output', () => {
    it('needs `atLeast` matching lines, 1 by default', () => {
      const part: JobPart = { kind: 'output', pattern: '^done$', meaning: 'the end line' };
      expect(judgeJob([part], observation([], { output: 'start\n' }))[0]).toMatchObject({ part: 'the end line', done: false, evidence: 'the output has 0 lines showing the end line (the job needs 1)' });
      expect(judgeJob([part], observation([], { output: 'start\ndone\n' }))[0]).toMatchObject({ part: 'the end line', done: true, evidence: 'the output has "done"' });
      const three: JobPart = { kind: 'output', pattern: '^tick', meaning: 'ticks', atLeast: 3 };
      expect(judgeJob([three], observation([], { output: 'tick\ntick\n' }))[0]).toMatchObject({ done: false, evidence: 'the output has 2 lines showing ticks (the job needs 3)' });
    });

    it('with `min`, needs a first capture at least that big', () => {
      const part: JobPart = { kind: 'output', pattern: '^count=(\\d+)$', meaning: 'the count', min: 10 };
      expect(judgeJob([part], observation([], { output: 'count=7\n' }))[0]).toMatchObject({ part: 'the count', done: false, evidence: 'the output says "count=7": the job needs at least 10' });
      expect(judgeJob([part], observation([], { output: 'count=7\ncount=12\n' }))[0]).toMatchObject({ part: 'the count', done: true, evidence: 'the output has "count=7" and 1 more line like it' });
    });

    it('with `distinct`, needs that many different first captures', () => {
      const part: JobPart = { kind: 'output', pattern: '^worker (\\d+) done$', meaning: 'workers done', distinct: 3 };
      const same = judgeJob([part], observation([], { output: 'worker 1 done\nworker 1 done\nworker 1 done\n' }))[0];
      expect(same).toMatchObject({ part: 'workers done', done: false, evidence: 'the output shows workers done for 1 (the job needs 3)' });
      const three = judgeJob([part], observation([], { output: 'worker 1 done\nworker 3 done\nworker 2 done\n' }))[0];
      expect(three).toMatchObject({ part: 'workers done', done: true, evidence: 'the output has "worker 1 done" and 2 more lines like it' });
    });
  });

  describe('report', () => {
    const part: JobPart = { kind: 'report', key: 'result', meaning: 'the result reported' };

    it('is done when the program reported the key, with its last value', () => {
      const reports = [{ t: 5, key: 'result', value: '1' }, { t: 9, key: 'result', value: '42' }];
      expect(judgeJob([part], observation([], { reports }))[0]).toMatchObject({ part: 'the result reported', done: true, evidence: 'the program reported result=42' });
    });

    it('with `min`, needs the last value at least that big', () => {
      const min: JobPart = { kind: 'report', key: 'count', meaning: 'the count', min: 10 };
      expect(judgeJob([min], observation([], { reports: [{ t: 5, key: 'count', value: '12' }, { t: 9, key: 'count', value: '7' }] }))[0])
        .toMatchObject({ part: 'the count', done: false, evidence: 'the program reported count=7 (the job needs at least 10)' });
      expect(judgeJob([min], observation([], { reports: [{ t: 9, key: 'count', value: '10' }] }))[0]).toMatchObject({ done: true, evidence: 'the program reported count=10' });
    });

    it('is not done when it never did', () => {
      const reports = [{ t: 5, key: 'ready', value: '1' }];
      expect(judgeJob([part], observation([], { reports }))[0]).toMatchObject({ part: 'the result reported', done: false, evidence: 'the program never reported result (keep its report line)' });
    });
  });

  it('judges every part, in order, through the judge', () => {
    const done: JobPart[] = [children(1, 0), { kind: 'reaped' }, { kind: 'report', key: 'result', meaning: 'the result' }];
    const obs = observation(programAlone(), { events: [fork(1, 100, 101), exited(5, 101)], eventsComplete: true, reports: [{ t: 50, key: 'result', value: 'ok' }] });
    const verdict = judge(expecting([{ kind: 'zombies', atLeast: 1 }], done), obs, true);
    expect(verdict.status).toBe('clean');
    expect(verdict.job?.map((j) => [j.part, j.done])).toEqual([
      ['1 child process of the program, each exiting 0', true],
      ['every child reaped by the program', true],
      ['the result', true],
    ]);
  });
});

describe('the verdict\'s reasons', () => {
  const zombieSign: Sign = { kind: 'zombies', atLeast: 1 };
  const plain = expecting([zombieSign]);
  const withExit = (exit: Partial<ExitInfo>, extra: Partial<Observation> = {}) =>
    observation(programAlone(), { exit: { reason: 'exited', reaped: 1, killedAtEnd: 0, ...exit } as ExitInfo, ...extra });

  it('is inconclusive, failed-to-start, when the program never ran', () => {
    const verdict = judge(plain, observation([], { exit: { reason: 'exited', reaped: 0, killedAtEnd: 0, startFailed: 'exec ENOENT' } }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'failed-to-start', settled: true });
    expect(verdict.evidence[0]).toBe('the program never ran: exec ENOENT');
  });

  it('is inconclusive, killed-by-cap, when a cap of the runner\'s ended it: its signal is not the pitfall', () => {
    const killedBy = expecting([{ kind: 'killed-by-signal' }]);
    const verdict = judge(killedBy, withExit({ signal: 'SIGXCPU', cap: 'the CPU limit (RLIMIT_CPU, 5 s)' }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'killed-by-cap' });
    expect(verdict.evidence[0]).toBe("the program was ended by the CPU limit (RLIMIT_CPU, 5 s), a cap of the runner's, before it finished its job");
  });

  it('is inconclusive, crashed, when a signal no sign names killed it', () => {
    const verdict = judge(plain, withExit({ signal: 'SIGSEGV' }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'crashed' });
    expect(verdict.evidence[0]).toBe('the program was killed by SIGSEGV before it finished its job');
  });

  it('accepts a signal named in `ends.signals` as a way the job ends', () => {
    const verdict = judge(expecting([zombieSign], [], { signals: ['SIGTERM'] }), withExit({ signal: 'SIGTERM' }), true);
    expect(verdict.status).toBe('clean');
    expect(verdict.evidence).toEqual(['no zombie with a living parent at any sample']);
  });

  it('is inconclusive, job-not-done, for an exit code `ends.codes` does not list; any code with \'any\'', () => {
    const verdict = judge(plain, withExit({ code: 1 }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'job-not-done' });
    expect(verdict.evidence[0]).toBe('the program exited with code 1 (the job ends with 0)');
    expect(judge(expecting([zombieSign], [], { codes: [0, 2] }), withExit({ code: 3 }), true).evidence[0]).toBe('the program exited with code 3 (the job ends with 0 or 2)');
    expect(judge(expecting([zombieSign], [], { codes: [0, 2] }), withExit({ code: 2 }), true).status).toBe('clean');
    expect(judge(expecting([zombieSign], [], { codes: 'any' }), withExit({ code: 3 }), true).status).toBe('clean');
  });

  it('is inconclusive, timeout, when the wall clock ran out', () => {
    const verdict = judge(plain, withExit({ reason: 'timeout', killedAtEnd: 1 }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'timeout' });
    expect(verdict.evidence[0]).toBe('the program did not finish within the 5000 ms allowed and was ended');
  });

  it('is inconclusive, stopped, when the runner stopped it, saying why', () => {
    const verdict = judge(plain, withExit({ reason: 'stopped', killedAtEnd: 1 }, { stoppedBecause: 'interrupted' }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'stopped' });
    expect(verdict.evidence[0]).toBe('the run was stopped (interrupted) before the program finished');
  });

  it('is inconclusive, too-short, when the program was never seen and no event was heard; the events suffice', () => {
    const unseen = judge(plain, observation([]), true);
    expect(unseen).toMatchObject({ status: 'inconclusive', reason: 'too-short' });
    const heard = judge(plain, observation([], { events: [exited(1, 100)], eventsComplete: true }), true);
    expect(heard.status).toBe('clean');
  });

  it('still manifests when the pitfall was proven and the run then timed out', () => {
    const samples = sampled([0, 50, 100, 150, 200], () => [proc(100, { ppid: 1, state: 'S' }), proc(101, { state: 'Z' })]);
    const verdict = judge(expecting([{ kind: 'zombies', atLeast: 1, forMs: 100 }]), observation(samples, { exit: { reason: 'timeout', reaped: 2, killedAtEnd: 2 } }), true);
    expect(verdict).toMatchObject({ status: 'manifested', atMs: 100 });
    expect(verdict.reason).toBeUndefined();
  });

  it('is inconclusive, job-not-done, when a part is not done, naming the part', () => {
    const verdict = judge(expecting([zombieSign], [{ kind: 'report', key: 'result', meaning: 'the result reported' }]), withExit({ code: 0 }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'job-not-done' });
    expect(verdict.evidence[0]).toBe('the job was not done: the result reported: the program never reported result (keep its report line)');
    expect(verdict.job).toEqual([{ kind: 'report', part: 'the result reported', done: false, evidence: 'the program never reported result (keep its report line)' }]);
  });

  it('is inconclusive, job-not-done, when whether a part is done is unknown', () => {
    const verdict = judge(expecting([zombieSign], [{ kind: 'children', count: 2 }]), withExit({ code: 0 }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'job-not-done' });
    expect(verdict.evidence[0]).toBe('whether the job was done is unknown: 2 child processes of the program: the program started 0 where the job needs 2 (seen by sampling every 10 ms)');
  });

  it('is inconclusive, sign-unknown, when a sign is neither proven nor excluded at the end', () => {
    const count = expecting([{ kind: 'count-below-children', report: 'sigchld', counts: 'SIGCHLDs' }]);
    const verdict = judge(count, withExit({ code: 0 }), true);
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'sign-unknown' });
    expect(verdict.evidence[0]).toBe('the pitfall could be neither proven nor ruled out: 0 children of pid 100 ended (seen by sampling); the program never reported sigchld=N, so its count is unknown');
  });

  it('is clean when the program ended as `ends` says, every part is done and every sign excluded', () => {
    const done: JobPart[] = [
      { kind: 'children', count: 2, exitCode: 0 },
      { kind: 'reaped' },
      { kind: 'ran-for', ms: 100, meaning: 'it works a while' },
      { kind: 'output', pattern: '^total=(\\d+)$', meaning: 'the total', min: 2 },
      { kind: 'report', key: 'result', meaning: 'the result' },
    ];
    const obs = observation(programAlone(150), {
      events: [fork(1, 100, 101), fork(2, 100, 102), exited(20, 101), exited(21, 102), exited(160, 100)],
      eventsComplete: true,
      output: 'total=2\n',
      reports: [{ t: 140, key: 'result', value: '2' }],
    });
    const verdict = judge(expecting([zombieSign, { kind: 'extra-processes', needed: 3 }], done), obs, true);
    expect(verdict).toMatchObject({ status: 'clean', settled: true, atMs: 150 });
    expect(verdict.reason).toBeUndefined();
    expect(verdict.job).toHaveLength(5);
    expect(verdict.job!.every((j) => j.done === true)).toBe(true);
    expect(verdict.evidence.slice(0, 5).every((line) => line.startsWith('job done: '))).toBe(true);
    expect(verdict.evidence.slice(5)).toEqual([
      'no zombie with a living parent at any sample',
      '3 processes in the run, the program included (the job needs 3; every fork heard from the kernel)',
    ]);
  });

  it('gives no job and no reason before the end, only what the signs saw so far', () => {
    const verdict = judge(plain, withExit({ code: 1 }), false);
    expect(verdict).toEqual({ status: 'inconclusive', evidence: ['no zombie with a living parent at any sample'], atMs: 100, settled: false });
  });
});
