// Hand-made observations for the judge's unit tests: what the runner would have recorded.
import type { Observation, OpenFile, ProcessDetail, ProcessSnapshot, Sample, SideOutcome } from '../../src/runner/outcome.js';

/** A maker of process snapshots with this test's defaults; each call overrides what it names. */
export function snapshots(defaults: Partial<ProcessSnapshot> = {}) {
  return (pid: number, extra: Partial<ProcessSnapshot> = {}): ProcessSnapshot => ({
    pid, ppid: 100, pgid: 100, state: 'R', comm: 'prog', wchan: '0', cpuTicks: 0, threads: 1, ...defaults, ...extra,
  });
}

/**
 * An observation of the program pid 100, ended by itself with code 0 unless `extra` says otherwise.
 * No process events were heard (`events` empty, `eventsComplete` false), and no descriptors were read at
 * an exec (`execFiles` empty), unless `extra` gives them.
 */
export function observation(samples: Sample[], extra: Partial<Observation> = {}): Observation {
  return {
    samples,
    reports: [],
    output: '',
    programPid: 100,
    exit: { reason: 'exited', code: 0, reaped: 1, killedAtEnd: 0 },
    details: [],
    events: [],
    eventsComplete: false,
    execFiles: [],
    cap: 64,
    timeoutMs: 5000,
    durationMs: samples.at(-1)?.t ?? 0,
    ...extra,
  };
}

/** A process as a detailed snapshot records it: its snapshot, command line and open descriptors. */
export function detail(p: ProcessSnapshot, cmdline: string[], files: OpenFile[], syscall?: string): ProcessDetail {
  return { ...p, cmdline, files, ...(syscall === undefined ? {} : { syscall }) };
}

/** A broken side that manifested, around an observation: what a view is drawn from. */
export function brokenSide(obs: Observation): SideOutcome {
  return {
    side: 'broken',
    expected: 'manifested',
    label: 'fixtures/x.c',
    verdict: { status: 'manifested', evidence: [], atMs: obs.durationMs, settled: true },
    observation: obs,
    peakProcesses: Math.max(0, ...obs.samples.map((s) => s.processes.length)),
  };
}
