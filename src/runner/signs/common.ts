// What the signs and the job share: the shape of a result, and ways to read and name what the run did.
import type { Sign } from '../../lesson.js';
import type { ExitInfo, Observation, ProcessSnapshot, Sample } from '../outcome.js';

/** How one sign came out: proven (true), excluded by what was observed (false), or unknown (undefined). */
export interface SignResult {
  shown: boolean | undefined;
  evidence: string[];
  /** When the sign was shown, the time the evidence was complete. */
  atMs?: number;
  /** Whether more running could change the result. */
  settled: boolean;
}

export type SignJudge<S extends Sign> = (sign: S, observation: Observation, isFinal: boolean) => SignResult;

export function describe(p: { pid: number; comm: string }): string {
  return `pid ${p.pid} (${p.comm})`;
}

export function countSeries(samples: Sample[]): Array<[number, number]> {
  return samples.map((s) => [s.t, s.processes.length]);
}

export function peakProcesses(samples: Sample[]): number {
  return samples.reduce((peak, s) => Math.max(peak, s.processes.length), 0);
}

export function reportsOf(observation: Observation, key: string): string[] {
  return observation.reports.filter((r) => r.key === key).map((r) => r.value);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Who reaps the run's orphans, in an evidence line: PID 1 of the run's own namespace, or the supervisor. */
export function reaperOf(exit: Pick<ExitInfo, 'reapedBy'>): string {
  return exit.reapedBy === 'init' ? "the run's init (PID 1 of its own PID namespace)" : 'the supervisor (a child subreaper)';
}

/** How the program's end reads in an evidence line. */
export function howItEnded(obs: Observation): string {
  if (obs.exit.reason === 'stopped') return `the runner ended pid ${obs.programPid}`;
  if (obs.exit.reason === 'timeout') return `pid ${obs.programPid} was ended at the time limit`;
  return `pid ${obs.programPid} exited`;
}

/** The program ended by itself: what happened in the run is all there is to see. */
export function endedByItself(obs: Observation): boolean {
  return obs.exit.reason === 'exited';
}

/** Every process seen in the run, in the order first seen, with its first parent and its last name. */
export function everyProcess(obs: Observation): Map<number, ProcessSnapshot & { firstT: number }> {
  const seen = new Map<number, ProcessSnapshot & { firstT: number }>();
  for (const sample of obs.samples) {
    for (const p of sample.processes) {
      const known = seen.get(p.pid);
      if (known) known.comm = p.comm;
      else seen.set(p.pid, { ...p, firstT: sample.t });
    }
  }
  return seen;
}

export function childOf(p: ProcessSnapshot, seen: Map<number, ProcessSnapshot>, programPid: number): string {
  if (p.pid === programPid) return 'the program';
  if (p.ppid === programPid) return `child of the program (pid ${programPid})`;
  const parent = seen.get(p.ppid);
  return parent ? `child of ${describe(parent)}` : `child of pid ${p.ppid}`;
}

/** How a process ended, when the run knows: from the kernel's exit event, or the supervisor's reaping. */
export interface Ending {
  code?: number;
  signal?: string;
}

export interface ProcessHistory {
  pid: number;
  parent: number;
  /** First time it was known: its fork event, or the first sample that showed it. */
  t: number;
  ending?: Ending;
  endedAt?: number;
}

/**
 * Every process of the run but the program, with its parent and how it ended: from the kernel's
 * fork and exit events when the run heard them all (`complete`), else from the samples (which miss
 * a process that lived less than one sampling interval) and the orphans the supervisor reaped.
 */
export function processHistory(obs: Observation): { processes: ProcessHistory[]; complete: boolean } {
  const byPid = new Map<number, ProcessHistory>();
  for (const e of obs.events) {
    if (e.kind === 'fork' && !byPid.has(e.pid)) byPid.set(e.pid, { pid: e.pid, parent: e.parent, t: e.t });
  }
  for (const sample of obs.samples) {
    for (const p of sample.processes) {
      if (p.pid === obs.programPid || byPid.has(p.pid)) continue;
      byPid.set(p.pid, { pid: p.pid, parent: p.ppid, t: sample.t });
    }
  }
  for (const e of obs.events) {
    if (e.kind !== 'exit' && e.kind !== 'reaped') continue;
    const known = byPid.get(e.pid);
    if (!known || (known.ending && e.kind === 'reaped')) continue;
    known.ending = e.signal ? { signal: e.signal } : { code: e.code };
    known.endedAt = e.t;
  }
  return { processes: [...byPid.values()].sort((a, b) => a.t - b.t), complete: obs.eventsComplete };
}

/** The program's own snapshots, while it was alive (not a zombie). */
export function programSamples(obs: Observation): Array<{ t: number; p: ProcessSnapshot }> {
  const found: Array<{ t: number; p: ProcessSnapshot }> = [];
  for (const s of obs.samples) {
    const p = s.processes.find((q) => q.pid === obs.programPid && q.state !== 'Z');
    if (p) found.push({ t: s.t, p });
  }
  return found;
}

export function describeEnding(ending: Ending | undefined): string {
  if (!ending) return 'unknown';
  return ending.signal ? `killed by ${ending.signal}` : `exit ${ending.code}`;
}

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}
