import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { pipeEnds } from '../dist/src/render/pipe-ends.js';
import type { Lesson } from '../src/lesson.js';
import type { DetailSnapshot, OpenFile, ProcessDetail, SideOutcome } from '../src/runner/outcome.js';
import { brokenSide, observation } from './helpers/observations.js';

// fdinfo flags as the kernel prints them: O_RDONLY 0, O_WRONLY 1, O_RDWR 2, O_CLOEXEC 02000000.
const R = 0o0;
const W = 0o1;
const CLOEXEC = 0o2000000;

function fd(fd: number, target: string, flags = R): OpenFile {
  return { fd, target, flags };
}

function proc(pid: number, ppid: number, comm: string, cmdline: string[], files: OpenFile[], extra: Partial<ProcessDetail> = {}): ProcessDetail {
  return { pid, ppid, pgid: 200, state: 'S', comm, wchan: 'do_wait', cpuTicks: 0, threads: 1, cmdline, files, ...extra };
}

const stdio = [fd(0, '/dev/null'), fd(1, 'socket:[50]', 2), fd(2, 'socket:[51]', 2)];

/** A reader blocked on a pipe whose write end leaked into sleep; a zombie worker; a pipe private to one process. */
const leaked: DetailSnapshot = {
  t: 330,
  reason: 'proven',
  processes: [
    proc(200, 199, 'reader', ['/tmp/bin/reader'], [...stdio, fd(3, 'pipe:[900]', R), fd(7, 'pipe:[901]', R | CLOEXEC), fd(8, 'pipe:[901]', W | CLOEXEC)],
      // Blocked in read(3, ...): /proc/PID/syscall says which descriptor.
      { wchan: 'anon_pipe_read', syscall: '0 0x3 0x7ffd0000 0x100 0x0 0x0 0x0 0x7ffc0000 0x7f000000' }),
    proc(201, 200, 'reader', [], [], { state: 'Z', wchan: '0' }),
    proc(202, 200, 'sleep', ['sleep', '30'], [...stdio, fd(3, 'pipe:[900]', R), fd(4, 'pipe:[900]', W)], { wchan: 'hrtimer_nanosleep' }),
  ],
};

/** A Node parent: stdio, then a long run of its own close-on-exec descriptors. */
const node: DetailSnapshot = {
  t: 120,
  reason: 'children-started',
  processes: [
    proc(300, 299, 'node', ['/usr/bin/node', '/x/safe.js'], [
      ...stdio,
      fd(3, 'anon_inode:[eventpoll]', 2 | CLOEXEC),
      fd(4, 'pipe:[70]', R | CLOEXEC),
      fd(5, 'pipe:[70]', W | CLOEXEC),
      fd(6, 'anon_inode:[eventfd]', 2 | CLOEXEC),
      fd(18, 'socket:[80]', 2 | CLOEXEC),
    ]),
    proc(301, 300, 'node', ['/usr/bin/node', '/x/worker.js'], [fd(0, '/dev/null', CLOEXEC), fd(1, 'socket:[81]', 2 | CLOEXEC), fd(2, 'socket:[51]', 2)]),
  ],
};

function side(details: DetailSnapshot[]): SideOutcome {
  return brokenSide(observation([], { programPid: 200, details, durationMs: 400, exit: { reason: 'stopped', reaped: 3, killedAtEnd: 3 } }));
}

const lesson = {} as Lesson;

function draw(details: DetailSnapshot[], width: number): string[] {
  return pipeEnds(side(details), lesson, width).map((line) => stripVTControlCharacters(line));
}

describe('pipe-ends view', () => {
  it('draws who holds each end of a pipe, the blocked reader marked, in a side column', () => {
    const lines = draw([leaked], 48);
    const text = lines.join('\n');
    expect(lines[0]).toBe('Pipe ends at 330 ms, when the pitfall was proven');
    expect(text).toContain('pipe:[900]');
    expect(text).toMatch(/write end ▶ fd 4 of 202 sleep\n/);
    expect(text).toMatch(/read end {2}◀ fd 3 of 200 reader ⏸\n\s+fd 3 of 202 sleep\n/);
    expect(text).toContain('⏸ 200 blocked: anon_pipe_read on fd 3');
    // A pipe only one process holds, with nobody stuck on it, is not drawn; it stays in the table.
    expect(text).not.toMatch(/^ +pipe:\[901\]$/m);
    expect(text).toMatch(/7\* pipe:\[901\] r/);
  });

  it('lists every descriptor table, close-on-exec marked, zombies said to have none', () => {
    const text = draw([leaked], 48).join('\n');
    expect(text).toContain('202 sleep 30');
    expect(text).toMatch(/3 pipe:\[900\] r {2}4 pipe:\[900\] w/);
    expect(text).toContain('201 reader: zombie, no descriptors');
    expect(text).toMatch(/8\* pipe:\[901\] w/);
  });

  it('puts writers left and readers right when there is room', () => {
    const lines = draw([leaked], 100);
    expect(lines).toContainEqual(expect.stringMatching(/^\s+write end\s+read end$/));
    expect(lines).toContainEqual(expect.stringMatching(/fd 4 of 202 sleep\s+──▶ fd 3 of 200 reader ⏸/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+──▶ fd 3 of 202 sleep/));
  });

  it('sums up long runs of private close-on-exec descriptors and says when no pipe joins two processes', () => {
    const text = draw([node], 60).join('\n');
    expect(text).toContain('Pipe ends at 120 ms, at the program\'s "children-started"');
    expect(text).toContain('no pipe joins two processes of the run');
    expect(text).toMatch(/3-6\* its own: eventpoll, pipe ×2, eventfd/);
    expect(text).toMatch(/18\* socket:\[80\]/);
    expect(text).toContain('301 node worker.js');
  });

  it('fits every line in the width it is given', () => {
    for (const width of [36, 48, 80, 120]) {
      for (const line of draw([leaked, node], width)) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width);
    }
  });

  it('says so when no snapshot was taken', () => {
    expect(draw([], 48)).toEqual(['Pipe ends: no snapshot of descriptors was taken in this run']);
  });
});
