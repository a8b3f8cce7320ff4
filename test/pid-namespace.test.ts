// The renumbering of an observation to the pids the program saw in its run's own PID namespace.
import { describe, expect, it } from 'vitest';
import type { Observation } from '../dist/src/runner/outcome.js';
import { observationInside, readInsidePid } from '../dist/src/runner/pid-namespace.js';

const snapshot = (pid: number, ppid: number) => ({ pid, ppid, pgid: 5000, state: 'S', comm: 'p', wchan: '', cpuTicks: 0, threads: 1 });

describe('observationInside', () => {
  it('renumbers every pid the observation holds, and keeps one it never mapped', () => {
    const obs = {
      samples: [{ t: 1, processes: [snapshot(5000, 4999), snapshot(5001, 5000), snapshot(7777, 4999)] }],
      details: [{ t: 1, reason: 'proven', processes: [{ ...snapshot(5001, 5000), cmdline: [], files: [] }] }],
      events: [{ t: 2, kind: 'fork', parent: 5000, pid: 5001 }, { t: 3, kind: 'reaped', pid: 5001, code: 0 }],
      execFiles: [{ t: 2, pid: 5001 }],
      execs: [{ t: 2, pid: 5001, comm: 'sh', argv: ['sh'] }],
      programPid: 5000,
    } as unknown as Observation;
    const map = new Map([[4999, 1], [5000, 2], [5001, 3]]);
    const inside = observationInside(map, obs);
    expect(inside.programPid).toBe(2);
    expect(inside.samples[0].processes.map((p) => [p.pid, p.ppid, p.pgid])).toEqual([[2, 1, 2], [3, 2, 2], [7777, 1, 2]]);
    expect(inside.details[0].processes[0]).toMatchObject({ pid: 3, ppid: 2 });
    expect(inside.events).toEqual([{ t: 2, kind: 'fork', parent: 2, pid: 3 }, { t: 3, kind: 'reaped', pid: 3, code: 0 }]);
    expect(inside.execFiles[0].pid).toBe(3);
    expect(inside.execs?.[0].pid).toBe(3);
    // The original is left as it was (plain data, no mutation).
    expect(obs.programPid).toBe(5000);
  });

  it('reads a live process\'s pid in its innermost namespace (here the machine\'s own, or the test\'s)', () => {
    expect(readInsidePid(process.pid)).toBeGreaterThan(0);
    expect(readInsidePid(2 ** 22 + 12345)).toBeUndefined();
  });
});
